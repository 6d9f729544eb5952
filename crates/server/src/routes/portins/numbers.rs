//! A port-in's numbers: `…/tns`, the `…/areaCodes` and `…/npaNxx` reports,
//! `…/totals`, and `…/history`. Split from the port-in itself to keep each
//! file short.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tnhub_core::order::portin::PortStatus;
use tnhub_core::service::PortInView;
use tnhub_wire::response::order::{
    OrderTelephoneNumbers, TelephoneDetailsReport, TelephoneDetailsReports,
};
use tnhub_wire::response::portin::{DraftHistory, IrisStatus, PortInTotals};

use crate::auth::{AccountScope, Params};
use crate::error::ApiError;
use crate::state::AppState;
use crate::xml::{Xml, xml_response};

use super::{GENERIC, PORTINS};

async fn numbers(
    state: &AppState,
    account: &tnhub_core::ids::AccountId,
    p: &Params,
) -> Result<PortInView, ApiError> {
    state
        .hub
        .port_in(account, p.get("portinId"))
        .await
        .map_err(GENERIC.core())
}

/// `GET …/portins/{portinId}/tns`: the numbers being ported.
pub async fn tns(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<OrderTelephoneNumbers>, ApiError> {
    let v = numbers(&state, &account, &p).await?;
    Ok(Xml(OrderTelephoneNumbers {
        count: v.request.tns.len(),
        numbers: v.request.tns,
    }))
}

fn report(tns: &[String], digits: usize, area_code: bool) -> TelephoneDetailsReports {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in tns {
        let key = t.get(..digits).unwrap_or(t).to_string();
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, c)) => *c += 1,
            None => counts.push((key, 1)),
        }
    }
    counts.sort();
    TelephoneDetailsReports {
        reports: counts
            .into_iter()
            .map(|(k, count)| TelephoneDetailsReport {
                area_code: area_code.then(|| k.clone()),
                npa_nxx: (!area_code).then_some(k),
                count,
            })
            .collect(),
    }
}

/// `GET …/portins/{portinId}/areaCodes`.
pub async fn area_codes(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<TelephoneDetailsReports>, ApiError> {
    let v = numbers(&state, &account, &p).await?;
    Ok(Xml(report(&v.request.tns, 3, true)))
}

/// `GET …/portins/{portinId}/npaNxx`.
pub async fn npa_nxx(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<TelephoneDetailsReports>, ApiError> {
    let v = numbers(&state, &account, &p).await?;
    Ok(Xml(report(&v.request.tns, 6, false)))
}

/// `GET …/portins/{portinId}/totals`: `<Quantity><Count/>` of its numbers
/// (with the report line Node reads, see [`PortInTotals`]).
pub async fn order_totals(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<PortInTotals>, ApiError> {
    let v = numbers(&state, &account, &p).await?;
    Ok(Xml(PortInTotals::of(v.request.tns.len())))
}

/// `GET …/portins/{portinId}/history`; a draft answers `<IrisStatus>` 7710.
pub async fn history(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    let v = numbers(&s, &a.0, &p).await?;
    if v.status() == PortStatus::Draft {
        return Ok(xml_response(
            StatusCode::OK,
            &DraftHistory {
                iris_status: IrisStatus {
                    code: 7710,
                    description: "History is not supported for draft orders".into(),
                },
            },
        ));
    }
    Ok(crate::routes::notes::history(PORTINS, s, a, p)
        .await?
        .into_response())
}
