//! Port-ins: `POST|GET /accounts/{a}/portins`, `GET|PUT|DELETE …/portins/{id}`,
//! `…/totals`, the site-scoped list, the numbers and their reports, notes
//! and history, and `…/activationStatus` (wire-format.md 2.3).
//!
//! Errors of the port-in itself are written in envelope C
//! (`<LnpOrderResponse><Status/><Errors/>*<ProcessingStatus>EXCEPTION`),
//! every error found at once, each with its numbers as
//! `<TelephoneNumbers><Tn/>*`.
//!
//! This module holds create, read, supplement, cancel, the lists and the
//! totals; `numbers` answers a port-in's numbers, their reports and its
//! history, `activation` the activation status, and [`notes`] its notes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tnhub_core::order::OrderKind;
use tnhub_core::order::portin::PortStatus;
use tnhub_core::service::{PortFailure, PortInFilter};
use tnhub_core::{CoreError, ErrorKind, Timestamp};
use tnhub_wire::request::portin::LnpOrderBody;
use tnhub_wire::response::inservice::Quantity;
use tnhub_wire::response::portin::{LnpOrderErrors, LnpResponseWrapper, StatusXml};

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::convert;
use crate::convert::portins::Answer;
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::routes::notes::Collection;
use crate::routes::orders::{filter, page_size};
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, ok_empty, parse_list, xml_response};

mod activation;
pub mod notes;
mod numbers;

pub use activation::{activation, set_activation};
pub use numbers::{area_codes, history, npa_nxx, order_totals, tns};

const PORTIN: ErrorShape = ErrorShape::errors("LnpOrderResponse");
const LIST: ErrorShape = ErrorShape::status("LNPResponseWrapper");
const ACTIVATION: ErrorShape = ErrorShape::status("ActivationStatusResponse");
const GENERIC: ErrorShape = crate::error::GENERIC;

/// The list filter's `status` values.
const STATUSES: &[&str] = &[
    "draft",
    "pending_documents",
    "submitted",
    "exception",
    "requested_supp",
    "foc",
    "requested_cancel",
    "cancelled",
    "complete",
];

/// Port-ins, for notes and history.
pub const PORTINS: Collection = Collection {
    kind: OrderKind::PortIn,
    path: "portins",
    id_param: "portinId",
};

/// The HTTP status of a kind of failure.
pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Invalid => StatusCode::BAD_REQUEST,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A port-in failure in envelope C, every error listed.
pub fn failure(f: PortFailure) -> Response {
    let status = status_of(f.kind);
    if status.is_server_error() {
        return ApiError::from_core(f.first(), PORTIN).into_response();
    }
    let description = match status {
        StatusCode::BAD_REQUEST => "Validation Failed. Please check your input parameters.",
        StatusCode::NOT_FOUND => "The resource does not exist",
        StatusCode::CONFLICT => "The request conflicts with the order's current state",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    xml_response(
        status,
        &LnpOrderErrors {
            status: StatusXml {
                code: status.as_u16(),
                description: description.into(),
            },
            errors: convert::portins::errors(&f.errors),
            processing_status: "EXCEPTION".into(),
        },
    )
}

/// `POST …/portins`: 201, `Location`, and `<LnpOrderResponse>` with
/// `OrderId` and `Status` 201.
pub async fn create(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    base: RequestBase,
    body: RawBody,
) -> Result<Response, Response> {
    let request: LnpOrderBody =
        parse_list(&body, PORTIN, crate::xml::PORT_TNS).map_err(IntoResponse::into_response)?;
    let v = state
        .hub
        .create_port_in(
            &account,
            user.user.as_str(),
            convert::portins::draft(request),
        )
        .await
        .map_err(failure)?;
    tracing::info!(account = %account, portin = %v.row.id, status = %v.row.status, tns = v.row.tn_count, "port-in received");
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/portins/{}", v.row.id)),
        body: Some(xml_response(
            StatusCode::CREATED,
            &convert::portins::response(&v, Answer::Created),
        )),
    }
    .into_response())
}

/// `GET …/portins/{portinId}`: without `OrderId` (Node takes the id from
/// its argument).
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    let v = state
        .hub
        .port_in(&account, p.get("portinId"))
        .await
        .map_err(GENERIC.core())?;
    Ok(xml_response(
        StatusCode::OK,
        &convert::portins::response(&v, Answer::Get),
    ))
}

