//! Notes of port-ins: `GET|POST …/portins/{portinId}/notes` and `PUT
//! …/notes/{noteId}`, answered by the shared notes handlers.

use axum::extract::State;
use axum::response::Response;

use super::PORTINS;
use crate::auth::{AccountScope, Params};
use crate::error::ApiError;
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::{Created, RawBody};

/// `GET …/portins/{portinId}/notes`.
pub async fn list(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    crate::routes::notes::list(PORTINS, s, a, p).await
}
/// `POST …/portins/{portinId}/notes`.
pub async fn add(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
    b: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    crate::routes::notes::add(PORTINS, s, a, p, b, body).await
}
/// `PUT …/portins/{portinId}/notes/{noteId}`.
pub async fn update(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    crate::routes::notes::update(PORTINS, s, a, p, body).await
}
