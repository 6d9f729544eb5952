//! What the operator plane does to port-ins: configure the simulated losing
//! carrier (its default delay, and rules per losing carrier or per number
//! prefix), and force a port-in to FOC, EXCEPTION or COMPLETE. The
//! configuration is one setting in the database, so every server sharing it
//! sees the same carrier.

use crate::error::{CoreError, ErrorKind};
use crate::order::portin::carrier::{
    self, Behaviour, CarrierRule, CarrierSettings, DEFAULT_REJECT_CODE, reject_text,
};
use crate::order::portin::{PortError, PortStatus, foc};
use crate::order::{OrderKind, to_json};
use crate::timestamp::Timestamp;

use super::Tnhub;
use super::portin_flow::{
    Change, OPERATOR, carrier_settings, complete, enter_exception, enter_foc, schedule,
};
use super::portins::{PortInView, PortResult, port_in_not_found};

/// What a carrier rule is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleScope {
    /// A losing carrier's SPID.
    Carrier,
    /// A number prefix (1 to 10 digits).
    Prefix,
}

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::invalid(crate::error::codes::INVALID_VALUE, message)
}

/// Checks and normalises a rule's key.
fn rule_key(scope: RuleScope, key: &str) -> Result<String, CoreError> {
    let k = key.trim();
    match scope {
        RuleScope::Carrier => {
            if k.is_empty() || k.len() > 5 || !k.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(invalid(format!(
                    "'{k}' is not a SPID (1 to 5 letters or digits)"
                )));
            }
            Ok(k.to_ascii_uppercase())
        }
        RuleScope::Prefix => {
            if k.is_empty() || k.len() > 10 || !k.chars().all(|c| c.is_ascii_digit()) {
                return Err(invalid(format!(
                    "'{k}' is not a number prefix (1 to 10 digits)"
                )));
            }
            Ok(k.to_string())
        }
    }
}

/// What the operator forces.
enum Force {
    Foc(Option<Timestamp>),
    Exception(PortError),
    Complete,
}

impl Force {
    fn target(&self) -> &'static str {
        match self {
            Force::Foc(_) => "FOC",
            Force::Exception(_) => "EXCEPTION",
            Force::Complete => "COMPLETE",
        }
    }
}

/// A behaviour from the operator's words: `accept`, `reject` (with an
/// optional code, default 7519, and description) or `never`.
pub fn behaviour(
    name: &str,
    code: Option<u32>,
    description: Option<String>,
) -> Result<Behaviour, CoreError> {
    match name.trim().to_ascii_lowercase().as_str() {
        "accept" => Ok(Behaviour::Accept),
        "never" | "never-answer" | "neveranswer" | "silent" => Ok(Behaviour::Never),
        "reject" => {
            let code = code.unwrap_or(DEFAULT_REJECT_CODE);
            if !(1..=99_999).contains(&code) {
                return Err(invalid(format!("code {code} is not an error code")));
            }
            let description = description
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .or_else(|| reject_text(code).map(str::to_string))
                .unwrap_or_else(|| format!("The losing carrier rejected the port-in ({code})"));
            Ok(Behaviour::Reject { code, description })
        }
        other => Err(invalid(format!(
            "behaviour '{other}' is not one of accept, reject, never"
        ))),
    }
}

impl Tnhub {
    /// The simulated carrier's configuration.
    pub async fn carrier_config(&self) -> Result<CarrierSettings, CoreError> {
        carrier_settings(self.store.read().await?.as_mut()).await
    }

    async fn edit_carrier_config(
        &self,
        edit: impl FnOnce(&mut CarrierSettings) -> Result<(), CoreError>,
    ) -> Result<CarrierSettings, CoreError> {
        let mut tx = self.store.write().await?;
        let mut settings = carrier_settings(tx.as_mut()).await?;
        edit(&mut settings)?;
        tx.set_setting(carrier::SETTING, &to_json(&settings)?)
            .await?;
        tx.commit().await?;
        Ok(settings)
    }

    /// Sets how long the carrier takes to answer and what it does when no
    /// rule says (each only when given).
    pub async fn set_carrier_defaults(
        &self,
        delay_seconds: Option<u64>,
        behaviour: Option<Behaviour>,
    ) -> Result<CarrierSettings, CoreError> {
        if delay_seconds.is_some_and(|d| d > 365 * 86_400) {
            return Err(invalid("the delay must be at most a year"));
        }
        self.edit_carrier_config(|s| {
            if delay_seconds.is_some() {
                s.default_delay_seconds = delay_seconds;
            }
            if behaviour.is_some() {
                s.default_behaviour = behaviour;
            }
            Ok(())
        })
        .await
    }

