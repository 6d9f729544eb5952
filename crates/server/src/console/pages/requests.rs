//! An account's request journal (`/console/accounts/{a}/requests`): the
//! requests its apps sent and the callbacks sent to it, newest first, with
//! the status, latency, diagnostics and redacted bodies — what
//! `GET /api/accounts/{a}/tnhub/requests` answers, read from this server's
//! [`crate::journal::Journal`] (kept per server, in memory).

use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;

use crate::console::extract::{ConsoleError, Scoped, Signed};
use crate::console::layout::{api_link, page};
use crate::journal::{Filter, StatusFilter};
use crate::state::AppState;

/// Entries shown.
const SHOWN: usize = 100;

/// `?status=4xx&path=orders`.
#[derive(Deserialize)]
pub struct JournalQuery {
    status: Option<String>,
    path: Option<String>,
}

/// `GET /console/accounts/{accountId}/requests`.
pub async fn requests(
    State(state): State<AppState>,
    Signed(s): Signed,
    Scoped(account): Scoped,
    Query(q): Query<JournalQuery>,
) -> Result<Markup, ConsoleError> {
    let status = q.status.as_deref().filter(|v| !v.trim().is_empty());
    let path = q.path.as_deref().map(str::trim).filter(|v| !v.is_empty());
    let entries = state.journal.entries(&Filter {
        account: Some(account.to_string()),
        path: path.map(str::to_string),
        status: status.and_then(StatusFilter::parse),
        since_ms: None,
        limit: SHOWN,
    });
    let body = html! {
        h1 { "Requests of account " (account) }
        @if !state.journal.enabled() {
            p class="problem" { "The journal is off on this server (" code { "--journal-size 0" } ")." }
        }
        form class="filters" method="get" {
            label for="status" { "Status" }
            input id="status" name="status" value=(status.unwrap_or("")) placeholder="4xx";
            label for="path" { "Path contains" }
            input id="path" name="path" value=(path.unwrap_or("")) placeholder="orders";
            button type="submit" { "Filter" }
        }
        p { "The newest " (entries.len()) " entries this server keeps (a restart forgets them)." }
        table {
            thead { tr { th { "When" } th { "Kind" } th { "Request" } th { "Status" } th { "ms" } th { "Details" } } }
            tbody {
                @for e in &entries {
                    tr {
                        td { (e.at.replace('T', " ")) }
                        td { (format!("{:?}", e.kind).to_lowercase()) }
                        td { code { (e.method) " " (e.path) @if let Some(q) = &e.query { "?" (q) } } }
                        td { (if e.status == 0 { "—".to_string() } else { e.status.to_string() }) }
                        td { (format!("{:.1}", e.latency_ms)) }
                        td {
                            @for d in &e.diagnostics { p class="problem" { (d) } }
                            @if e.request_body.is_some() || e.response_body.is_some() {
                                details {
                                    summary { "Bodies" @if e.truncated { " (cut)" } }
                                    @if let Some(b) = &e.request_body { h3 { "Sent" } pre { (b.text()) } }
                                    @if let Some(b) = &e.response_body { h3 { "Answered" } pre { (b.text()) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        (api_link("GET", &format!("/api/accounts/{account}/tnhub/requests")))
    };
    Ok(page(Some(&s), "Requests", body))
}
