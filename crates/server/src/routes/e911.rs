//! E911: address validation (`POST A/geocodeRequest`) and E911 orders
//! (`A/e911s[/{id}[/history]]`). See `docs/e911.md`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tnhub_core::e911::geocode::{AddressRequest, geocode as standardise, line1};
use tnhub_core::order::OrderKind;
use tnhub_wire::request::e911::{E911OrderBody, GeocodeBody};
use tnhub_wire::response::e911::{E911OrderResponse, GeocodeRequestResponse, GeocodedAddressXml};
use tnhub_wire::response::order::OrderHistoryWrapper;

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::convert;
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::routes::notes::Collection;
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, parse, parse_list, xml_response};

const GEOCODE: ErrorShape = ErrorShape::status("GeocodeRequestResponse");

/// `POST …/geocodeRequest`: the address in standard form, 200 when it
/// stands as sent, 409 when validation changed it (the Node client reads
/// the address from either); 400 with code 12113 when it cannot be placed.
pub async fn geocode(
    State(_state): State<AppState>,
    AccountScope(_account): AccountScope,
    body: RawBody,
) -> Result<Response, ApiError> {
    let GeocodeBody(sent) = parse(&body, GEOCODE)?;
    let request = AddressRequest {
        line1: sent.address_line1.clone(),
        address: convert::address::from_wire(sent),
    };
    let found = standardise(&request).map_err(GEOCODE.core())?;
    let status = if found.changed {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok(xml_response(
        status,
        &GeocodeRequestResponse {
            geocoded_address: GeocodedAddressXml {
                address_line1: line1(&found.address),
                address: convert::address::to_wire(&found.address),
            },
        },
    ))
}

const E911: ErrorShape = ErrorShape::status("E911OrderResponse");
const STATUSES: &[&str] = &["received", "processing", "complete", "partial", "failed"];

/// E911 orders, for history.
pub const E911S: Collection = Collection {
    kind: OrderKind::E911,
    path: "e911s",
    id_param: "orderId",
};

/// `POST …/e911s`: 201, `Location`, `<E911OrderResponse><E911Order>…RECEIVED…`;
/// 400 12113 when the address cannot be placed.
pub async fn create(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request = convert::e911::e911_request(parse_list::<E911OrderBody>(
        &body,
        E911,
        crate::xml::ORDER_TNS,
    )?)
    .map_err(E911.core())?;
    let view = state
        .hub
        .create_e911_order(&account, user.user.as_str(), request)
        .await
        .map_err(E911.core())?;
    tracing::info!(account = %account, order = %view.row.id, tns = view.row.tn_count, "E911 order received");
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/e911s/{}", view.row.id)),
        body: Some(xml_response(
            StatusCode::CREATED,
            &E911OrderResponse {
                order: convert::e911::e911_order(&view),
            },
        )),
    })
}

/// `GET …/e911s/{orderId}`.
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<E911OrderResponse>, ApiError> {
    let view = state
        .hub
        .feature_order(&account, OrderKind::E911, p.get("orderId"))
        .await
        .map_err(E911.core())?;
    Ok(Xml(E911OrderResponse {
        order: convert::e911::e911_order(&view),
    }))
}

/// `GET …/e911s`: `ResponseSelectWrapper` (filters `status`,
/// `customerOrderId`, `userid`, `startdate`, `enddate`, `tn`).
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
    base: RequestBase,
) -> Result<Response, ApiError> {
    crate::routes::disconnects::list_kind(
        &state,
        &account,
        &q,
        &base,
        OrderKind::E911,
        "e911s",
        STATUSES,
    )
    .await
}

/// `GET …/e911s/{orderId}/history`.
pub async fn history(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
) -> Result<Xml<OrderHistoryWrapper>, ApiError> {
    crate::routes::notes::history(E911S, s, a, p).await
}
