//! The simulated losing carrier: the other side of every port-in.
//!
//! Who a number is ported *from* is decided by the system, never by the
//! request: the carrier that really holds the number's thousands-block or
//! exchange, as NANPA's assignments in the embedded data list it (its OCN is
//! the SPID, its NANPA type sets how it ports: see [`from_nanpa`]). A number
//! whose holder is not known (an area code opened after the data's date, an
//! exchange only an operator's import knows) belongs to one of a few
//! fictional carriers, chosen by a fixed hash of the exchange; toll-free
//! numbers belong to fictional RespOrgs the same way. Either way a number
//! has the same losing carrier on every server and every run.
//!
//! How the carrier answers a submitted port-in is configured by the
//! operator ([`CarrierSettings`], stored as one setting so every server
//! sharing the database agrees): after a delay on the sandbox clock it
//! accepts with a FOC date, rejects with a code (the port-in goes to
//! EXCEPTION), or never answers. Rules can name a losing carrier (by SPID)
//! or a number prefix; a prefix rule wins over a carrier rule, and without
//! any rule the carrier does what the default behaviour says: accept, in a
//! sandbox; never answer, in production, where the operator plays the
//! losing carrier's part (forcing FOC, EXCEPTION or completion) unless they
//! configure otherwise.

use std::collections::BTreeMap;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tnhub_nanp::{Carrier, Geography, Ocn, Tn};

use crate::timestamp::Timestamp;

/// A fictional carrier numbers are ported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulatedCarrier {
    /// Its service provider id (4 characters; 5 for a RespOrg).
    pub spid: &'static str,
    pub name: &'static str,
    pub wireless: bool,
    /// Whether its ports need the subscriber's account number.
    pub account_number_required: bool,
    /// The fewest business days between a request and the FOC date.
    pub min_porting_interval: u32,
}

const fn carrier(
    spid: &'static str,
    name: &'static str,
    wireless: bool,
    account_number_required: bool,
    min_porting_interval: u32,
) -> SimulatedCarrier {
    SimulatedCarrier {
        spid,
        name,
        wireless,
        account_number_required,
        min_porting_interval,
    }
}

/// The carriers of geographic numbers.
pub const LOCAL_CARRIERS: [SimulatedCarrier; 8] = [
    carrier("9101", "Sandbox Bell Telephone", false, false, 3),
    carrier("9102", "Sandbox Cable Voice", false, true, 2),
    carrier("9103", "Sandbox Wireless", true, true, 1),
    carrier("9104", "Sandbox Mobile", true, true, 1),
    carrier("9105", "Sandbox CLEC", false, false, 2),
    carrier("9106", "Sandbox VoIP Networks", false, false, 1),
    carrier("9107", "Sandbox Rural Telephone", false, false, 3),
    carrier("9108", "Sandbox Fiber", false, false, 2),
];

/// The RespOrgs of toll-free numbers.
pub const TOLL_FREE_CARRIERS: [SimulatedCarrier; 2] = [
    carrier("SBX01", "Sandbox Toll-Free RespOrg", false, false, 3),
    carrier("SBX02", "Sandbox 8XX Services", false, false, 3),
];

/// Every fictional carrier (the fallbacks for numbers without a known holder).
pub fn carriers() -> impl Iterator<Item = &'static SimulatedCarrier> {
    LOCAL_CARRIERS.iter().chain(TOLL_FREE_CARRIERS.iter())
}

/// The carrier with this SPID (any case).
pub fn carrier_by_spid(spid: &str) -> Option<&'static SimulatedCarrier> {
    carriers().find(|c| c.spid.eq_ignore_ascii_case(spid.trim()))
}

/// SplitMix64's finaliser: a fixed, well-spread hash of the exchange.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A real carrier as the other side of a port: wireless carriers need the
/// subscriber's account number and port in a day; incumbents (RBOC, ICO)
/// take the longest; interconnected VoIP providers port in a day; other
/// competitive carriers in two. (A simplification of typical intervals,
/// not any carrier's published terms.)
fn from_nanpa(c: &'static Carrier) -> SimulatedCarrier {
    let wireless = matches!(&*c.kind, "WIRELESS" | "PCS" | "W RESELLER");
    let min_porting_interval = match &*c.kind {
        _ if wireless => 1,
        "RBOC" | "ICO" => 3,
        "IPES" => 1,
        _ => 2,
    };
    SimulatedCarrier {
        spid: c.ocn.as_str(),
        name: &c.name,
        wireless,
        account_number_required: wireless,
        min_porting_interval,
    }
}

/// The real carrier holding a number, if the embedded data knows it.
fn real_carrier(tn: Tn) -> Option<&'static SimulatedCarrier> {
    static REAL: OnceLock<HashMap<Ocn, SimulatedCarrier>> = OnceLock::new();
    let geo = Geography::embedded();
    let holder = geo.carrier_of(tn)?;
    REAL.get_or_init(|| geo.carriers().map(|c| (c.ocn, from_nanpa(c))).collect())
        .get(&holder.ocn)
}

