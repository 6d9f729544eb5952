//! The LNP checker (`POST /accounts/{a}/lnpchecker`, wire-format.md 2.11):
//! whether numbers can be ported in, grouped by rate centre, with the port
//! type and (on a full check) their losing carriers.
//!
//! A number in an exchange this deployment's inventory covers is on-net
//! (a supported rate centre, automated port); one only the reference
//! geography knows is off-net (an unsupported rate centre, or a
//! partner-supported one with `fullCheck=offnetportability`: a manual
//! port); a number in an exchange nobody knows is unsupported and cannot
//! be ported. Numbers already in service here (7206) or on another order
//! (7205) make the whole check fail, as do malformed requests.

use std::collections::BTreeMap;

use tnhub_nanp::Tn;

use crate::ids::AccountId;
use crate::order::portin::carrier::{SimulatedCarrier, losing_carrier};
use crate::order::portin::{MAX_AUTOMATED_ON_NET, MAX_PORT_TNS, PortError, codes, invalid_tn_text};

use super::Tnhub;
use super::portin_flow::port_geo;
use super::portins::{PortFailure, PortResult, held_errors};

/// What `fullCheck` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullCheck {
    /// `false` (or absent): rate centres only.
    No,
    /// `true` / `onnetportability`: losing carriers too.
    OnNet,
    /// `offnetportability`: losing carriers, and off-net numbers as
    /// partner-supported rate centres.
    OffNet,
}

impl FullCheck {
    /// Parses the query value (7472 for anything else).
    pub fn parse(v: Option<&str>) -> Result<FullCheck, PortError> {
        match v.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("false") => Ok(FullCheck::No),
            Some("true") | Some("onnetportability") => Ok(FullCheck::OnNet),
            Some("offnetportability") => Ok(FullCheck::OffNet),
            Some(other) => Err(PortError::new(
                codes::FULL_CHECK,
                format!(
                    "fullCheck '{other}' is invalid; valid values are true, false, onnetportability, offnetportability"
                ),
            )),
        }
    }
}

/// Numbers of one rate centre.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateCenterGroup {
    pub rate_center: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub lata: Option<u32>,
    pub tiers: Vec<u32>,
    pub tns: Vec<String>,
}

/// Numbers of one losing carrier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarrierGroup {
    pub carrier: &'static SimulatedCarrier,
    pub tns: Vec<String>,
}

/// The answer of a portability check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portability {
    pub port_type: &'static str,
    pub supported: Vec<RateCenterGroup>,
    pub unsupported: Vec<RateCenterGroup>,
    /// With `offnetportability` only.
    pub partner_supported: Option<Vec<RateCenterGroup>>,
    /// With a full check only.
    pub carriers: Option<Vec<CarrierGroup>>,
}

type GroupKey = (String, String, String, Option<u32>);

fn add(
    groups: &mut BTreeMap<GroupKey, RateCenterGroup>,
    g: RateCenterGroup,
    tn: String,
    tier: Option<u32>,
) {
    let key = (
        g.state.clone().unwrap_or_default(),
        g.rate_center.clone().unwrap_or_default(),
        g.city.clone().unwrap_or_default(),
        g.lata,
    );
    let entry = groups.entry(key).or_insert(g);
    if let Some(t) = tier
        && !entry.tiers.contains(&t)
    {
        entry.tiers.push(t);
        entry.tiers.sort_unstable();
    }
    entry.tns.push(tn);
}

