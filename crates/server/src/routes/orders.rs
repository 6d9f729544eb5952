//! New-number orders: `POST|GET /accounts/{a}/orders`, `GET|PUT …/orders/{id}`,
//! their numbers and reports, the totals, and the site-scoped views
//! (wire-format.md 2.2).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tnhub_core::CoreError;
use tnhub_core::Timestamp;
use tnhub_core::error::codes as common;
use tnhub_core::ids::SiteId;
use tnhub_core::order::{OrderFilter, OrderKind};
use tnhub_core::site::site_not_found;
use tnhub_wire::request::order::OrderBody;
use tnhub_wire::response::order::{
    ListOrderIdUserIdDate, OrderTelephoneNumbers, ResponseSelectWrapper, TelephoneDetailsReport,
    TelephoneDetailsReports,
};

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::convert;
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, parse_list, xml_response};

const ORDER: ErrorShape = ErrorShape::error_list("OrderResponse");
const LIST: ErrorShape = ErrorShape::status("ResponseSelectWrapper");
const GENERIC: ErrorShape = crate::error::GENERIC;

/// `POST …/orders`: 201, `Location`, and `<OrderResponse><Order><id>…` with `RECEIVED`.
pub async fn create(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request: OrderBody = parse_list(&body, ORDER, crate::xml::ORDER_TNS)?;
    let draft = convert::orders::draft(request).map_err(ORDER.core())?;
    if let Some((tns, _)) = &draft.existing {
        state.check_offered(account.as_str(), "order", tns);
    }
    let view = state
        .hub
        .create_number_order(&account, user.user.as_str(), draft)
        .await
        .map_err(ORDER.core())?;
    tracing::info!(account = %account, order = %view.row.id, tns = view.row.tn_count, "order received");
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/orders/{}", view.row.id)),
        body: Some(xml_response(
            StatusCode::CREATED,
            &convert::orders::created(&view),
        )),
    })
}

/// `GET …/orders/{orderId}` (and the site-scoped form, which adds `<siteId>`).
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    let view = state
        .hub
        .number_order(&account, p.get("orderId"))
        .await
        .map_err(GENERIC.core())?;
    let site = p.get("siteId");
    if !site.is_empty() && view.row.site_id.map(|s| s.to_string()).as_deref() != Some(site) {
        return Err(ApiError::from_core(
            tnhub_core::service::order_not_found(p.get("orderId")),
            GENERIC,
        ));
    }
    Ok(xml_response(
        StatusCode::OK,
        &convert::orders::full(&view, !site.is_empty()),
    ))
}

/// `PUT …/orders/{orderId}`: name, customer order id, or `CloseOrder` of a back-order.
pub async fn update(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    let request: OrderBody = parse_list(&body, ORDER, crate::xml::ORDER_TNS)?;
    let close = convert::boolean(&request.close_order, "CloseOrder")
        .map_err(ORDER.core())?
        .unwrap_or(false);
    state
        .hub
        .update_number_order(
            &account,
            p.get("orderId"),
            request.name,
            request.customer_order_id,
            close,
            user.user.as_str(),
        )
        .await
        .map_err(ORDER.core())?;
    // The real service answers 200 with an empty <OrderResponse/>; Python
    // parses the body, so it must be there.
    Ok((
        StatusCode::OK,
        [(axum::http::header::CONTENT_TYPE, crate::xml::XML)],
        format!("{}<OrderResponse/>", tnhub_wire::write::DECLARATION),
    )
        .into_response())
}

/// The list filters of the lists of one kind of order (disconnects,
/// feature orders, port-ins): see [`filter_of`].
pub fn filter(
    q: &QueryMap,
    kind: OrderKind,
    valid_statuses: &[&str],
) -> Result<OrderFilter, CoreError> {
    filter_of(q, Some(kind), valid_statuses)
}

/// The list filters of `GET …/orders` (and the lists of one kind):
/// `status`, `startdate`, `enddate`, `customerOrderId`, `userid`; `kind`
/// narrows the list to one kind of order (`None`: every kind).
pub fn filter_of(
    q: &QueryMap,
    kind: Option<OrderKind>,
    valid_statuses: &[&str],
) -> Result<OrderFilter, CoreError> {
    let mut f = OrderFilter {
        kind,
        ..OrderFilter::default()
    };
    if let Some(s) = q.get("status").filter(|s| !s.trim().is_empty()) {
        for one in s.split(',').map(str::trim).filter(|v| !v.is_empty()) {
            if !valid_statuses.iter().any(|v| v.eq_ignore_ascii_case(one)) {
                return Err(CoreError::invalid(
                    15518,
                    format!(
                        "Invalid 'status'. Valid values: {}",
                        valid_statuses.join(", ")
                    ),
                ));
            }
            f.statuses.push(one.to_ascii_uppercase());
        }
    }
    let date = |key: &str| -> Result<Option<Timestamp>, CoreError> {
        q.get(key)
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                Timestamp::parse(v).ok_or_else(|| {
                    CoreError::invalid(
                        15501,
                        format!("Invalid date range: {key} '{v}' is not a date (yyyy-mm-dd)"),
                    )
                })
            })
            .transpose()
    };
    f.from = date("startdate")?;
    // An end date includes its whole day.
    f.to = date("enddate")?.map(|t| t.plus_millis(86_399_999));
    if let (Some(a), Some(b)) = (f.from, f.to)
        && a > b
    {
        return Err(CoreError::invalid(
            15501,
            "Invalid date range: startdate is after enddate",
        ));
    }
    f.customer_order_id = q
        .get("customerorderid")
        .map(str::to_string)
        .filter(|v| !v.is_empty());
    f.created_by = q
        .get("userid")
        .map(str::to_string)
        .filter(|v| !v.is_empty());
    Ok(f)
}

