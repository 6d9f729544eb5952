//! The route rows of applications and products (issue 17), in the order
//! of the OpenAPI document's section for them.

use axum::http::Method;
use axum::routing::{delete, get, patch, post, put};

use super::{Route, api, applications, products};

/// A path under a SIP peer.
macro_rules! peer {
    ($tail:literal) => {
        concat!(
            "/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}",
            $tail
        )
    };
}

/// Applications, the account's products and hosts, and every SIP-peer
/// product route.
pub(super) fn app_routes() -> Vec<Route> {
    use Method as M;
    let apps = "/accounts/{accountId}/applications";
    let app = "/accounts/{accountId}/applications/{applicationId}";
    vec![
        api(M::GET, apps, get(applications::list)),
        api(M::POST, apps, post(applications::create)),
        api(M::GET, app, get(applications::get_one)),
        api(M::PUT, app, put(applications::replace)),
        api(M::PATCH, app, patch(applications::patch_one)),
        api(M::DELETE, app, delete(applications::remove)),
        api(
            M::GET,
            "/accounts/{accountId}/applications/{applicationId}/associatedsippeers",
            get(applications::associated_peers),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/products",
            get(products::account),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/hosts",
            get(products::account_hosts),
        ),
        api(M::GET, peer!("/products"), get(products::list)),
        api(
            M::GET,
            peer!("/products/messaging/applicationSettings"),
            get(products::get_app_settings),
        ),
        api(
            M::PUT,
            peer!("/products/messaging/applicationSettings"),
            put(products::put_app_settings),
        ),
        api(
            M::GET,
            peer!("/products/messaging/features/sms"),
            get(products::get_sms),
        ),
        api(
            M::POST,
            peer!("/products/messaging/features/sms"),
            post(products::create_sms),
        ),
        api(
            M::PUT,
            peer!("/products/messaging/features/sms"),
            put(products::edit_sms),
        ),
        api(
            M::DELETE,
            peer!("/products/messaging/features/sms"),
            delete(products::delete_sms),
        ),
        api(
            M::GET,
            peer!("/products/messaging/features/mms"),
            get(products::get_mms),
        ),
        api(
            M::POST,
            peer!("/products/messaging/features/mms"),
            post(products::create_mms),
        ),
        api(
            M::PUT,
            peer!("/products/messaging/features/mms"),
            put(products::edit_mms),
        ),
        api(
            M::DELETE,
            peer!("/products/messaging/features/mms"),
            delete(products::delete_mms),
        ),
        api(
            M::GET,
            peer!("/products/origination/settings"),
            get(products::get_origination),
        ),
        api(
            M::POST,
            peer!("/products/origination/settings"),
            post(products::create_origination),
        ),
        api(
            M::PUT,
            peer!("/products/origination/settings"),
            put(products::edit_origination),
        ),
        api(
            M::GET,
            peer!("/products/termination/settings"),
            get(products::get_termination),
        ),
        api(
            M::POST,
            peer!("/products/termination/settings"),
            post(products::create_termination),
        ),
        api(
            M::PUT,
            peer!("/products/termination/settings"),
            put(products::edit_termination),
        ),
        api(
            M::GET,
            peer!("/products/termination/hosts"),
            get(products::termination_hosts),
        ),
    ]
}
