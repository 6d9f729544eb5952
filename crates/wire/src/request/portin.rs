//! Port-in request bodies: `<LnpOrder>` (create, and Python's supplement),
//! `<LnpOrderSupp>` (Node's supplement), the seed's simplified
//! `PortInRequest` (camelCase, `losingCarrierName`, `listOfPhoneNumbers` as
//! repeated text elements); `<NumberPortabilityRequest>` (LNP checker);
//! `<FileMetaData>` (LOA metadata); `<ActivationStatus>`.

use serde::Deserialize;

use super::RequestDocument;
use super::order::TnAttributesBody;

/// A port-in, or the fields of a supplement.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LnpOrderBody {
    #[serde(rename = "customerorderid")]
    pub customer_order_id: Option<String>,
    #[serde(rename = "siteid")]
    pub site_id: Option<String>,
    #[serde(rename = "peerid")]
    pub peer_id: Option<String>,
    #[serde(rename = "billingtelephonenumber")]
    pub billing_telephone_number: Option<String>,
    #[serde(rename = "newbillingtelephonenumber")]
    pub new_billing_telephone_number: Option<String>,
    #[serde(rename = "loaauthorizingperson")]
    pub loa_authorizing_person: Option<String>,
    #[serde(rename = "subscriber")]
    pub subscriber: Option<SubscriberBody>,
    #[serde(rename = "wirelessinfo")]
    pub wireless_info: Option<WirelessInfoBody>,
    #[serde(rename = "listofphonenumbers", default)]
    pub list_of_phone_numbers: Vec<PhoneNumberListBody>,
    #[serde(rename = "requestedfocdate")]
    pub requested_foc_date: Option<String>,
    #[serde(rename = "triggered")]
    pub triggered: Option<String>,
    #[serde(rename = "partialport")]
    pub partial_port: Option<String>,
    #[serde(rename = "alternatespid")]
    pub alternate_spid: Option<String>,
    #[serde(rename = "tnattributes", default)]
    pub tn_attributes: Vec<TnAttributesBody>,
    #[serde(rename = "billingtype")]
    pub billing_type: Option<String>,
    #[serde(rename = "targetresporgid")]
    pub target_resp_org_id: Option<String>,
    #[serde(rename = "processingstatus")]
    pub processing_status: Option<String>,
    /// The seed's field; the real service chooses the losing carrier itself.
    #[serde(rename = "losingcarriername")]
    pub losing_carrier_name: Option<String>,
}

impl RequestDocument for LnpOrderBody {
    const ROOTS: &'static [&'static str] = &["LnpOrder", "LnpOrderSupp", "PortInRequest", "PortIn"];
}

impl LnpOrderBody {
    /// The numbers sent, in order; `None` when the list was not sent.
    pub fn numbers(&self) -> Option<Vec<String>> {
        let all: Vec<String> = self
            .list_of_phone_numbers
            .iter()
            .flat_map(|l| {
                l.numbers.iter().cloned().chain(l.text.iter().flat_map(|t| {
                    t.split([',', ' ', '\n', '\t'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                }))
            })
            .collect();
        (!all.is_empty()).then_some(all)
    }
}

/// `<ListOfPhoneNumbers><PhoneNumber/>*</ListOfPhoneNumbers>`, or the seed's
/// `<listOfPhoneNumbers>9195551212</listOfPhoneNumbers>` repeated.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PhoneNumberListBody {
    #[serde(rename = "phonenumber", default)]
    pub numbers: Vec<String>,
    #[serde(rename = "$text", default)]
    pub text: Option<String>,
}

/// `<Subscriber>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubscriberBody {
    #[serde(rename = "subscribertype")]
    pub subscriber_type: Option<String>,
    #[serde(rename = "businessname")]
    pub business_name: Option<String>,
    #[serde(rename = "firstname")]
    pub first_name: Option<String>,
    #[serde(rename = "middleinitial")]
    pub middle_initial: Option<String>,
    #[serde(rename = "lastname")]
    pub last_name: Option<String>,
    #[serde(rename = "serviceaddress")]
    pub service_address: Option<ServiceAddressBody>,
}

/// `<ServiceAddress>`: an address, and on a supplement
/// `<ResetAddressFields>true</ResetAddressFields>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ServiceAddressBody {
    #[serde(rename = "housenumber")]
    pub house_number: Option<String>,
    #[serde(rename = "housesuffix")]
    pub house_suffix: Option<String>,
    #[serde(rename = "predirectional")]
    pub pre_directional: Option<String>,
    #[serde(rename = "streetname")]
    pub street_name: Option<String>,
    #[serde(rename = "streetsuffix")]
    pub street_suffix: Option<String>,
    #[serde(rename = "postdirectional")]
    pub post_directional: Option<String>,
    #[serde(rename = "addressline2")]
    pub address_line2: Option<String>,
    #[serde(rename = "city")]
    pub city: Option<String>,
    #[serde(rename = "statecode")]
    pub state_code: Option<String>,
    #[serde(rename = "zip")]
    pub zip: Option<String>,
    #[serde(rename = "plusfour")]
    pub plus_four: Option<String>,
    #[serde(rename = "county")]
    pub county: Option<String>,
    #[serde(rename = "country")]
    pub country: Option<String>,
    #[serde(rename = "addresstype")]
    pub address_type: Option<String>,
    #[serde(rename = "resetaddressfields")]
    pub reset_address_fields: Option<String>,
}