/// `PUT …/portins/{portinId}`: a supplement (`<LnpOrderSupp>`, or Python's
/// `<LnpOrder>` echoing the last response).
pub async fn update(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    p: Params,
    body: RawBody,
) -> Result<Response, Response> {
    let request: LnpOrderBody =
        parse_list(&body, PORTIN, crate::xml::PORT_TNS).map_err(IntoResponse::into_response)?;
    let v = state
        .hub
        .update_port_in(
            &account,
            p.get("portinId"),
            user.user.as_str(),
            convert::portins::draft(request),
        )
        .await
        .map_err(failure)?;
    Ok(xml_response(
        StatusCode::OK,
        &convert::portins::response(&v, Answer::Supplemented),
    ))
}

/// `DELETE …/portins/{portinId}`: 200 with no body.
pub async fn remove(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Response, Response> {
    state
        .hub
        .cancel_port_in(&account, p.get("portinId"), user.user.as_str())
        .await
        .map_err(failure)?;
    Ok(ok_empty())
}

/// The list filters: `status` (lower-case values; drafts only when asked
/// for), `startdate`/`enddate`, `date`, `tn` (billing number), `orderTn`
/// (any number), `customerOrderId`, `userid`, `pon`.
fn port_filter(q: &QueryMap) -> Result<Option<PortInFilter>, CoreError> {
    let f = filter(q, OrderKind::PortIn, STATUSES)?;
    let mut out = PortInFilter {
        statuses: f
            .statuses
            .iter()
            .filter_map(|s| PortStatus::parse(s))
            .collect(),
        from: f.from,
        to: f.to,
        customer_order_id: f.customer_order_id,
        created_by: f.created_by,
        ..PortInFilter::default()
    };
    if let Some(d) = q.get("date").filter(|d| !d.trim().is_empty()) {
        let day = Timestamp::parse(d).ok_or_else(|| {
            CoreError::invalid(
                15501,
                format!("Invalid date range: date '{d}' is not a date"),
            )
        })?;
        out.from = Some(day);
        out.to = Some(day.plus_millis(86_399_999));
    }
    let tn = |key: &str| -> Result<Option<String>, CoreError> {
        q.get(key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| {
                tnhub_core::order::portin::parse_tn(v)
                    .map(|t| t.to_string())
                    .ok_or_else(|| {
                        CoreError::invalid(
                            tnhub_core::order::portin::codes::TN_INVALID,
                            tnhub_core::order::portin::invalid_tn_text(v),
                        )
                    })
            })
            .transpose()
    };
    out.billing_tn = tn("tn")?;
    out.order_tn = tn("ordertn")?;
    // tnhub gives port-ins no PON, so a PON matches none of them.
    if q.get("pon").is_some_and(|p| !p.trim().is_empty()) {
        return Ok(None);
    }
    Ok(Some(out))
}

async fn list_in(
    state: &AppState,
    account: &tnhub_core::ids::AccountId,
    f: Option<PortInFilter>,
    q: &QueryMap,
    base: &RequestBase,
    path: &str,
) -> Result<Response, ApiError> {
    let size = page_size(q, 300, 1_000).map_err(LIST.core())?;
    let Some(f) = f else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let page = state
        .hub
        .list_port_ins(account, &f, q.get("page"), size)
        .await
        .map_err(LIST.core())?;
    if page.items.is_empty() {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok(xml_response(
        StatusCode::OK,
        &LnpResponseWrapper {
            total_count: page.total,
            links: Some(base.page_links(path, q, size, page.next.as_deref())),
            items: page.items.iter().map(convert::portins::summary).collect(),
        },
    ))
}

/// `GET …/portins`: `LNPResponseWrapper`, 204 when nothing matches.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
    base: RequestBase,
) -> Result<Response, ApiError> {
    let f = port_filter(&q).map_err(LIST.core())?;
    let path = format!("/accounts/{account}/portins");
    list_in(&state, &account, f, &q, &base, &path).await
}

/// `GET …/sites/{siteId}/portins`.
pub async fn list_for_site(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    q: QueryMap,
    base: RequestBase,
) -> Result<Response, ApiError> {
    let site = state
        .hub
        .site(&account, p.get("siteId"))
        .await
        .map_err(LIST.core())?;
    let f = port_filter(&q).map_err(LIST.core())?.map(|mut f| {
        f.site_id = Some(site.id);
        f
    });
    let path = format!("/accounts/{account}/sites/{}/portins", site.id);
    list_in(&state, &account, f, &q, &base, &path).await
}

/// `GET …/portins/totals?status=`: `<Quantity><Count/>`.
pub async fn totals(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
) -> Result<Xml<Quantity>, ApiError> {
    let count = match port_filter(&q).map_err(LIST.core())? {
        None => 0,
        Some(f) => {
            state
                .hub
                .list_port_ins(&account, &f, None, 1)
                .await
                .map_err(LIST.core())?
                .total
        }
    };
    Ok(Xml(Quantity { count }))
}
