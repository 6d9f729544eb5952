//! XML in and out of handlers.
//!
//! [`Xml`] writes a [`Document`] with the real service's declaration and
//! content type; [`Created`] is the 201 + `Location` every create answers;
//! [`RawBody`] reads a body under the configured size limit, and [`parse`]
//! reads it as a request document in the endpoint's error shape;
//! [`parse_list`] does so for an endpoint with a capped list, refusing a
//! longer one with the endpoint's own code as soon as the cap is passed.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tnhub_wire::request::RequestDocument;
use tnhub_wire::{Document, ReadError, from_request, from_request_limited, to_document};

use crate::error::{ApiError, ErrorShape};
use crate::state::AppState;

/// The content type of every XML response.
pub const XML: &str = "application/xml";

/// A 200 with an XML document.
pub struct Xml<T: Document>(pub T);

impl<T: Document> IntoResponse for Xml<T> {
    fn into_response(self) -> Response {
        xml_response(StatusCode::OK, &self.0)
    }
}

/// Writes a document with a status; a document that cannot be written is a
/// bug, reported as a 500 rather than a panic.
pub fn xml_response<T: Document>(status: StatusCode, doc: &T) -> Response {
    match to_document(doc) {
        Ok(body) => (status, [(header::CONTENT_TYPE, XML)], body).into_response(),
        Err(e) => ApiError::internal(&e.to_string()).into_response(),
    }
}

/// `201 Created` with a `Location` ending in the new id, and optionally a body
/// (orders, port-ins and disconnects carry one; sites and peers do not).
pub struct Created {
    /// The new resource's URL.
    pub location: String,
    /// The XML body, if the endpoint sends one.
    pub body: Option<Response>,
}

impl IntoResponse for Created {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(mut r) => {
                *r.status_mut() = StatusCode::CREATED;
                r
            }
            None => StatusCode::CREATED.into_response(),
        };
        if let Ok(v) = HeaderValue::from_str(&self.location) {
            response.headers_mut().insert(header::LOCATION, v);
        }
        response
    }
}

/// A 200 with no body (PUT/DELETE where the real service sends nothing).
pub fn ok_empty() -> Response {
    StatusCode::OK.into_response()
}

/// The request body, read whole under the size limit.
pub struct RawBody(pub Bytes);

impl FromRequest<AppState> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        read_body(&parts.headers, body, state.config.body_limit)
            .await
            .map(RawBody)
    }
}

/// Reads a request body whole under `limit` bytes: 413 above it, 408 when
/// it stalls past the body timeout, 400 when it cannot be read.
pub(crate) async fn read_body(
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    limit: usize,
) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::too_large(limit));
    }
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => Ok(bytes),
        Err(e) => {
            let inner = e.into_inner();
            if inner
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                Err(ApiError::too_large(limit))
            } else if timed_out(inner.as_ref()) {
                // The body stalled for longer than --body-timeout.
                Err(ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    crate::error::GENERIC,
                    Some(tnhub_core::error::codes::MALFORMED),
                    "The request body was not sent in time",
                ))
            } else {
                Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    crate::error::GENERIC,
                    Some(tnhub_core::error::codes::MALFORMED),
                    format!("The request body could not be read: {inner}"),
                ))
            }
        }
    }
}

/// Whether a body error comes from the body timeout (wrapped by the layers
/// between the connection and the handler).
fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(e) = cause {
        if e.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// Reads a request document, reporting problems in the endpoint's shape.
pub fn parse<T: RequestDocument>(body: &RawBody, shape: ErrorShape) -> Result<T, ApiError> {
    if crate::journal::active() {
        return read_noted(body, tnhub_wire::read::MAX_REPEATS).map_err(shape.read());
    }
    from_request::<T>(&body.0, T::ROOTS).map_err(shape.read())
}

/// Reads a document and adds what the reader tolerated to the request's
/// journal entry.
fn read_noted<T: RequestDocument>(body: &RawBody, max: usize) -> Result<T, ReadError> {
    let mut notes = tnhub_wire::Notes::default();
    let read = tnhub_wire::from_request_noted::<T>(&body.0, T::ROOTS, max, &mut notes);
    for n in notes.0 {
        crate::journal::note(n);
    }
    read
}

/// An endpoint's cap on the numbers one request may list, and the code it
/// refuses more with (the domain checks the exact count again; this stops
/// reading a hostile body early).
#[derive(Debug, Clone, Copy)]
pub struct ListCap {
    /// The most numbers accepted.
    pub max: usize,
    /// The endpoint's error code for too many.
    pub code: u32,
    /// What is counted, for the message.
    pub what: &'static str,
}

/// Orders, disconnects and feature orders: 5009 above 5,000 numbers.
pub const ORDER_TNS: ListCap = ListCap {
    max: tnhub_core::order::number_order::MAX_ORDER_TNS,
    code: tnhub_core::order::codes::QUANTITY,
    what: "telephone numbers",
};

/// Port-ins and the LNP checker: 7314 above 5,000 numbers.
pub const PORT_TNS: ListCap = ListCap {
    max: tnhub_core::order::portin::MAX_PORT_TNS,
    code: tnhub_core::order::portin::codes::TOO_MANY,
    what: "telephone numbers",
};

impl ListCap {
    /// The refusal's text.
    pub fn message(&self) -> String {
        format!(
            "The quantity specified is invalid: more than {} {} were sent; at most {} are accepted.",
            self.max, self.what, self.max
        )
    }
}

/// Reads a request document whose lists are capped by `cap`: a body with
/// more of one element than that is refused with `cap.code` as soon as the
/// reader counts past it.
pub fn parse_list<T: RequestDocument>(
    body: &RawBody,
    shape: ErrorShape,
    cap: ListCap,
) -> Result<T, ApiError> {
    let read = if crate::journal::active() {
        read_noted::<T>(body, cap.max)
    } else {
        from_request_limited::<T>(&body.0, T::ROOTS, cap.max)
    };
    read.map_err(|e| match e {
        ReadError::TooMany { .. } => ApiError::new(
            StatusCode::BAD_REQUEST,
            shape,
            Some(cap.code),
            cap.message(),
        ),
        other => shape.read()(other),
    })
}
