//! Disconnects: `POST|GET /accounts/{a}/disconnects`, `GET …/disconnects/{id}`
//! (wire-format.md 2.4), with notes and history.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tnhub_core::order::OrderKind;
use tnhub_wire::request::features::DisconnectBody;
use tnhub_wire::response::features::DisconnectResponse;
use tnhub_wire::response::order::{ListOrderIdUserIdDate, ResponseSelectWrapper};

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::convert;
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::routes::notes::Collection;
use crate::routes::orders::{filter, page_size};
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, parse_list, xml_response};

const DISCONNECT: ErrorShape = ErrorShape::error_list("DisconnectTelephoneNumberOrderResponse");
const LIST: ErrorShape = ErrorShape::status("ResponseSelectWrapper");
const GENERIC: ErrorShape = crate::error::GENERIC;
const STATUSES: &[&str] = &["received", "processing", "complete", "partial", "failed"];

/// Disconnects, for notes and history.
pub const DISCONNECTS: Collection = Collection {
    kind: OrderKind::Disconnect,
    path: "disconnects",
    id_param: "disconnectId",
};

/// `POST …/disconnects`: 201, `Location`, and the echo with `RECEIVED`.
pub async fn create(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request: DisconnectBody = parse_list(&body, DISCONNECT, crate::xml::ORDER_TNS)?;
    let view = state
        .hub
        .create_disconnect(
            &account,
            user.user.as_str(),
            convert::features::disconnect_draft(request),
        )
        .await
        .map_err(DISCONNECT.core())?;
    tracing::info!(account = %account, order = %view.row.id, tns = view.row.tn_count, "disconnect received");
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/disconnects/{}", view.row.id)),
        body: Some(xml_response(
            StatusCode::CREATED,
            &convert::features::disconnect(&view, false),
        )),
    })
}

/// `GET …/disconnects/{disconnectId}` (`?tndetail=true` changes nothing: the numbers are always listed).
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<DisconnectResponse>, ApiError> {
    let view = state
        .hub
        .disconnect(&account, p.get("disconnectId"))
        .await
        .map_err(GENERIC.core())?;
    Ok(Xml(convert::features::disconnect(&view, true)))
}

/// `GET …/disconnects`: `ResponseSelectWrapper` with `<OrderId>` and `OrderType` `disconnect`.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
    base: RequestBase,
) -> Result<Response, ApiError> {
    list_kind(
        &state,
        &account,
        &q,
        &base,
        OrderKind::Disconnect,
        "disconnects",
        STATUSES,
    )
    .await
}

/// A `ResponseSelectWrapper` page of one kind of order with `<OrderId>` (disconnects, LIDB, DLDA).
pub async fn list_kind(
    state: &AppState,
    account: &tnhub_core::ids::AccountId,
    q: &QueryMap,
    base: &RequestBase,
    kind: OrderKind,
    path: &str,
    statuses: &[&str],
) -> Result<Response, ApiError> {
    let f = filter(q, kind, statuses).map_err(LIST.core())?;
    let size = page_size(q, 1_000, 1_000).map_err(LIST.core())?;
    let tn = super::features::tn_filter(q).map_err(LIST.core())?;
    let page = state
        .hub
        .list_orders_naming(account, &f, tn.as_deref(), q.get("page"), size)
        .await
        .map_err(LIST.core())?;
    Ok(xml_response(
        StatusCode::OK,
        &ResponseSelectWrapper {
            list_order_id_user_id_date: ListOrderIdUserIdDate {
                total_count: page.total,
                links: Some(base.page_links(
                    &format!("/accounts/{account}/{path}"),
                    q,
                    size,
                    page.next.as_deref(),
                )),
                orders: page.orders.iter().map(convert::features::summary).collect(),
            },
        },
    ))
}

/// Notes and history of disconnects.
pub mod notes {
    use axum::extract::State;
    use axum::response::Response;
    use tnhub_wire::response::order::OrderHistoryWrapper;

    use super::DISCONNECTS;
    use crate::auth::{AccountScope, Params};
    use crate::error::ApiError;
    use crate::routes::base::RequestBase;
    use crate::state::AppState;
    use crate::xml::{Created, RawBody, Xml};

    /// `GET …/disconnects/{disconnectId}/notes`.
    pub async fn list(
        State(s): State<AppState>,
        a: AccountScope,
        p: Params,
    ) -> Result<Response, ApiError> {
        crate::routes::notes::list(DISCONNECTS, s, a, p).await
    }
    /// `POST …/disconnects/{disconnectId}/notes`.
    pub async fn add(
        State(s): State<AppState>,
        a: AccountScope,
        p: Params,
        b: RequestBase,
        body: RawBody,
    ) -> Result<Created, ApiError> {
        crate::routes::notes::add(DISCONNECTS, s, a, p, b, body).await
    }
    /// `PUT …/disconnects/{disconnectId}/notes/{noteId}`.
    pub async fn update(
        State(s): State<AppState>,
        a: AccountScope,
        p: Params,
        body: RawBody,
    ) -> Result<Response, ApiError> {
        crate::routes::notes::update(DISCONNECTS, s, a, p, body).await
    }
    /// `GET …/disconnects/{disconnectId}/history`.
    pub async fn history(
        State(s): State<AppState>,
        a: AccountScope,
        p: Params,
    ) -> Result<Xml<OrderHistoryWrapper>, ApiError> {
        crate::routes::notes::history(DISCONNECTS, s, a, p).await
    }
}
