//! A number's state: the row that exists while a number is not plainly
//! available (reserved, in service, aging, porting …).

use serde::{Deserialize, Serialize};
use tnhub_nanp::Tn;

use crate::ids::{AccountId, PeerId, SiteId};
use crate::timestamp::Timestamp;

/// The statuses of a number that has a row (wire-format.md 3.1). A number
/// without a row that lies in the inventory is `Available`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NumberStatus {
    /// Held for one account until `hold_until`.
    Reserved,
    /// Sold: assigned to an account, site and peer.
    Inservice,
    /// Disconnected; returns to inventory at `hold_until`; its last owner may re-order it meanwhile.
    Aging,
    /// On an open port-in.
    PortInPendingFoc,
    /// Being ported out.
    PortOut,
    /// Held back by the operator.
    Excluded,
}

impl NumberStatus {
    /// The real service's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberStatus::Reserved => "Reserved",
            NumberStatus::Inservice => "Inservice",
            NumberStatus::Aging => "Aging",
            NumberStatus::PortInPendingFoc => "PortInPendingFoc",
            NumberStatus::PortOut => "PortOut",
            NumberStatus::Excluded => "Excluded",
        }
    }

    /// Parses the real spelling (any case).
    pub fn parse(s: &str) -> Option<Self> {
        [
            NumberStatus::Reserved,
            NumberStatus::Inservice,
            NumberStatus::Aging,
            NumberStatus::PortInPendingFoc,
            NumberStatus::PortOut,
            NumberStatus::Excluded,
        ]
        .into_iter()
        .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }

    /// Whether the row stops holding the number once `hold_until` passes.
    pub fn expires(self) -> bool {
        matches!(self, NumberStatus::Reserved | NumberStatus::Aging)
    }
}

/// Where a number is and who sells it, copied from its inventory block when
/// it is assigned (so listing an account's numbers needs no index look-up).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberGeo {
    pub city: Option<String>,
    pub state: Option<String>,
    pub rate_center: Option<String>,
    pub lata: Option<u32>,
    pub tier: u32,
    pub vendor_id: Option<u32>,
    pub vendor_name: Option<String>,
}

/// Per-number settings changed by feature orders (line options, caller
/// name, directory listing, E911 record). Stored as one JSON document; `None` means
/// "never set" (the system default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NumberFeatures {
    pub calling_name_display: Option<bool>,
    pub sms_enabled: Option<bool>,
    pub call_forward: Option<String>,
    pub number_format: Option<String>,
    pub rpid_format: Option<String>,
    pub rewrite_user: Option<String>,
    pub final_destination_uri: Option<String>,
    /// Kept, never shown.
    pub port_out_passcode: Option<String>,
    pub lidb: Option<crate::order::features::LidbSettings>,
    pub dlda: Option<crate::order::features::DldaSettings>,
    /// The emergency (E911) record, set by E911 orders.
    pub e911: Option<crate::e911::order::E911Record>,
}

impl NumberFeatures {
    /// Applies a feature order's settings.
    pub fn apply(&mut self, settings: &crate::order::features::FeatureSettings) {
        use crate::order::features::FeatureSettings;
        match settings {
            FeatureSettings::Options(o) => {
                if let Some(v) = &o.calling_name_display {
                    self.calling_name_display = match v.as_str() {
                        "on" => Some(true),
                        "off" => Some(false),
                        _ => None,
                    };
                }
                if let Some(v) = &o.sms {
                    self.sms_enabled = Some(v == "on");
                }
                let set = |slot: &mut Option<String>, v: &Option<String>| {
                    if let Some(v) = v {
                        *slot = (v != "systemdefault").then(|| v.clone());
                    }
                };
                set(&mut self.call_forward, &o.call_forward);
                set(&mut self.number_format, &o.number_format);
                set(&mut self.rpid_format, &o.rpid_format);
                set(&mut self.rewrite_user, &o.rewrite_user);
                set(&mut self.final_destination_uri, &o.final_destination_uri);
                set(&mut self.port_out_passcode, &o.port_out_passcode);
            }
            FeatureSettings::Lidb(l) => self.lidb = Some(l.clone()),
            FeatureSettings::Dlda(d) => self.dlda = Some((**d).clone()),
            FeatureSettings::E911(e) => self.e911 = e.record.clone(),
        }
    }
}

/// The row of a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRecord {
    pub tn: Tn,
    pub status: NumberStatus,
    pub account_id: Option<AccountId>,
    pub site_id: Option<SiteId>,
    pub peer_id: Option<PeerId>,
    /// The order that last changed the number.
    pub order_id: Option<String>,
    /// `NEW_NUMBER_ORDER`, `PORT_NUMBER_ORDER`, `IMPORT_AVAILABLE_ORDER` …
    pub order_type: Option<String>,
    pub reservation_id: Option<String>,
    /// When a reservation or an aging period ends.
    pub hold_until: Option<Timestamp>,
    pub in_service_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub geo: NumberGeo,
    /// `Protected`, `External`, `Imported`, `Hosted`.
    pub attributes: Vec<String>,
    pub features: NumberFeatures,
    /// Bumped by the store on every change (optimistic concurrency).
    pub version: i64,
}

impl NumberRecord {
    /// Whether the row still holds the number at `now` (an expired
    /// reservation or aging period does not).
    pub fn holds_at(&self, now: Timestamp) -> bool {
        !(self.status.expires() && self.hold_until.is_some_and(|h| h <= now))
    }

    /// Gives or takes away the `Protected` attribute, the one attribute a
    /// customer sets (a SIP peer number's `TnAttributes`); the others
    /// (`External`, `Imported`, `Hosted`) say where the number came from.
    pub fn set_protected(&mut self, protect: bool) {
        self.attributes.retain(|a| a != PROTECTED);
        if protect {
            self.attributes.push(PROTECTED.to_string());
        }
    }
}

/// The attribute of a number its owner protected from disconnects and moves.
pub const PROTECTED: &str = "Protected";

/// An entry of a number's history (`/tns/{tn}/history`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberEvent {
    pub tn: Tn,
    pub account_id: Option<AccountId>,
    pub order_id: Option<String>,
    pub order_type: Option<String>,
    pub status: String,
    pub user: Option<String>,
    pub at: Timestamp,
}
