//! Port-ins: an account's list, one port-in's page (its lifecycle
//! timeline, documents and errors) and the actions on it — the operator's
//! forcing of FOC, EXCEPTION (with a code) and completion
//! ([`tnhub_core::Tnhub::force_foc`] and the others, as `/admin/portins`
//! does), and cancelling ([`tnhub_core::Tnhub::cancel_port_in`], as the
//! customer's `DELETE` does).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use tnhub_core::order::OrderKind;
use tnhub_core::order::portin::PortStatus;
use tnhub_core::service::PortInFilter;

use crate::console::extract::{Action, ConsoleError, Scoped, Signed, see_other};
use crate::console::layout::{api_link, badge, csrf, next_page, page, when};
use crate::state::AppState;

/// Port-ins per page.
const PAGE: u32 = 50;

/// The list's `page` (a port-in id).
#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<String>,
}

/// `GET /console/accounts/{accountId}/portins`.
pub async fn list(
    State(state): State<AppState>,
    Signed(s): Signed,
    Scoped(account): Scoped,
    Query(q): Query<ListQuery>,
) -> Result<Markup, ConsoleError> {
    let found = state
        .hub
        .list_port_ins(&account, &PortInFilter::default(), q.page.as_deref(), PAGE)
        .await?;
    let body = html! {
        h1 { "Port-ins of account " (account) }
        p { (found.total) " port-ins; oldest first." }
        table {
            thead { tr { th { "Port-in" } th { "Status" } th { "Numbers" } th { "Losing carrier" } th { "FOC date" } th { "Created" } } }
            tbody {
                @for p in &found.items {
                    tr {
                        td { a href={ "/console/accounts/" (account) "/portins/" (p.row.id) } { code { (p.row.id) } } }
                        td { (badge(&p.row.status)) }
                        td { (p.request.tns.len()) }
                        td { (p.result.losing_carrier.as_ref().map(|c| c.name.as_str()).unwrap_or("")) }
                        td { @if let Some(t) = p.result.actual_foc_date { (when(t)) } }
                        td { (when(p.row.created_at)) }
                    }
                }
            }
        }
        (next_page(&format!("/console/accounts/{account}/portins"), found.next.as_deref()))
        (api_link("GET", &format!("/api/accounts/{account}/portins")))
    };
    Ok(page(Some(&s), "Port-ins", body))
}

/// `GET /console/accounts/{accountId}/portins/{orderId}`.
pub async fn portin(
    State(state): State<AppState>,
    Signed(s): Signed,
    Scoped(account): Scoped,
    Path((_, id)): Path<(String, String)>,
) -> Result<Markup, ConsoleError> {
    let v = state.hub.port_in(&account, &id).await?;
    let history = state
        .hub
        .order_history(&account, &id, Some(OrderKind::PortIn))
        .await?;
    let documents = state.hub.loas(&account, &id).await?;
    let status = v.status();
    let open = !status.is_terminal();
    let forcible = status.holds_numbers() && status != PortStatus::RequestedCancel;
    let action = |name: &str| format!("/console/accounts/{account}/portins/{}/{name}", v.row.id);
    let api = format!("/api/accounts/{account}/portins/{}", v.row.id);
    let body = html! {
        h1 { "Port-in " code { (v.row.id) } }
        dl class="facts" {
            dt { "Status" } dd id="portin-status" { (badge(status.as_str())) }
            dt { "Numbers" } dd { (v.request.tns.join(", ")) }
            @if let Some(c) = &v.result.losing_carrier {
                dt { "Losing carrier" } dd { (c.name) " (SPID " (c.spid) ")" }
            }
            @if let Some(t) = v.result.actual_foc_date { dt { "FOC date" } dd { (when(t)) } }
            @if let Some(t) = v.request.requested_foc_date { dt { "Requested FOC date" } dd { (when(t)) } }
            dt { "Created" } dd { (when(v.row.created_at)) " by " (v.row.created_by) }
        }
        @if !v.result.errors.is_empty() {
            h2 { "Why it is in EXCEPTION" }
            ul class="errors" {
                @for e in &v.result.errors { li { (e.description) " (code " (e.code) ")" } }
            }
        }
        @if open {
            h2 { "Actions" }
            div class="actions" {
                @if s.is_operator() && forcible {
                    form method="post" action=(action("foc")) { (csrf(&s)) button type="submit" id="force-foc" { "Force FOC" } }
                    form method="post" action=(action("exception")) {
                        (csrf(&s))
                        label for="code" { "Exception code" }
                        input id="code" name="code" type="number" value="7519" min="1";
                        label for="description" { "Description" }
                        input id="description" name="description" placeholder="(the code's default)";
                        button type="submit" id="force-exception" { "Force EXCEPTION" }
                    }
                    form method="post" action=(action("complete")) { (csrf(&s)) button type="submit" id="force-complete" { "Complete now" } }
                }
                form method="post" action=(action("cancel")) { (csrf(&s)) button type="submit" class="danger" id="cancel" { "Cancel the port-in" } }
            }
        }
        h2 { "Timeline" }
        ol class="timeline" {
            @for h in &history {
                li { (when(h.at)) " " (badge(&h.status)) " " @if let Some(n) = &h.note { (n) } " — " (h.author) }
            }
        }
        h2 { "Documents" }
        @if documents.is_empty() { p { "No documents." } }
        ul {
            @for d in &documents {
                li {
                    code { (d.name) } " " (d.document_type.as_deref().unwrap_or("")) " "
                    (d.content_type) ", " (d.size) " bytes, " (when(d.created_at))
                }
            }
        }
        (api_link("GET", &api))
        (api_link("GET", &format!("{api}/history")))
        (api_link("GET", &format!("{api}/loas")))
        @if s.is_operator() { (api_link("POST", &format!("/admin/portins/{}/foc", v.row.id))) }
    };
    Ok(page(Some(&s), "Port-in", body))
}

/// `POST /console/accounts/{accountId}/portins/{orderId}/{action}`:
/// `foc`, `exception`, `complete` (the operator's) or `cancel`.
pub async fn act(
    State(state): State<AppState>,
    Path((account, id, action)): Path<(String, String, String)>,
    Action { session, form }: Action,
) -> Result<Response, ConsoleError> {
    let account = Scoped::check(&session, &account)?;
    // The port-in must be the path account's, whoever acts.
    let v = state.hub.port_in(&account, &id).await?;
    let operator = session.is_operator();
    match action.as_str() {
        "cancel" => {
            state
                .hub
                .cancel_port_in(&account, &v.row.id, &session.name())
                .await?;
        }
        "foc" | "exception" | "complete" if !operator => {
            return Err(ConsoleError::operator_only());
        }
        "foc" => {
            state.hub.force_foc(&v.row.id, None).await?;
        }
        "exception" => {
            let code = match form.get("code").map(str::parse::<u32>) {
                None => None,
                Some(Ok(c)) => Some(c),
                Some(Err(_)) => {
                    return Err(ConsoleError::page(
                        StatusCode::BAD_REQUEST,
                        "The exception code must be a number (such as 7519).",
                    ));
                }
            };
            let description = form.get("description").map(str::to_string);
            state
                .hub
                .force_exception(&v.row.id, code, description)
                .await?;
        }
        "complete" => {
            state.hub.force_complete(&v.row.id).await?;
        }
        other => {
            return Err(ConsoleError::page(
                StatusCode::NOT_FOUND,
                format!("No port-in action '{other}'."),
            ));
        }
    }
    Ok(see_other(&format!(
        "/console/accounts/{account}/portins/{}",
        v.row.id
    )))
}