/// `size` of a list: 1 to the maximum, with a default.
pub fn page_size(q: &QueryMap, default: u32, max: u32) -> Result<u32, CoreError> {
    match q.get("size").map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                CoreError::invalid(
                    common::INVALID_VALUE,
                    format!("size '{v}' must be a number from 1 to {max}"),
                )
            }),
    }
}

const STATUSES: &[&str] = &[
    "received",
    "processing",
    "complete",
    "partial",
    "failed",
    "backordered",
];

async fn list_in(
    state: &AppState,
    account: &tnhub_core::ids::AccountId,
    f: OrderFilter,
    q: &QueryMap,
    base: &RequestBase,
    path: &str,
) -> Result<Xml<ResponseSelectWrapper>, ApiError> {
    let size = page_size(q, 1_000, 1_000).map_err(LIST.core())?;
    let page = state
        .hub
        .list_orders(account, &f, q.get("page"), size)
        .await
        .map_err(LIST.core())?;
    Ok(Xml(ResponseSelectWrapper {
        list_order_id_user_id_date: ListOrderIdUserIdDate {
            total_count: page.total,
            links: Some(base.page_links(path, q, size, page.next.as_deref())),
            orders: page.orders.iter().map(convert::orders::summary).collect(),
        },
    }))
}

/// `GET …/orders`: `ResponseSelectWrapper/ListOrderIdUserIdDate`, paged by
/// `page` (1 or an order id) and `size`. Like the real list, it holds the
/// account's orders of every kind, each with its `OrderType`
/// (`new_number`, `disconnect`, `tn_option`, `port_in` …); the lists of
/// one kind are `…/disconnects`, `…/tnoptions` and so on.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
    base: RequestBase,
) -> Result<Xml<ResponseSelectWrapper>, ApiError> {
    let f = filter_of(&q, None, STATUSES).map_err(LIST.core())?;
    list_in(
        &state,
        &account,
        f,
        &q,
        &base,
        &format!("/accounts/{account}/orders"),
    )
    .await
}

/// `GET …/sites/{siteId}/orders`.
pub async fn list_for_site(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    q: QueryMap,
    base: RequestBase,
) -> Result<Xml<ResponseSelectWrapper>, ApiError> {
    let site = state
        .hub
        .site(&account, p.get("siteId"))
        .await
        .map_err(LIST.core())?;
    let mut f = filter_of(&q, None, STATUSES).map_err(LIST.core())?;
    f.site_id = Some(site.id);
    list_in(
        &state,
        &account,
        f,
        &q,
        &base,
        &format!("/accounts/{account}/sites/{}/orders", site.id),
    )
    .await
}

/// `GET …/orders/totals`: how many orders (optionally of a status), of
/// every kind as the list counts them.
pub async fn totals(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
) -> Result<Xml<ResponseSelectWrapper>, ApiError> {
    let f = filter_of(&q, None, STATUSES).map_err(LIST.core())?;
    let page = state
        .hub
        .list_orders(&account, &f, None, 1)
        .await
        .map_err(LIST.core())?;
    Ok(Xml(ResponseSelectWrapper {
        list_order_id_user_id_date: ListOrderIdUserIdDate {
            total_count: page.total,
            links: None,
            orders: Vec::new(),
        },
    }))
}

async fn completed(
    state: &AppState,
    account: &tnhub_core::ids::AccountId,
    p: &Params,
) -> Result<Vec<String>, ApiError> {
    let view = state
        .hub
        .number_order(account, p.get("orderId"))
        .await
        .map_err(GENERIC.core())?;
    let site = p.get("siteId");
    if !site.is_empty() && SiteId::parse(site) != view.row.site_id {
        return Err(ApiError::from_core(site_not_found(site), GENERIC));
    }
    Ok(view.result.completed)
}

/// `GET …/orders/{orderId}/tns`: the numbers the order got.
pub async fn tns(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<OrderTelephoneNumbers>, ApiError> {
    let numbers = completed(&state, &account, &p).await?;
    Ok(Xml(OrderTelephoneNumbers {
        count: numbers.len(),
        numbers,
    }))
}

fn report(numbers: &[String], digits: usize) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for n in numbers {
        let key = n.get(..digits).unwrap_or(n).to_string();
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, c)) => *c += 1,
            None => counts.push((key, 1)),
        }
    }
    counts.sort();
    counts
}

/// `GET …/orders/{orderId}/areaCodes`.
pub async fn area_codes(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<TelephoneDetailsReports>, ApiError> {
    let numbers = completed(&state, &account, &p).await?;
    Ok(Xml(TelephoneDetailsReports {
        reports: report(&numbers, 3)
            .into_iter()
            .map(|(k, count)| TelephoneDetailsReport {
                area_code: Some(k),
                npa_nxx: None,
                count,
            })
            .collect(),
    }))
}

/// `GET …/orders/{orderId}/npaNxx`.
pub async fn npa_nxx(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<TelephoneDetailsReports>, ApiError> {
    let numbers = completed(&state, &account, &p).await?;
    Ok(Xml(TelephoneDetailsReports {
        reports: report(&numbers, 6)
            .into_iter()
            .map(|(k, count)| TelephoneDetailsReport {
                area_code: None,
                npa_nxx: Some(k),
                count,
            })
            .collect(),
    }))
}

/// `GET …/orders/{orderId}/totals`.
pub async fn order_totals(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<TelephoneDetailsReports>, ApiError> {
    let numbers = completed(&state, &account, &p).await?;
    Ok(Xml(TelephoneDetailsReports {
        reports: vec![TelephoneDetailsReport {
            area_code: None,
            npa_nxx: None,
            count: numbers.len(),
        }],
    }))
}
