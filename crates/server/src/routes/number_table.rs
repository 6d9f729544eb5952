//! The route table's rows for numbers: a SIP peer's numbers and moves,
//! in-service numbers, reservations, `/tns` and the geography look-ups.
//! Part of [`super::api_routes`], split out to keep the table's file short.

use axum::http::Method;
use axum::routing::{delete, get, post, put};

use super::{Route, api, geography, inservice, peer_tns, reservations, tn_lookups, tns};

/// The numbers' rows, in the order of the OpenAPI document.
pub(super) fn number_routes() -> Vec<Route> {
    use Method as M;
    vec![
        // Numbers: a SIP peer's numbers and moves (wire-format.md 2.6).
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}/tns",
            get(peer_tns::list),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}/tns/{tn}",
            get(peer_tns::get_one),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}/totaltns",
            get(peer_tns::total),
        ),
        api(
            M::POST,
            "/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}/movetns",
            post(peer_tns::move_tns),
        ),
        // In-service numbers (2.10).
        api(
            M::GET,
            "/accounts/{accountId}/sites/{siteId}/inserviceNumbers",
            get(inservice::site_list),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/inserviceNumbers",
            get(inservice::list),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/inserviceNumbers/totals",
            get(inservice::totals),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/inserviceNumbers/{tn}",
            get(inservice::get_one),
        ),
        // Reservations (2.9).
        api(
            M::POST,
            "/accounts/{accountId}/tnreservation",
            post(reservations::create),
        ),
        api(
            M::GET,
            "/accounts/{accountId}/tnreservation/{reservationId}",
            get(reservations::get_one),
        ),
        api(
            M::DELETE,
            "/accounts/{accountId}/tnreservation/{reservationId}",
            delete(reservations::remove),
        ),
        // Numbers (2.7), and the seed's account-scoped listPhoneNumbers/getPhoneNumber.
        api(M::GET, "/accounts/{accountId}/tns", get(tns::account_list)),
        api(
            M::GET,
            "/accounts/{accountId}/tns/{tn}",
            get(tns::account_details),
        ),
        api(M::GET, "/tns", get(tns::list)),
        api(M::GET, "/tns/{tn}", get(tns::get_one)),
        api(M::GET, "/tns/{tn}/tndetails", get(tns::details)),
        api(M::GET, "/tns/{tn}/sites", get(tns::site)),
        api(M::GET, "/tns/{tn}/sippeers", get(tns::sip_peer)),
        api(M::GET, "/tns/{tn}/ratecenter", get(tns::rate_center)),
        api(M::GET, "/tns/{tn}/lata", get(tns::lata)),
        api(M::GET, "/tns/{tn}/history", get(tns::history)),
        api(
            M::GET,
            "/tns/{tn}/tnreservation",
            get(reservations::of_number),
        ),
        // A number's settings on its SIP peer (2.6), and the look-ups
        // `POST /tns` and `/tns/{tn}/lca` (2.7).
        api(
            M::PUT,
            "/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}/tns/{tn}",
            put(peer_tns::update),
        ),
        api(M::POST, "/tns", post(tn_lookups::look_up)),
        api(M::GET, "/tns/{tn}/lca", get(tn_lookups::lca)),
        // Geography look-ups (wire-format.md 2.1 end, 2.16).
        api(
            M::GET,
            "/accounts/{accountId}/availableNpaNxx",
            get(geography::available_npa_nxx),
        ),
        api(M::GET, "/cities", get(geography::cities)),
        api(M::GET, "/rateCenters", get(geography::rate_centers)),
        api(
            M::GET,
            "/coveredRateCenters",
            get(geography::covered_rate_centers),
        ),
        api(
            M::GET,
            "/coveredRateCenters/{rateCenterId}",
            get(geography::covered_rate_center),
        ),
    ]
}
