//! Exact response writing.
//!
//! Java's JAXB, C#'s `XmlSerializer` and the Python client look at root
//! names, so every response type declares its root through [`Document`], and
//! the writer prepends the declaration the real service sends. Element names
//! come from each type's serde attributes.
//!
//! Every body is well-formed XML 1.0 whatever the data holds: text may come
//! from a client (an id in a path, a name in a body) and XML 1.0 has no way to
//! write most control characters, U+FFFE or U+FFFF, not even as character
//! references, so the writer replaces each of them by U+FFFD (the replacement
//! character) rather than dropping it, which would silently join the text
//! around it. quick-xml escapes markup but passes these through, hence
//! [`replace_forbidden`] after it.

use serde::Serialize;

/// The XML declaration the real service puts in front of every body.
pub const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// A response body with a fixed root element.
pub trait Document: Serialize {
    /// The root element's name, spelled exactly as the real service spells it.
    const ROOT: &'static str;

    /// Appends the document (root element and all, without the declaration)
    /// to `out`. The default goes through the type's serde attributes; a
    /// type whose documents are large and flat may write itself directly,
    /// provided the result is byte for byte what the serde path writes (its
    /// tests must compare the two).
    fn write_into(&self, out: &mut String) -> Result<(), WriteError> {
        write_with_root(out, Self::ROOT, self)
    }
}

/// A response body could not be serialised. This is a programming error in a
/// response type; the server reports it as a 500 without panicking.
#[derive(Debug, thiserror::Error)]
#[error("could not write the <{root}> response: {message}")]
pub struct WriteError {
    /// The root being written.
    pub root: String,
    /// What quick-xml said.
    pub message: String,
}

/// Writes `value` as a complete document under `root`.
pub fn to_document_with_root<T: Serialize>(root: &str, value: &T) -> Result<String, WriteError> {
    let mut out = String::with_capacity(256);
    out.push_str(DECLARATION);
    write_with_root(&mut out, root, value)?;
    Ok(out)
}

/// Appends `value` under `root` through serde (no declaration).
pub fn write_with_root<T: Serialize + ?Sized>(
    out: &mut String,
    root: &str,
    value: &T,
) -> Result<(), WriteError> {
    let start = out.len();
    let mut ser =
        quick_xml::se::Serializer::with_root(&mut *out, Some(root)).map_err(|e| WriteError {
            root: root.to_string(),
            message: e.to_string(),
        })?;
    ser.expand_empty_elements(false);
    value.serialize(ser).map_err(|e| WriteError {
        root: root.to_string(),
        message: e.to_string(),
    })?;
    replace_forbidden(out, start);
    Ok(())
}

/// Whether XML 1.0 forbids `c` in a document: the C0 controls other than
/// tab, line feed and carriage return, and the non-characters U+FFFE and
/// U+FFFF. (Surrogates cannot occur in a Rust string.)
pub const fn is_forbidden(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'
    )
}

/// What a forbidden character is written as.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Replaces every character of `out[from..]` that XML 1.0 forbids by
/// [`REPLACEMENT`]. The usual body holds none, and a byte scan finds that
/// without decoding: every forbidden character is a byte below 0x20 or a
/// sequence starting 0xEF.
pub fn replace_forbidden(out: &mut String, from: usize) {
    let suspect = out.as_bytes()[from..]
        .iter()
        .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF);
    if !suspect || !out[from..].contains(is_forbidden) {
        return;
    }
    let clean: String = out[from..]
        .chars()
        .map(|c| if is_forbidden(c) { REPLACEMENT } else { c })
        .collect();
    out.truncate(from);
    out.push_str(&clean);
}

/// `value` with the characters XML 1.0 forbids replaced, for writers that
/// build text without serde (see [`replace_forbidden`]).
pub fn allowed_text(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains(is_forbidden) {
        value
            .chars()
            .map(|c| if is_forbidden(c) { REPLACEMENT } else { c })
            .collect::<String>()
            .into()
    } else {
        value.into()
    }
}

/// Writes a [`Document`] under its own root.
pub fn to_document<T: Document>(value: &T) -> Result<String, WriteError> {
    let mut out = String::with_capacity(256);
    out.push_str(DECLARATION);
    value.write_into(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Thing {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        list: List,
    }
    #[derive(Serialize)]
    struct List {
        #[serde(rename = "Item")]
        items: Vec<u32>,
    }
    impl Document for Thing {
        const ROOT: &'static str = "ThingResponse";
    }

    #[test]
    fn forbidden_characters_are_replaced() {
        let doc = to_document(&Thing {
            name: "a\u{1}b\u{FFFE}c\u{FFFF}\td\u{1F}".into(),
            description: Some("\u{0}\r\n\u{FFFD}\u{10FFFF}".into()),
            list: List { items: vec![] },
        })
        .unwrap();
        assert_eq!(
            doc,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><ThingResponse><Name>a\u{FFFD}b\u{FFFD}c\u{FFFD}\td\u{FFFD}</Name><Description>\u{FFFD}&#13;\n\u{FFFD}\u{10FFFF}</Description><List/></ThingResponse>"
        );
    }

    /// Any character at all, weighted towards the ones XML 1.0 forbids and
    /// the ones it must keep.
    fn any_text() -> impl Strategy<Value = String> {
        let c = prop_oneof![
            3 => (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
            1 => prop_oneof![Just('\u{FFFE}'), Just('\u{FFFF}'), Just('\u{FFFD}'), Just('&'), Just('<'), Just(']')],
            3 => any::<char>(),
        ];
        proptest::collection::vec(c, 0..40).prop_map(|v| v.into_iter().collect())
    }

    /// The characters a conforming XML 1.0 document may hold (its `Char`).
    fn xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    }

    proptest! {
        /// Whatever the text, the document holds only XML characters, reads
        /// back (quick-xml) to the text with each forbidden character
        /// replaced, and keeps its structure.
        #[test]
        fn every_document_is_xml_1_0(name in any_text(), description in any_text()) {
            let doc = to_document(&Thing {
                name: name.clone(),
                description: Some(description.clone()),
                list: List { items: vec![1] },
            })
            .unwrap();
            prop_assert!(doc.chars().all(xml_char), "{doc:?}");
            let mut reader = quick_xml::Reader::from_str(&doc);
            let mut texts = Vec::new();
            let mut current = String::new();
            loop {
                match reader.read_event().unwrap() {
                    quick_xml::events::Event::Text(t) => current.push_str(&t.xml10_content()),
                    quick_xml::events::Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                        Some(c) => current.push(c),
                        None => current.push_str(
                            quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).unwrap(),
                        ),
                    },
                    quick_xml::events::Event::End(_) => texts.push(std::mem::take(&mut current)),
                    quick_xml::events::Event::Empty(_) => texts.push(String::new()),
                    quick_xml::events::Event::Eof => break,
                    _ => {}
                }
            }
            let clean = |s: &str| s.chars().map(|c| if is_forbidden(c) { REPLACEMENT } else { c }).collect::<String>();
            prop_assert_eq!(&texts[0], &clean(&name));
            prop_assert_eq!(&texts[1], &clean(&description));
            prop_assert_eq!(texts.len(), 5, "Name, Description, Item, List, the root: {:?}", texts);
        }
    }

    #[test]
    fn writes_declaration_root_and_empty_wrappers() {
        let doc = to_document(&Thing {
            name: "a<b".into(),
            description: None,
            list: List { items: vec![] },
        })
        .unwrap();
        assert_eq!(
            doc,
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ThingResponse><Name>a&lt;b</Name><List/></ThingResponse>"#
        );
    }
}