/// The carrier a number is ported from: the holder of its block or
/// exchange, else a fictional carrier fixed per exchange.
pub fn losing_carrier(tn: Tn) -> &'static SimulatedCarrier {
    let toll_free = tnhub_nanp::is_toll_free(tn.npa());
    if !toll_free && let Some(c) = real_carrier(tn) {
        return c;
    }
    let h = mix(u64::from(tn.npa_nxx().get()));
    if toll_free {
        &TOLL_FREE_CARRIERS[(h % TOLL_FREE_CARRIERS.len() as u64) as usize]
    } else {
        &LOCAL_CARRIERS[(h % LOCAL_CARRIERS.len() as u64) as usize]
    }
}

/// The carrier a number (as text) is ported from; `None` for a number that
/// does not parse.
pub fn losing_carrier_of(tn: &str) -> Option<&'static SimulatedCarrier> {
    Tn::parse(tn.trim()).ok().map(losing_carrier)
}

/// How the simulated carrier answers a port-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "behaviour", rename_all = "camelCase")]
pub enum Behaviour {
    /// Commits to a FOC date (the requested one when allowed).
    Accept,
    /// Refuses with a code: the port-in goes to EXCEPTION.
    Reject { code: u32, description: String },
    /// Never answers: the port-in stays where it is.
    Never,
}

impl Behaviour {
    /// How strongly it wins when several rules apply to one port-in.
    fn severity(&self) -> u8 {
        match self {
            Behaviour::Accept => 0,
            Behaviour::Never => 1,
            Behaviour::Reject { .. } => 2,
        }
    }

    /// A lower-case name (`accept`, `reject`, `never`).
    pub fn name(&self) -> &'static str {
        match self {
            Behaviour::Accept => "accept",
            Behaviour::Reject { .. } => "reject",
            Behaviour::Never => "never",
        }
    }
}

/// The default code of a rejection, and the texts of the real
/// carrier-rejection codes.
pub const DEFAULT_REJECT_CODE: u32 = 7519;

/// The real service's text for a carrier-rejection code, when known.
pub fn reject_text(code: u32) -> Option<&'static str> {
    Some(match code {
        7510 => "Required Account Code missing",
        7511 => "Invalid Account Code",
        7512 => "Required PIN missing",
        7513 => "PIN Invalid",
        7514 => "Required ZIP Code missing",
        7515 => "Invalid ZIP Code",
        7516 => "Telephone Number not recognized or invalid for this account",
        7517 => "Too many Telephone numbers in this request",
        7518 => "Telephone Number Not Active",
        7519 => "Customer info does not match",
        7598 => "Invalid Request",
        7599 => "Fatal Error in Processing",
        _ => return None,
    })
}

/// One rule of the operator's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CarrierRule {
    #[serde(flatten)]
    pub behaviour: Behaviour,
    /// How long (sandbox time) the carrier takes to answer; none: the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_seconds: Option<u64>,
    pub updated_at: Timestamp,
}

/// The setting holding [`CarrierSettings`] as JSON.
pub const SETTING: &str = "portin_carrier";

/// How long the carrier takes to answer without a rule saying otherwise.
pub const DEFAULT_DELAY_SECONDS: u64 = 3_600;

/// The operator's configuration of the simulated carrier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CarrierSettings {
    /// The delay of every answer no rule sets (none: [`DEFAULT_DELAY_SECONDS`]).
    pub default_delay_seconds: Option<u64>,
    /// What the carrier does when no rule applies (none: accept in a
    /// sandbox, never answer in production).
    pub default_behaviour: Option<Behaviour>,
    /// Rules per losing carrier, by SPID (upper case).
    pub carriers: BTreeMap<String, CarrierRule>,
    /// Rules per number prefix (1 to 10 digits).
    pub prefixes: BTreeMap<String, CarrierRule>,
}

/// What the carrier will do with a port-in, and after how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub behaviour: Behaviour,
    pub delay_ms: i64,
}

fn seconds_to_ms(s: u64) -> i64 {
    i64::try_from(s.saturating_mul(1_000)).unwrap_or(i64::MAX)
}

