//! Pagination links carried in the body.
//!
//! The real service does not use HTTP `Link` headers; it writes
//! `<Links><first>Link=&lt;URL&gt;;rel="first";</first><next>…</next></Links>`
//! with the URL built from the request's own scheme, host and prefix (Ruby
//! strips everything up to `/v1.0` from it and re-requests).

use serde::Serialize;

/// `<Links>` with lower-case children, `next` omitted on the last page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Links {
    /// The first page.
    pub first: String,
    /// The page after this one, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Formats one link the way the real service does.
pub fn link_text(url: &str, rel: &str) -> String {
    format!("Link=<{url}>;rel=\"{rel}\";")
}

impl Links {
    /// Builds the links of a page from their URLs.
    pub fn new(first_url: &str, next_url: Option<&str>) -> Self {
        Links {
            first: link_text(first_url, "first"),
            next: next_url.map(|u| link_text(u, "next")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_text_matches_the_real_service() {
        let l = Links::new(
            "https://h/v1.0/tns?page=1&size=2",
            Some("https://h/v1.0/tns?page=9&size=2"),
        );
        assert_eq!(
            l.first,
            "Link=<https://h/v1.0/tns?page=1&size=2>;rel=\"first\";"
        );
        let xml = crate::write::to_document_with_root("X", &serde_helper(l)).unwrap();
        assert!(xml.contains("<first>Link=&lt;https://h/v1.0/tns?page=1&amp;size=2&gt;;rel=&quot;first&quot;;</first>")
            || xml.contains("<first>Link=&lt;https://h/v1.0/tns?page=1&amp;size=2&gt;;rel=\"first\";</first>"), "{xml}");
    }

    #[derive(Serialize)]
    struct Wrap {
        #[serde(rename = "Links")]
        links: Links,
    }
    fn serde_helper(links: Links) -> Wrap {
        Wrap { links }
    }
}
