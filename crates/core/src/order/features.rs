//! Feature orders: line options (`tnoptions`), caller name (`lidbs`, CNAM)
//! and directory listings (`dldas`) — wire-format.md 2.8.
//!
//! Each is an asynchronous order of groups, each group a set of numbers and
//! the settings to give them. Numbers must be in service on the account;
//! the others fail one by one (5071 not on the system, 5076 not the
//! account's). The settings land in the number's features, shown by
//! `tndetails`.

use serde::{Deserialize, Serialize};
use tnhub_nanp::Tn;

use super::codes;
use super::number_order::{FailedNumber, MAX_ORDER_TNS, check_customer_order_id};
use crate::address::Address;
use crate::error::{CoreError, codes as common};

/// Error codes of feature orders.
pub mod feature_codes {
    /// "Telephone number is not available on the system."
    pub const NOT_ON_SYSTEM: u32 = 5071;
    /// "Number does not belong to this account."
    pub const NOT_YOURS: u32 = 5076;
    /// A line option's value is not one it can take.
    pub const OPTION_VALUE: u32 = 5081;
}

/// Line options of a `TnOptionGroup`; `None` leaves a setting unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TnOptions {
    /// `on`, `off` or `systemdefault`.
    pub calling_name_display: Option<String>,
    /// `on` or `off`.
    pub sms: Option<String>,
    pub call_forward: Option<String>,
    /// `10digit`, `11digit`, `e164` or `systemdefault`.
    pub number_format: Option<String>,
    pub rpid_format: Option<String>,
    pub rewrite_user: Option<String>,
    pub protected: Option<bool>,
    pub final_destination_uri: Option<String>,
    pub port_out_passcode: Option<String>,
}

/// Caller-name (LIDB/CNAM) settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LidbSettings {
    /// The name shown to callees (at most 15 characters).
    pub subscriber_information: String,
    /// `RESIDENTIAL` or `BUSINESS`.
    pub use_type: String,
    /// `PUBLIC` or `PRIVATE`.
    pub visibility: String,
}

/// The name of a directory listing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListingName {
    pub first_name: Option<String>,
    pub first_name2: Option<String>,
    pub last_name: Option<String>,
    pub designation: Option<String>,
    pub title_of_lineage: Option<String>,
    pub title_of_address: Option<String>,
    pub title_of_address2: Option<String>,
    pub title_of_lineage_name: Option<String>,
    pub title_of_lineage_name2: Option<String>,
}

/// Directory-listing (DLDA) settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DldaSettings {
    /// `RESIDENTIAL` or `BUSINESS`.
    pub subscriber_type: String,
    /// `LISTED`, `NON_LISTED` or `NON_PUBLISHED`.
    pub listing_type: String,
    pub listing_name: ListingName,
    pub list_address: bool,
    pub address: Option<Address>,
}

/// A set of numbers and what to give them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureGroup<S> {
    pub tns: Vec<String>,
    pub settings: S,
}

/// What a feature order sets, per kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeatureSettings {
    Options(TnOptions),
    Lidb(LidbSettings),
    Dlda(Box<DldaSettings>),
    /// An E911 order's record (`crate::e911::order`).
    E911(Box<crate::e911::order::E911Settings>),
}

/// A validated feature order of any kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureRequest {
    pub customer_order_id: Option<String>,
    pub groups: Vec<FeatureGroup<FeatureSettings>>,
}

/// What processing did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeatureResult {
    pub completed: Vec<String>,
    pub failed: Vec<FailedNumber>,
}

fn invalid(code: u32, message: impl Into<String>) -> CoreError {
    CoreError::invalid(code, message)
}

fn one_of(
    value: Option<String>,
    field: &str,
    allowed: &[&str],
    code: u32,
) -> Result<Option<String>, CoreError> {
    match value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
    {
        None => Ok(None),
        Some(v) => allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(&v))
            .map(|a| Some((*a).to_string()))
            .ok_or_else(|| {
                invalid(
                    code,
                    format!(
                        "{field} '{v}' is invalid; valid values are {}",
                        allowed.join(", ")
                    ),
                )
            }),
    }
}

fn required_one_of(
    value: Option<String>,
    field: &str,
    allowed: &[&str],
) -> Result<String, CoreError> {
    one_of(value, field, allowed, common::INVALID_VALUE)?.ok_or_else(|| CoreError::required(field))
}

