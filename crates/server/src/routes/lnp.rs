//! The LNP checker: `POST /accounts/{a}/lnpchecker?fullCheck=…`
//! (wire-format.md 2.11). Errors are the bare repeated `<Errors>` of
//! `<NumberPortabilityResponse>`, as the real service writes them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tnhub_core::error::codes;
use tnhub_core::order::portin::PortError;
use tnhub_core::service::{FullCheck, PortFailure};
use tnhub_wire::request::RequestDocument;
use tnhub_wire::request::portin::PortabilityBody;
use tnhub_wire::response::portin::NumberPortabilityErrors;
use tnhub_wire::{ReadError, from_request_limited};

use crate::auth::AccountScope;
use crate::convert;
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::portins::status_of;
use crate::state::AppState;
use crate::xml::{PORT_TNS, RawBody, xml_response};

const SHAPE: ErrorShape = ErrorShape::errors("NumberPortabilityResponse");

fn errors(f: PortFailure) -> Response {
    let status = status_of(f.kind);
    if status.is_server_error() {
        return ApiError::from_core(f.first(), SHAPE).into_response();
    }
    xml_response(
        status,
        &NumberPortabilityErrors {
            errors: convert::portins::errors(&f.errors),
        },
    )
}

/// `POST …/lnpchecker`: `<NumberPortabilityResponse>` with the supported and
/// unsupported rate centres, the port type and, on a full check, the losing
/// carriers.
pub async fn check(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
    body: RawBody,
) -> Result<Response, Response> {
    let full =
        FullCheck::parse(q.get("fullcheck")).map_err(|e| errors(PortFailure::invalid(vec![e])))?;
    // The numbers are counted while the body is read: past the cap the
    // rest of the body is not even read.
    let request: PortabilityBody =
        from_request_limited(&body.0, PortabilityBody::ROOTS, PORT_TNS.max).map_err(|e| {
            let error = match e {
                ReadError::TooMany { .. } => PortError::new(PORT_TNS.code, PORT_TNS.message()),
                other => PortError::new(codes::MALFORMED, other.to_string()),
            };
            errors(PortFailure::invalid(vec![error]))
        })?;
    let answer = state
        .hub
        .check_portability(&account, request.numbers(), full)
        .await
        .map_err(errors)?;
    Ok(xml_response(
        StatusCode::OK,
        &convert::portins::portability(&answer),
    ))
}
