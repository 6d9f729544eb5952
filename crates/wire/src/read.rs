//! The tolerant request reader.
//!
//! Reading happens in two passes. The first walks the document with
//! quick-xml's pull reader and writes a normalised copy: every element name
//! lower-cased and stripped of its namespace prefix, attributes, comments,
//! processing instructions and the declaration dropped, and anything
//! dangerous refused (a DTD, text outside the root, absurd nesting). The
//! second pass is plain serde over the normalised copy, so request types name
//! their fields by the lower-cased wire name and never care how a client
//! spelled it (`<name>`, `<Name>` and `<NAME>` are one field; so are
//! `<NPANXXSearchAndOrderType>` and `<NpanxxSearchAndOrderType>`).
//!
//! Repeated list wrappers (Node's way of serialising arrays) need no special
//! handling here: request types model a wrapper as `Vec<Wrapper>` and flatten.
//!
//! Lists are bounded while reading: the first pass counts how often each
//! element name occurs and stops at the first one past the caller's limit
//! ([`ReadError::TooMany`]), so a 200,000-number body costs the first few
//! thousand numbers, not the whole document and its deserialisation.

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};
use serde::de::DeserializeOwned;

/// How often one element name may occur in a request document unless the
/// endpoint says otherwise: above the largest list any endpoint accepts
/// (5,000 numbers), so only a hostile or broken body reaches it.
pub const MAX_REPEATS: usize = 10_000;

/// How deep a request document may nest. Real requests are under ten levels;
/// the limit keeps hostile input from exhausting the stack of the deserialiser.
pub const MAX_DEPTH: usize = 32;

/// Why a request body could not be read. The server maps every variant to a
/// Bandwidth-style 400 in the envelope of the endpoint that was called.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    /// No body, or only whitespace, where one was required.
    #[error("the request body is empty; an XML document with root <{expected}> is required")]
    Empty {
        /// The root the endpoint expects.
        expected: String,
    },
    /// The body is not well-formed XML (or not UTF-8).
    #[error("the request body is not well-formed XML: {0}")]
    Malformed(String),
    /// The root element is not one the endpoint accepts.
    #[error("the root element <{found}> is not accepted here; expected <{expected}>")]
    WrongRoot {
        /// The (first) root the endpoint expects, in its real spelling.
        expected: String,
        /// The root the client sent.
        found: String,
    },
    /// Well-formed XML whose shape does not fit the expected document.
    #[error("the request body does not have the expected shape: {0}")]
    Shape(String),
    /// One element occurs more often than the limit; reading stopped there.
    #[error("the request body has more than {limit} <{element}> elements")]
    TooMany {
        /// The element, lower-cased.
        element: String,
        /// The limit it passed.
        limit: usize,
    },
}

/// Reads a request body into `T`, accepting any of `roots` (matched without
/// regard to case) as the document element.
///
/// `roots[0]` is named in error messages, so list the real spelling first.
pub fn from_request<T: DeserializeOwned>(body: &[u8], roots: &[&str]) -> Result<T, ReadError> {
    from_request_limited(body, roots, MAX_REPEATS)
}

/// [`from_request`] with its own limit on how often one element name may
/// occur (an endpoint's list cap), refused with [`ReadError::TooMany`] as
/// soon as it is passed.
pub fn from_request_limited<T: DeserializeOwned>(
    body: &[u8],
    roots: &[&str],
    max_repeats: usize,
) -> Result<T, ReadError> {
    read(body, roots, max_repeats, None)
}

/// What the reader accepted that the real service would treat differently,
/// in plain words (for the request journal's diagnostics).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes(pub Vec<String>);

/// [`from_request_limited`], also reporting in `notes` what was tolerated:
/// a root spelled in another case than the real one (the seed's camelCase
/// roots), other elements spelled in another case than the real one
/// (`<siteid>` for `<SiteId>`, from [`crate::names`]), and elements the
/// document type does not read (ignored).
pub fn from_request_noted<T: DeserializeOwned>(
    body: &[u8],
    roots: &[&str],
    max_repeats: usize,
    notes: &mut Notes,
) -> Result<T, ReadError> {
    read(body, roots, max_repeats, Some(notes))
}

