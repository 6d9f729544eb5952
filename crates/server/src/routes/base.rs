//! The URL a request came in on, for `Location` headers and body links.
//!
//! Links must use the scheme, host and prefix the client used (Ruby strips
//! everything up to `/v1.0` from them and re-requests), so they are built
//! from the request, honouring `X-Forwarded-Proto`/`X-Forwarded-Host` when
//! tnhub runs behind a proxy.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::paths::ApiPrefix;
use tnhub_wire::links::Links;

/// `scheme://host/prefix` of the current request (and the length of its
/// `scheme://host` part).
pub struct RequestBase(String, usize);

impl RequestBase {
    /// The absolute URL of `path` (which starts with `/`) under this base.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    /// `scheme://host` alone, for URLs outside the API prefixes (the
    /// operator plane's answers list every base URL).
    pub fn origin(&self) -> &str {
        &self.0[..self.1]
    }

    /// The body `<Links>` of a page of `path`: the first page, and the next
    /// one when there is one. `query` holds the request's other parameters
    /// (filters), which the links repeat.
    pub fn page_links(
        &self,
        path: &str,
        query: &crate::query::QueryMap,
        size: u32,
        next: Option<&str>,
    ) -> Links {
        let keep: Vec<(&str, &str)> = query
            .pairs()
            .iter()
            .filter(|(k, _)| k != "page" && k != "size")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let link = |page: &str| {
            let mut q = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &keep {
                q.append_pair(k, v);
            }
            q.append_pair("page", page);
            q.append_pair("size", &size.to_string());
            format!("{}?{}", self.url(path), q.finish())
        };
        Links::new(&link("1"), next.map(link).as_deref())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestBase {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let header_value = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        let scheme = header_value("x-forwarded-proto")
            .and_then(|v| v.split(',').next())
            .filter(|v| *v == "http" || *v == "https")
            .unwrap_or("http")
            .to_string();
        let host = header_value("x-forwarded-host")
            .or_else(|| {
                parts
                    .headers
                    .get(header::HOST)
                    .and_then(|v| v.to_str().ok())
            })
            .or_else(|| parts.uri.authority().map(|a| a.as_str()))
            .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
            .unwrap_or("localhost")
            .to_string();
        let prefix = parts.extensions.get::<ApiPrefix>().map_or("/api", |p| p.0);
        let origin = format!("{scheme}://{host}");
        let len = origin.len();
        Ok(RequestBase(format!("{origin}{prefix}"), len))
    }
}
