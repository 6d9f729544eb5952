//! The real spelling of every element name a request type reads.
//!
//! The request reader matches element names without regard to case
//! (`read.rs`), while the real service's names are case-sensitive. This
//! table lets the reader tell a client that `<siteid>` was taken for
//! `<SiteId>`, which the real service would not do. The spellings are those
//! of Bandwidth's own clients and documentation; where they show more than
//! one (`<LATA>` and `<Lata>`), each is taken as real. A test keeps the
//! table in step with the request types' field names.

/// Lower-cased name → its real spellings, sorted by the lower-cased name.
const SPELLINGS: &[(&str, &[&str])] = &[
    ("accountnumber", &["AccountNumber"]),
    ("accounttype", &["AccountType"]),
    ("address", &["Address"]),
    ("addressline1", &["AddressLine1"]),
    ("addressline2", &["AddressLine2"]),
    ("addresstype", &["AddressType"]),
    ("alternatespid", &["AlternateSpid"]),
    ("appname", &["AppName"]),
    ("areacode", &["AreaCode"]),
    (
        "areacodesearchandordertype",
        &["AreaCodeSearchAndOrderType"],
    ),
    ("autoactivationdate", &["AutoActivationDate"]),
    ("backorderrequested", &["BackOrderRequested"]),
    ("basicauthentication", &["BasicAuthentication"]),
    ("billingidentifier", &["BillingIdentifier"]),
    ("billingtelephonenumber", &["BillingTelephoneNumber"]),
    ("billingtype", &["BillingType"]),
    ("businessname", &["BusinessName"]),
    ("callbackcredentials", &["CallbackCredentials"]),
    ("callbackcreds", &["CallbackCreds"]),
    ("callbacksubscription", &["CallbackSubscription"]),
    ("callbackurl", &["CallbackUrl"]),
    ("callername", &["CallerName"]),
    ("callforward", &["CallForward"]),
    ("callingname", &["CallingName"]),
    ("callingnamedisplay", &["CallingNameDisplay"]),
    ("callinitiatedcallbackurl", &["CallInitiatedCallbackUrl"]),
    ("callinitiatedmethod", &["CallInitiatedMethod"]),
    ("callstatuscallbackurl", &["CallStatusCallbackUrl"]),
    ("callstatusmethod", &["CallStatusMethod"]),
    ("city", &["City"]),
    ("citysearchandordertype", &["CitySearchAndOrderType"]),
    ("closeorder", &["CloseOrder"]),
    (
        "combinedsearchandordertype",
        &["CombinedSearchAndOrderType"],
    ),
    ("country", &["Country"]),
    ("county", &["County"]),
    ("customername", &["CustomerName"]),
    ("customerorderid", &["CustomerOrderId"]),
    (
        "customerprovidedid",
        &["CustomerProvidedID", "CustomerProvidedId"],
    ),
    ("customertrafficallowed", &["CustomerTrafficAllowed"]),
    ("dataallowed", &["DataAllowed"]),
    ("description", &["Description"]),
    ("designation", &["Designation"]),
    ("digestrequested", &["DigestRequested"]),
    ("disconnectmode", &["DisconnectMode"]),
    (
        "disconnecttelephonenumberordertype",
        &["DisconnectTelephoneNumberOrderType"],
    ),
    ("display", &["Display"]),
    ("dlda", &["Dlda"]),
    ("dldatngroup", &["DLDATnGroup", "DldaTnGroup"]),
    ("dldatngroups", &["DLDATnGroups", "DldaTnGroups"]),
    ("documentname", &["DocumentName"]),
    ("documenttype", &["DocumentType"]),
    ("e911serviceaction", &["E911ServiceAction"]),
    ("email", &["Email"]),
    ("emailsubscription", &["EmailSubscription"]),
    ("enablelca", &["EnableLCA"]),
    ("endsin", &["EndsIn"]),
    ("enforced", &["Enforced"]),
    (
        "existingtelephonenumberordertype",
        &["ExistingTelephoneNumberOrderType"],
    ),
    ("expiry", &["Expiry"]),
    (
        "finaldestinationuri",
        &["FinalDestinationURI", "FinalDestinationUri"],
    ),
    ("firstname", &["FirstName"]),
    ("firstname2", &["FirstName2"]),
    ("fullnumber", &["FullNumber"]),
    ("host", &["Host"]),
    ("hostname", &["HostName"]),
    ("housenumber", &["HouseNumber"]),
    ("housesuffix", &["HouseSuffix"]),
    ("http", &["HTTP"]),
    ("httpmessagingv2appid", &["HttpMessagingV2AppId"]),
    ("httpsettings", &["HttpSettings"]),
    ("httpvoicev2appid", &["HttpVoiceV2AppId"]),
    ("inboundcallbackcreds", &["InboundCallbackCreds"]),
    ("inboundcallbackurl", &["InboundCallbackUrl"]),
    ("isdefaultpeer", &["IsDefaultPeer"]),
    ("lastname", &["LastName"]),
    ("lata", &["LATA", "Lata"]),
    ("latasearchandordertype", &["LATASearchAndOrderType"]),
    ("lidb", &["Lidb"]),
    ("lidbtngroup", &["LidbTnGroup"]),
    ("lidbtngroups", &["LidbTnGroups"]),
    ("listaddress", &["ListAddress"]),
    ("listingname", &["ListingName"]),
    ("listingtype", &["ListingType"]),
    ("listofphonenumbers", &["ListOfPhoneNumbers"]),
    ("loaauthorizingperson", &["LoaAuthorizingPerson"]),
    ("localvanity", &["LocalVanity"]),
    (
        "localvanitysearchandordertype",
        &["LocalVanitySearchAndOrderType"],
    ),
    ("losingcarriername", &["LosingCarrierName"]),
    ("messagingsettings", &["MessagingSettings"]),
    ("middleinitial", &["MiddleInitial"]),
    ("mmssettings", &["MmsSettings"]),
    ("msgcallbackurl", &["MsgCallbackUrl"]),
    ("name", &["Name"]),
    ("newbillingtelephonenumber", &["NewBillingTelephoneNumber"]),
    ("npanxx", &["NPANXX", "NpaNxx"]),
    ("npanxxsearchandordertype", &["NPANXXSearchAndOrderType"]),
    ("npanxxx", &["NpaNxxX"]),
    ("numberformat", &["NumberFormat"]),
    ("orderid", &["OrderId"]),
    ("ordertype", &["OrderType"]),
    ("outboundcallbackcreds", &["OutboundCallbackCreds"]),
    ("outboundcallbackurl", &["OutboundCallbackUrl"]),
    ("partialallowed", &["PartialAllowed"]),
    ("partialport", &["PartialPort"]),
    ("password", &["Password"]),
    ("peerid", &["PeerId"]),
    ("peername", &["PeerName"]),
    ("phonenumber", &["PhoneNumber"]),
    ("pinnumber", &["PinNumber"]),
    ("plusfour", &["PlusFour"]),
    ("port", &["Port"]),
    ("portoutpasscode", &["PortOutPasscode"]),
    ("postdirectional", &["PostDirectional"]),
    ("predirectional", &["PreDirectional"]),
    ("processingstatus", &["ProcessingStatus"]),
    ("protected", &["Protected"]),
    ("protocol", &["Protocol", "protocol"]),
    ("protocols", &["Protocols"]),
    ("proxypeerid", &["ProxyPeerId", "proxyPeerId"]),
    ("publickey", &["PublicKey"]),
    ("quantity", &["Quantity"]),
    ("ratecenter", &["RateCenter"]),
    (
        "ratecentersearchandordertype",
        &["RateCenterSearchAndOrderType"],
    ),
    (
        "requestedfocdate",
        &["RequestedFOCDate", "RequestedFocDate"],
    ),
    ("reservationid", &["ReservationId"]),
    ("reservationidlist", &["ReservationIdList"]),
    ("reservedtn", &["ReservedTn"]),
    ("resetaddressfields", &["ResetAddressFields"]),
    ("rewriteuser", &["RewriteUser"]),
    ("rpidformat", &["RPIDFormat"]),
    ("serviceaddress", &["ServiceAddress"]),
    ("servicetype", &["ServiceType"]),
    ("shortcode", &["ShortCode"]),
    ("shortmessagingprotocol", &["ShortMessagingProtocol"]),
    ("sippeersmsfeaturesettings", &["SipPeerSmsFeatureSettings"]),
    ("sippeertelephonenumber", &["SipPeerTelephoneNumber"]),
    ("siteid", &["SiteId"]),
    ("sms", &["Sms"]),
    ("smsenabled", &["SmsEnabled"]),
    ("smshosts", &["SmsHosts"]),
    ("state", &["State"]),
    ("statecode", &["StateCode"]),
    ("statesearchandordertype", &["StateSearchAndOrderType"]),
    ("streetname", &["StreetName"]),
    ("streetsuffix", &["StreetSuffix"]),
    ("subscriber", &["Subscriber"]),
    ("subscriberinformation", &["SubscriberInformation"]),
    ("subscribertype", &["SubscriberType"]),
    ("targetresporgid", &["TargetRespOrgId"]),
    ("telephonenumber", &["TelephoneNumber"]),
    ("telephonenumberlist", &["TelephoneNumberList"]),
    ("telephonenumbers", &["TelephoneNumbers"]),
    ("terminationhost", &["TerminationHost"]),
    ("terminationhosts", &["TerminationHosts"]),
    ("titleofaddress", &["TitleOfAddress"]),
    ("titleofaddress2", &["TitleOfAddress2"]),
    ("titleoflineage", &["TitleOfLineage"]),
    ("titleoflineagename", &["TitleOfLineageName"]),
    ("titleoflineagename2", &["TitleOfLineageName2"]),
    ("tn", &["Tn"]),
    ("tnattribute", &["TnAttribute"]),
    ("tnattributes", &["TnAttributes"]),
    ("tnlist", &["TnList"]),
    ("tnoptiongroup", &["TnOptionGroup"]),
    ("tnoptiongroups", &["TnOptionGroups"]),
    ("tollfree", &["TollFree"]),
    ("tollfreevanity", &["TollFreeVanity"]),
    (
        "tollfreevanitysearchandordertype",
        &["TollFreeVanitySearchAndOrderType"],
    ),
    ("tollfreewildcardpattern", &["TollFreeWildCardPattern"]),
    (
        "tollfreewildcharsearchandordertype",
        &["TollFreeWildCharSearchAndOrderType"],
    ),
    ("triggered", &["Triggered"]),
    ("url", &["URL", "Url"]),
    ("userid", &["UserId"]),
    ("username", &["Username"]),
    ("usetype", &["UseType"]),
    ("visibility", &["Visibility"]),
    ("voicehostgroup", &["VoiceHostGroup"]),
    ("voicehostgroups", &["VoiceHostGroups"]),
    ("voicehosts", &["VoiceHosts"]),
    ("voiceprotocol", &["VoiceProtocol"]),
    ("wirelessinfo", &["WirelessInfo"]),
    ("zip", &["Zip"]),
    ("zipsearchandordertype", &["ZIPSearchAndOrderType"]),
    ("zone1", &["Zone1"]),
    ("zone2", &["Zone2"]),
    ("zone3", &["Zone3"]),
    ("zone4", &["Zone4"]),
    ("zone5", &["Zone5"]),
];