/// `<WirelessInfo><AccountNumber/><PinNumber/></WirelessInfo>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WirelessInfoBody {
    #[serde(rename = "accountnumber")]
    pub account_number: Option<String>,
    #[serde(rename = "pinnumber")]
    pub pin_number: Option<String>,
}

/// `<NumberPortabilityRequest><TnList><Tn/>*</TnList></NumberPortabilityRequest>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PortabilityBody {
    #[serde(rename = "tnlist", default)]
    pub lists: Vec<TnListBody>,
}

impl RequestDocument for PortabilityBody {
    const ROOTS: &'static [&'static str] = &["NumberPortabilityRequest"];
}

impl PortabilityBody {
    /// The numbers sent; `None` when there is no `TnList` at all.
    pub fn numbers(&self) -> Option<Vec<String>> {
        (!self.lists.is_empty()).then(|| self.lists.iter().flat_map(|l| l.tns.clone()).collect())
    }
}

/// `<TnList><Tn/>*</TnList>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TnListBody {
    #[serde(rename = "tn", default)]
    pub tns: Vec<String>,
}

/// `<FileMetaData><DocumentName/><DocumentType/></FileMetaData>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FileMetaDataBody {
    #[serde(rename = "documentname")]
    pub document_name: Option<String>,
    #[serde(rename = "documenttype")]
    pub document_type: Option<String>,
}

impl RequestDocument for FileMetaDataBody {
    const ROOTS: &'static [&'static str] = &["FileMetaData"];
}

/// `<ActivationStatus><AutoActivationDate/></ActivationStatus>` (Python
/// also echoes the lists, which are ignored).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActivationStatusBody {
    #[serde(rename = "autoactivationdate")]
    pub auto_activation_date: Option<String>,
}

impl RequestDocument for ActivationStatusBody {
    const ROOTS: &'static [&'static str] = &["ActivationStatus"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::from_request;

    #[test]
    fn node_python_and_seed_numbers_all_read() {
        let node: LnpOrderBody = from_request(
            b"<LnpOrder>\n  <ListOfPhoneNumbers>\n    <PhoneNumber>9197770101</PhoneNumber>\n    <PhoneNumber>9197770102</PhoneNumber>\n  </ListOfPhoneNumbers>\n  <Subscriber><SubscriberType>BUSINESS</SubscriberType><ServiceAddress><City>Raleigh</City></ServiceAddress></Subscriber>\n</LnpOrder>",
            LnpOrderBody::ROOTS,
        )
        .unwrap();
        assert_eq!(node.numbers().unwrap(), ["9197770101", "9197770102"]);
        assert_eq!(
            node.subscriber
                .unwrap()
                .service_address
                .unwrap()
                .city
                .as_deref(),
            Some("Raleigh")
        );
        let seed: LnpOrderBody = from_request(
            b"<PortInRequest><siteId>1</siteId><losingCarrierName>Old Co</losingCarrierName><listOfPhoneNumbers>9197770101</listOfPhoneNumbers><listOfPhoneNumbers>9197770102</listOfPhoneNumbers></PortInRequest>",
            LnpOrderBody::ROOTS,
        )
        .unwrap();
        assert_eq!(seed.numbers().unwrap(), ["9197770101", "9197770102"]);
        assert_eq!(seed.site_id.as_deref(), Some("1"));
        let supp: LnpOrderBody = from_request(
            b"<LnpOrderSupp><CustomerOrderId>x</CustomerOrderId></LnpOrderSupp>",
            LnpOrderBody::ROOTS,
        )
        .unwrap();
        assert!(supp.numbers().is_none());
    }

    #[test]
    fn a_missing_tn_list_differs_from_an_empty_one() {
        let none: PortabilityBody =
            from_request(b"<NumberPortabilityRequest/>", PortabilityBody::ROOTS).unwrap();
        assert!(none.numbers().is_none());
        let empty: PortabilityBody = from_request(
            b"<NumberPortabilityRequest><TnList/></NumberPortabilityRequest>",
            PortabilityBody::ROOTS,
        )
        .unwrap();
        assert_eq!(empty.numbers(), Some(vec![]));
    }
}
