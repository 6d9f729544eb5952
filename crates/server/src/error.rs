//! The API's one error type, which renders Bandwidth's XML.
//!
//! Every failure a client can see — a domain rule, a malformed body, a bad
//! password, an unknown route, a panic — becomes an [`ApiError`]: an HTTP
//! status plus Bandwidth's envelope for the endpoint that was called. The
//! envelope is chosen by an [`ErrorShape`], which each handler names once.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tnhub_core::error::codes;
use tnhub_core::{CoreError, ErrorKind};
use tnhub_wire::ReadError;
use tnhub_wire::envelope::{self, Envelope, ErrorDetail};

/// Which root and envelope an endpoint's errors are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorShape {
    /// The root element.
    pub root: &'static str,
    /// The envelope inside it.
    pub envelope: Envelope,
}

impl ErrorShape {
    /// `<root><ResponseStatus>…`.
    pub const fn status(root: &'static str) -> Self {
        ErrorShape {
            root,
            envelope: Envelope::ResponseStatus,
        }
    }

    /// `<root><ErrorList>…`.
    pub const fn error_list(root: &'static str) -> Self {
        ErrorShape {
            root,
            envelope: Envelope::ErrorList,
        }
    }

    /// `<root><Status/><Errors/>*…`.
    pub const fn errors(root: &'static str) -> Self {
        ErrorShape {
            root,
            envelope: Envelope::Errors,
        }
    }

    /// Converts a domain error into this shape (for `map_err`).
    pub fn core(self) -> impl Fn(CoreError) -> ApiError {
        move |e| ApiError::from_core(e, self)
    }

    /// Converts a body that could not be read into this shape.
    pub fn read(self) -> impl Fn(ReadError) -> ApiError {
        move |e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                self,
                Some(codes::MALFORMED),
                e.to_string(),
            )
        }
    }
}

/// The longest error description sent, in bytes. Descriptions echo what
/// the client sent (a URL, a name); a 4 MB value must not come back in a
/// 4 MB error. Longer ones are cut on a character boundary, marked `…`.
pub const MAX_DESCRIPTION: usize = 1024;