fn short_text(value: Option<String>, field: &str, max: usize) -> Result<Option<String>, CoreError> {
    match value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
    {
        Some(v) if v.chars().count() > max || v.chars().any(char::is_control) => Err(invalid(
            common::INVALID_VALUE,
            format!("{field} must be at most {max} printable characters"),
        )),
        other => Ok(other),
    }
}

/// Validates the numbers of a group (10-digit, de-duplicated).
pub fn group_tns(tns: &[String]) -> Result<Vec<String>, CoreError> {
    // Counted as sent, before any other work.
    if tns.len() > MAX_ORDER_TNS {
        return Err(too_many(tns.len()));
    }
    let mut parsed = Vec::with_capacity(tns.len());
    for t in tns {
        let tn = Tn::parse(t.trim()).map_err(|e| {
            invalid(
                codes::TN_INVALID,
                format!("TelephoneNumber {}", e.message()),
            )
        })?;
        parsed.push(tn.to_string());
    }
    let out = super::first_of_each(parsed);
    if out.is_empty() {
        return Err(CoreError::required("TelephoneNumbers"));
    }
    Ok(out)
}

impl TnOptions {
    /// Validates the values of a group's options; at least one must be set.
    pub fn validate(self) -> Result<TnOptions, CoreError> {
        use feature_codes::OPTION_VALUE as C;
        let formats = ["10digit", "11digit", "e164", "systemdefault"];
        let o = TnOptions {
            calling_name_display: one_of(
                self.calling_name_display,
                "CallingNameDisplay",
                &["on", "off", "systemdefault"],
                C,
            )?,
            sms: one_of(self.sms, "Sms", &["on", "off"], C)?,
            call_forward: match self
                .call_forward
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
            {
                None => None,
                // `systemdefault` clears a forward, as for the other options.
                Some(v) if v.eq_ignore_ascii_case("systemdefault") => Some("systemdefault".into()),
                Some(v) => Some(
                    Tn::parse(&v)
                        .map_err(|e| invalid(C, format!("CallForward {}", e.message())))?
                        .to_string(),
                ),
            },
            number_format: one_of(self.number_format, "NumberFormat", &formats, C)?,
            rpid_format: one_of(self.rpid_format, "RPIDFormat", &formats, C)?,
            rewrite_user: short_text(self.rewrite_user, "RewriteUser", 64)?,
            protected: self.protected,
            final_destination_uri: short_text(
                self.final_destination_uri,
                "FinalDestinationURI",
                255,
            )?,
            port_out_passcode: match short_text(self.port_out_passcode, "PortOutPasscode", 10)? {
                Some(p) if !p.chars().all(|c| c.is_ascii_alphanumeric()) || p.len() < 4 => {
                    return Err(invalid(
                        C,
                        "PortOutPasscode must be 4 to 10 letters or digits",
                    ));
                }
                other => other,
            },
        };
        if o == TnOptions::default() {
            return Err(invalid(C, "A TnOptionGroup must set at least one option"));
        }
        Ok(o)
    }
}

impl LidbSettings {
    /// Validates caller-name settings.
    pub fn validate(
        subscriber_information: Option<String>,
        use_type: Option<String>,
        visibility: Option<String>,
    ) -> Result<LidbSettings, CoreError> {
        let name = short_text(subscriber_information, "SubscriberInformation", 15)?
            .ok_or_else(|| CoreError::required("SubscriberInformation"))?;
        Ok(LidbSettings {
            subscriber_information: name,
            use_type: required_one_of(use_type, "UseType", &["RESIDENTIAL", "BUSINESS"])?,
            visibility: required_one_of(visibility, "Visibility", &["PUBLIC", "PRIVATE"])?,
        })
    }
}