/// The real spellings of an element name the request types read, by its
/// lower-cased form; `None` for a name no request type reads.
pub fn real_spellings(lower: &str) -> Option<&'static [&'static str]> {
    SPELLINGS
        .binary_search_by(|(name, _)| name.cmp(&lower))
        .ok()
        .map(|i| SPELLINGS[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `rename = "…"` of the request types, from their source.
    fn request_names() -> Vec<String> {
        let sources = [
            include_str!("request/application.rs"),
            include_str!("request/e911.rs"),
            include_str!("request/features.rs"),
            include_str!("request/mod.rs"),
            include_str!("request/order.rs"),
            include_str!("request/peer_tn.rs"),
            include_str!("request/portin.rs"),
            include_str!("request/products.rs"),
            include_str!("request/reservation.rs"),
            include_str!("request/sippeer.rs"),
            include_str!("request/site.rs"),
            include_str!("request/subscription.rs"),
            include_str!("request/tns.rs"),
        ];
        let mut names = Vec::new();
        for src in sources {
            for piece in src.split("rename = \"").skip(1) {
                let name = piece.split('"').next().unwrap_or_default();
                if name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                {
                    names.push(name.to_string());
                }
            }
        }
        names
    }

    #[test]
    fn every_name_a_request_type_reads_has_its_real_spelling() {
        let names = request_names();
        assert!(names.len() > 100, "{}", names.len());
        for name in names {
            let real = real_spellings(&name).unwrap_or_else(|| panic!("no spelling for <{name}>"));
            assert!(
                real.iter().all(|r| r.to_ascii_lowercase() == name),
                "{name}: {real:?}"
            );
        }
    }

    #[test]
    fn the_table_is_sorted_for_its_binary_search() {
        assert!(SPELLINGS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(real_spellings("siteid"), Some(&["SiteId"][..]));
        assert_eq!(real_spellings("nosuchname"), None);
    }
}