impl CarrierSettings {
    /// Reads the stored setting; a missing one is the default, a corrupt one
    /// too (with a warning), so a bad edit cannot stop every port-in.
    pub fn from_setting(text: Option<&str>) -> CarrierSettings {
        match text {
            None => CarrierSettings::default(),
            Some(t) => serde_json::from_str(t).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "the simulated carrier's settings do not decode; using the defaults");
                CarrierSettings::default()
            }),
        }
    }

    /// The default delay in milliseconds.
    pub fn default_delay_ms(&self) -> i64 {
        seconds_to_ms(self.default_delay_seconds.unwrap_or(DEFAULT_DELAY_SECONDS))
    }

    /// What the carrier does when no rule applies.
    pub fn fallback(&self, sandbox: bool) -> Behaviour {
        self.default_behaviour.clone().unwrap_or(if sandbox {
            Behaviour::Accept
        } else {
            Behaviour::Never
        })
    }

    /// The rule deciding a port-in of `tns` from the carrier `spid`: for each
    /// number its longest matching prefix rule (the most severe of those
    /// when the numbers differ), else the carrier's rule, else the default
    /// behaviour after the default delay.
    pub fn decide(&self, spid: &str, tns: &[String], sandbox: bool) -> Decision {
        let by_prefix = tns
            .iter()
            .filter_map(|tn| {
                self.prefixes
                    .iter()
                    .filter(|(p, _)| tn.starts_with(p.as_str()))
                    .max_by_key(|(p, _)| p.len())
                    .map(|(_, r)| r)
            })
            .max_by_key(|r| r.behaviour.severity());
        let rule = by_prefix.or_else(|| self.carriers.get(&spid.to_ascii_uppercase()));
        match rule {
            Some(r) => Decision {
                behaviour: r.behaviour.clone(),
                delay_ms: r
                    .delay_seconds
                    .map_or_else(|| self.default_delay_ms(), seconds_to_ms),
            },
            None => Decision {
                behaviour: self.fallback(sandbox),
                delay_ms: self.default_delay_ms(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(b: Behaviour, delay: Option<u64>) -> CarrierRule {
        CarrierRule {
            behaviour: b,
            delay_seconds: delay,
            updated_at: Timestamp::from_millis(0),
        }
    }

    #[test]
    fn numbers_are_ported_from_the_carrier_holding_their_block() {
        let tn = |s: &str| Tn::parse(s).unwrap();
        // 917-200 is pooled: block 0 is Bandwidth's CLEC, block 1 T-Mobile's
        // (Omnipoint, a PCS carrier).
        let a = losing_carrier(tn("9172000100"));
        assert_eq!(a.spid, "997E");
        assert!(a.name.starts_with("BANDWIDTH.COM CLEC"), "{}", a.name);
        assert!(!a.wireless);
        assert_eq!(losing_carrier(tn("9172000999")), a);
        let b = losing_carrier(tn("9172001100"));
        assert_eq!(b.spid, "6622");
        assert!(b.wireless && b.account_number_required);
        // 201-200 is Verizon New Jersey's (an incumbent) in every block.
        let vz = losing_carrier(tn("2012000100"));
        assert_eq!((vz.spid, vz.min_porting_interval), ("9206", 3));
        let tf = losing_carrier(tn("8882150100"));
        assert!(tf.spid.starts_with("SBX"));
        // Without a known holder (983 opened after the data's date) the
        // hash spreads exchanges over all fictional carriers.
        let mut seen = std::collections::HashSet::new();
        for nxx in 200..600u16 {
            if let Ok(t) = Tn::parse(&format!("983{nxx}0100")) {
                let c = losing_carrier(t);
                assert_eq!(losing_carrier(tn(&format!("983{nxx}9999"))), c);
                seen.insert(c.spid);
            }
        }
        assert_eq!(seen.len(), LOCAL_CARRIERS.len());
    }

    #[test]
    fn prefix_rules_win_over_carrier_rules_and_the_longest_prefix_wins() {
        let mut s = CarrierSettings {
            default_delay_seconds: Some(60),
            ..CarrierSettings::default()
        };
        let tns = vec!["9192150100".to_string()];
        assert_eq!(
            s.decide("9101", &tns, true),
            Decision {
                behaviour: Behaviour::Accept,
                delay_ms: 60_000
            }
        );
        s.carriers
            .insert("9101".into(), rule(Behaviour::Never, None));
        assert_eq!(s.decide("9101", &tns, true).behaviour, Behaviour::Never);
        s.prefixes
            .insert("919".into(), rule(Behaviour::Accept, Some(5)));
        assert_eq!(
            s.decide("9101", &tns, true),
            Decision {
                behaviour: Behaviour::Accept,
                delay_ms: 5_000
            }
        );
        let reject = Behaviour::Reject {
            code: 7513,
            description: "PIN Invalid".into(),
        };
        s.prefixes
            .insert("919215".into(), rule(reject.clone(), None));
        assert_eq!(s.decide("9101", &tns, true).behaviour, reject);
        let both = vec!["9192150100".to_string(), "9195550100".to_string()];
        assert_eq!(s.decide("9101", &both, true).behaviour, reject);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(CarrierSettings::from_setting(Some(&json)), s);
        assert_eq!(
            CarrierSettings::from_setting(Some("{broken")),
            CarrierSettings::default()
        );
    }
}
