//! Query strings with case-insensitive keys.
//!
//! Bandwidth's own documents spell the same parameter several ways
//! (`npaNxx`/`npanxx`, `startDate`/`startdate`), so keys are compared
//! without regard to case. Values are percent-decoded (Node sends `*` as `%2A`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::ApiError;

/// The decoded query parameters of a request.
#[derive(Debug, Clone, Default)]
pub struct QueryMap {
    pairs: Vec<(String, String)>,
}

impl QueryMap {
    /// Parses a raw query string.
    pub fn parse(query: Option<&str>) -> Self {
        let pairs = query
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        QueryMap { pairs }
    }

    /// The first value of `key` (any case), if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Whether `key` is present.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The (lower-cased key, value) pairs, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// All keys, lower-cased, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(QueryMap::parse(parts.uri.query()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_values_decode() {
        let q = QueryMap::parse(Some(
            "tollFreeWildCardPattern=8%2A%2A&NPANXX=919555&city=New+York",
        ));
        assert_eq!(q.get("tollfreewildcardpattern"), Some("8**"));
        assert_eq!(q.get("npaNxx"), Some("919555"));
        assert_eq!(q.get("City"), Some("New York"));
        assert!(!q.has("state"));
    }
}