fn read<T: DeserializeOwned>(
    body: &[u8],
    roots: &[&str],
    max_repeats: usize,
    notes: Option<&mut Notes>,
) -> Result<T, ReadError> {
    let expected = roots.first().copied().unwrap_or("?").to_string();
    let text = std::str::from_utf8(body)
        .map_err(|e| ReadError::Malformed(format!("the body is not UTF-8 ({e})")))?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty { expected });
    }
    let mut miscased = Vec::new();
    let (root, normalised) =
        normalise(text, max_repeats, notes.is_some().then_some(&mut miscased))?;
    let Some(real) = roots.iter().find(|r| r.eq_ignore_ascii_case(&root)) else {
        return Err(ReadError::WrongRoot {
            expected,
            found: root,
        });
    };
    let shape = |e: quick_xml::DeError| match e {
        quick_xml::DeError::InvalidXml(inner) => ReadError::Malformed(inner.to_string()),
        other => ReadError::Shape(other.to_string()),
    };
    let Some(notes) = notes else {
        return quick_xml::de::from_str(&normalised).map_err(shape);
    };
    if root != *real {
        let first = root.chars().next().is_some_and(char::is_lowercase);
        notes.0.push(if first && root[1..] == real[1..] {
            format!(
                "the root element <{root}> (the seed's camelCase spelling) was accepted as <{real}>; the real service expects <{real}> exactly"
            )
        } else {
            format!(
                "the root element <{root}> was accepted as <{real}>; the real service's element names are case-sensitive"
            )
        });
    }
    for (sent, real) in miscased {
        notes.0.push(format!(
            "the element <{sent}> was accepted as <{real}>; the real service's element names are case-sensitive"
        ));
    }
    let mut de = quick_xml::de::Deserializer::from_str(&normalised);
    let mut ignored: Vec<String> = Vec::new();
    let value = serde_ignored::deserialize(&mut de, |path| {
        let path = path.to_string();
        if ignored.len() < 20 && !path.is_empty() && !ignored.contains(&path) {
            ignored.push(path);
        }
    })
    .map_err(shape)?;
    for path in ignored {
        let shown = path
            .split('.')
            .filter(|p| p.parse::<usize>().is_err() && !p.starts_with('?'))
            .rev()
            .map(|p| format!("<{p}>"))
            .collect::<Vec<_>>()
            .join(" in ");
        notes.0.push(format!(
            "the element {shown} is not one tnhub reads here and was ignored (names are shown lower-cased); the real service may refuse it or act on it"
        ));
    }
    Ok(value)
}

/// How many differently spelled element names one document's notes name.
const MAX_MISCASED: usize = 20;

