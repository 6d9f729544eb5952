//! The route table's rows for port-outs and their operator plane. Part of
//! [`super::api_routes`], split out to keep the table's file short.

use axum::http::Method;
use axum::routing::{get, post, put};

use super::{Route, admin_portouts, api, operator, portouts};

/// The port-outs' rows, in the order of the OpenAPI document.
pub(super) fn portout_routes() -> Vec<Route> {
    use Method as M;
    vec![
        api(
            M::GET,
            "/accounts/{accountId}/portouts",
            get(portouts::list),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/portouts/{portoutId}",
            get(portouts::get_one),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/portouts/{portoutId}/history",
            get(portouts::history),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/portouts/{portoutId}/notes",
            get(portouts::notes),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/portouts/{portoutId}/notes",
            post(portouts::add_note),
        ),
        api(
            M::PUT,
            "/accounts/{accountId}/portouts/{portoutId}/notes/{noteId}",
            put(portouts::update_note),
        ),
        operator(M::POST, "/admin/portouts", post(admin_portouts::start)),
        operator(
            M::GET,
            "/admin/portouts/{portoutId}",
            get(admin_portouts::get_one),
        ),
        operator(
            M::POST,
            "/admin/portouts/{portoutId}/complete",
            post(admin_portouts::complete),
        ),
        operator(
            M::POST,
            "/admin/portouts/{portoutId}/cancel",
            post(admin_portouts::cancel),
        ),
    ]
}
