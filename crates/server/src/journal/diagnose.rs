//! Diagnostics judged from the request itself (the XML reader and the
//! handlers add their own through [`super::note`]).

use std::net::IpAddr;

/// Route templates (as routed) the real service answers with a `303 See
/// Other` to the first page when `page`/`size` are missing (wire-format
/// notes: `GET /tns`, `GET /coveredRateCenters`).
const REDIRECTING_LISTS: &[&str] = &["/api/tns", "/api/coveredratecenters"];

/// Notes on the request line: a list the real service would redirect.
pub fn request_line(method: &str, route: Option<&str>, query: Option<&str>) -> Option<String> {
    let route = route?;
    if method != "GET" || !REDIRECTING_LISTS.contains(&route) {
        return None;
    }
    let has = |name: &str| {
        query.is_some_and(|q| {
            form_urlencoded::parse(q.as_bytes()).any(|(k, _)| k.eq_ignore_ascii_case(name))
        })
    };
    let missing: Vec<&str> = ["page", "size"].into_iter().filter(|n| !has(n)).collect();
    (!missing.is_empty()).then(|| {
        format!(
            "a list request without {}: the real service answers 303 See Other to the first page (tnhub answers the first page at once); send page=1&size=… as the official clients do",
            missing.join(" and ")
        )
    })
}

/// A note when a callback URL names a host the real service could not
/// reach from the internet (loopback, private, link-local addresses, or
/// names that only resolve locally).
pub fn callback_url(url: &str) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let private = match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => {
            ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.octets()[0] == 100 && (64..128).contains(&ip.octets()[1])
        }
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback()
                || ip.is_unspecified()
                || (ip.segments()[0] & 0xfe00) == 0xfc00
                || (ip.segments()[0] & 0xffc0) == 0xfe80
        }
        Err(_) => {
            let h = bare.to_ascii_lowercase();
            h == "localhost"
                || h.ends_with(".localhost")
                || h.ends_with(".local")
                || h.ends_with(".internal")
                || !h.contains('.')
        }
    };
    private.then(|| {
        format!(
            "the callback URL's host {host} is not reachable from the internet: the real service could not deliver to it (tnhub can, from where it runs)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_without_paging_and_private_callbacks_are_noted() {
        assert!(request_line("GET", Some("/api/tns"), Some("npa=919")).is_some());
        assert!(request_line("GET", Some("/api/tns"), Some("page=1&size=5")).is_none());
        assert!(request_line("POST", Some("/api/tns"), None).is_none());
        assert!(callback_url("http://127.0.0.1:9000/cb").is_some());
        assert!(callback_url("http://receiver:9000/cb").is_some());
        assert!(callback_url("https://[::1]/cb").is_some());
        assert!(callback_url("https://hooks.example.com/cb").is_none());
        assert!(callback_url("https://8.8.8.8/cb").is_none());
    }
}