impl Tnhub {
    /// Checks whether numbers can be ported in. `tns` is `None` when the
    /// request has no `TnList` (7102).
    pub async fn check_portability(
        &self,
        account: &AccountId,
        tns: Option<Vec<String>>,
        full: FullCheck,
    ) -> PortResult<Portability> {
        let Some(raw) = tns else {
            return Err(PortFailure::invalid(vec![PortError::new(
                7102,
                "TnList is required: <NumberPortabilityRequest><TnList><Tn>…</Tn></TnList>",
            )]));
        };
        // Counted as sent, before any other work.
        if raw.len() > MAX_PORT_TNS {
            return Err(PortFailure::invalid(vec![PortError::new(
                codes::TOO_MANY,
                format!(
                    "At most {MAX_PORT_TNS} telephone numbers may be checked at once; {} were sent",
                    raw.len()
                ),
            )]));
        }
        let raw: Vec<String> = raw
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let mut errors = Vec::new();
        if raw.is_empty() {
            errors.push(PortError::new(
                codes::NONE_GIVEN,
                "At least one telephone number is required",
            ));
        }
        let mut numbers: Vec<(Tn, String)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut duplicates = Vec::new();
        for t in &raw {
            match Tn::parse(t) {
                Ok(tn) => {
                    let s = tn.to_string();
                    if seen.insert(s.clone()) {
                        numbers.push((tn, s));
                    } else {
                        duplicates.push(s);
                    }
                }
                Err(_) => errors.push(PortError::about(
                    codes::TN_INVALID,
                    invalid_tn_text(t),
                    vec![t.clone()],
                )),
            }
        }
        let duplicates = crate::order::first_of_each(duplicates);
        if !duplicates.is_empty() {
            errors.push(PortError::about(
                codes::DUPLICATES,
                format!("Duplicate telephone numbers: {}", duplicates.join(", ")),
                duplicates,
            ));
        }
        if !errors.is_empty() {
            return Err(PortFailure::invalid(errors));
        }
        let now = self.clock.now();
        let tns: Vec<String> = numbers.iter().map(|(_, s)| s.clone()).collect();
        let mut repo = self.store.read().await?;
        held_errors(repo.as_mut(), account, &tns, None, now, &mut errors).await?;
        if !errors.is_empty() {
            return Err(PortFailure::invalid(errors));
        }
        let inventory = self.inventory();
        let mut supported = BTreeMap::new();
        let mut unsupported = BTreeMap::new();
        let mut partner = BTreeMap::new();
        let mut carriers: Vec<CarrierGroup> = Vec::new();
        let (mut toll_free, mut off_net) = (false, false);
        for (tn, s) in numbers {
            let covered = inventory.block_of(tn).map(|b| inventory.attrs(b));
            let portable = port_geo(&inventory, tn);
            let group = |geo: &crate::number::NumberGeo| RateCenterGroup {
                rate_center: geo.rate_center.clone(),
                city: geo.city.as_ref().map(|c| c.to_uppercase()),
                state: geo.state.clone(),
                lata: geo.lata,
                ..RateCenterGroup::default()
            };
            toll_free |= tnhub_nanp::is_toll_free(tn.npa());
            match (&portable, covered) {
                (Some((geo, true)), Some(attrs)) => {
                    add(&mut supported, group(geo), s.clone(), Some(attrs.tier))
                }
                (Some((geo, _)), _) => {
                    off_net |= !tnhub_nanp::is_toll_free(tn.npa());
                    if full == FullCheck::OffNet {
                        add(&mut partner, group(geo), s.clone(), Some(geo.tier));
                    } else {
                        add(&mut unsupported, group(geo), s.clone(), None);
                    }
                }
                (None, _) => add(
                    &mut unsupported,
                    RateCenterGroup::default(),
                    s.clone(),
                    None,
                ),
            }
            if portable.is_some() {
                let c = losing_carrier(tn);
                match carriers.iter_mut().find(|g| g.carrier == c) {
                    Some(g) => g.tns.push(s),
                    None => carriers.push(CarrierGroup {
                        carrier: c,
                        tns: vec![s],
                    }),
                }
            }
        }
        carriers.sort_by_key(|g| g.carrier.spid);
        let port_type = if toll_free {
            "MANUAL_TOLLFREE"
        } else if off_net {
            "MANUAL_OFFNET"
        } else if tns.len() > MAX_AUTOMATED_ON_NET {
            "MANUAL_ONNET"
        } else {
            "AUTOMATED"
        };
        Ok(Portability {
            port_type,
            supported: supported.into_values().collect(),
            unsupported: unsupported.into_values().collect(),
            partner_supported: (full == FullCheck::OffNet).then(|| partner.into_values().collect()),
            carriers: (full != FullCheck::No).then_some(carriers),
        })
    }
}