impl DldaSettings {
    /// Validates directory-listing settings.
    pub fn validate(
        subscriber_type: Option<String>,
        listing_type: Option<String>,
        name: ListingName,
        list_address: Option<bool>,
        address: Option<Address>,
    ) -> Result<DldaSettings, CoreError> {
        let check = |v: Option<String>, f: &str| short_text(v, f, 60);
        let name = ListingName {
            first_name: check(name.first_name, "FirstName")?,
            first_name2: check(name.first_name2, "FirstName2")?,
            last_name: check(name.last_name, "LastName")?,
            designation: check(name.designation, "Designation")?,
            title_of_lineage: check(name.title_of_lineage, "TitleOfLineage")?,
            title_of_address: check(name.title_of_address, "TitleOfAddress")?,
            title_of_address2: check(name.title_of_address2, "TitleOfAddress2")?,
            title_of_lineage_name: check(name.title_of_lineage_name, "TitleOfLineageName")?,
            title_of_lineage_name2: check(name.title_of_lineage_name2, "TitleOfLineageName2")?,
        };
        if name.last_name.is_none() && name.first_name.is_none() {
            return Err(CoreError::required("ListingName LastName"));
        }
        let address = address.map(Address::normalised);
        if let Some(a) = &address {
            a.check_format()?;
        }
        Ok(DldaSettings {
            subscriber_type: required_one_of(
                subscriber_type,
                "SubscriberType",
                &["RESIDENTIAL", "BUSINESS"],
            )?,
            listing_type: required_one_of(
                listing_type,
                "ListingType",
                &["LISTED", "NON_LISTED", "NON_PUBLISHED"],
            )?,
            listing_name: name,
            list_address: list_address.unwrap_or(false),
            address,
        })
    }
}

fn too_many(total: usize) -> CoreError {
    invalid(
        codes::QUANTITY,
        format!(
            "The quantity specified {total} is invalid. A feature order names at most {MAX_ORDER_TNS} telephone numbers."
        ),
    )
}

impl FeatureRequest {
    /// Validates an order: a customer order id and 1 or more groups of
    /// numbers, at most 5,000 numbers in all.
    pub fn validate(
        customer_order_id: Option<String>,
        groups: Vec<FeatureGroup<FeatureSettings>>,
    ) -> Result<FeatureRequest, CoreError> {
        if groups.is_empty() {
            return Err(CoreError::required("a group of telephone numbers"));
        }
        let total: usize = groups.iter().map(|g| g.tns.len()).sum();
        if total > MAX_ORDER_TNS {
            return Err(too_many(total));
        }
        Ok(FeatureRequest {
            customer_order_id: check_customer_order_id(customer_order_id)?,
            groups,
        })
    }

    /// Every number of the order, once, in order.
    pub fn tns(&self) -> Vec<String> {
        super::first_of_each(self.groups.iter().flat_map(|g| g.tns.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked() {
        let o = TnOptions {
            calling_name_display: Some("ON".into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(o.calling_name_display.as_deref(), Some("on"));
        assert_eq!(
            TnOptions {
                sms: Some("maybe".into()),
                ..Default::default()
            }
            .validate()
            .unwrap_err()
            .code,
            Some(feature_codes::OPTION_VALUE)
        );
        assert_eq!(
            TnOptions::default().validate().unwrap_err().code,
            Some(feature_codes::OPTION_VALUE)
        );
        assert!(
            TnOptions {
                call_forward: Some("12".into()),
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            TnOptions {
                port_out_passcode: Some("ab".into()),
                ..Default::default()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn lidb_and_dlda_are_checked() {
        assert!(
            LidbSettings::validate(
                Some("Joes Garage".into()),
                Some("business".into()),
                Some("PUBLIC".into())
            )
            .is_ok()
        );
        assert_eq!(
            LidbSettings::validate(
                Some("A name far too long for CNAM".into()),
                Some("BUSINESS".into()),
                Some("PUBLIC".into())
            )
            .unwrap_err()
            .code,
            Some(common::INVALID_VALUE)
        );
        assert_eq!(
            LidbSettings::validate(Some("Joe".into()), None, Some("PUBLIC".into()))
                .unwrap_err()
                .code,
            Some(common::REQUIRED)
        );
        let name = ListingName {
            last_name: Some("Smith".into()),
            ..Default::default()
        };
        assert!(
            DldaSettings::validate(
                Some("RESIDENTIAL".into()),
                Some("LISTED".into()),
                name.clone(),
                Some(true),
                None
            )
            .is_ok()
        );
        assert!(
            DldaSettings::validate(
                Some("RESIDENTIAL".into()),
                Some("HIDDEN".into()),
                name,
                None,
                None
            )
            .is_err()
        );
        assert!(
            DldaSettings::validate(
                Some("RESIDENTIAL".into()),
                Some("LISTED".into()),
                ListingName::default(),
                None,
                None
            )
            .is_err()
        );
    }
}
