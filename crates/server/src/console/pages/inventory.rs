//! Inventory coverage: what [`tnhub_core::Tnhub::inventory_coverage`] says
//! (as `GET /admin/inventory` and `tnhub inventory status` do), and the
//! numbers offered by state and by area code, summed over the blocks of
//! the in-memory index (the same index searches draw from), as bar charts.

use std::collections::HashMap;

use axum::extract::State;
use maud::{Markup, html};

use crate::console::chart;
use crate::console::extract::{ConsoleError, Signed};
use crate::console::layout::{api_link, page};
use crate::state::AppState;

/// Bars per chart.
const TOP: usize = 20;

/// `GET /console/inventory`.
pub async fn coverage(
    State(state): State<AppState>,
    Signed(s): Signed,
) -> Result<Markup, ConsoleError> {
    let (c, generation) = state.hub.inventory_coverage().await?;
    let inventory = state.hub.inventory();
    let mut states: HashMap<String, u64> = HashMap::new();
    let mut npas: HashMap<u64, u64> = HashMap::new();
    let mut imported = 0u64;
    for (i, b) in inventory.blocks().iter().enumerate() {
        let attrs = inventory.attrs(i as u32);
        if attrs.toll_free {
            continue;
        }
        let state_name = attrs.state.as_deref().unwrap_or("?").to_string();
        *states.entry(state_name).or_default() += b.len();
        *npas.entry(b.first / 10_000_000).or_default() += b.len();
        if !matches!(attrs.origin, tnhub_core::inventory::Origin::Embedded) {
            imported += b.len();
        }
    }
    let top = |m: HashMap<String, u64>| {
        let mut v: Vec<(String, u64)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(TOP);
        v
    };
    let by_state = top(states);
    let by_npa = top(npas.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
    let body = html! {
        h1 { "Inventory" }
        dl class="facts" {
            dt { "Generation" } dd { (generation) }
            dt { "Default (NANP) inventory" } dd { (if c.default_inventory { "on" } else { "off" }) }
            dt { "Area codes offering numbers" } dd { (c.area_codes_offered) " of " (c.area_codes_total) }
            dt { "Exchanges" } dd { (c.exchanges) }
            dt { "Local numbers" } dd { (c.local_numbers) }
            dt { "Toll-free numbers" } dd { (c.toll_free_numbers) }
            dt { "Imported (local)" } dd { (imported) }
        }
        div class="cards" {
            section class="card" {
                h2 { "Numbers offered by state (top " (TOP) ")" }
                (chart::bars("Local numbers offered by state", &by_state))
            }
            section class="card" {
                h2 { "Numbers offered by area code (top " (TOP) ")" }
                (chart::bars("Local numbers offered by area code", &by_npa))
            }
        }
        @if !c.empty.is_empty() {
            details {
                summary { (c.empty.len()) " area codes offer nothing" }
                ul {
                    @for e in &c.empty {
                        li { (e.npa) " " (e.state.as_deref().unwrap_or("")) ": " (e.reason) }
                    }
                }
            }
        }
        (api_link("GET", "/admin/inventory"))
    };
    Ok(page(Some(&s), "Inventory", body))
}
