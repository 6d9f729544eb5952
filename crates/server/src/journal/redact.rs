//! Credentials never reach the journal.
//!
//! A body is redacted by what it looks like, not by route, so a new
//! endpoint is covered without a list to keep up to date:
//! - **XML**: the text of any element whose name says password, secret or
//!   token (`<Password>` of sites, peers and users, the callback
//!   credentials' `<Password>` and `<ClientSecret>` …). A scanner, not a
//!   parser, so a broken document — often the very one a developer wants to
//!   see — is redacted too;
//! - **JSON** (the operator plane): the value of any such key;
//! - **forms** (the OAuth token request): the value of any such field.
//!
//! The `Authorization` header is kept as its scheme only.

/// Whether a name (element, key, field) says it holds a credential.
pub fn sensitive(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["password", "passwd", "secret", "token", "apikey", "api_key"]
        .iter()
        .any(|k| n.contains(k))
}

/// What replaces a credential.
pub const REDACTED: &str = "[redacted]";

/// The `Authorization` header as kept: its scheme only.
pub fn authorization(value: &str) -> String {
    let scheme = value.split_whitespace().next().unwrap_or("");
    format!("{scheme} {REDACTED}")
}

/// A body as kept: redacted by its shape, lossily decoded.
pub fn body(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        xml(&text)
    } else if trimmed.starts_with('{') || trimmed.starts_with('[') {
        json(&text)
    } else if text.contains('=') && !text.contains(char::is_whitespace) {
        form(&text)
    } else {
        text.into_owned()
    }
}

/// Replaces the text of every sensitive element.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let Some(close) = rest.find('>') else {
            break;
        };
        let tag = &rest[..=close];
        out.push_str(tag);
        rest = &rest[close + 1..];
        let name = tag[1..tag.len() - 1]
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        let start_tag = !tag.starts_with("</")
            && !tag.starts_with("<?")
            && !tag.starts_with("<!")
            && !tag.ends_with("/>");
        if start_tag && sensitive(local) {
            // The value runs to the next tag; a CDATA section is part of it.
            let end = if rest.starts_with("<![CDATA[") {
                rest.find("]]>").map_or(rest.len(), |i| i + 3)
            } else {
                rest.find('<').unwrap_or(rest.len())
            };
            if end > 0 && !rest[..end].trim().is_empty() {
                out.push_str(REDACTED);
            }
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Replaces the value of every sensitive key; text that is not JSON is
/// kept only when nothing in it looks like a credential.
pub fn json(text: &str) -> String {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if sensitive(k) && !v.is_null() {
                        *v = serde_json::Value::String(REDACTED.into());
                    } else {
                        walk(v);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(mut v) => {
            walk(&mut v);
            v.to_string()
        }
        Err(_) if sensitive(text) => {
            format!("{REDACTED} (not valid JSON, and it names a credential)")
        }
        Err(_) => text.to_string(),
    }
}

/// Replaces the value of every sensitive form field.
pub fn form(text: &str) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if sensitive(&form_urlencoded_key(k)) => format!("{k}={REDACTED}"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn form_urlencoded_key(k: &str) -> String {
    form_urlencoded::parse(k.as_bytes())
        .next()
        .map_or_else(|| k.to_string(), |(k, _)| k.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_credentials_are_redacted_even_in_broken_documents() {
        let sent = "<Subscription><CallbackCredentials><BasicAuthentication><Username>u</Username><Password>hunter2</Password></BasicAuthentication><ClientSecret><![CDATA[s3]]></ClientSecret></CallbackCredentials><ns:token a='1'>t</ns:token><Password/><Name>x</Name>";
        let kept = xml(sent);
        assert!(!kept.contains("hunter2") && !kept.contains("s3") && !kept.contains(">t<"));
        assert!(kept.contains("<Username>u</Username>"), "{kept}");
        assert!(kept.contains("<Password>[redacted]</Password>"), "{kept}");
        assert!(kept.contains("<Name>x</Name>"), "{kept}");
    }

    #[test]
    fn json_and_form_credentials_are_redacted() {
        let kept = body(br#"{"username":"a","password":"p","nested":[{"clientSecret":"s"}]}"#);
        assert!(!kept.contains("\"p\"") && !kept.contains("\"s\""), "{kept}");
        assert!(kept.contains("\"username\":\"a\""), "{kept}");
        let kept = body(b"grant_type=client_credentials&client_id=c&client_secret=xyz");
        assert_eq!(
            kept,
            "grant_type=client_credentials&client_id=c&client_secret=[redacted]"
        );
        assert_eq!(authorization("Basic ZGVtbzpwdw=="), "Basic [redacted]");
    }
}
