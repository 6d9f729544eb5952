//! # The web console (`/console`)
//!
//! Server-rendered HTML pages for operators and developers, served by the
//! same binary with no build step and nothing fetched from the internet:
//! pages are [maud] templates, progressive enhancement is a vendored htmx
//! (`static/htmx.min.js`, 0BSD, `static/htmx.LICENSE`; used to refresh an
//! order's page until it settles), charts are SVG drawn here ([`chart`]),
//! and the stylesheet is `static/console.css`. Every page works without
//! script.
//!
//! Layout:
//! - [`session`]: sessions in memory, their cookie, CSRF tokens;
//! - [`extract`]: the session, CSRF-checked forms and account scoping that
//!   handlers take, and the console's error page;
//! - [`layout`], [`chart`]: the page shell and the shared pieces;
//! - [`auth`]: sign-in (a customer user, or the operator token) and sign-out;
//! - [`pages`]: one module per area (overview, orders, search, port-ins,
//!   callbacks, accounts, numbers, inventory, the request journal, operator
//!   tools).
//!
//! Every page and action calls the same [`tnhub_core::Tnhub`] operations as
//! the API routes and the CLI; nothing here decides a domain rule. A
//! customer sees only the accounts granted to it (a page of another account
//! is 403); the operator sees every account and alone can act on the
//! operator's tools (forcing port-ins, the clock, the worker, accounts and
//! users). Without an operator token (`TNHUB_ADMIN_TOKEN`, which production
//! mode never generates) operator sign-in is off.
//!
//! These routes are not API: they are not in the route table
//! ([`crate::routes`]), not in the OpenAPI document, and the fuzzer never
//! sees them (`docs/console.md`).

pub mod auth;
pub mod chart;
pub mod extract;
pub mod layout;
pub mod pages;
pub mod session;

use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::state::AppState;

const HTMX: &[u8] = include_bytes!("static/htmx.min.js");
const CSS: &[u8] = include_bytes!("static/console.css");

/// Every console route (and `/`, which redirects to `/console`).
pub fn router() -> Router<AppState> {
    use pages::*;
    Router::new()
        .route("/", get(|| async { extract::see_other("/console") }))
        .route("/console", get(overview::overview))
        .route(
            "/console/",
            get(|| async { extract::see_other("/console") }),
        )
        .route("/console/static/htmx.min.js", get(htmx))
        .route("/console/static/console.css", get(css))
        .route("/console/sign-in", get(auth::form).post(auth::sign_in))
        .route("/console/sign-out", post(auth::sign_out))
        .route(
            "/console/accounts",
            get(accounts::list).post(accounts::create_account),
        )
        .route("/console/users", post(accounts::create_user))
        .route("/console/users/{user}/grant", post(accounts::grant))
        .route(
            "/console/users/{user}/password",
            post(accounts::reset_password),
        )
        .route("/console/accounts/{accountId}", get(accounts::account))
        .route("/console/accounts/{accountId}/orders", get(orders::list))
        .route(
            "/console/accounts/{accountId}/orders/{orderId}",
            get(orders::order),
        )
        .route("/console/accounts/{accountId}/search", get(search::search))
        .route(
            "/console/accounts/{accountId}/search/order",
            post(search::order),
        )
        .route("/console/accounts/{accountId}/portins", get(portins::list))
        .route(
            "/console/accounts/{accountId}/portins/{orderId}",
            get(portins::portin),
        )
        .route(
            "/console/accounts/{accountId}/portins/{orderId}/{action}",
            post(portins::act),
        )
        .route(
            "/console/accounts/{accountId}/numbers/{tn}",
            get(numbers::number),
        )
        .route(
            "/console/accounts/{accountId}/requests",
            get(requests::requests),
        )
        .route("/console/deliveries", get(callbacks::deliveries))
        .route(
            "/console/deliveries/{deliveryId}/replay",
            post(callbacks::replay),
        )
        .route("/console/inventory", get(inventory::coverage))
        .route("/console/clock", get(operator::clock))
        .route("/console/clock/advance", post(operator::advance))
        .route("/console/jobs", get(operator::jobs))
        .route("/console/worker/{action}", post(operator::worker))
        .layer(axum::middleware::map_response(hardened))
}

/// Headers of every console answer: no framing (clickjacking), scripts and
/// styles only from the console itself, no caching of pages (they show an
/// account's data), no sniffing, no referrer to other sites.
async fn hardened(mut r: Response) -> Response {
    let h = r.headers_mut();
    for (name, value) in [
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    ] {
        h.insert(name, header::HeaderValue::from_static(value));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    r
}

fn asset(kind: &'static str, bytes: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        bytes,
    )
        .into_response()
}

async fn htmx() -> Response {
    asset("text/javascript; charset=utf-8", HTMX)
}

async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}