/// Returns the root element's name as sent and the normalised document.
/// With `miscased`, also collects the elements below the root whose name
/// is one a request type reads but spelled in another case than the real
/// one (as sent, and the real spelling).
fn normalise(
    text: &str,
    max_repeats: usize,
    mut miscased: Option<&mut Vec<(String, &'static str)>>,
) -> Result<(String, String), ReadError> {
    let mut reader = Reader::from_str(text);
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut count = |name: &str| -> Result<(), ReadError> {
        let n = match counts.get_mut(name) {
            Some(n) => n,
            None => counts.entry(name.to_string()).or_default(),
        };
        *n += 1;
        if *n > max_repeats {
            return Err(ReadError::TooMany {
                element: name.to_string(),
                limit: max_repeats,
            });
        }
        Ok(())
    };
    let mut writer = Writer::new(Vec::with_capacity(text.len()));
    let mut stack: Vec<String> = Vec::new();
    let mut root: Option<String> = None;
    // Character data is held back until the next tag, so that the
    // indentation between elements can be dropped while the spaces around
    // an entity reference inside a value (`a &amp; b`) are kept.
    let mut pending: Vec<Event<'_>> = Vec::new();
    let malformed = |e: &dyn std::fmt::Display| ReadError::Malformed(e.to_string());

    loop {
        let event = reader.read_event().map_err(|e| {
            malformed(&format!(
                "{e} (at byte {})",
                reader.error_position().min(text.len() as u64)
            ))
        })?;
        if matches!(
            event,
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
        ) {
            if stack.is_empty() {
                let is_blank = matches!(&event, Event::Text(t) if t.trim().is_empty());
                if !is_blank {
                    return Err(malformed(&"character data outside the root element"));
                }
            } else {
                pending.push(event.into_owned());
            }
            continue;
        }
        let only_blank = pending
            .iter()
            .all(|e| matches!(e, Event::Text(t) if t.trim().is_empty()));
        for piece in pending.drain(..) {
            if !only_blank {
                writer.write_event(piece).map_err(|e| malformed(&e))?;
            }
        }
        let written = match event {
            Event::Start(e) => {
                let name = open_element(&e, &stack, &mut root)?;
                count(&name)?;
                if let Some(list) = miscased.as_deref_mut() {
                    note_case(&e, &name, &stack, list);
                }
                stack.push(name.clone());
                if stack.len() > MAX_DEPTH {
                    return Err(ReadError::Shape(format!(
                        "elements are nested more than {MAX_DEPTH} levels deep"
                    )));
                }
                writer.write_event(Event::Start(BytesStart::new(name)))
            }
            Event::Empty(e) => {
                let name = open_element(&e, &stack, &mut root)?;
                count(&name)?;
                if let Some(list) = miscased.as_deref_mut() {
                    note_case(&e, &name, &stack, list);
                }
                writer.write_event(Event::Empty(BytesStart::new(name)))
            }
            Event::End(_) => {
                // quick-xml has already checked that the end tag matches.
                let name = stack
                    .pop()
                    .ok_or_else(|| malformed(&"an end tag has no start tag"))?;
                writer.write_event(Event::End(BytesEnd::new(name)))
            }
            // Entity references are kept as written: the deserialiser
            // resolves the predefined ones and character references and
            // refuses any other.
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => Ok(()),
            Event::DocType(_) => {
                return Err(ReadError::Malformed(
                    "document type declarations (DTDs) are not accepted".into(),
                ));
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => Ok(()),
            Event::Eof => break,
        };
        written.map_err(|e| malformed(&e))?;
    }
    if !stack.is_empty() {
        return Err(malformed(&format!(
            "the element <{}> is not closed",
            stack[stack.len() - 1]
        )));
    }
    let root = root.ok_or_else(|| malformed(&"there is no root element"))?;
    let normalised = String::from_utf8(writer.into_inner())
        .map_err(|e| malformed(&format!("normalised body is not UTF-8: {e}")))?;
    Ok((root, normalised))
}

/// Lower-cases an element's local name and records the root.
fn open_element(
    e: &BytesStart<'_>,
    stack: &[String],
    root: &mut Option<String>,
) -> Result<String, ReadError> {
    let local = e.local_name();
    let name: &str = local.into_inner();
    if stack.is_empty() {
        if root.is_some() {
            return Err(ReadError::Malformed(
                "the document has more than one root element".into(),
            ));
        }
        *root = Some(name.to_string());
    }
    Ok(name.to_ascii_lowercase())
}

/// Records an element below the root spelled otherwise than its real
/// name (once per spelling, at most [`MAX_MISCASED`]); names no request
/// type reads are left to the "ignored" notes.
fn note_case(
    e: &BytesStart<'_>,
    lower: &str,
    stack: &[String],
    list: &mut Vec<(String, &'static str)>,
) {
    if stack.is_empty() || list.len() >= MAX_MISCASED {
        return;
    }
    let local = e.local_name();
    let sent: &str = local.into_inner();
    let Some(real) = crate::names::real_spellings(lower) else {
        return;
    };
    if !real.contains(&sent) && !list.iter().any(|(s, _)| s == sent) {
        list.push((sent.to_string(), real[0]));
    }
}

/// Parses the usual spellings of an XML boolean (`true`, `TRUE`, `1`, …).
///
/// Clients send `true`/`false`; Bandwidth's own docs also show `TRUE`.
pub fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

/// Treats an element that was sent empty (`<Description/>`) like one that
/// was not sent, which is what every client means by it.
pub fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq, Default)]
    struct Order {
        #[serde(rename = "name")]
        name: Option<String>,
        #[serde(rename = "telephonenumberlist", default)]
        lists: Vec<TnList>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct TnList {
        #[serde(rename = "telephonenumber", default)]
        numbers: Vec<String>,
    }

    fn numbers(o: &Order) -> Vec<String> {
        o.lists.iter().flat_map(|l| l.numbers.clone()).collect()
    }

    #[test]
    fn names_match_in_any_case_and_with_prefixes() {
        let o: Order = from_request(
            br#"<?xml version='1.0' encoding='UTF-8'?><ns2:ORDER xmlns:ns2="x"><NaMe>a</NaMe></ns2:ORDER>"#,
            &["Order"],
        )
        .unwrap();
        assert_eq!(o.name.as_deref(), Some("a"));
    }

    #[test]
    fn repeated_wrappers_merge_even_when_not_adjacent() {
        let o: Order = from_request(
            b"<Order>\n  <TelephoneNumberList><TelephoneNumber>1</TelephoneNumber></TelephoneNumberList>\n  <Name>x</Name>\n  <TelephoneNumberList><TelephoneNumber>2</TelephoneNumber><TelephoneNumber>3</TelephoneNumber></TelephoneNumberList>\n</Order>",
            &["Order"],
        )
        .unwrap();
        assert_eq!(numbers(&o), ["1", "2", "3"]);
        assert_eq!(o.name.as_deref(), Some("x"));
    }

    #[test]
    fn unknown_elements_are_ignored() {
        let o: Order = from_request(
            b"<Order><SiteId>1</SiteId><Deep><A><B>x</B></A></Deep><Name>n</Name></Order>",
            &["Order"],
        )
        .unwrap();
        assert_eq!(o.name.as_deref(), Some("n"));
    }

    #[test]
    fn tolerated_spellings_and_ignored_elements_are_noted() {
        let mut notes = Notes::default();
        let o: Order = from_request_noted(
            b"<order><SiteId>1</SiteId><Name>n</Name></order>",
            &["Order"],
            MAX_REPEATS,
            &mut notes,
        )
        .unwrap();
        assert_eq!(o.name.as_deref(), Some("n"));
        assert_eq!(notes.0.len(), 2, "{notes:?}");
        assert!(notes.0[0].contains("camelCase"), "{notes:?}");
        assert!(notes.0[1].contains("<siteid>"), "{notes:?}");
        let mut cased = Notes::default();
        let _: Order = from_request_noted(
            b"<Order><NAME>n</NAME><telephoneNumberList><telephonenumber>1</telephonenumber>\
              <telephonenumber>2</telephonenumber></telephoneNumberList></Order>",
            &["Order"],
            MAX_REPEATS,
            &mut cased,
        )
        .unwrap();
        assert_eq!(cased.0.len(), 3, "{cased:?}");
        assert!(
            cased.0[0].contains("<NAME> was accepted as <Name>"),
            "{cased:?}"
        );
        assert!(cased.0[1].contains("<telephoneNumberList> was accepted as <TelephoneNumberList>"));
        assert!(cased.0[2].contains("<telephonenumber> was accepted as <TelephoneNumber>"));
        let mut clean = Notes::default();
        let _: Order = from_request_noted(
            b"<Order><Name>n</Name><TelephoneNumberList><TelephoneNumber>1</TelephoneNumber></TelephoneNumberList></Order>",
            &["Order"],
            MAX_REPEATS,
            &mut clean,
        )
        .unwrap();
        assert!(clean.0.is_empty(), "{clean:?}");
    }

    #[test]
    fn entities_are_resolved_but_dtds_refused() {
        let o: Order =
            from_request(b"<Order><Name>a &amp; b &#65;</Name></Order>", &["Order"]).unwrap();
        assert_eq!(o.name.as_deref(), Some("a & b A"));
        let err = from_request::<Order>(
            b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><Order><Name>&a;</Name></Order>",
            &["Order"],
        )
        .unwrap_err();
        assert!(matches!(err, ReadError::Malformed(m) if m.contains("DTD")));
        let err =
            from_request::<Order>(b"<Order><Name>&lol;</Name></Order>", &["Order"]).unwrap_err();
        assert!(matches!(err, ReadError::Malformed(_)), "{err:?}");
    }

    #[test]
    fn bad_documents_are_told_apart() {
        assert!(matches!(
            from_request::<Order>(b"  \n", &["Order"]),
            Err(ReadError::Empty { .. })
        ));
        assert!(matches!(
            from_request::<Order>(b"<Order><Name>x</Order>", &["Order"]),
            Err(ReadError::Malformed(_))
        ));
        assert!(matches!(
            from_request::<Order>(b"<Order><Name>x</Name>", &["Order"]),
            Err(ReadError::Malformed(_))
        ));
        assert!(matches!(
            from_request::<Order>(b"<Order/><Order/>", &["Order"]),
            Err(ReadError::Malformed(_))
        ));
        assert!(matches!(
            from_request::<Order>(b"<Site><Name>x</Name></Site>", &["Order"]),
            Err(ReadError::WrongRoot { found, .. }) if found == "Site"
        ));
        assert!(matches!(
            from_request::<Order>(b"<Order><Name><b>x</b>y</Name></Order>", &["Order"]),
            Err(ReadError::Shape(_))
        ));
        assert!(matches!(
            from_request::<Order>(&[0xff, 0xfe, b'<'], &["Order"]),
            Err(ReadError::Malformed(_))
        ));
        let deep = format!("<Order>{}{}</Order>", "<a>".repeat(100), "</a>".repeat(100));
        assert!(matches!(
            from_request::<Order>(deep.as_bytes(), &["Order"]),
            Err(ReadError::Shape(_))
        ));
    }

    #[test]
    fn lists_are_counted_while_reading() {
        let list = |n: usize| {
            let tns: String = (0..n).map(|_| "<Tn>9195550100</Tn>").collect();
            format!("<Doc><TnList>{tns}</TnList></Doc>")
        };
        #[derive(Debug, Deserialize)]
        struct Doc {
            #[serde(rename = "tnlist")]
            _list: Option<serde::de::IgnoredAny>,
        }
        assert!(from_request_limited::<Doc>(list(5).as_bytes(), &["Doc"], 5).is_ok());
        assert_eq!(
            from_request_limited::<Doc>(list(6).as_bytes(), &["Doc"], 5).unwrap_err(),
            ReadError::TooMany {
                element: "tn".into(),
                limit: 5
            }
        );
        // Past the limit nothing more is read: not even a broken ending.
        let broken = format!("{}<unclosed>", list(6));
        assert!(matches!(
            from_request_limited::<Doc>(broken.as_bytes(), &["Doc"], 5),
            Err(ReadError::TooMany { .. })
        ));
    }

    #[test]
    fn booleans_and_empty_values() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool(" false "), Some(false));
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(non_empty(&Some("  ".into())), None);
        assert_eq!(non_empty(&Some(" a ".into())), Some("a"));
    }

    proptest::proptest! {
        /// Whatever bytes arrive, the reader answers with a value or an error,
        /// never a panic.
        #[test]
        fn never_panics(body in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = from_request::<Order>(&body, &["Order"]);
        }

        /// Any casing of the element names reads the same.
        #[test]
        fn any_casing_reads_the_same(mask in proptest::collection::vec(proptest::bool::ANY, 40)) {
            let spell = |s: &str| -> String {
                s.chars().zip(mask.iter().cycle()).map(|(c, up)| if *up { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect()
            };
            let (o, l, t, n) = (spell("Order"), spell("TelephoneNumberList"), spell("TelephoneNumber"), spell("Name"));
            let doc = format!("<{o}><{n}>x</{n}><{l}><{t}>1</{t}></{l}></{o}>");
            let parsed: Order = from_request(doc.as_bytes(), &["Order"]).unwrap();
            proptest::prop_assert_eq!(parsed.name.as_deref(), Some("x"));
            proptest::prop_assert_eq!(numbers(&parsed), vec!["1".to_string()]);
        }
    }
}
