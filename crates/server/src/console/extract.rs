//! What console handlers take from a request, and the console's one error
//! type.
//!
//! - [`Signed`]: the request's session (a page asked for without one
//!   redirects to the sign-in page, which comes back here afterwards);
//! - [`Action`]: a form POST of a session, refused with 403 unless its
//!   `csrf` field is the session's token;
//! - [`Scoped`]: the path's `{accountId}`, refused with 403 unless the
//!   session may see that account.
//!
//! The console answers HTML, never the API's XML: [`ConsoleError`] renders
//! a page saying what went wrong and what to do.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use tnhub_core::error::ErrorKind;
use tnhub_core::ids::AccountId;
use tnhub_core::{CoreError, service::PortFailure};

use super::layout;
use super::session::{Session, Sessions};
use crate::auth::Params;
use crate::state::AppState;

/// The largest form the console reads.
const FORM_LIMIT: usize = 64 * 1024;

/// Why a console request failed.
#[derive(Debug)]
pub enum ConsoleError {
    /// No session: go to the sign-in page, then back to `next`.
    SignIn { next: String },
    /// A page saying what went wrong.
    Page { status: StatusCode, message: String },
}

impl ConsoleError {
    /// A page with this status and message.
    pub fn page(status: StatusCode, message: impl Into<String>) -> Self {
        ConsoleError::Page {
            status,
            message: message.into(),
        }
    }

    /// 403: only the operator may do this.
    pub fn operator_only() -> Self {
        Self::page(
            StatusCode::FORBIDDEN,
            "Only the operator can do this: sign in with the operator token.",
        )
    }
}

impl From<CoreError> for ConsoleError {
    fn from(e: CoreError) -> Self {
        let status = match e.kind {
            ErrorKind::Invalid => StatusCode::BAD_REQUEST,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Internal => {
                tracing::error!(error = %e, "console request failed");
                return Self::page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something failed on the server; the log says what.",
                );
            }
        };
        Self::page(status, e.to_string())
    }
}

impl From<PortFailure> for ConsoleError {
    fn from(f: PortFailure) -> Self {
        let text = f
            .errors
            .iter()
            .map(|e| format!("{} (code {})", e.description, e.code))
            .collect::<Vec<_>>()
            .join("; ");
        ConsoleError::from(CoreError {
            kind: f.kind,
            code: None,
            message: text,
        })
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        match self {
            ConsoleError::SignIn { next } => {
                let to = format!(
                    "/console/sign-in?next={}",
                    form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                see_other(&to)
            }
            ConsoleError::Page { status, message } => {
                let title = status.canonical_reason().unwrap_or("Error");
                let body = maud::html! {
                    h1 { (status.as_u16()) " " (title) }
                    p role="alert" { (message) }
                    p { a href="/console" { "Back to the overview" } }
                };
                (status, layout::page(None, title, body)).into_response()
            }
        }
    }
}

/// A 303 to `to` (after a form post, or to the sign-in page).
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

/// The request's session.
pub struct Signed(pub Arc<Session>);

impl FromRequestParts<AppState> for Signed {
    type Rejection = ConsoleError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match state.console.find(&parts.headers).await {
            Some(s) => Ok(Signed(s)),
            None => {
                let next = parts
                    .extensions
                    .get::<OriginalUri>()
                    .map_or_else(|| parts.uri.to_string(), |u| u.0.to_string());
                // Only a page of the console is a place to come back to.
                let next = if next.starts_with("/console") && parts.method == "GET" {
                    next
                } else {
                    "/console".to_string()
                };
                Err(ConsoleError::SignIn { next })
            }
        }
    }
}

/// A submitted form's fields, in order.
#[derive(Debug, Default)]
pub struct Form(pub Vec<(String, String)>);

impl Form {
    /// A field's value, trimmed; `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Reads a request body as `application/x-www-form-urlencoded`.
    pub async fn read(req: Request) -> Result<Form, ConsoleError> {
        let limited = http_body_util::Limited::new(req.into_body(), FORM_LIMIT);
        let bytes = limited
            .collect()
            .await
            .map_err(|_| {
                ConsoleError::page(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The form is too large to read.",
                )
            })?
            .to_bytes();
        Ok(Form(
            form_urlencoded::parse(&bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }
}

/// A form POST of a signed-in session, with its CSRF token checked.
pub struct Action {
    pub session: Arc<Session>,
    pub form: Form,
}

impl FromRequest<AppState> for Action {
    type Rejection = ConsoleError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let Signed(session) = Signed::from_request_parts(&mut parts, state).await?;
        let form = Form::read(Request::from_parts(parts, body)).await?;
        if !Sessions::check_csrf(&session, form.get("csrf")) {
            tracing::info!(user = %session.name(), "console form refused: no valid CSRF token");
            return Err(ConsoleError::page(
                StatusCode::FORBIDDEN,
                "This form was refused: it did not carry this session's CSRF token. \
                 Reload the page and submit it again.",
            ));
        }
        Ok(Action { session, form })
    }
}

/// The path's `{accountId}`, one the session may see.
pub struct Scoped(pub AccountId);

impl Scoped {
    /// Checks `raw` against the session's accounts.
    pub fn check(session: &Session, raw: &str) -> Result<AccountId, ConsoleError> {
        match AccountId::parse(raw) {
            Ok(id) if session.may_see(&id) => Ok(id),
            _ => {
                tracing::info!(user = %session.name(), account = raw, "console: account not granted");
                Err(ConsoleError::page(
                    StatusCode::FORBIDDEN,
                    format!("Account {raw} is not one of yours."),
                ))
            }
        }
    }
}

impl FromRequestParts<AppState> for Scoped {
    type Rejection = ConsoleError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Signed(session) = Signed::from_request_parts(parts, state).await?;
        let params = Params::from_request_parts(parts, state)
            .await
            .map_err(|_| ConsoleError::page(StatusCode::NOT_FOUND, "No such page."))?;
        Scoped::check(&session, params.get("accountId")).map(Scoped)
    }
}
