//! Number look-ups beside `/tns`: `POST /tns` with `<TnList>` (many numbers
//! at once) and `GET /tns/{tn}/lca` (a number's local calling area,
//! Python's `TelephoneNumber.lca.get`), wire-format.md 2.7.
//!
//! Both see only the numbers of the accounts granted to the user, as
//! `GET /tns` does. `POST /tns` answers 200 with the numbers found and an
//! `<ErrorList>` naming the others (15608 not a valid number, 15610 not
//! on the user's accounts — the same for a number another account holds
//! as for one nobody holds); more than 2 500 numbers is a 400 (15607).
//! `lca` errors as the other `/tns/{tn}` sub-resources (12512, 15506).

use std::collections::BTreeMap;

use axum::extract::State;
use tnhub_wire::envelope::{ErrorItem, ErrorList};
use tnhub_wire::request::peer_tn::TnListRequest;
use tnhub_wire::response::lookup::{
    LcaLocationXml, LcaRateCentersXml, LcaResponse, NpaNxxListXml, RcListXml, TnLookupResponse,
};
use tnhub_wire::response::tns::TelephoneNumbers;

use crate::auth::{CurrentUser, Params};
use crate::error::{ApiError, ErrorShape};
use crate::routes::tns::list_item;
use crate::state::AppState;
use crate::xml::{ListCap, RawBody, Xml, parse_list};

const TNS: ErrorShape = ErrorShape::status("TelephoneNumbersResponse");
const TN: ErrorShape = ErrorShape::status("TelephoneNumberResponse");
/// 15607 above 2,500 numbers.
const LOOKUP_TNS: ListCap = ListCap {
    max: tnhub_core::service::numbers::MAX_LOOKUP,
    code: tnhub_core::service::numbers::codes::LOOKUP_TOO_MANY,
    what: "telephone numbers",
};

/// `POST /tns`: the numbers of `<TnList>` as `/tns` lists them, in the
/// order sent, each once.
pub async fn look_up(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: RawBody,
) -> Result<Xml<TnLookupResponse>, ApiError> {
    let request: TnListRequest = parse_list(&body, TNS, LOOKUP_TNS)?;
    let found = state
        .hub
        .look_up_numbers(&user.accounts, &request.tns)
        .await
        .map_err(TNS.core())?;
    Ok(Xml(TnLookupResponse {
        telephone_number_count: found.numbers.len() as u64,
        telephone_numbers: TelephoneNumbers {
            numbers: found.numbers.iter().map(list_item).collect(),
        },
        error_list: ErrorList {
            errors: found
                .failed
                .into_iter()
                .map(|f| ErrorItem {
                    code: f.code,
                    description: f.description,
                    telephone_number: Some(f.tn),
                })
                .collect(),
        },
    }))
}

/// `GET /tns/{tn}/lca`: the exchanges of the number's rate centre and the
/// rate centres by state (the same area an `npaNxx` search with `LCA`
/// widens to).
pub async fn lca(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Xml<LcaResponse>, ApiError> {
    let area = state
        .hub
        .number_lca(&user.accounts, p.get("tn"))
        .await
        .map_err(TN.core())?;
    let mut by_state: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (st, rc) in area.rate_centers {
        by_state
            .entry(st)
            .or_default()
            .push(rc.to_ascii_uppercase());
    }
    Ok(Xml(LcaResponse {
        list_of_npa_nxx: NpaNxxListXml {
            npa_nxx: area.exchanges.iter().map(|e| format!("{e:06}")).collect(),
        },
        location: LcaLocationXml {
            rate_centers: by_state
                .into_iter()
                .map(|(state, mut rc)| {
                    rc.dedup();
                    LcaRateCentersXml {
                        state,
                        rcs: RcListXml { rc },
                    }
                })
                .collect(),
        },
    }))
}
