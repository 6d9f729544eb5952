//! An account's orders: the list (newest first, paged, filtered by kind and
//! status) and one order's page with its timeline — history, notes and
//! errors. An order still under way refreshes itself every second (htmx
//! swaps in the page's `#order` part) until it settles.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tnhub_core::order::{OrderFilter, OrderKind, OrderRow, OrderStatus};
use tnhub_core::service::NumberOrderView;

use crate::console::extract::{ConsoleError, Scoped, Signed, see_other};
use crate::console::layout::{api_link, badge, next_page, page, when};
use crate::state::AppState;

/// Orders per page.
const PAGE: u32 = 50;

/// How far the list counts the orders matching its filter. Counting every
/// order of an account with 100,000 of them cost most of the page's render
/// time (BENCHMARKS.md); past this many the page says "more than", and the
/// overview's counts by kind and status give the exact figures.
const COUNT_LIMIT: u64 = 1_000;

/// The list's query: `page` (an order id), `kind`, `status`.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    page: Option<String>,
    kind: Option<String>,
    status: Option<String>,
}

const KINDS: [OrderKind; 9] = [
    OrderKind::NewNumber,
    OrderKind::Disconnect,
    OrderKind::PortIn,
    OrderKind::PortOut,
    OrderKind::TnOption,
    OrderKind::Lidb,
    OrderKind::Dlda,
    OrderKind::MoveTns,
    OrderKind::E911,
];

/// `GET /console/accounts/{accountId}/orders`.
pub async fn list(
    State(state): State<AppState>,
    Signed(s): Signed,
    Scoped(account): Scoped,
    Query(q): Query<ListQuery>,
) -> Result<Markup, ConsoleError> {
    let kind = q.kind.as_deref().and_then(OrderKind::parse);
    let status = q
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_uppercase);
    let filter = OrderFilter {
        kind,
        statuses: status.iter().cloned().collect(),
        newest_first: true,
        ..OrderFilter::default()
    };
    let found = state
        .hub
        .list_orders_bounded(&account, &filter, q.page.as_deref(), PAGE, COUNT_LIMIT + 1)
        .await?;
    let base = format!(
        "/console/accounts/{account}/orders?kind={}&status={}",
        kind.map_or("", OrderKind::as_str),
        status.as_deref().unwrap_or("")
    );
    let body = html! {
        h1 { "Orders of account " (account) }
        form class="filters" method="get" {
            label for="kind" { "Kind" }
            select id="kind" name="kind" {
                option value="" { "any" }
                @for k in KINDS {
                    option value=(k.as_str()) selected[kind == Some(k)] { (k.as_str()) }
                }
            }
            label for="status" { "Status" }
            input id="status" name="status" value=(status.as_deref().unwrap_or("")) placeholder="COMPLETE";
            button type="submit" { "Filter" }
        }
        p {
            @if found.total > COUNT_LIMIT {
                "More than " (COUNT_LIMIT) " orders match (the "
                a href="/console" { "overview" } " counts them by status); newest first."
            } @else {
                (found.total) " orders match; newest first."
            }
        }
        table {
            thead { tr { th { "Order" } th { "Kind" } th { "Status" } th { "Numbers" } th { "Created" } th { "By" } } }
            tbody {
                @for o in &found.orders {
                    tr {
                        td { a href=(order_href(o)) { code { (o.id) } } }
                        td { (o.kind.as_str()) }
                        td { (badge(&o.status)) }
                        td { (o.tn_count) }
                        td { (when(o.created_at)) }
                        td { (o.created_by) }
                    }
                }
            }
        }
        (next_page(&base, found.next.as_deref()))
        (api_link("GET", &format!("/api/accounts/{account}/orders")))
    };
    Ok(page(Some(&s), "Orders", body))
}

/// Where an order's page is (port-ins have their own).
pub fn order_href(o: &OrderRow) -> String {
    let area = if o.kind == OrderKind::PortIn {
        "portins"
    } else {
        "orders"
    };
    format!("/console/accounts/{}/{area}/{}", o.account_id, o.id)
}

/// `GET /console/accounts/{accountId}/orders/{orderId}`.
pub async fn order(
    State(state): State<AppState>,
    Signed(s): Signed,
    Scoped(account): Scoped,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let row = state.hub.any_order(&account, &id, None).await?;
    if row.kind == OrderKind::PortIn {
        return Ok(see_other(&order_href(&row)));
    }
    let history = state.hub.order_history(&account, &id, None).await?;
    let notes = state.hub.order_notes(&account, &id, None).await?;
    let settled = OrderStatus::parse(&row.status).is_none_or(OrderStatus::is_terminal);
    let numbers = (row.kind == OrderKind::NewNumber)
        .then(|| NumberOrderView::from_row(row.clone()))
        .transpose()?;
    let href = order_href(&row);
    let api = format!("/api/accounts/{account}/orders/{}", row.id);
    let body = html! {
        h1 { "Order " code { (row.id) } }
        // Refreshed in place every second until the order settles.
        div id="order" hx-get=[(!settled).then_some(&href)] hx-trigger=[(!settled).then_some("every 1s")]
            hx-select="#order" hx-swap="outerHTML" aria-live="polite" {
            dl class="facts" {
                dt { "Status" } dd id="order-status" { (badge(&row.status)) }
                dt { "Kind" } dd { (row.kind.as_str()) }
                dt { "Account" } dd { a href={ "/console/accounts/" (account) } { (account) } }
                dt { "Created" } dd { (when(row.created_at)) " by " (row.created_by) }
                dt { "Last change" } dd { (when(row.updated_at)) }
                @if let Some(n) = &row.name { dt { "Name" } dd { (n) } }
                @if let Some(c) = &row.customer_order_id { dt { "Customer order id" } dd { (c) } }
                dt { "Numbers" } dd { (row.tn_count) }
            }
            @if let Some(v) = &numbers {
                @if !v.result.completed.is_empty() {
                    h2 { "Completed numbers" }
                    ul class="numbers" {
                        @for tn in &v.result.completed {
                            li { a href={ "/console/accounts/" (account) "/numbers/" (tn) } { (tn) } }
                        }
                    }
                }
                @if !v.result.failed.is_empty() || !v.result.errors.is_empty() {
                    h2 { "Errors" }
                    ul class="errors" {
                        @for f in &v.result.failed { li { (f.tn) ": " (f.description) " (code " (f.code) ")" } }
                        @for e in &v.result.errors { li { (e.description) " (code " (e.code) ")" } }
                    }
                }
            }
            h2 { "Timeline" }
            ol class="timeline" {
                @for h in &history {
                    li {
                        (when(h.at)) " " (badge(&h.status)) " "
                        @if let Some(n) = &h.note { (n) } " — " (h.author)
                    }
                }
            }
            h2 { "Notes" }
            @if notes.is_empty() { p { "No notes." } }
            ul {
                @for n in &notes { li { (when(n.created_at)) " " strong { (n.user) } ": " (n.description) } }
            }
        }
        (api_link("GET", &api))
        (api_link("GET", &format!("{api}/history")))
        (api_link("GET", &format!("{api}/notes")))
    };
    Ok(page(Some(&s), "Order", body).into_response())
}
