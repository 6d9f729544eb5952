//! The route table.
//!
//! Every API route is one [`Route`] row here, and the router is built from
//! these rows, so the table is exactly what is served; the test in
//! `tests/openapi.rs` compares it with the OpenAPI document, so the two
//! never drift. Paths are written as in the OpenAPI document (real casing);
//! the router registers them with literal segments lower-cased, which is the
//! form [`crate::paths`] rewrites requests into.
//!
//! The rows are written in parts, in the order of the OpenAPI
//! document: the first here, the numbers' rows in `number_table`, the
//! port-ins' rows in `portin_table`, the port-outs' in `portout_table` and
//! the applications' and products' rows in `app_table`.

use axum::http::Method;
use axum::routing::{MethodRouter, delete, get, post, put};

use crate::state::AppState;

mod app_table;
mod e911_table;
mod number_table;
mod portin_table;
mod portout_table;

pub mod accounts;
pub mod admin;
pub mod admin_accounts;
pub mod admin_clients;
pub mod admin_inventory;
pub mod admin_portins;
pub mod admin_portouts;
pub mod admin_sandboxes;
pub mod admin_snapshots;
pub mod applications;
pub mod base;
pub mod disconnects;
pub mod e911;
pub mod faults;
pub mod features;
pub mod geography;
pub mod inservice;
pub mod journal;
pub mod lnp;
pub mod loas;
pub mod notes;
pub mod oauth;
pub mod ops;
pub mod orders;
pub mod peer_tns;
pub mod portins;
pub mod portouts;
pub mod products;
pub mod reservations;
pub mod search;
pub mod sippeers;
pub mod sites;
pub mod subscriptions;
pub mod tn_lookups;
pub mod tns;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the OpenAPI document; the token endpoint, which
    /// authenticates OAuth clients itself).
    Open,
    /// A customer with HTTP Basic credentials or an OAuth bearer token.
    Customer,
    /// The operator, with the admin bearer token (`/admin/…`).
    Operator,
}

/// One API operation.
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path after the prefix, as in the OpenAPI document (operator
    /// routes start with `/admin` and have no prefix).
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// The handler.
    pub handler: MethodRouter<AppState>,
}