fn cut(mut text: String) -> String {
    if text.len() > MAX_DESCRIPTION {
        let mut end = MAX_DESCRIPTION;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// The generic shape used where no endpoint is involved (auth, routing).
pub const GENERIC: ErrorShape = ErrorShape::status("ErrorResponse");

/// An error response.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    shape: ErrorShape,
    details: Vec<ErrorDetail>,
    challenge: bool,
    allow: Option<String>,
    retry_after: Option<u64>,
}

impl ApiError {
    /// An error with one code and text.
    pub fn new(
        status: StatusCode,
        shape: ErrorShape,
        code: Option<u32>,
        description: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            shape,
            details: vec![ErrorDetail {
                code,
                description: cut(description.into()),
                telephone_number: None,
            }],
            challenge: false,
            allow: None,
            retry_after: None,
        }
    }

    /// Several errors at once (envelopes that list them).
    pub fn many(status: StatusCode, shape: ErrorShape, details: Vec<ErrorDetail>) -> Self {
        ApiError {
            status,
            shape,
            details: details
                .into_iter()
                .map(|d| ErrorDetail {
                    description: cut(d.description),
                    ..d
                })
                .collect(),
            challenge: false,
            allow: None,
            retry_after: None,
        }
    }

    /// Maps a domain error: its kind picks the status. Internal details are
    /// logged here and replaced by a generic sentence for the client.
    pub fn from_core(e: CoreError, shape: ErrorShape) -> Self {
        let status = match e.kind {
            ErrorKind::Invalid => StatusCode::BAD_REQUEST,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::SERVICE_UNAVAILABLE {
            tracing::warn!(error = %e.message, "request refused: the database is unavailable");
            let mut refused = Self::new(
                status,
                shape,
                e.code,
                "The service is temporarily unavailable: its database cannot take this request now. Please retry later.",
            );
            refused.retry_after = Some(DATABASE_RETRY_AFTER);
            return refused;
        }
        if status.is_server_error() {
            tracing::error!(error = %e.message, "request failed on our side");
            return Self::new(
                status,
                shape,
                e.code,
                "An internal error occurred; it has been logged. Please retry, and contact the operator if it persists.",
            );
        }
        Self::new(status, shape, e.code, e.message)
    }

    /// 401 with the `WWW-Authenticate` challenge (Java authenticates only after one).
    pub fn unauthenticated(why: &str) -> Self {
        let mut e = Self::new(
            StatusCode::UNAUTHORIZED,
            GENERIC,
            Some(codes::ACCESS_DENIED),
            format!("Access Denied: {why}"),
        );
        e.challenge = true;
        e
    }

    /// 403 for an account the user was not granted.
    pub fn not_your_account(account: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            GENERIC,
            Some(codes::NOT_AUTHORIZED_ON_ACCOUNT),
            format!("Not authorized to perform operation on the account '{account}'"),
        )
    }

    /// 404 for a path that names no resource.
    pub fn no_route(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            GENERIC,
            Some(codes::NOT_FOUND),
            format!("The resource does not exist: no route matches '{path}'"),
        )
    }

    /// 405 with the methods the path does allow.
    pub fn method_not_allowed(method: &str, path: &str, allow: Option<String>) -> Self {
        let mut e = Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            GENERIC,
            Some(codes::METHOD_NOT_ALLOWED),
            format!("The method {method} is not allowed on '{path}'"),
        );
        e.allow = allow;
        e
    }

    /// 413 for a body over the limit.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            GENERIC,
            Some(codes::TOO_LARGE),
            format!("The request body is larger than the limit of {limit} bytes"),
        )
    }

    /// 429 with `Retry-After` for a user name or address that failed to log
    /// in too often (see [`crate::auth::throttle`]).
    pub fn too_many_logins(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            GENERIC,
            Some(codes::ACCESS_DENIED),
            format!("Access Denied: too many failed logins; retry in {retry_after} seconds"),
        );
        e.retry_after = Some(retry_after);
        e
    }

    /// 503 with `Retry-After` when the server refuses work it has no room
    /// for (a full password-checking queue).
    pub fn busy(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            GENERIC,
            Some(codes::INTERNAL),
            "The server is busy; please retry shortly",
        );
        e.retry_after = Some(retry_after);
        e
    }

    /// 500 for a failure with no better description (panics, I/O).
    pub fn internal(what: &str) -> Self {
        tracing::error!(error = what, "internal failure");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            GENERIC,
            Some(codes::INTERNAL),
            "An internal error occurred; it has been logged. Please retry, and contact the operator if it persists.",
        )
    }

    /// The same error asking the client to retry after `secs` seconds.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

/// Seconds a client is asked to wait (`Retry-After`) before retrying a
/// request the database could not take.
pub const DATABASE_RETRY_AFTER: u64 = 2;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = envelope::render(self.shape.root, self.shape.envelope, self.status.as_u16(), &self.details)
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "could not render an error envelope");
                format!(
                    "{}<ErrorResponse><ResponseStatus><ErrorCode>{}</ErrorCode><Description>Internal error</Description></ResponseStatus></ErrorResponse>",
                    tnhub_wire::write::DECLARATION,
                    codes::INTERNAL
                )
            });
        let mut response =
            (self.status, [(header::CONTENT_TYPE, crate::xml::XML)], body).into_response();
        if self.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"tnhub\", charset=\"UTF-8\""),
            );
        }
        if let Some(allow) = self.allow.and_then(|a| HeaderValue::from_str(&a).ok()) {
            response.headers_mut().insert(header::ALLOW, allow);
        }
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_descriptions_are_cut_on_a_character_boundary() {
        let long = format!("'{}' is not a valid URL", "é".repeat(1_000_000));
        let e = ApiError::new(StatusCode::BAD_REQUEST, GENERIC, Some(1004), long);
        let d = &e.details[0].description;
        assert!(d.len() <= MAX_DESCRIPTION + '…'.len_utf8(), "{}", d.len());
        assert!(d.ends_with('…'));
        let short = ApiError::new(StatusCode::BAD_REQUEST, GENERIC, None, "short");
        assert_eq!(short.details[0].description, "short");
    }
}
