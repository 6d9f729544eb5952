//! Port-outs: another carrier (the winning carrier) taking numbers away
//! from an account (docs/port-outs-lsr-csr.md).
//!
//! The customer never creates a port-out: it arrives from the winning
//! carrier, which tnhub simulates through the operator plane. A port-out is
//! an order of kind [`super::OrderKind::PortOut`]; its request is a
//! [`PortOutRequest`] (what the winning carrier asked for) and its result a
//! [`PortOutResult`] (what became of it), both stored as JSON in the order
//! row. Its lifecycle is [`PortOutStatus`]: `NEW` when received, `FOC` once
//! validated (the numbers stay in service until the FOC date), `COMPLETE`
//! when the numbers have left the account; `EXCEPTION` when the request was
//! refused (a number not active on the account, a port-out passcode
//! missing or wrong) and `CANCELLED` when the winning carrier withdrew it.

use serde::{Deserialize, Serialize};

use super::first_of_each;
use super::portin::PortError;
use super::portin::carrier::{SimulatedCarrier, carrier_by_spid};
use crate::error::CoreError;
use crate::timestamp::Timestamp;

/// The most numbers one port-out request names.
pub const MAX_TNS: usize = 1_000;

/// The SPID of the winning carrier when the operator names none.
pub const DEFAULT_WINNING_SPID: &str = "9106";

/// The refusal codes: the carrier-rejection codes of the real service's
/// port requests (the same the simulated losing carrier of port-ins uses).
pub mod codes {
    /// "Required PIN missing": a number has a port-out passcode and the
    /// request gave none.
    pub const PIN_MISSING: u32 = 7512;
    /// "PIN Invalid": the request's passcode is not the number's.
    pub const PIN_INVALID: u32 = 7513;
    /// "Telephone Number not recognized or invalid for this account".
    pub const NOT_ON_ACCOUNT: u32 = 7516;
    /// tnhub's code for an operator request that names no number, too
    /// many, or a number that is not one.
    pub const TNS_INVALID: u32 = 7201;
}

/// Where a port-out is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortOutStatus {
    New,
    Foc,
    Complete,
    Exception,
    Cancelled,
}

impl PortOutStatus {
    /// The real spelling (`PortOutStatus`).
    pub fn as_str(self) -> &'static str {
        match self {
            PortOutStatus::New => "NEW",
            PortOutStatus::Foc => "FOC",
            PortOutStatus::Complete => "COMPLETE",
            PortOutStatus::Exception => "EXCEPTION",
            PortOutStatus::Cancelled => "CANCELLED",
        }
    }

    /// Every status, in lifecycle order.
    pub const ALL: [PortOutStatus; 5] = [
        PortOutStatus::New,
        PortOutStatus::Foc,
        PortOutStatus::Complete,
        PortOutStatus::Exception,
        PortOutStatus::Cancelled,
    ];

    /// Parses a status in any case.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether nothing will change the port-out any more.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            PortOutStatus::Complete | PortOutStatus::Exception | PortOutStatus::Cancelled
        )
    }
}

/// The winning carrier, as stored with the port-out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WinningCarrier {
    pub spid: String,
    pub name: String,
}

impl From<&SimulatedCarrier> for WinningCarrier {
    fn from(c: &SimulatedCarrier) -> Self {
        WinningCarrier {
            spid: c.spid.to_string(),
            name: c.name.to_string(),
        }
    }
}

/// What the winning carrier asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortOutRequest {
    /// Ten-digit numbers, each once.
    pub tns: Vec<String>,
    pub winning_carrier: WinningCarrier,
    /// The passcode the request carried, if any (never shown by the API).
    pub passcode: Option<String>,
    pub requested_foc_date: Option<Timestamp>,
    /// The winning carrier's purchase order number.
    pub pon: String,
}

/// What became of the port-out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortOutResult {
    pub actual_foc_date: Option<Timestamp>,
    /// The numbers that left the account.
    pub completed: Vec<String>,
    /// Why it was refused (EXCEPTION).
    pub errors: Vec<PortError>,
    pub last_modified_by: Option<String>,
}

