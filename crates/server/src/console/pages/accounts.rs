//! Accounts and users. Everyone sees the accounts it may (a customer its
//! own, the operator all) and each account's page; the operator also sees
//! the users and creates accounts and users, grants accounts and resets
//! passwords — through the same domain calls as `/admin/…` and the CLI
//! (`tnhub admin …`), with the same follow-up (remembered logins forgotten).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tnhub_core::CoreError;
use tnhub_core::ids::AccountId;
use tnhub_core::user::{Password, Username};

use crate::console::extract::{Action, ConsoleError, Scoped, Signed, see_other};
use crate::console::layout::{api_link, csrf, page, when};
use crate::routes::admin_accounts::off_runtime;
use crate::state::AppState;

/// `GET /console/accounts`.
pub async fn list(
    State(state): State<AppState>,
    Signed(s): Signed,
) -> Result<Markup, ConsoleError> {
    let accounts: Vec<_> = state
        .hub
        .accounts()
        .await?
        .into_iter()
        .filter(|a| s.may_see(&a.id))
        .collect();
    let users = if s.is_operator() {
        state.hub.users().await?
    } else {
        Vec::new()
    };
    let body = html! {
        h1 { "Accounts" }
        table {
            thead { tr { th { "Account" } th { "Company" } th { "Created" } th { "Pages" } } }
            tbody {
                @for a in &accounts {
                    tr {
                        td { a href={ "/console/accounts/" (a.id) } { (a.id) } }
                        td { (a.company_name) }
                        td { (when(a.created_at)) }
                        td class="links" {
                            a href={ "/console/accounts/" (a.id) "/orders" } { "orders" } " "
                            a href={ "/console/accounts/" (a.id) "/portins" } { "port-ins" } " "
                            a href={ "/console/accounts/" (a.id) "/search" } { "search" } " "
                            a href={ "/console/accounts/" (a.id) "/requests" } { "requests" }
                        }
                    }
                }
            }
        }
        @if s.is_operator() {
            form method="post" action="/console/accounts" class="inline-form" {
                (csrf(&s))
                label for="company" { "Company name" }
                input id="company" name="company" required;
                label for="account-id" { "Account id (optional)" }
                input id="account-id" name="id" placeholder="generated";
                button type="submit" { "Create account" }
            }
            h2 { "Users" }
            table {
                thead { tr { th { "User" } th { "Accounts" } th { "Grant" } th { "Password" } } }
                tbody {
                    @for u in &users {
                        tr {
                            td { (u.name) }
                            td { (u.accounts.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }
                            td {
                                form method="post" action={ "/console/users/" (u.name) "/grant" } class="inline" {
                                    (csrf(&s))
                                    label class="visually-hidden" for={ "grant-" (u.name) } { "Account to grant " (u.name) }
                                    input id={ "grant-" (u.name) } name="account" size="10" required;
                                    button type="submit" { "Grant" }
                                }
                            }
                            td {
                                form method="post" action={ "/console/users/" (u.name) "/password" } class="inline" {
                                    (csrf(&s))
                                    button type="submit" { "Reset password" }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action="/console/users" class="inline-form" {
                (csrf(&s))
                label for="new-user" { "User name" }
                input id="new-user" name="name" required;
                label for="new-accounts" { "Accounts (comma-separated)" }
                input id="new-accounts" name="accounts" required;
                button type="submit" { "Create user" }
            }
            p { "New users and reset passwords get a generated password, shown once." }
            (api_link("GET", "/admin/accounts"))
            (api_link("GET", "/admin/users"))
        } @else {
            (api_link("GET", "/api/accounts/{accountId}"))
        }
    };
    Ok(page(Some(&s), "Accounts", body))
}

/// `GET /console/accounts/{accountId}`.
pub async fn account(
    State(state): State<AppState>,
    Signed(s): Signed,
    Scoped(id): Scoped,
) -> Result<Markup, ConsoleError> {
    let a = state.hub.account(&id).await?;
    let in_service = state.hub.in_service_total(&id).await?;
    let sites = state.hub.sites(&id).await?;
    let body = html! {
        h1 { "Account " (a.id) }
        dl class="facts" {
            dt { "Company" } dd { (a.company_name) }
            dt { "Created" } dd { (when(a.created_at)) }
            dt { "Numbers in service" } dd { (in_service) }
            dt { "Sites" } dd {
                @if sites.is_empty() { "none" }
                @for (i, site) in sites.iter().enumerate() {
                    @if i > 0 { ", " } (site.fields.name) " (" (site.id) ")"
                }
            }
        }
        ul class="links" {
            li { a href={ "/console/accounts/" (a.id) "/search" } { "Search and order numbers" } }
            li { a href={ "/console/accounts/" (a.id) "/orders" } { "Orders" } }
            li { a href={ "/console/accounts/" (a.id) "/portins" } { "Port-ins" } }
            li { a href={ "/console/accounts/" (a.id) "/requests" } { "Requests and callbacks (the journal)" } }
        }
        (api_link("GET", &format!("/api/accounts/{}", a.id)))
    };
    Ok(page(Some(&s), "Account", body))
}

fn operator_only(s: &crate::console::session::Session) -> Result<(), ConsoleError> {
    if s.is_operator() {
        Ok(())
    } else {
        Err(ConsoleError::operator_only())
    }
}

/// `POST /console/accounts` (fields `company`, `id`).
pub async fn create_account(
    State(state): State<AppState>,
    Action { session, form }: Action,
) -> Result<Response, ConsoleError> {
    operator_only(&session)?;
    let id = form.get("id").map(AccountId::parse).transpose()?;
    let company = form
        .get("company")
        .ok_or_else(|| CoreError::required("company name"))?;
    let a = state.hub.create_account(id, company).await?;
    tracing::info!(account = %a.id, "account created from the console");
    Ok(see_other(&format!("/console/accounts/{}", a.id)))
}

/// A generated password, shown this once.
fn shown_once(
    s: &crate::console::session::Session,
    user: &Username,
    password: &Password,
) -> Response {
    let body = html! {
        h1 { "Password for " (user) }
        p { "Shown this once; keep it now." }
        p { code id="generated-password" { (password.expose()) } }
        p { a href="/console/accounts" { "Back to accounts" } }
    };
    (StatusCode::OK, page(Some(s), "Password", body)).into_response()
}

/// `POST /console/users` (fields `name`, `accounts`).
pub async fn create_user(
    State(state): State<AppState>,
    Action { session, form }: Action,
) -> Result<Response, ConsoleError> {
    operator_only(&session)?;
    let name = Username::parse(form.get("name").unwrap_or_default())?;
    let accounts = form
        .get("accounts")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(AccountId::parse)
        .collect::<Result<Vec<_>, _>>()?;
    if accounts.is_empty() {
        return Err(CoreError::required("accounts (at least one account to grant)").into());
    }
    let (hub, who) = (state.hub.clone(), name.clone());
    let password = off_runtime(async move {
        let p = Password::generate();
        hub.create_user(&who, &p, &accounts).await.map(|_| p)
    })
    .await?;
    tracing::info!(user = %name, "user created from the console");
    Ok(shown_once(&session, &name, &password))
}

/// `POST /console/users/{user}/grant` (field `account`).
pub async fn grant(
    State(state): State<AppState>,
    Path(user): Path<String>,
    Action { session, form }: Action,
) -> Result<Response, ConsoleError> {
    operator_only(&session)?;
    let name = Username::parse(&user)?;
    let account = AccountId::parse(form.get("account").unwrap_or_default())?;
    state.hub.grant(&name, &account).await?;
    state.auth.clear();
    state.clients.clear();
    tracing::info!(user = %name, account = %account, "account granted from the console");
    Ok(see_other("/console/accounts"))
}

/// `POST /console/users/{user}/password`: a new generated password.
pub async fn reset_password(
    State(state): State<AppState>,
    Path(user): Path<String>,
    Action { session, .. }: Action,
) -> Result<Response, ConsoleError> {
    operator_only(&session)?;
    let name = Username::parse(&user)?;
    let (hub, who) = (state.hub.clone(), name.clone());
    let password = off_runtime(async move {
        let p = Password::generate();
        hub.set_password(&who, &p).await.map(|_| p)
    })
    .await?;
    state.auth.clear();
    tracing::info!(user = %name, "password reset from the console");
    Ok(shown_once(&session, &name, &password))
}
