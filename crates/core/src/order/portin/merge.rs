//! Applying what a client sent (a [`PortInDraft`]) to a stored
//! [`PortInRequest`], field by field, and reading what the sender asked of
//! the lifecycle ([`Intent`]). Separate from `validate` because this is the
//! long part: one branch per element a client may send.

use crate::address::Address;
use crate::timestamp::Timestamp;

use super::validate::{
    boolean, check_address_format, check_customer_order_id, clean, merge_address,
};
use super::{
    MAX_PORT_TNS, PortError, PortInDraft, PortInRequest, PortStatus, SubscriberDraft,
    SubscriberType, codes, invalid_tn_text, parse_tn,
};

/// What the sender asked the port-in's lifecycle to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Nothing said (`ProcessingStatus` absent, or echoed unchanged).
    None,
    /// `ProcessingStatus=DRAFT`.
    Draft,
    /// `ProcessingStatus=SUBMITTED`.
    Submit,
}

impl PortInRequest {
    /// Applies the fields a client sent, checking each one's format;
    /// returns what the sender asked of the lifecycle. Unsent fields are
    /// left as they are (so a supplement changes only what it names).
    pub fn merge(&mut self, d: PortInDraft, errors: &mut Vec<PortError>) -> Intent {
        let intent = match clean(d.processing_status) {
            None => Intent::None,
            Some(s) => match PortStatus::parse(&s) {
                Some(PortStatus::Draft) => Intent::Draft,
                Some(PortStatus::Submitted) => Intent::Submit,
                // Python echoes the whole last response on a supplement.
                Some(_) => Intent::None,
                None => {
                    errors.push(PortError::new(
                        codes::INVALID_VALUE,
                        format!("ProcessingStatus '{s}' is invalid; send DRAFT or SUBMITTED"),
                    ));
                    Intent::None
                }
            },
        };
        if let Some(c) = d.customer_order_id {
            let c = c.trim().to_string();
            if c.is_empty() {
                self.customer_order_id = None;
            } else {
                match check_customer_order_id(&c) {
                    Ok(()) => self.customer_order_id = Some(c),
                    Err(e) => errors.push(e),
                }
            }
        }
        if let Some(s) = clean(d.site_id) {
            match s.parse::<i64>() {
                Ok(n) if n > 0 => self.site_id = Some(n),
                _ => errors.push(PortError::new(
                    codes::SITE_INVALID,
                    "The site id was not supplied or is invalid.",
                )),
            }
        }
        if let Some(p) = clean(d.peer_id) {
            match p.parse::<i64>() {
                Ok(n) if n > 0 => self.peer_id = Some(n),
                _ => errors.push(PortError::new(
                    codes::PEER_INVALID,
                    "The sippeer id is invalid.",
                )),
            }
        }
        if let Some(b) = clean(d.billing_telephone_number) {
            match parse_tn(&b) {
                Some(tn) => self.billing_telephone_number = Some(tn.to_string()),
                None => errors.push(PortError::new(
                    codes::BTN_INVALID,
                    format!("The billing telephone number (BTN) is invalid: '{b}'"),
                )),
            }
        }
        if let Some(b) = clean(d.new_billing_telephone_number) {
            match parse_tn(&b) {
                Some(tn) => self.new_billing_telephone_number = Some(tn.to_string()),
                None => errors.push(PortError::new(
                    codes::BTN_INVALID,
                    format!("The new billing telephone number is invalid: '{b}'"),
                )),
            }
        }
        if let Some(p) = d.loa_authorizing_person {
            let p = p.trim().to_string();
            if p.chars().count() > 100 || p.chars().any(char::is_control) {
                errors.push(PortError::new(
                    codes::LOA_PERSON,
                    "The LOA authorizing person must be at most 100 printable characters",
                ));
            } else {
                self.loa_authorizing_person = (!p.is_empty()).then_some(p);
            }
        }
        if let Some(s) = d.subscriber {
            self.merge_subscriber(s, errors);
        }
        if let Some(w) = d.wireless_info {
            let mut info = self.wireless_info.take().unwrap_or_default();
            if let Some(a) = w.account_number {
                info.account_number = clean(Some(a));
            }
            if let Some(p) = w.pin_number {
                info.pin_number = clean(Some(p));
            }
            self.wireless_info =
                (info.account_number.is_some() || info.pin_number.is_some()).then_some(info);
        }
        if let Some(list) = d.tns {
            // Counted as sent, before the numbers are read (and before one
            // error per invalid number could pile up); none is kept, so no
            // later step looks any of them up.
            if list.len() > MAX_PORT_TNS {
                errors.push(PortError::new(
                    codes::TOO_MANY,
                    format!(
                        "A port-in may name at most {MAX_PORT_TNS} telephone numbers; this one names {}",
                        list.len()
                    ),
                ));
                self.tns = Vec::new();
            } else {
                let mut tns: Vec<String> = Vec::new();
                for raw in list.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
                    match parse_tn(raw) {
                        Some(tn) => tns.push(tn.to_string()),
                        None => errors.push(PortError::about(
                            codes::TN_INVALID,
                            invalid_tn_text(raw),
                            vec![raw.to_string()],
                        )),
                    }
                }
                self.tns = crate::order::first_of_each(tns);
            }
        }
        if let Some(f) = clean(d.requested_foc_date) {
            match Timestamp::parse(&f) {
                Some(t) => self.requested_foc_date = Some(t),
                None => errors.push(PortError::new(
                    codes::FOC_PAST,
                    format!(
                        "The requested FOC date '{f}' is not a date (use 2030-01-02T15:30:00.000Z)"
                    ),
                )),
            }
        }
        if let Some(t) = boolean(d.triggered, "Triggered", errors) {
            self.triggered = t;
        }
        if let Some(p) = boolean(d.partial_port, "PartialPort", errors) {
            self.partial_port = p;
        }
        if let Some(a) = d.alternate_spid {
            let a = a.trim().to_string();
            if a.len() > 4 || !a.chars().all(|c| c.is_ascii_alphanumeric()) {
                errors.push(PortError::new(
                    codes::INVALID_VALUE,
                    format!("AlternateSpid '{a}' must be at most 4 letters or digits"),
                ));
            } else {
                self.alternate_spid = (!a.is_empty()).then_some(a);
            }
        }
        if let Some(attrs) = d.tn_attributes {
            let mut kept = Vec::new();
            for a in attrs.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
                if a.eq_ignore_ascii_case("Protected") {
                    if !kept.iter().any(|k| k == "Protected") {
                        kept.push("Protected".to_string());
                    }
                } else {
                    errors.push(PortError::new(
                        codes::INVALID_VALUE,
                        format!("TnAttribute '{a}' is invalid; the only value is Protected"),
                    ));
                }
            }
            self.tn_attributes = kept;
        }
        if let Some(b) = clean(d.billing_type) {
            self.billing_type = Some(b.to_ascii_uppercase());
        }
        if let Some(r) = d.target_resp_org_id {
            self.target_resp_org_id = clean(Some(r));
        }
        intent
    }

    fn merge_subscriber(&mut self, s: SubscriberDraft, errors: &mut Vec<PortError>) {
        let mut sub = self.subscriber.take().unwrap_or_default();
        if let Some(t) = clean(s.subscriber_type) {
            match t.to_ascii_uppercase().as_str() {
                "BUSINESS" => sub.subscriber_type = Some(SubscriberType::Business),
                "RESIDENTIAL" => sub.subscriber_type = Some(SubscriberType::Residential),
                _ => errors.push(PortError::new(
                    codes::SUBSCRIBER_TYPE,
                    format!(
                        "SubscriberType '{t}' is invalid; valid values are BUSINESS and RESIDENTIAL"
                    ),
                )),
            }
        }
        let mut name = |slot: &mut Option<String>, v: Option<String>, field: &str, max: usize| {
            if let Some(v) = v {
                let v = v.trim().to_string();
                if v.chars().count() > max || v.chars().any(char::is_control) {
                    errors.push(PortError::new(
                        codes::SUBSCRIBER_NAME,
                        format!("{field} must be at most {max} printable characters"),
                    ));
                } else {
                    *slot = (!v.is_empty()).then_some(v);
                }
            }
        };
        name(&mut sub.business_name, s.business_name, "BusinessName", 100);
        name(&mut sub.first_name, s.first_name, "FirstName", 50);
        name(
            &mut sub.middle_initial,
            s.middle_initial,
            "MiddleInitial",
            1,
        );
        name(&mut sub.last_name, s.last_name, "LastName", 50);
        if let Some(a) = s.service_address {
            check_address_format(&a, errors);
            let mut into = if s.reset_address {
                Address::default()
            } else {
                sub.service_address.take().unwrap_or_default()
            };
            merge_address(&mut into, a);
            sub.service_address = Some(into);
        }
        self.subscriber = Some(sub);
    }
}