    /// What the simulated carrier does when no rule applies, here: the
    /// configured default, else accept in a sandbox and never answer in
    /// production.
    pub fn carrier_fallback(&self, settings: &CarrierSettings) -> Behaviour {
        settings.fallback(self.sandbox.is_some())
    }

    /// Sets (adds or replaces) a rule.
    pub async fn set_carrier_rule(
        &self,
        scope: RuleScope,
        key: &str,
        behaviour: Behaviour,
        delay_seconds: Option<u64>,
    ) -> Result<CarrierSettings, CoreError> {
        let key = rule_key(scope, key)?;
        if delay_seconds.is_some_and(|d| d > 365 * 86_400) {
            return Err(invalid("the delay must be at most a year"));
        }
        let rule = CarrierRule {
            behaviour,
            delay_seconds,
            updated_at: self.clock.now(),
        };
        self.edit_carrier_config(move |s| {
            match scope {
                RuleScope::Carrier => s.carriers.insert(key, rule),
                RuleScope::Prefix => s.prefixes.insert(key, rule),
            };
            Ok(())
        })
        .await
    }

    /// Removes a rule; false if there was none.
    pub async fn remove_carrier_rule(
        &self,
        scope: RuleScope,
        key: &str,
    ) -> Result<bool, CoreError> {
        let key = rule_key(scope, key)?;
        let mut removed = false;
        self.edit_carrier_config(|s| {
            removed = match scope {
                RuleScope::Carrier => s.carriers.remove(&key).is_some(),
                RuleScope::Prefix => s.prefixes.remove(&key).is_some(),
            };
            Ok(())
        })
        .await?;
        Ok(removed)
    }

    /// A port-in by id alone (the operator sees every account).
    pub async fn port_in_by_id(&self, id: &str) -> Result<PortInView, CoreError> {
        let row = self
            .store
            .read()
            .await?
            .order_by_id(id.trim())
            .await?
            .filter(|r| r.kind == OrderKind::PortIn)
            .ok_or_else(|| port_in_not_found(id))?;
        PortInView::from_row(row)
    }

    async fn force(&self, id: &str, action: Force) -> PortResult<PortInView> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let row = tx
            .order_by_id(id.trim())
            .await?
            .filter(|r| r.kind == OrderKind::PortIn)
            .ok_or_else(|| port_in_not_found(id))?;
        let mut v = PortInView::from_row(row)?;
        let status = v.status();
        if !status.holds_numbers() || status == PortStatus::RequestedCancel {
            return Err(CoreError::new(
                ErrorKind::Conflict,
                crate::error::codes::INVALID_VALUE,
                format!(
                    "port-in {} is {} and cannot be forced to {}",
                    v.row.id,
                    status.as_str(),
                    action.target()
                ),
            )
            .into());
        }
        match action {
            Force::Foc(date) => {
                let interval = v
                    .result
                    .losing_carrier
                    .as_ref()
                    .map_or(1, |c| c.min_porting_interval);
                let date = date.unwrap_or_else(|| foc::earliest(now, interval));
                let change = Change::new(
                    format!("FOC date {} set by the operator", date.iso()),
                    OPERATOR,
                );
                enter_foc(tx.as_mut(), &mut v, date, change, now).await?;
            }
            Force::Exception(error) => {
                let change = Change::new("Exception set by the operator", OPERATOR);
                enter_exception(tx.as_mut(), &mut v, error, change, now).await?;
            }
            Force::Complete => complete(tx.as_mut(), &mut v, OPERATOR, now).await?,
        }
        schedule(tx.as_mut(), &v, now).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(v)
    }

    /// Forces FOC with a date (default: the earliest the losing carrier allows).
    pub async fn force_foc(&self, id: &str, date: Option<Timestamp>) -> PortResult<PortInView> {
        self.force(id, Force::Foc(date)).await
    }

    /// Forces EXCEPTION with a reason code (default 7519).
    pub async fn force_exception(
        &self,
        id: &str,
        code: Option<u32>,
        description: Option<String>,
    ) -> PortResult<PortInView> {
        let Behaviour::Reject { code, description } = behaviour("reject", code, description)?
        else {
            unreachable!("behaviour(\"reject\") is a rejection");
        };
        self.force(id, Force::Exception(PortError::new(code, description)))
            .await
    }

    /// Forces completion now: the numbers go in service.
    pub async fn force_complete(&self, id: &str) -> PortResult<PortInView> {
        self.force(id, Force::Complete).await
    }
}
