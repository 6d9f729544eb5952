//! Port-outs as the customer sees them (docs/port-outs-lsr-csr.md):
//! `GET /accounts/{a}/portouts` (the port-ins' `<LNPResponseWrapper>`, 204
//! when nothing matches), `GET …/portouts/{id}` (`<LnpOrderResponse>` with
//! `<PortOutStatus>`), its history and notes. The customer never creates
//! one: the simulated winning carrier does, through the operator plane
//! ([`crate::routes::admin_portouts`]).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tnhub_core::order::OrderKind;
use tnhub_core::order::portout::PortOutStatus;
use tnhub_core::service::PortOutView;
use tnhub_wire::response::order::OrderHistoryWrapper;
use tnhub_wire::response::portin::{LnpPortInfo, LnpResponseWrapper, PhoneNumbersXml};
use tnhub_wire::response::portout::PortOutResponse;

use crate::auth::{AccountScope, Params};
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::routes::notes::Collection;
use crate::routes::orders::{filter, page_size};
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, xml_response};

const LIST: ErrorShape = ErrorShape::status("LNPResponseWrapper");
const GENERIC: ErrorShape = crate::error::GENERIC;

/// Port-outs, for notes and history.
pub const PORTOUTS: Collection = Collection {
    kind: OrderKind::PortOut,
    path: "portouts",
    id_param: "portoutId",
};

/// The list filter's `status` values.
fn statuses() -> Vec<&'static str> {
    PortOutStatus::ALL.iter().map(|s| s.as_str()).collect()
}

fn summary(v: &PortOutView) -> LnpPortInfo {
    LnpPortInfo {
        account_id: v.row.account_id.to_string(),
        count_of_tns: v.row.tn_count,
        customer_order_id: None,
        user_id: v.row.created_by.clone(),
        last_modified_date: v.row.updated_at.iso(),
        order_date: v.row.created_at.iso(),
        order_id: v.row.id.clone(),
        order_type: "port_out".into(),
        actual_foc_date: v.result.actual_foc_date.map(|t| t.iso()),
        billing_telephone_number: None,
        company_name: None,
        losing_carrier_id: None,
        losing_carrier_name: None,
        processing_status: v.row.status.clone(),
        requested_foc_date: v.request.requested_foc_date.map(|t| t.iso()),
        vendor_id: tnhub_core::inventory::DEFAULT_VENDOR_ID,
        vendor_name: tnhub_core::inventory::DEFAULT_VENDOR_NAME.into(),
    }
}

/// One port-out as `<LnpOrderResponse>`.
pub fn response(v: &PortOutView) -> PortOutResponse {
    PortOutResponse {
        order_id: v.row.id.clone(),
        requested_foc_date: v.request.requested_foc_date.map(|t| t.iso()),
        actual_foc_date: v.result.actual_foc_date.map(|t| t.iso()),
        pon: v.request.pon.clone(),
        account_id: v.row.account_id.to_string(),
        order_create_date: v.row.created_at.iso(),
        last_modified_date: v.row.updated_at.iso(),
        user_id: v.row.created_by.clone(),
        port_out_status: v.row.status.clone(),
        spid: v.request.winning_carrier.spid.clone(),
        list_of_phone_numbers: PhoneNumbersXml {
            numbers: v.request.tns.clone(),
        },
        count_of_tns: v.row.tn_count,
        errors: crate::convert::portins::errors(&v.result.errors),
    }
}

/// `GET …/portouts`: filters `status`, `startdate`/`enddate`, paged by
/// `page`/`size` (default 300).
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
    base: RequestBase,
) -> Result<Response, ApiError> {
    let f = filter(&q, OrderKind::PortOut, &statuses()).map_err(LIST.core())?;
    let size = page_size(&q, 300, 1_000).map_err(LIST.core())?;
    let page = state
        .hub
        .list_port_outs(&account, &f, q.get("page"), size)
        .await
        .map_err(LIST.core())?;
    if page.items.is_empty() {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let path = format!("/accounts/{account}/portouts");
    Ok(xml_response(
        StatusCode::OK,
        &LnpResponseWrapper {
            total_count: page.total,
            links: Some(base.page_links(&path, &q, size, page.next.as_deref())),
            items: page.items.iter().map(summary).collect(),
        },
    ))
}

/// `GET …/portouts/{portoutId}`.
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    let v = state
        .hub
        .port_out(&account, p.get("portoutId"))
        .await
        .map_err(GENERIC.core())?;
    Ok(xml_response(StatusCode::OK, &response(&v)))
}

/// `GET …/portouts/{portoutId}/history`.
pub async fn history(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
) -> Result<Xml<OrderHistoryWrapper>, ApiError> {
    crate::routes::notes::history(PORTOUTS, s, a, p).await
}

/// `GET …/portouts/{portoutId}/notes`.
pub async fn notes(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    crate::routes::notes::list(PORTOUTS, s, a, p).await
}

/// `POST …/portouts/{portoutId}/notes`.
pub async fn add_note(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
    b: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    crate::routes::notes::add(PORTOUTS, s, a, p, b, body).await
}

/// `PUT …/portouts/{portoutId}/notes/{noteId}`.
pub async fn update_note(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    crate::routes::notes::update(PORTOUTS, s, a, p, body).await
}
