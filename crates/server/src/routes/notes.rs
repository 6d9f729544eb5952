//! Notes and history of orders, disconnects and port-ins (wire-format.md
//! 2.13): `GET|POST …/{id}/notes`, `PUT …/{id}/notes/{noteId}`, `GET …/{id}/history`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tnhub_core::order::OrderKind;
use tnhub_wire::request::order::NoteBody;
use tnhub_wire::response::order::{NoteXml, Notes, OrderHistoryWrapper, OrderHistoryXml};

use crate::auth::{AccountScope, Params};
use crate::error::{ApiError, ErrorShape};
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, ok_empty, parse};

const NOTE: ErrorShape = ErrorShape::status("NoteResponse");
const GENERIC: ErrorShape = crate::error::GENERIC;

/// Which kind of order a route serves and how its URL spells the collection.
#[derive(Clone, Copy)]
pub struct Collection {
    pub kind: OrderKind,
    pub path: &'static str,
    pub id_param: &'static str,
}

/// New-number orders.
pub const ORDERS: Collection = Collection {
    kind: OrderKind::NewNumber,
    path: "orders",
    id_param: "orderId",
};

/// `GET …/{id}/notes`: `<Notes>`; 204 when there are none (as the real service).
pub async fn list(
    c: Collection,
    state: AppState,
    account: AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    let notes = state
        .hub
        .order_notes(&account.0, p.get(c.id_param), Some(c.kind))
        .await
        .map_err(GENERIC.core())?;
    if notes.is_empty() {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok(Xml(Notes {
        notes: notes
            .into_iter()
            .map(|n| NoteXml {
                id: n.id,
                user_id: n.user,
                description: n.description,
                last_date_modifier: n.updated_at.iso(),
            })
            .collect(),
    })
    .into_response())
}

/// `POST …/{id}/notes`: 201 with `Location …/notes/{noteId}`. `UserId` is
/// required (12501), as in the real service.
pub async fn add(
    c: Collection,
    state: AppState,
    account: AccountScope,
    p: Params,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let note: NoteBody = parse(&body, NOTE)?;
    let id = p.get(c.id_param);
    let note_id = state
        .hub
        .add_order_note(
            &account.0,
            id,
            Some(c.kind),
            note.user_id.as_deref(),
            note.description.as_deref(),
        )
        .await
        .map_err(NOTE.core())?;
    Ok(Created {
        location: base.url(&format!(
            "/accounts/{}/{}/{id}/notes/{note_id}",
            account.0, c.path
        )),
        body: None,
    })
}

/// `PUT …/{id}/notes/{noteId}`: 200.
pub async fn update(
    c: Collection,
    state: AppState,
    account: AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    let note: NoteBody = parse(&body, NOTE)?;
    state
        .hub
        .update_order_note(
            &account.0,
            p.get(c.id_param),
            Some(c.kind),
            p.get("noteId"),
            note.description.as_deref(),
        )
        .await
        .map_err(NOTE.core())?;
    Ok(ok_empty())
}

/// `GET …/{id}/history`: `<OrderHistoryWrapper>`.
pub async fn history(
    c: Collection,
    state: AppState,
    account: AccountScope,
    p: Params,
) -> Result<Xml<OrderHistoryWrapper>, ApiError> {
    let entries = state
        .hub
        .order_history(&account.0, p.get(c.id_param), Some(c.kind))
        .await
        .map_err(GENERIC.core())?;
    Ok(Xml(OrderHistoryWrapper {
        entries: entries
            .into_iter()
            .map(|e| OrderHistoryXml {
                order_date: e.at.iso(),
                note: e.note,
                author: e.author,
                status: e.status,
                difference: e.difference,
            })
            .collect(),
    }))
}

/// Route handlers for one collection.
pub mod orders {
    use super::*;

    /// `GET …/orders/{orderId}/notes`.
    pub async fn list(
        State(s): State<AppState>,
        a: AccountScope,
        p: Params,
    ) -> Result<Response, ApiError> {
        super::list(ORDERS, s, a, p).await
    }
    /// `POST …/orders/{orderId}/notes`.
    pub async fn add(
        State(s): State<AppState>,
        a: AccountScope,
        p: Params,
        b: RequestBase,
        body: RawBody,
    ) -> Result<Created, ApiError> {
        super::add(ORDERS, s, a, p, b, body).await
    }
    /// `PUT …/orders/{orderId}/notes/{noteId}`.
    pub async fn update(
        State(s): State<AppState>,
        a: AccountScope,
        p: Params,
        body: RawBody,
    ) -> Result<Response, ApiError> {
        super::update(ORDERS, s, a, p, body).await
    }
    /// `GET …/orders/{orderId}/history`.
    pub async fn history(
        State(s): State<AppState>,
        a: AccountScope,
        p: Params,
    ) -> Result<Xml<OrderHistoryWrapper>, ApiError> {
        super::history(ORDERS, s, a, p).await
    }
}
