//! In-service numbers: `GET A/inserviceNumbers` (+ `/totals`, `/{tn}`) and
//! `GET A/sites/{s}/inserviceNumbers` (wire-format.md 2.10).
//!
//! As in the real service, an empty page is `204 No Content`, an invalid
//! filter is a 404 (codes in `tnhub_core::service::numbers`), and
//! `/{tn}` answers 200 with no body when the number is in service on the
//! account, 404 (13518) otherwise.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tnhub_core::service::{ListQuery, NumberPage};
use tnhub_wire::response::inservice::{Quantity, TnList, TnsResponse};

use crate::auth::{AccountScope, Params};
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::routes::tns::page_links;
use crate::state::AppState;
use crate::xml::{Xml, ok_empty, xml_response};

const TNS: ErrorShape = ErrorShape::status("TNs");
const QUANTITY: ErrorShape = ErrorShape::status("Quantity");

fn respond(
    base: &RequestBase,
    path: &str,
    raw_query: Option<&str>,
    q: &ListQuery,
    page: NumberPage,
) -> Response {
    if page.numbers.is_empty() {
        return StatusCode::NO_CONTENT.into_response();
    }
    xml_response(
        StatusCode::OK,
        &TnsResponse {
            total_count: page.total,
            links: page_links(base, path, raw_query, q.size, page.next.as_deref()),
            telephone_numbers: TnList {
                count: page.numbers.len(),
                numbers: page.numbers.iter().map(|n| n.tn.to_string()).collect(),
            },
        },
    )
}

/// `GET A/inserviceNumbers`: filters `areacode`, `npanxx`, `npanxxx`,
/// `lata`, `state`, `ratecenter` (with `state`), `startdate`, `enddate`;
/// `page` (1 or a number), `size` (300).
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    base: RequestBase,
    RawQuery(raw): RawQuery,
    query: QueryMap,
) -> Result<Response, ApiError> {
    let q = ListQuery::parse_in_service(query.pairs()).map_err(TNS.core())?;
    let page = state
        .hub
        .in_service_numbers(&account, None, &q)
        .await
        .map_err(TNS.core())?;
    let path = format!("/accounts/{account}/inserviceNumbers");
    Ok(respond(&base, &path, raw.as_deref(), &q, page))
}

/// `GET A/sites/{s}/inserviceNumbers`: the same for one site (12016 when unknown).
pub async fn site_list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    base: RequestBase,
    RawQuery(raw): RawQuery,
    query: QueryMap,
) -> Result<Response, ApiError> {
    let q = ListQuery::parse_in_service(query.pairs()).map_err(TNS.core())?;
    let site = p.get("siteId");
    let page = state
        .hub
        .in_service_numbers(&account, Some(site), &q)
        .await
        .map_err(TNS.core())?;
    let path = format!("/accounts/{account}/sites/{}/inserviceNumbers", site.trim());
    Ok(respond(&base, &path, raw.as_deref(), &q, page))
}

/// `GET A/inserviceNumbers/totals`: `<Quantity><Count/></Quantity>`.
pub async fn totals(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
) -> Result<Xml<Quantity>, ApiError> {
    let count = state
        .hub
        .in_service_total(&account)
        .await
        .map_err(QUANTITY.core())?;
    Ok(Xml(Quantity { count }))
}

/// `GET A/inserviceNumbers/{tn}`: 200 (no body) when in service here.
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    state
        .hub
        .check_in_service(&account, p.get("tn"))
        .await
        .map_err(TNS.core())?;
    Ok(ok_empty())
}

/// `GET A/discnumbers`: the account's disconnected numbers that are still
/// aging, in the same `<TNs>` shape (204 when none); the in-service
/// filters, `startdate`/`enddate` (the day of disconnection) and `type`
/// (`local`, `tollfree`).
pub async fn disconnected(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    base: RequestBase,
    RawQuery(raw): RawQuery,
    query: QueryMap,
) -> Result<Response, ApiError> {
    let q = ListQuery::parse_disconnected(query.pairs()).map_err(TNS.core())?;
    let page = state
        .hub
        .disconnected_numbers(&account, &q)
        .await
        .map_err(TNS.core())?;
    let path = format!("/accounts/{account}/discnumbers");
    Ok(respond(&base, &path, raw.as_deref(), &q, page))
}

/// `GET A/discnumbers/totals`: `<Quantity><Count/></Quantity>`, with the
/// same `startdate`/`enddate`/`type` filters as the list.
pub async fn disconnected_totals(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    query: QueryMap,
) -> Result<Xml<Quantity>, ApiError> {
    let q = ListQuery::parse_disconnected(query.pairs()).map_err(QUANTITY.core())?;
    let count = state
        .hub
        .disconnected_total(&account, &q)
        .await
        .map_err(QUANTITY.core())?;
    Ok(Xml(Quantity { count }))
}
