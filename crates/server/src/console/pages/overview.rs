//! The overview (`/console`): numbers in service, orders by status (now
//! and over the last two weeks), port-ins by status, dead callbacks and the
//! sandbox clock, for the session's accounts (every account's for the
//! operator). One call: [`tnhub_core::Tnhub::overview`].

use axum::extract::State;
use maud::{Markup, html};
use tnhub_core::order::{OrderKind, OrderStatus};
use tnhub_core::service::{DEAD_CALLBACKS_COUNTED, Overview};

use crate::console::chart;
use crate::console::extract::{ConsoleError, Signed};
use crate::console::layout::{api_link, page};
use crate::state::AppState;

/// Days the orders chart covers.
const DAYS: u32 = 14;

/// `GET /console`.
pub async fn overview(
    State(state): State<AppState>,
    Signed(s): Signed,
) -> Result<Markup, ConsoleError> {
    let o = state.hub.overview(s.accounts(), DAYS).await?;
    let body = html! {
        h1 { "Overview" }
        p class="lead" {
            @if s.is_operator() { "Every account (" (o.accounts.len()) ")." }
            @else { "Your accounts: "
                @for (i, a) in o.accounts.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href={ "/console/accounts/" (a) } { (a) }
                }
            }
        }
        div class="tiles" {
            (tile("Numbers in service", &o.in_service.to_string(), None))
            (tile("Orders", &total(&o, None).to_string(), None))
            (tile("Port-ins", &total(&o, Some(OrderKind::PortIn)).to_string(), None))
            (tile("Dead callbacks", &dead(&o), Some("/console/deliveries?state=dead")))
            (tile("Sandbox clock", &clock(&o), s.is_operator().then_some("/console/clock")))
        }
        section aria-labelledby="over-time" {
            h2 id="over-time" { "Orders over the last " (DAYS) " days" }
            (chart::columns("Orders created per day", &per_day(&o)))
        }
        div class="cards" {
            section class="card" aria-labelledby="by-status" {
                h2 id="by-status" { "Orders by status" }
                (chart::bars("Orders (all kinds but port-ins) by status", &by_status(&o, false)))
            }
            section class="card" aria-labelledby="portins" {
                h2 id="portins" { "Port-ins by status" }
                (chart::bars("Port-ins by status", &by_status(&o, true)))
            }
        }
        (api_link("GET", "/api/accounts/{accountId}/orders/totals"))
        (api_link("GET", "/admin/clock"))
    };
    Ok(page(Some(&s), "Overview", body))
}

fn tile(label: &str, value: &str, link: Option<&str>) -> Markup {
    html! {
        div class="tile" {
            span class="label" { (label) }
            @if let Some(href) = link {
                a class="value" href=(href) { (value) }
            } @else {
                span class="value" { (value) }
            }
        }
    }
}

fn total(o: &Overview, kind: Option<OrderKind>) -> u64 {
    o.orders
        .iter()
        .filter(|c| kind.is_none_or(|k| c.kind == k))
        .map(|c| c.count)
        .sum()
}

fn dead(o: &Overview) -> String {
    if o.dead_callbacks >= u64::from(DEAD_CALLBACKS_COUNTED) {
        format!("{}+", o.dead_callbacks)
    } else {
        o.dead_callbacks.to_string()
    }
}

fn clock(o: &Overview) -> String {
    let iso = o.clock.now.iso();
    let text = format!("{} UTC", iso.get(..16).unwrap_or(&iso).replace('T', " "));
    match o.clock.offset_ms {
        Some(ms) if ms > 0 => format!("{text} (+{:.1} h)", ms as f64 / 3_600_000.0),
        _ => text,
    }
}

/// Counts by status of port-ins, or of every other kind together.
fn by_status(o: &Overview, portins: bool) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = Vec::new();
    for c in o
        .orders
        .iter()
        .filter(|c| (c.kind == OrderKind::PortIn) == portins)
    {
        match out.iter_mut().find(|(s, _)| *s == c.status) {
            Some((_, n)) => *n += c.count,
            None => out.push((c.status.clone(), c.count)),
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// One column per day (oldest first): complete, failed, under way.
fn per_day(o: &Overview) -> Vec<(String, [u64; 3])> {
    let today = o.clock.now.millis() / 86_400_000;
    (today - i64::from(DAYS) + 1..=today)
        .map(|day| {
            let mut parts = [0u64; 3];
            for d in o.days.iter().filter(|d| d.day == day) {
                let i = match OrderStatus::parse(&d.status) {
                    Some(OrderStatus::Complete) => 0,
                    Some(OrderStatus::Failed | OrderStatus::Partial) => 1,
                    _ if d.status == "COMPLETE" => 0,
                    _ if matches!(d.status.as_str(), "EXCEPTION" | "CANCELLED") => 1,
                    _ => 2,
                };
                parts[i] += d.count;
            }
            let date = tnhub_core::Timestamp::from_millis(day * 86_400_000).iso();
            (date.get(8..10).unwrap_or("").to_string(), parts)
        })
        .collect()
}
