//! Prefixes and case-insensitive paths.
//!
//! Official clients call the API under `/api` (Node, Python, PHP),
//! `/api/v1` (the official spec) or `/v1.0` (Ruby, Java, C#), and spell
//! literal segments differently (`rateCenters`/`ratecenters`). Before
//! routing, [`canonicalise`] rewrites every API path to one form: the prefix
//! becomes `/api` (the one the request used is kept in [`ApiPrefix`] for the
//! URLs we write back) and every literal segment is lower-cased, which is how
//! the router's templates are written. Which segments are literal is decided
//! by walking a tree of the route templates, so a parameter that happens to
//! spell a literal (an account called `sites`) keeps its case.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::extract::Request;
use axum::http::Uri;

/// The prefix a request came in on, as it should be written in links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiPrefix(pub &'static str);

/// The prefixes clients use, longest first.
const PREFIXES: &[&str] = &["/api/v1", "/v1.0", "/api"];

/// Where API routes live after rewriting.
pub const CANONICAL_PREFIX: &str = "/api";

/// The route templates as a tree of segments.
#[derive(Default)]
struct Node {
    literals: HashMap<String, Node>,
    parameter: Option<Box<Node>>,
}

fn templates() -> &'static Node {
    static TREE: OnceLock<Node> = OnceLock::new();
    TREE.get_or_init(|| {
        let mut root = Node::default();
        for route in crate::routes::api_routes() {
            let mut node = &mut root;
            for segment in route.path.split('/').filter(|s| !s.is_empty()) {
                node = if segment.starts_with('{') {
                    node.parameter.get_or_insert_with(Box::default)
                } else {
                    node.literals
                        .entry(segment.to_ascii_lowercase())
                        .or_default()
                };
            }
        }
        root
    })
}

/// Rewrites a path to its canonical form; `None` when it has no API prefix.
pub fn canonical_path(path: &str) -> Option<(ApiPrefix, String)> {
    let (prefix, rest) = PREFIXES.iter().find_map(|p| {
        let head = path.get(..p.len())?;
        let rest = &path[p.len()..];
        (head.eq_ignore_ascii_case(p) && (rest.is_empty() || rest.starts_with('/')))
            .then_some((*p, rest))
    })?;
    let mut out = String::with_capacity(path.len());
    out.push_str(CANONICAL_PREFIX);
    let mut node = Some(templates());
    for segment in rest.split('/').skip(1) {
        out.push('/');
        let lower = segment.to_ascii_lowercase();
        node = match node {
            Some(n) if n.literals.contains_key(&lower) => {
                out.push_str(&lower);
                n.literals.get(&lower)
            }
            Some(n) => {
                out.push_str(segment);
                n.parameter.as_deref()
            }
            None => {
                out.push_str(segment);
                None
            }
        };
    }
    Some((ApiPrefix(prefix), out))
}

/// The rewrite applied to every request before it reaches the router.
pub fn canonicalise(mut req: Request) -> Request {
    let Some((prefix, path)) = canonical_path(req.uri().path()) else {
        return req;
    };
    let path_and_query = match req.uri().query() {
        Some(q) => format!("{path}?{q}"),
        None => path,
    };
    if let Ok(pq) = path_and_query.parse() {
        let mut parts = req.uri().clone().into_parts();
        parts.path_and_query = Some(pq);
        if let Ok(uri) = Uri::from_parts(parts) {
            *req.uri_mut() = uri;
            req.extensions_mut().insert(prefix);
        }
    }
    req
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_literals_are_canonicalised() {
        let (p, path) = canonical_path("/v1.0/ACCOUNTS/99/Sites/12/SipPeers").unwrap();
        assert_eq!(p, ApiPrefix("/v1.0"));
        assert_eq!(path, "/api/accounts/99/sites/12/sippeers");
        let (p, path) = canonical_path("/api/v1/accounts/Acme/sites").unwrap();
        assert_eq!(p, ApiPrefix("/api/v1"));
        assert_eq!(path, "/api/accounts/Acme/sites");
        assert_eq!(canonical_path("/api").unwrap().1, "/api");
        assert!(canonical_path("/apiv2/accounts").is_none());
        assert!(canonical_path("/health").is_none());
    }

    #[test]
    fn parameters_that_look_like_literals_keep_their_case() {
        // "Sites" as an account id stays as sent; only literal slots change.
        let (_, path) = canonical_path("/api/accounts/Sites/SITES").unwrap();
        assert_eq!(path, "/api/accounts/Sites/sites");
    }
}
