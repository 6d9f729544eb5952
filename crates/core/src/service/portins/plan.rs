//! Classifying a port-in's numbers: who holds them now (7205/7206, shared
//! with the LNP checker), where they are, which losing carrier they come
//! from, and the port type that makes (7204/7216/7386). Separate from the
//! operations that use it.

use tnhub_nanp::Tn;

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::number::{NumberGeo, NumberRecord, NumberStatus};
use crate::order::portin::carrier::{SimulatedCarrier, losing_carrier};
use crate::order::portin::{CarrierInfo, MAX_AUTOMATED_ON_NET, PortError, PortInRequest, codes};
use crate::service::Tnhub;
use crate::service::portin_flow::port_geo;
use crate::store::Repo;
use crate::timestamp::Timestamp;

/// How a number stands with respect to a new port-in.
enum Holder {
    /// Free to port (no row, an ended hold, or the account's own reservation).
    Free,
    /// Held by this very port-in.
    Ours,
    InService,
    /// On another port-in, or held by another account.
    Busy,
}

fn holder(
    row: Option<NumberRecord>,
    account: &AccountId,
    order_id: Option<&str>,
    now: Timestamp,
) -> Holder {
    let Some(r) = row.filter(|r| r.holds_at(now)) else {
        return Holder::Free;
    };
    if order_id.is_some()
        && r.order_id.as_deref() == order_id
        && r.status == NumberStatus::PortInPendingFoc
    {
        return Holder::Ours;
    }
    match r.status {
        NumberStatus::Inservice => Holder::InService,
        NumberStatus::Reserved | NumberStatus::Aging if r.account_id.as_ref() == Some(account) => {
            Holder::Free
        }
        _ => Holder::Busy,
    }
}

/// What the numbers of a port-in are: where they are, who they come from,
/// and the port type that makes.
pub(super) struct NumberPlan {
    pub carrier: Option<&'static SimulatedCarrier>,
    pub toll_free: bool,
    pub port_type: &'static str,
    pub geos: Vec<(Tn, NumberGeo)>,
}

impl NumberPlan {
    pub(super) fn carrier_info(&self) -> Option<CarrierInfo> {
        self.carrier.map(|c| CarrierInfo {
            spid: c.spid.into(),
            name: c.name.into(),
            wireless: c.wireless,
            min_porting_interval: c.min_porting_interval,
        })
    }
}

/// The 7205/7206 state of numbers, grouped (shared with the LNP checker).
pub(in crate::service) async fn held_errors(
    repo: &mut dyn Repo,
    account: &AccountId,
    tns: &[String],
    order_id: Option<&str>,
    now: Timestamp,
    errors: &mut Vec<PortError>,
) -> Result<(), CoreError> {
    let (mut in_service, mut busy) = (Vec::new(), Vec::new());
    for t in tns {
        match holder(repo.number(t).await?, account, order_id, now) {
            Holder::InService => in_service.push(t.clone()),
            Holder::Busy => busy.push(t.clone()),
            Holder::Free | Holder::Ours => {}
        }
    }
    if !busy.is_empty() {
        errors.push(PortError::about(
            codes::ON_ANOTHER_ORDER,
            "Telephone number is already being processed on another order",
            busy,
        ));
    }
    if !in_service.is_empty() {
        errors.push(PortError::about(
            codes::IN_SERVICE,
            "Telephone number is already in service",
            in_service,
        ));
    }
    Ok(())
}

impl Tnhub {
    /// Classifies a port-in's numbers, adding 7204/7216/7386 errors, and
    /// with `check_holds` (not for a draft being saved, which holds
    /// nothing) 7205/7206 for numbers held elsewhere.
    #[allow(clippy::too_many_arguments)] // the checks' context, one by one
    pub(super) async fn plan_numbers(
        &self,
        repo: &mut dyn Repo,
        account: &AccountId,
        request: &PortInRequest,
        order_id: Option<&str>,
        check_holds: bool,
        now: Timestamp,
        errors: &mut Vec<PortError>,
    ) -> Result<NumberPlan, CoreError> {
        if check_holds {
            held_errors(repo, account, &request.tns, order_id, now, errors).await?;
        }
        let inventory = self.inventory();
        let mut geos = Vec::new();
        let mut not_portable = Vec::new();
        let (mut toll_free, mut local, mut off_net) = (0usize, 0usize, false);
        let mut carriers: Vec<&'static SimulatedCarrier> = Vec::new();
        for t in &request.tns {
            let Ok(tn) = Tn::parse(t) else { continue };
            match port_geo(&inventory, tn) {
                Some((geo, on_net)) => {
                    off_net |= !on_net && !tnhub_nanp::is_toll_free(tn.npa());
                    geos.push((tn, geo));
                }
                None => not_portable.push(t.clone()),
            }
            if tnhub_nanp::is_toll_free(tn.npa()) {
                toll_free += 1;
            } else {
                local += 1;
            }
            let c = losing_carrier(tn);
            if !carriers.contains(&c) {
                carriers.push(c);
            }
        }
        if !not_portable.is_empty() {
            errors.push(PortError::about(
                codes::NOT_PORTABLE,
                "Telephone number is not portable: its exchange is not covered by this deployment nor known from the reference geography",
                not_portable,
            ));
        }
        if toll_free > 0 && local > 0 {
            errors.push(PortError::new(
                codes::MIXED_TOLL_FREE,
                "Toll-free and local telephone numbers cannot be ported in the same order",
            ));
        } else if carriers.len() > 1 {
            let names: Vec<String> = carriers
                .iter()
                .map(|c| format!("{} ({})", c.name, c.spid))
                .collect();
            errors.push(PortError::new(
                codes::CARRIERS_DIFFER,
                format!(
                    "All telephone numbers of a port-in must have the same losing carrier; these come from {}",
                    names.join(", ")
                ),
            ));
        }
        let port_type = if toll_free > 0 {
            "MANUAL_TOLLFREE"
        } else if off_net {
            "MANUAL_OFFNET"
        } else if request.tns.len() > MAX_AUTOMATED_ON_NET {
            "MANUAL_ONNET"
        } else {
            "AUTOMATED"
        };
        Ok(NumberPlan {
            carrier: carriers.first().copied(),
            toll_free: toll_free > 0,
            port_type,
            geos,
        })
    }
}
