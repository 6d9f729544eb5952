//! The route table's rows for E911: address validation and listing, E911
//! orders. Part of [`super::api_routes`], split out to keep the table's
//! file short.

use axum::http::Method;
use axum::routing::{get, post};

use super::{Route, api, e911};

/// The E911 rows, in the order of the OpenAPI document.
pub(super) fn e911_routes() -> Vec<Route> {
    use Method as M;
    vec![
        api(
            M::POST,
            "/accounts/{accountId}/geocodeRequest",
            post(e911::geocode),
        ),
        api(M::POST, "/accounts/{accountId}/e911s", post(e911::create)),
        api(M::GET, "/accounts/{accountId}/e911s", get(e911::list)),
        api(
            M::GET,
            "/accounts/{accountId}/e911s/{orderId}",
            get(e911::get_one),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/e911s/{orderId}/history",
            get(e911::history),
        ),
    ]
}
