//! Callback deliveries (newest first), filtered by state, with their
//! attempts, and replay ([`tnhub_core::Tnhub::replay_delivery`], as
//! `POST /admin/deliveries/{id}/replay` and the customer's subscription
//! replay do). A customer sees and replays only its accounts' deliveries.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use tnhub_core::ids::AccountId;
use tnhub_core::subscription::{DeliveryFilter, DeliveryState};

use crate::console::extract::{Action, ConsoleError, Scoped, Signed, see_other};
use crate::console::layout::{api_link, badge, csrf, page, when};
use crate::state::AppState;

/// Deliveries shown (the newest).
const SHOWN: u32 = 100;

/// `?state=pending|delivered|dead`.
#[derive(Deserialize)]
pub struct DeliveryQuery {
    state: Option<String>,
}

/// `GET /console/deliveries`.
pub async fn deliveries(
    State(state): State<AppState>,
    Signed(s): Signed,
    Query(q): Query<DeliveryQuery>,
) -> Result<Markup, ConsoleError> {
    let wanted = q.state.as_deref().and_then(DeliveryState::parse);
    let scopes: Vec<Option<AccountId>> = match s.accounts() {
        None => vec![None],
        Some(a) => a.iter().cloned().map(Some).collect(),
    };
    let mut all = Vec::new();
    for account_id in scopes {
        let filter = DeliveryFilter {
            account_id,
            subscription_id: None,
            state: wanted,
            limit: SHOWN,
        };
        all.extend(state.hub.deliveries(&filter).await?);
    }
    all.sort_by_key(|d| std::cmp::Reverse(d.0.id));
    all.truncate(SHOWN as usize);
    let body = html! {
        h1 { "Callbacks" }
        nav class="tabs" aria-label="Delivery state" {
            a href="/console/deliveries" aria-current=[wanted.is_none().then_some("page")] { "All" }
            @for st in [DeliveryState::Pending, DeliveryState::Delivered, DeliveryState::Dead] {
                a href={ "/console/deliveries?state=" (st.as_str()) }
                    aria-current=[(wanted == Some(st)).then_some("page")] { (st.as_str()) }
            }
        }
        p { "The newest " (all.len()) " deliveries." }
        table {
            thead { tr { th { "Delivery" } th { "Account" } th { "Order" } th { "Event" } th { "State" } th { "Attempts" } th { "Last answer" } th { "Replay" } } }
            tbody {
                @for (d, attempts) in &all {
                    tr id={ "delivery-" (d.id) } {
                        td { (d.id) }
                        td { a href={ "/console/accounts/" (d.account_id) } { (d.account_id) } }
                        td { a href={ "/console/accounts/" (d.account_id) "/orders/" (d.notification.order_id) } { code { (d.notification.order_id) } } }
                        td { (d.notification.order_type) " " (d.notification.status) }
                        td { (badge(d.state.as_str())) }
                        td { (d.attempts)
                            @if let Some(a) = attempts.last() { br; small { "last " (when(a.at)) } }
                        }
                        td {
                            @if let Some(code) = d.last_status_code { "HTTP " (code) " " }
                            @if let Some(e) = &d.last_error { small { (e) } }
                        }
                        td {
                            form method="post" action={ "/console/deliveries/" (d.id) "/replay" } {
                                (csrf(&s))
                                input type="hidden" name="account" value=(d.account_id);
                                button type="submit" aria-label={ "Replay delivery " (d.id) } { "Replay" }
                            }
                        }
                    }
                }
            }
        }
        (api_link("GET", "/admin/deliveries"))
        (api_link("GET", "/api/accounts/{accountId}/subscriptions/{subscriptionId}/deliveries"))
    };
    Ok(page(Some(&s), "Callbacks", body))
}

/// `POST /console/deliveries/{deliveryId}/replay` (field `account`: the
/// delivery's account, checked against the session).
pub async fn replay(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Action { session, form }: Action,
) -> Result<Response, ConsoleError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ConsoleError::page(StatusCode::NOT_FOUND, "No such delivery."))?;
    let account = if session.is_operator() {
        None
    } else {
        Some(Scoped::check(
            &session,
            form.get("account").unwrap_or_default(),
        )?)
    };
    state.hub.replay_delivery(id, account.as_ref()).await?;
    Ok(see_other("/console/deliveries"))
}
