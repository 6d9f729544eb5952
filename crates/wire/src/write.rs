//! Exact response writing.
//!
//! Java's JAXB, C#'s `XmlSerializer` and the Python client look at root
//! names, so every response type declares its root through [`Document`], and
//! the writer prepends the declaration the real service sends. Element names
//! come from each type's serde attributes.

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
    let mut ser =
        quick_xml::se::Serializer::with_root(out, Some(root)).map_err(|e| WriteError {
            root: root.to_string(),
            message: e.to_string(),
        })?;
    ser.expand_empty_elements(false);
    value.serialize(ser).map_err(|e| WriteError {
        root: root.to_string(),
        message: e.to_string(),
    })?;
    Ok(())
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
