//! Signing in and out of the console.
//!
//! A customer signs in with its user name and password, checked like an API
//! login: on the bounded verifier pool ([`crate::auth::verifier`]), after
//! the failed-login throttle ([`crate::auth::throttle`]) has had its say,
//! and counted there when wrong. The operator signs in with the operator
//! token (`TNHUB_ADMIN_TOKEN`), throttled under the name `operator`; with
//! no token configured the operator view is off. The sign-in form is
//! protected from cross-site posts by a double-submit token (see
//! [`super::session`]).

use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::extract::{ConsoleError, Form, see_other};
use super::layout;
use super::session::{
    COOKIE_NAME, SIGN_IN_COOKIE, Sessions, Who, cookie, random_token, same_secret, set_cookie,
};
use crate::auth::{LoginError, login, retry_secs, source};
use crate::state::AppState;
use crate::tls::OverTls;

/// The name failed operator sign-ins are throttled under.
const OPERATOR: &str = "operator";

/// `?next=` of the sign-in page.
#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only a console page is a place to go after signing in (never another
/// site: `//evil.example` is refused too).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/console") && !n.contains("//") && !n.contains('\\') => {
            n.to_string()
        }
        _ => "/console".to_string(),
    }
}

fn form_page(state: &AppState, token: &str, next: &str, problem: Option<&str>) -> Markup {
    let operator = state.config.admin_token.is_some();
    layout::page(
        None,
        "Sign in",
        html! {
            h1 { "Sign in to the tnhub console" }
            @if let Some(p) = problem {
                p class="problem" role="alert" { (p) }
            }
            div class="cards" {
                form class="card" method="post" action="/console/sign-in" {
                    h2 { "Customer user" }
                    p { "Sees only the accounts granted to it." }
                    input type="hidden" name="csrf" value=(token);
                    input type="hidden" name="next" value=(next);
                    input type="hidden" name="kind" value="user";
                    label for="user" { "User name" }
                    input id="user" name="user" autocomplete="username" required;
                    label for="password" { "Password" }
                    input id="password" name="password" type="password" autocomplete="current-password" required;
                    button type="submit" id="sign-in-user" { "Sign in" }
                }
                form class="card" method="post" action="/console/sign-in" {
                    h2 { "Operator" }
                    @if operator {
                        p { "Sees every account and can act: the operator token of " code { "TNHUB_ADMIN_TOKEN" } "." }
                        input type="hidden" name="csrf" value=(token);
                        input type="hidden" name="next" value=(next);
                        input type="hidden" name="kind" value="operator";
                        label for="token" { "Operator token" }
                        input id="token" name="token" type="password" autocomplete="off" required;
                        button type="submit" id="sign-in-operator" { "Sign in as operator" }
                    } @else {
                        p { "The operator view is off: this server has no operator token. "
                            "Start it with " code { "--admin-token" } " (" code { "TNHUB_ADMIN_TOKEN" } ") to enable it." }
                    }
                }
            }
        },
    )
}

/// `GET /console/sign-in`: the form, with a fresh double-submit token.
pub async fn form(State(state): State<AppState>, Query(q): Query<Next>, req: Request) -> Response {
    let secure = req.extensions().get::<OverTls>().is_some();
    let token = random_token();
    let next = safe_next(q.next.as_deref());
    let mut r = form_page(&state, &token, &next, None).into_response();
    if let Ok(v) = HeaderValue::from_str(&set_cookie(SIGN_IN_COOKIE, &token, secure, None)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// `POST /console/sign-in`.
pub async fn sign_in(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, ConsoleError> {
    let (parts, body) = req.into_parts();
    let secure = parts.extensions.get::<OverTls>().is_some();
    let address = source(&parts);
    let expected = cookie(&parts.headers, SIGN_IN_COOKIE).map(str::to_string);
    let form = Form::read(Request::from_parts(parts, body)).await?;
    let fresh = form.get("csrf").unwrap_or_default();
    if expected.is_none_or(|e| !same_secret(&e, fresh)) {
        return Err(ConsoleError::page(
            StatusCode::FORBIDDEN,
            "This sign-in was refused: it did not come from the sign-in page (no CSRF token). \
             Open the sign-in page and try again.",
        ));
    }
    let next = safe_next(form.get("next"));
    let again = |status: StatusCode, problem: &str| {
        (status, form_page(&state, fresh, &next, Some(problem))).into_response()
    };
    let operator = form.get("kind") == Some("operator");
    let name = if operator {
        OPERATOR
    } else {
        form.get("user").unwrap_or_default()
    };
    if operator && state.config.admin_token.is_none() {
        return Ok(again(
            StatusCode::FORBIDDEN,
            "The operator view is off: this server has no operator token.",
        ));
    }
    if let Err(wait) = state.auth.throttle.check(name, address).await {
        let mut r = again(
            StatusCode::TOO_MANY_REQUESTS,
            &format!(
                "Too many failed sign-ins: try again in {} s.",
                retry_secs(wait)
            ),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_secs(wait)));
        return Ok(r);
    }
    let who = if operator {
        let given = form.get("token").unwrap_or_default();
        match state.config.admin_token.as_deref() {
            Some(expected) if same_secret(given, expected) => Some(Who::Operator),
            _ => None,
        }
    } else {
        let password = form.get("password").unwrap_or_default();
        match login(&state, name, password).await {
            Ok(p) => Some(Who::Customer(p)),
            Err(LoginError::Denied) => None,
            Err(LoginError::Busy) => {
                return Ok(again(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The server is busy checking passwords: try again in a moment.",
                ));
            }
            Err(LoginError::Failed(why)) => {
                return Err(ConsoleError::from(tnhub_core::CoreError {
                    kind: tnhub_core::ErrorKind::Internal,
                    code: None,
                    message: why,
                }));
            }
        }
    };
    let Some(who) = who else {
        tracing::info!(user = %name, address = ?address, "console sign-in failed");
        state.auth.throttle.failed(name, address).await;
        return Ok(again(
            StatusCode::UNAUTHORIZED,
            if operator {
                "That is not the operator token."
            } else {
                "The user name or password is wrong."
            },
        ));
    };
    let (id, _) = state.console.start(who).await;
    let mut r = see_other(&next);
    for c in [
        set_cookie(COOKIE_NAME, &id, secure, None),
        set_cookie(SIGN_IN_COOKIE, "", secure, Some(0)),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(r)
}

/// `POST /console/sign-out` (with the session's CSRF token).
pub async fn sign_out(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, ConsoleError> {
    let (parts, body) = req.into_parts();
    let secure = parts.extensions.get::<OverTls>().is_some();
    let headers = parts.headers.clone();
    let Some(session) = state.console.find(&headers).await else {
        return Ok(see_other("/console/sign-in"));
    };
    let form = Form::read(Request::from_parts(parts, body)).await?;
    if !Sessions::check_csrf(&session, form.get("csrf")) {
        return Err(ConsoleError::page(
            StatusCode::FORBIDDEN,
            "Sign-out refused: the form did not carry this session's CSRF token.",
        ));
    }
    state.console.end(&headers).await;
    let mut r = see_other("/console/sign-in");
    if let Ok(v) = HeaderValue::from_str(&set_cookie(COOKIE_NAME, "", secure, Some(0))) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}
