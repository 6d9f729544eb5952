//! `GET /accounts/{a}/availableNumbers` (wire-format.md 2.1).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use tnhub_core::service::AvailableNumber;
use tnhub_wire::response::search::{
    SearchResult, TelephoneNumberDetail, TelephoneNumberDetailList, TelephoneNumberList,
};

use crate::auth::AccountScope;
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::state::AppState;
use crate::xml::Xml;

const SEARCH: ErrorShape = ErrorShape {
    root: "SearchResult",
    envelope: tnhub_wire::envelope::Envelope::SearchError,
};

fn detail(a: &AvailableNumber) -> TelephoneNumberDetail {
    TelephoneNumberDetail {
        city: a.attrs.city.as_deref().map(str::to_ascii_uppercase),
        lata: a.attrs.lata,
        rate_center: a.attrs.rate_center.as_deref().map(str::to_string),
        state: a.attrs.state.as_deref().map(str::to_string),
        full_number: a.tn.to_string(),
        tier: a.attrs.tier,
        vendor_id: a.attrs.vendor_id,
        vendor_name: a.attrs.vendor_name.to_string(),
    }
}

/// Searches asking for more numbers than this (or for the default 5000)
/// wait for one of [`AppState::large_searches`]' permits.
const LARGE_SEARCH: u32 = 500;

/// Searches the inventory. Never offers a reserved, in-service, aging or
/// porting number; results are spread across the matching inventory.
pub async fn available_numbers(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    query: QueryMap,
) -> Result<Response, ApiError> {
    // A bad quantity is refused by the search itself; only the size of a
    // valid one matters here.
    let large = query
        .get("quantity")
        .is_none_or(|q| q.trim().parse::<u32>().is_ok_and(|n| n > LARGE_SEARCH));
    let _permit = if large {
        Some(
            state
                .large_searches
                .acquire()
                .await
                .map_err(|_| ApiError::internal("the search limiter is closed"))?,
        )
    } else {
        None
    };
    let (q, found) = state
        .hub
        .search(query.pairs())
        .await
        .map_err(SEARCH.core())?;
    let offered: Vec<String> = found.iter().map(|a| a.tn.to_string()).collect();
    state.searched(account.as_str(), offered.iter().map(String::as_str));
    let result = if q.detail {
        SearchResult {
            result_count: found.len(),
            telephone_number_list: None,
            telephone_number_detail_list: Some(TelephoneNumberDetailList {
                details: found.iter().map(detail).collect(),
            }),
        }
    } else {
        SearchResult {
            result_count: found.len(),
            telephone_number_list: Some(TelephoneNumberList { numbers: offered }),
            telephone_number_detail_list: None,
        }
    };
    if !large {
        return Ok(Xml(result).into_response());
    }
    // Writing thousands of numbers (~1 MB of XML) is CPU work: done on the
    // blocking pool, still under the permit, so the async workers keep
    // serving other requests meanwhile.
    tokio::task::spawn_blocking(move || Xml(result).into_response())
        .await
        .map_err(|e| ApiError::internal(&format!("writing a search answer failed: {e}")))
}
