//! Field-level validation of a port-in: the address checks, the customer
//! order id, and the checks a request must pass to be submitted
//! ([`PortInRequest::check_complete`]). Shared by `merge`, which applies
//! what a client sent.

use crate::address::Address;

use super::{PortError, PortInRequest, SubscriberType, codes};

pub(super) fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Parses an optional boolean element.
pub(super) fn boolean(v: Option<String>, field: &str, errors: &mut Vec<PortError>) -> Option<bool> {
    let v = clean(v)?;
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => {
            errors.push(PortError::new(
                codes::INVALID_VALUE,
                format!("{field} must be true or false, not '{v}'"),
            ));
            None
        }
    }
}

fn check_address(a: &Address, errors: &mut Vec<PortError>) {
    let missing = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    if missing(&a.house_number) {
        errors.push(PortError::new(
            codes::HOUSE_NUMBER,
            "The service address house number is required",
        ));
    }
    if missing(&a.street_name) {
        errors.push(PortError::new(
            codes::STREET_NAME,
            "The service address street name is required",
        ));
    }
    if missing(&a.city) {
        errors.push(PortError::new(
            codes::CITY,
            "The service address city is required",
        ));
    }
    if missing(&a.state_code) {
        errors.push(PortError::new(
            codes::STATE_CODE,
            "The service address state code is required",
        ));
    }
    if missing(&a.zip) {
        errors.push(PortError::new(
            codes::ZIP,
            "The service address zip code is required",
        ));
    }
}

pub(super) fn check_address_format(a: &Address, errors: &mut Vec<PortError>) {
    if let Some(s) = a.state_code.as_deref()
        && tnhub_nanp::state_info(s).is_none()
    {
        errors.push(PortError::new(
            codes::STATE_CODE,
            format!("The service address state code '{s}' is not a US state or Canadian province"),
        ));
    }
    if let Some(z) = a.zip.as_deref() {
        let us = z.len() == 5 && z.bytes().all(|b| b.is_ascii_digit());
        let us_plus4 = z.len() == 10
            && z.as_bytes()[5] == b'-'
            && z.bytes()
                .enumerate()
                .all(|(i, b)| i == 5 || b.is_ascii_digit());
        let ca = {
            let c: String = z.chars().filter(|c| !c.is_whitespace()).collect();
            c.len() == 6
                && c.chars().enumerate().all(|(i, ch)| {
                    if i % 2 == 0 {
                        ch.is_ascii_alphabetic()
                    } else {
                        ch.is_ascii_digit()
                    }
                })
        };
        if !(us || us_plus4 || ca) {
            errors.push(PortError::new(
                codes::ZIP_INVALID,
                format!("ZIP code is invalid: '{z}'"),
            ));
        }
    }
    let too_long = [
        &a.house_number,
        &a.house_suffix,
        &a.pre_directional,
        &a.street_name,
        &a.street_suffix,
        &a.post_directional,
        &a.address_line2,
        &a.city,
        &a.county,
        &a.country,
        &a.plus_four,
        &a.address_type,
    ]
    .iter()
    .flat_map(|f| f.as_deref())
    .any(|v| v.chars().count() > 200 || v.chars().any(char::is_control));
    if too_long {
        errors.push(PortError::new(
            codes::INVALID_VALUE,
            "A service address field is longer than 200 characters or has control characters",
        ));
    }
}

/// Merges a sent address into a stored one (fields sent replace fields kept).
pub(super) fn merge_address(into: &mut Address, sent: Address) {
    macro_rules! take {
        ($($f:ident),*) => { $( if sent.$f.is_some() { into.$f = sent.$f; } )* };
    }
    take!(
        house_number,
        house_suffix,
        pre_directional,
        street_name,
        street_suffix,
        post_directional,
        address_line2,
        city,
        state_code,
        zip,
        plus_four,
        county,
        country,
        address_type
    );
}

/// Checks a customer order id (7318).
pub fn check_customer_order_id(id: &str) -> Result<(), PortError> {
    if id.chars().count() > 40
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ' || c == '_')
    {
        return Err(PortError::new(
            codes::CUSTOMER_ORDER_ID,
            "Customer order ID is invalid. Only alphanumeric values, dashes and spaces are allowed. Max length is 40 characters.",
        ));
    }
    Ok(())
}

impl PortInRequest {
    /// The checks a port-in must pass to be submitted (a draft may skip
    /// them): numbers, billing number, subscriber, address, LOA person.
    pub fn check_complete(&self, errors: &mut Vec<PortError>) {
        if self.tns.is_empty()
            && !errors
                .iter()
                .any(|e| [codes::TN_INVALID, codes::TOO_MANY].contains(&e.code))
        {
            errors.push(PortError::new(
                codes::TNS_REQUIRED,
                "At least one valid telephone number is required (ListOfPhoneNumbers/PhoneNumber)",
            ));
        }
        if self.billing_telephone_number.is_none()
            && !errors.iter().any(|e| e.code == codes::BTN_INVALID)
        {
            errors.push(PortError::new(
                codes::BTN_REQUIRED,
                "The billing telephone number (BillingTelephoneNumber) is required",
            ));
        }
        match &self.subscriber {
            None => errors.push(PortError::new(
                codes::SUBSCRIBER_REQUIRED,
                "Subscriber information is required",
            )),
            Some(s) => {
                match s.subscriber_type {
                    None if !errors.iter().any(|e| e.code == codes::SUBSCRIBER_TYPE) => {
                        errors.push(PortError::new(
                            codes::SUBSCRIBER_TYPE,
                            "SubscriberType is required (BUSINESS or RESIDENTIAL)",
                        ));
                    }
                    Some(SubscriberType::Business) if s.business_name.is_none() => {
                        errors.push(PortError::new(
                            codes::SUBSCRIBER_NAME,
                            "The subscriber name is required: a BUSINESS subscriber needs a BusinessName",
                        ));
                    }
                    Some(SubscriberType::Residential) => {
                        if s.business_name.is_some() {
                            errors.push(PortError::new(
                                codes::RESIDENTIAL_BUSINESS_NAME,
                                "A RESIDENTIAL subscriber may not have a BusinessName",
                            ));
                        }
                        if s.last_name.is_none() || s.first_name.is_none() {
                            errors.push(PortError::new(
                                codes::SUBSCRIBER_NAME,
                                "The subscriber name is required: a RESIDENTIAL subscriber needs a FirstName and a LastName",
                            ));
                        }
                    }
                    _ => {}
                }
                match &s.service_address {
                    None => errors.push(PortError::new(
                        codes::ADDRESS_REQUIRED,
                        "The service address is required",
                    )),
                    Some(a) => check_address(a, errors),
                }
            }
        }
        if self.loa_authorizing_person.is_none()
            && !errors.iter().any(|e| e.code == codes::LOA_PERSON)
        {
            errors.push(PortError::new(
                codes::LOA_PERSON,
                "The LOA authorizing person (LoaAuthorizingPerson) is required",
            ));
        }
    }
}
