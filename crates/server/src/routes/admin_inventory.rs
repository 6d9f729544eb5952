//! The operator plane's inventory view (`/admin/…`, JSON, the admin bearer
//! token; see [`crate::routes::admin`]), the same as `tnhub inventory
//! status` and `tnhub inventory number`:
//!
//! - `GET /admin/inventory`: coverage of the reference plan — geographic
//!   US/CA area codes, exchanges and numbers offered, and every area code
//!   that offers nothing, with the reason;
//! - `GET /admin/inventory/numbers/{tn}`: one number's exchange (place and
//!   where each fact came from) and the carrier holding it (NANPA's block
//!   or code holder: the losing carrier of a port-in); 404 when neither the
//!   inventory nor the reference data knows its exchange.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tnhub_core::service::NumberFacts;

use crate::routes::admin::error;
use crate::routes::admin_accounts::core_error;
use crate::state::AppState;

/// `GET /admin/inventory`.
pub async fn coverage(State(state): State<AppState>) -> Response {
    let (c, generation) = match state.hub.inventory_coverage().await {
        Ok(c) => c,
        Err(e) => return core_error(e),
    };
    Json(json!({
        "generation": generation,
        "defaultInventory": c.default_inventory,
        "areaCodes": {
            "total": c.area_codes_total,
            "offered": c.area_codes_offered,
            "derived": c.area_codes_derived,
            "empty": c.empty.len(),
        },
        "exchanges": c.exchanges,
        "localNumbers": c.local_numbers,
        "tollFreeNumbers": c.toll_free_numbers,
        "emptyAreaCodes": c.empty.iter().map(|e| json!({
            "npa": e.npa.to_string(),
            "state": e.state,
            "reason": e.reason,
        })).collect::<Vec<_>>(),
    }))
    .into_response()
}

/// `GET /admin/inventory/numbers/{tn}`: 400 for a number that does not parse.
pub async fn number(State(state): State<AppState>, Path(tn): Path<String>) -> Response {
    match state.hub.number_facts(&tn).await {
        Ok(f) if !f.in_inventory && f.exchange.is_none() => error(
            StatusCode::NOT_FOUND,
            &format!(
                "neither the inventory nor the reference data knows the exchange of {}",
                f.tn
            ),
        ),
        Ok(f) => Json(facts_json(&f)).into_response(),
        Err(e) => core_error(e),
    }
}

fn facts_json(f: &NumberFacts) -> Value {
    json!({
        "tn": f.tn.to_string(),
        "inInventory": f.in_inventory,
        "pooled": f.pooled,
        "exchange": f.exchange.map(|e| json!({
            "npaNxx": e.npa_nxx.to_string(),
            "source": e.source.as_str(),
            "city": &*e.city,
            "state": &*e.state,
            "rateCenter": &*e.rate_center,
            "lata": e.lata.map(|l| l.to_string()),
            "placeSource": e.place_source.as_str(),
            "codeHolder": e.ocn.map(|o| o.to_string()),
        })),
        "carrier": f.carrier.map(|c| json!({
            "ocn": c.ocn.to_string(),
            "name": &*c.name,
            "type": &*c.kind,
            "holds": if f.block_holder { "block" } else { "code" },
        })),
    })
}
