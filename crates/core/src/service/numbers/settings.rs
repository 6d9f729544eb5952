//! One number's settings on its SIP peer (`PUT …/sippeers/{p}/tns/{tn}`,
//! Node's `sipPeer.updateTns`, Python's `SipPeer.tns.create`).
//!
//! The settings are the ones a `tnoptions` order sets (number and RPID
//! format, user rewrite, call forwarding, caller-name display, SMS, the
//! `Protected` attribute), and they are stored exactly where and as that
//! order stores them — the number's [`crate::number::NumberFeatures`] and
//! attributes — through the same [`crate::number::NumberFeatures::apply`],
//! so `tndetails`, the peer's number listing and later `tnoptions` orders
//! all see one value. Unlike an order it applies at once, in one versioned
//! update.

use tnhub_nanp::Tn;

use crate::error::{CoreError, codes as common};
use crate::ids::AccountId;
use crate::number::{NumberRecord, PROTECTED};
use crate::order::features::{FeatureSettings, TnOptions, feature_codes};
use crate::service::Tnhub;

use super::peer::number_on_peer;

/// What a `PUT` of a peer's number asks for; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerNumberSettings {
    /// The body's `FullNumber`, which must be the number of the path.
    pub full_number: Option<String>,
    /// The line options, spelled as in a `TnOptionGroup` (`on`/`off`/
    /// `systemdefault` for caller-name display, `on`/`off` for SMS);
    /// `protected` is ignored (it comes from `attributes`).
    pub options: TnOptions,
    /// The body's `TnAttributes`, when it has the element: the number ends
    /// up `Protected` exactly when `Protected` is listed. Other attributes
    /// are the system's and may only be repeated as the number has them.
    pub attributes: Option<Vec<String>>,
}

impl PeerNumberSettings {
    /// Checks the values against the number they are for; the options
    /// ready to apply.
    fn validate(self, number: &NumberRecord) -> Result<TnOptions, CoreError> {
        if let Some(sent) = self
            .full_number
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            && Tn::parse(sent).ok() != Some(number.tn)
        {
            return Err(CoreError::invalid(
                common::INVALID_VALUE,
                format!(
                    "FullNumber '{sent}' is not the telephone number of the path ({})",
                    number.tn
                ),
            ));
        }
        // Checked as for tnoptions (`systemdefault` clears a forward there
        // too).
        let mut options = TnOptions {
            protected: None,
            ..self.options
        };
        if options != TnOptions::default() {
            options = options.validate()?;
        }
        if let Some(attributes) = self.attributes {
            let mut protect = false;
            for a in attributes
                .iter()
                .map(|a| a.trim())
                .filter(|a| !a.is_empty())
            {
                if a.eq_ignore_ascii_case(PROTECTED) {
                    protect = true;
                } else if !number.attributes.iter().any(|h| h.eq_ignore_ascii_case(a)) {
                    return Err(CoreError::invalid(
                        feature_codes::OPTION_VALUE,
                        format!(
                            "TnAttribute '{a}' cannot be set; the only attribute a number's owner sets is {PROTECTED}"
                        ),
                    ));
                }
            }
            options.protected = Some(protect);
        }
        Ok(options)
    }
}

impl Tnhub {
    /// Changes the settings of a number in service on a SIP peer and
    /// returns the number as stored. Unknown site or peer: 12016 / 13563;
    /// a number not on the peer: 13536 (404); bad values: 5081, or 1004
    /// for a `FullNumber` other than the path's and for over-long text.
    pub async fn update_peer_number(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        raw_tn: &str,
        settings: PeerNumberSettings,
    ) -> Result<NumberRecord, CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let row = number_on_peer(tx.as_mut(), account, raw_site, raw_peer, raw_tn).await?;
        let options = settings.validate(&row)?;
        let mut next = row.clone();
        next.features
            .apply(&FeatureSettings::Options(options.clone()));
        if let Some(protect) = options.protected {
            next.set_protected(protect);
        }
        if next == row {
            return Ok(row);
        }
        next.updated_at = now;
        if !tx.update_number(&next, row.version).await? {
            return Err(CoreError::conflict(
                common::INVALID_VALUE,
                format!(
                    "Telephone number '{}' changed while its settings were being saved; nothing was changed, please retry",
                    row.tn
                ),
            ));
        }
        tx.commit().await?;
        tracing::info!(account = %account, tn = %row.tn, "SIP peer number settings changed");
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{NumberGeo, NumberStatus};
    use crate::timestamp::Timestamp;

    fn number(attributes: &[&str]) -> NumberRecord {
        let t = Timestamp::from_millis(0);
        NumberRecord {
            tn: Tn::parse("9192120100").unwrap(),
            status: NumberStatus::Inservice,
            account_id: None,
            site_id: None,
            peer_id: None,
            order_id: None,
            order_type: None,
            reservation_id: None,
            hold_until: None,
            in_service_at: None,
            created_at: t,
            updated_at: t,
            geo: NumberGeo::default(),
            attributes: attributes.iter().map(|a| a.to_string()).collect(),
            features: Default::default(),
            version: 1,
        }
    }

    fn settings(f: impl FnOnce(&mut PeerNumberSettings)) -> PeerNumberSettings {
        let mut s = PeerNumberSettings::default();
        f(&mut s);
        s
    }

    #[test]
    fn values_are_checked_as_tnoptions_checks_them() {
        let n = number(&[]);
        let ok = settings(|s| {
            s.full_number = Some("9192120100".into());
            s.options.rpid_format = Some("E164".into());
        })
        .validate(&n)
        .unwrap();
        assert_eq!(ok.rpid_format.as_deref(), Some("e164"));
        assert_eq!(ok.protected, None);
        let clear = settings(|s| s.options.call_forward = Some(" SystemDefault ".into()));
        assert_eq!(
            clear.validate(&n).unwrap().call_forward.as_deref(),
            Some("systemdefault")
        );
        let bad = settings(|s| s.options.number_format = Some("9digit".into()));
        assert_eq!(
            bad.validate(&n).unwrap_err().code,
            Some(feature_codes::OPTION_VALUE)
        );
        let other = settings(|s| s.full_number = Some("9192120101".into()));
        assert_eq!(
            other.validate(&n).unwrap_err().code,
            Some(common::INVALID_VALUE)
        );
        // Nothing to change is not an error here (unlike an empty TnOptionGroup).
        assert_eq!(
            PeerNumberSettings::default().validate(&n).unwrap(),
            TnOptions::default()
        );
    }

    #[test]
    fn only_protected_may_be_set_and_an_empty_list_clears_it() {
        let imported = number(&["Imported"]);
        let on = settings(|s| s.attributes = Some(vec!["protected".into(), "Imported".into()]));
        assert_eq!(on.validate(&imported).unwrap().protected, Some(true));
        let off = settings(|s| s.attributes = Some(vec![]));
        assert_eq!(off.validate(&imported).unwrap().protected, Some(false));
        let system = settings(|s| s.attributes = Some(vec!["Hosted".into()]));
        assert_eq!(
            system.validate(&imported).unwrap_err().code,
            Some(feature_codes::OPTION_VALUE)
        );
    }
}
