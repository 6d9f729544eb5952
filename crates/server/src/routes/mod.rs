//! The route table.
//!
//! Every API route is one [`Route`] row here, and the router is built from
//! these rows, so the table is exactly what is served; the test in
//! `tests/openapi.rs` compares it with the OpenAPI document, so the two
//! never drift. Paths are written as in the OpenAPI document (real casing);
//! the router registers them with literal segments lower-cased, which is the
//! form [`crate::paths`] rewrites requests into.

use axum::http::Method;
use axum::routing::{MethodRouter, delete, get, post, put};

use crate::state::AppState;

pub mod accounts;
pub mod base;
pub mod ops;
pub mod search;
pub mod sippeers;
pub mod sites;

/// One API operation.
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path after the prefix, as in the OpenAPI document.
    pub path: &'static str,
    /// Whether Basic authentication is required.
    pub authenticated: bool,
    /// The handler.
    pub handler: MethodRouter<AppState>,
}

fn api(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> Route {
    Route {
        method,
        path,
        authenticated: true,
        handler,
    }
}

/// Every API route, in the order of the OpenAPI document.
pub fn api_routes() -> Vec<Route> {
    use Method as M;
    vec![
        Route {
            method: M::GET,
            path: "/openapi.yaml",
            authenticated: false,
            handler: get(ops::openapi),
        },
        api(M::GET, "/accounts/{accountId}", get(accounts::get_account)),
        api(
            M::GET,
            "/accounts/{accountId}/availableNumbers",
            get(search::available_numbers),
        ),
        api(M::GET, "/accounts/{accountId}/sites", get(sites::list)),
        api(M::POST, "/accounts/{accountId}/sites", post(sites::create)),
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}",
            get(sites::get_one),
        ),
        api(
            M::PUT,
            "/accounts/{accountId}/sites/{siteId}",
            put(sites::update),
        ),
        api(
            M::DELETE,
            "/accounts/{accountId}/sites/{siteId}",
            delete(sites::remove),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/totaltns",
            get(sites::total_tns),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/sippeers",
            get(sippeers::list),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/sites/{siteId}/sippeers",
            post(sippeers::create),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}",
            get(sippeers::get_one),
        ),
        api(
            M::PUT,
            "/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}",
            put(sippeers::update),
        ),
        api(
            M::DELETE,
            "/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}",
            delete(sippeers::remove),
        ),
    ]
}

/// A template's router form: literal segments lower-cased, under `/api`.
pub fn router_path(path: &str) -> String {
    let segments: Vec<String> = path
        .split('/')
        .map(|s| {
            if s.starts_with('{') {
                s.to_string()
            } else {
                s.to_ascii_lowercase()
            }
        })
        .collect();
    format!("{}{}", crate::paths::CANONICAL_PREFIX, segments.join("/"))
}