/// The operator's request, before checking.
#[derive(Debug, Clone, Default)]
pub struct PortOutDraft {
    pub tns: Vec<String>,
    pub winning_spid: Option<String>,
    pub passcode: Option<String>,
    pub requested_foc_date: Option<Timestamp>,
    pub pon: Option<String>,
}

impl PortOutRequest {
    /// Checks the operator's request: one to [`MAX_TNS`] valid numbers, a
    /// simulated winning carrier. Whether the numbers are the account's and
    /// the passcodes match is decided when the request is processed, as the
    /// real service does after accepting a port request.
    pub fn validate(d: PortOutDraft, id: &str) -> Result<PortOutRequest, CoreError> {
        if d.tns.is_empty() || d.tns.len() > MAX_TNS {
            return Err(CoreError::invalid(
                codes::TNS_INVALID,
                format!("A port-out names 1 to {MAX_TNS} telephone numbers"),
            ));
        }
        let mut tns = Vec::with_capacity(d.tns.len());
        for raw in &d.tns {
            let tn = super::portin::parse_tn(raw).ok_or_else(|| {
                CoreError::invalid(codes::TNS_INVALID, super::portin::invalid_tn_text(raw))
            })?;
            tns.push(tn.to_string());
        }
        let spid = d.winning_spid.as_deref().unwrap_or(DEFAULT_WINNING_SPID);
        let carrier = carrier_by_spid(spid).ok_or_else(|| {
            CoreError::invalid(
                codes::TNS_INVALID,
                format!("'{spid}' is not one of the simulated carriers (GET /admin/portins/carrier lists them)"),
            )
        })?;
        let passcode = d
            .passcode
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        Ok(PortOutRequest {
            tns: first_of_each(tns),
            winning_carrier: carrier.into(),
            passcode,
            requested_foc_date: d.requested_foc_date,
            pon: d
                .pon
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| format!("PO-{}", &id[id.len().saturating_sub(8)..])),
        })
    }
}

/// Why one number may not leave: its passcode (if it has one) against the
/// request's. `None`: it may.
pub fn passcode_refusal(set: Option<&str>, given: Option<&str>) -> Option<PortError> {
    match (set, given) {
        (None, _) => None,
        (Some(_), None) => Some(PortError::new(codes::PIN_MISSING, "Required PIN missing")),
        (Some(s), Some(g)) if s == g => None,
        (Some(_), Some(_)) => Some(PortError::new(codes::PIN_INVALID, "PIN Invalid")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passcodes_are_compared_exactly() {
        assert!(passcode_refusal(None, None).is_none());
        assert!(passcode_refusal(None, Some("x")).is_none());
        assert_eq!(passcode_refusal(Some("ab12"), None).unwrap().code, 7512);
        assert_eq!(
            passcode_refusal(Some("ab12"), Some("AB12")).unwrap().code,
            7513
        );
        assert!(passcode_refusal(Some("ab12"), Some("ab12")).is_none());
    }

    #[test]
    fn requests_are_checked() {
        let id = "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000";
        let ok = PortOutRequest::validate(
            PortOutDraft {
                tns: vec!["9195550100".into(), "+19195550100".into()],
                ..PortOutDraft::default()
            },
            id,
        )
        .unwrap();
        assert_eq!(ok.tns, vec!["9195550100"]);
        assert_eq!(ok.winning_carrier.spid, DEFAULT_WINNING_SPID);
        assert_eq!(ok.pon, "PO-ffff0000");
        let bad = |d| {
            PortOutRequest::validate(d, id)
                .unwrap_err()
                .code
                .unwrap_or(0)
        };
        assert_eq!(bad(PortOutDraft::default()), codes::TNS_INVALID);
        assert_eq!(
            bad(PortOutDraft {
                tns: vec!["123".into()],
                ..PortOutDraft::default()
            }),
            codes::TNS_INVALID
        );
        assert_eq!(
            bad(PortOutDraft {
                tns: vec!["9195550100".into()],
                winning_spid: Some("nope".into()),
                ..PortOutDraft::default()
            }),
            codes::TNS_INVALID
        );
    }
}
