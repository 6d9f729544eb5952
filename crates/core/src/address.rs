//! Postal addresses (sites, SIP peers, port-in service addresses).

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, codes};

/// A North American postal address with Bandwidth's field set. Every field
/// is optional at this level; each use says which it requires.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub house_number: Option<String>,
    pub house_suffix: Option<String>,
    pub pre_directional: Option<String>,
    pub street_name: Option<String>,
    pub street_suffix: Option<String>,
    pub post_directional: Option<String>,
    pub address_line2: Option<String>,
    pub city: Option<String>,
    pub state_code: Option<String>,
    pub zip: Option<String>,
    pub plus_four: Option<String>,
    pub county: Option<String>,
    pub country: Option<String>,
    pub address_type: Option<String>,
}

/// The address types Bandwidth knows.
const ADDRESS_TYPES: &[&str] = &["Service", "Billing", "Dlda", "E911"];

impl Address {
    /// Checks the parts every address must get right when present: a
    /// two-letter state, a 5-digit ZIP (+4 optional), a known address type,
    /// and no field longer than 100 characters.
    pub fn check_format(&self) -> Result<(), CoreError> {
        let fields = [
            &self.house_number,
            &self.house_suffix,
            &self.pre_directional,
            &self.street_name,
            &self.street_suffix,
            &self.post_directional,
            &self.address_line2,
            &self.city,
            &self.state_code,
            &self.zip,
            &self.plus_four,
            &self.county,
            &self.country,
            &self.address_type,
        ];
        if fields
            .iter()
            .flat_map(|f| f.as_deref())
            .any(|v| v.chars().count() > 100 || v.chars().any(char::is_control))
        {
            return Err(CoreError::invalid(
                codes::ADDRESS_INVALID,
                "The address could not be verified: a field is longer than 100 characters or has control characters",
            ));
        }
        if let Some(state) = &self.state_code
            && !(state.len() == 2 && state.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return Err(CoreError::invalid(
                codes::ADDRESS_INVALID,
                format!(
                    "The address could not be verified: StateCode '{state}' is not a two-letter state or province code"
                ),
            ));
        }
        if let Some(zip) = &self.zip {
            let digits: String = zip.chars().filter(|c| *c != '-').collect();
            let is_us = (digits.len() == 5 || digits.len() == 9)
                && digits.bytes().all(|b| b.is_ascii_digit());
            let is_canadian = zip.replace(' ', "").len() == 6
                && zip
                    .replace(' ', "")
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric());
            if !is_us && !is_canadian {
                return Err(CoreError::invalid(
                    codes::ADDRESS_INVALID,
                    format!(
                        "The address could not be verified: Zip '{zip}' is not a valid ZIP or postal code"
                    ),
                ));
            }
        }
        if let Some(kind) = &self.address_type
            && !ADDRESS_TYPES.iter().any(|t| t.eq_ignore_ascii_case(kind))
        {
            return Err(CoreError::invalid(
                codes::ADDRESS_INVALID,
                format!("AddressType '{kind}' is not one of Service, Billing, Dlda, E911"),
            ));
        }
        Ok(())
    }

    /// What a site's address needs: a street, a city and a state, in a valid format.
    pub fn check_for_site(&self) -> Result<(), CoreError> {
        for (value, name) in [
            (&self.street_name, "Address StreetName"),
            (&self.city, "Address City"),
            (&self.state_code, "Address StateCode"),
        ] {
            if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                return Err(CoreError::required(name));
            }
        }
        self.check_format()
    }

    /// Upper-cases the state code and trims every field, so stored
    /// addresses compare and print consistently.
    pub fn normalised(mut self) -> Self {
        for f in [
            &mut self.house_number,
            &mut self.house_suffix,
            &mut self.pre_directional,
            &mut self.street_name,
            &mut self.street_suffix,
            &mut self.post_directional,
            &mut self.address_line2,
            &mut self.city,
            &mut self.state_code,
            &mut self.zip,
            &mut self.plus_four,
            &mut self.county,
            &mut self.country,
            &mut self.address_type,
        ] {
            *f = f
                .take()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty());
        }
        self.state_code = self.state_code.map(|s| s.to_ascii_uppercase());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raleigh() -> Address {
        Address {
            house_number: Some("900".into()),
            street_name: Some("Main Campus".into()),
            city: Some("Raleigh".into()),
            state_code: Some("nc".into()),
            zip: Some("27606".into()),
            ..Address::default()
        }
        .normalised()
    }

    #[test]
    fn site_addresses_need_street_city_state() {
        assert!(raleigh().check_for_site().is_ok());
        assert_eq!(raleigh().state_code.as_deref(), Some("NC"));
        let mut a = raleigh();
        a.city = None;
        assert_eq!(
            a.check_for_site().unwrap_err().message,
            "Address City is required"
        );
        let mut a = raleigh();
        a.zip = Some("2760".into());
        assert_eq!(
            a.check_for_site().unwrap_err().code,
            Some(codes::ADDRESS_INVALID)
        );
        let mut a = raleigh();
        a.zip = Some("K1A 0B1".into());
        assert!(a.check_for_site().is_ok());
    }
}