fn api(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> Route {
    Route {
        method,
        path,
        access: Access::Customer,
        handler,
    }
}

fn operator(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> Route {
    Route {
        method,
        path,
        access: Access::Operator,
        handler,
    }
}

/// Every API route, in the order of the OpenAPI document.
pub fn api_routes() -> Vec<Route> {
    use Method as M;
    let mut routes = vec![
        Route {
            method: M::GET,
            path: "/openapi.yaml",
            access: Access::Open,
            handler: get(ops::openapi),
        },
        Route {
            method: M::POST,
            path: "/oauth2/token",
            access: Access::Open,
            handler: post(oauth::token),
        },
        operator(M::GET, "/admin/clock", get(admin::clock)),
        operator(M::POST, "/admin/clock/advance", post(admin::advance)),
        operator(M::GET, "/admin/jobs", get(admin::jobs)),
        operator(M::GET, "/admin/jobs/{jobId}", get(admin::job)),
        operator(M::GET, "/admin/worker", get(admin::worker)),
        operator(M::POST, "/admin/worker/pause", post(admin::pause_worker)),
        operator(M::POST, "/admin/worker/resume", post(admin::resume_worker)),
        operator(M::GET, "/admin/deliveries", get(admin::deliveries)),
        operator(M::GET, "/admin/requests", get(journal::admin)),
        operator(M::POST, "/admin/faults", post(faults::add)),
        operator(M::GET, "/admin/faults", get(faults::list)),
        operator(M::DELETE, "/admin/faults", delete(faults::clear)),
        operator(M::DELETE, "/admin/faults/{faultId}", delete(faults::delete)),
        operator(
            M::POST,
            "/admin/deliveries/{deliveryId}/replay",
            post(admin::replay),
        ),
        api(M::GET, "/accounts/{accountId}", get(accounts::get_account)),
        api(
            M::GET,
            "/accounts/{accountId}/tnhub/requests",
            get(journal::customer),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/availableNumbers",
            get(search::available_numbers),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/orders",
            post(orders::create),
        ),
        api(M::GET, "/accounts/{accountId}/orders", get(orders::list)),
        api(
            M::GET,
            "/accounts/{accountId}/orders/totals",
            get(orders::totals),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/orders/{orderId}",
            get(orders::get_one),
        ),
        api(
            M::PUT,
            "/accounts/{accountId}/orders/{orderId}",
            put(orders::update),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/orders/{orderId}/tns",
            get(orders::tns),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/orders/{orderId}/areaCodes",
            get(orders::area_codes),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/orders/{orderId}/npaNxx",
            get(orders::npa_nxx),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/orders/{orderId}/totals",
            get(orders::order_totals),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/orders/{orderId}/history",
            get(notes::orders::history),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/orders/{orderId}/notes",
            get(notes::orders::list),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/orders/{orderId}/notes",
            post(notes::orders::add),
        ),
        api(
            M::PUT,
            "/accounts/{accountId}/orders/{orderId}/notes/{noteId}",
            put(notes::orders::update),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/orders",
            get(orders::list_for_site),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/orders/{orderId}",
            get(orders::get_one),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/orders/{orderId}/tns",
            get(orders::tns),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/discnumbers",
            get(inservice::disconnected),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/discnumbers/totals",
            get(inservice::disconnected_totals),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/disconnects",
            post(disconnects::create),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/disconnects",
            get(disconnects::list),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/disconnects/{disconnectId}",
            get(disconnects::get_one),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/disconnects/{disconnectId}/notes",
            get(disconnects::notes::list),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/disconnects/{disconnectId}/notes",
            post(disconnects::notes::add),
        ),
        api(
            M::PUT,
            "/accounts/{accountId}/disconnects/{disconnectId}/notes/{noteId}",
            put(disconnects::notes::update),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/disconnects/{disconnectId}/history",
            get(disconnects::notes::history),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/tnoptions",
            post(features::create_tn_option),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/tnoptions",
            get(features::list_tn_options),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/tnoptions/{orderId}",
            get(features::get_tn_option),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/tnoptions/{orderId}/history",
            get(features::tn_option_history),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/lidbs",
            post(features::create_lidb),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/lidbs",
            get(features::list_lidbs),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/lidbs/{lidbId}",
            get(features::get_lidb),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/dldas",
            post(features::create_dlda),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/dldas",
            get(features::list_dldas),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/dldas/{orderId}",
            get(features::get_dlda),
        ),
        api(
            M::PUT,
            "/accounts/{accountId}/dldas/{orderId}",
            put(features::update_dlda),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/dldas/{orderId}/history",
            get(features::dlda_history),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/tns/{tn}/tnfeatureorder",
            post(features::feature_order),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/subscriptions",
            post(subscriptions::create),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/subscriptions",
            get(subscriptions::list),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/subscriptions/{subscriptionId}",
            get(subscriptions::get_one),
        ),
        api(
            M::PUT,
            "/accounts/{accountId}/subscriptions/{subscriptionId}",
            put(subscriptions::update),
        ),
        api(
            M::DELETE,
            "/accounts/{accountId}/subscriptions/{subscriptionId}",
            delete(subscriptions::remove),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/subscriptions/{subscriptionId}/deliveries",
            get(subscriptions::deliveries),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/subscriptions/{subscriptionId}/deliveries/{deliveryId}/replay",
            post(subscriptions::replay),
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
    ];
    routes.extend(number_table::number_routes());
    routes.extend(portin_table::portin_routes());
    routes.extend(portout_table::portout_routes());
    routes.extend(app_table::app_routes());
    routes.extend(e911_table::e911_routes());
    // The operator plane's accounts, users and inventory import (the end
    // of the OpenAPI document).
    routes.extend([
        operator(
            M::GET,
            "/admin/accounts",
            get(admin_accounts::list_accounts),
        ),
        operator(
            M::POST,
            "/admin/accounts",
            post(admin_accounts::create_account),
        ),
        operator(
            M::GET,
            "/admin/accounts/{accountId}",
            get(admin_accounts::get_account),
        ),
        operator(
            M::DELETE,
            "/admin/accounts/{accountId}",
            delete(admin_sandboxes::delete_account),
        ),
        operator(M::POST, "/admin/sandboxes", post(admin_sandboxes::create)),
        operator(M::POST, "/admin/reset", post(admin_snapshots::reset)),
        operator(M::GET, "/admin/snapshots", get(admin_snapshots::list)),
        operator(M::POST, "/admin/snapshots", post(admin_snapshots::save)),
        operator(
            M::DELETE,
            "/admin/snapshots/{name}",
            delete(admin_snapshots::delete),
        ),
        operator(
            M::POST,
            "/admin/snapshots/{name}/restore",
            post(admin_snapshots::restore),
        ),
        operator(M::GET, "/admin/users", get(admin_accounts::list_users)),
        operator(M::POST, "/admin/users", post(admin_accounts::create_user)),
        operator(
            M::POST,
            "/admin/users/{name}/grants",
            post(admin_accounts::grant),
        ),
        operator(
            M::PUT,
            "/admin/users/{name}/password",
            put(admin_accounts::set_password),
        ),
        operator(M::GET, "/admin/inventory", get(admin_inventory::coverage)),
        operator(
            M::GET,
            "/admin/inventory/numbers/{tn}",
            get(admin_inventory::number),
        ),
        operator(
            M::POST,
            "/admin/inventory/import",
            post(admin_accounts::import_inventory),
        ),
        operator(M::GET, "/admin/clients", get(admin_clients::list_clients)),
        operator(
            M::POST,
            "/admin/clients",
            post(admin_clients::create_client),
        ),
        operator(
            M::GET,
            "/admin/clients/{clientId}",
            get(admin_clients::get_client),
        ),
        operator(
            M::POST,
            "/admin/clients/{clientId}/revoke",
            post(admin_clients::revoke_client),
        ),
    ]);
    routes
}

/// The operations endpoints (`/health`, `/ready`, `/metrics`), served at
/// the root rather than under the API prefixes and without authentication.
/// They are a table like [`api_routes`] so the OpenAPI test covers them
/// too: each is documented with `servers: [{ url: / }]`.
pub fn ops_routes() -> Vec<Route> {
    use Method as M;
    let open = |method: Method, path: &'static str, handler: MethodRouter<AppState>| Route {
        method,
        path,
        access: Access::Open,
        handler,
    };
    vec![
        open(M::GET, "/health", get(ops::health)),
        open(M::GET, "/ready", get(ops::ready)),
        open(M::GET, "/metrics", get(ops::metrics)),
    ]
}

/// A template's router form: literal segments lower-cased, under `/api`
/// (operator routes stay under `/admin`).
pub fn router_path(path: &str) -> String {
    if path.starts_with("/admin") {
        return path.to_string();
    }
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
