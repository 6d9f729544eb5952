//! Port-ins, the LNP checker and LOA documents between the wire and the
//! domain.

use tnhub_core::address::Address;
use tnhub_core::inventory::{DEFAULT_VENDOR_ID, DEFAULT_VENDOR_NAME};
use tnhub_core::order::portin::{PortError, PortInDraft, SubscriberDraft, WirelessInfo};
use tnhub_core::service::{PortInView, Portability, RateCenterGroup};
use tnhub_core::store::LoaFile;
use tnhub_wire::request::portin::{LnpOrderBody, ServiceAddressBody};
use tnhub_wire::response::order::TnAttributesXml;
use tnhub_wire::response::portin::{
    FileDataXml, FileMetaDataXml, LnpOrderResponse, LnpPortInfo, LosingCarrierTnList,
    LosingCarriers, NumberPortabilityResponse, PhoneNumbersXml, PortErrorXml, RateCenterGroupXml,
    RateCenterGroups, StatusXml, SubscriberXml, TiersXml, TnListXml, WirelessInfoXml,
};

use super::address::to_wire;

fn address(a: ServiceAddressBody) -> (Address, bool) {
    let reset = a
        .reset_address_fields
        .as_deref()
        .and_then(tnhub_wire::read::parse_bool)
        .unwrap_or(false);
    let t = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    (
        Address {
            house_number: t(a.house_number),
            house_suffix: t(a.house_suffix),
            pre_directional: t(a.pre_directional),
            street_name: t(a.street_name),
            street_suffix: t(a.street_suffix),
            post_directional: t(a.post_directional),
            address_line2: t(a.address_line2),
            city: t(a.city),
            state_code: t(a.state_code).map(|s| s.to_ascii_uppercase()),
            zip: t(a.zip),
            plus_four: t(a.plus_four),
            county: t(a.county),
            country: t(a.country),
            address_type: t(a.address_type),
        },
        reset,
    )
}

/// An `<LnpOrder>`/`<LnpOrderSupp>` body as a draft: text as sent, `None`
/// for what was not sent.
pub fn draft(b: LnpOrderBody) -> PortInDraft {
    let tns = b.numbers();
    let tn_attributes = (!b.tn_attributes.is_empty())
        .then(|| b.tn_attributes.into_iter().flat_map(|a| a.values).collect());
    PortInDraft {
        customer_order_id: b.customer_order_id,
        site_id: b.site_id,
        peer_id: b.peer_id,
        billing_telephone_number: b.billing_telephone_number,
        new_billing_telephone_number: b.new_billing_telephone_number,
        loa_authorizing_person: b.loa_authorizing_person,
        subscriber: b.subscriber.map(|s| {
            let (service_address, reset_address) = match s.service_address.map(address) {
                Some((a, r)) => (Some(a), r),
                None => (None, false),
            };
            SubscriberDraft {
                subscriber_type: s.subscriber_type,
                business_name: s.business_name,
                first_name: s.first_name,
                middle_initial: s.middle_initial,
                last_name: s.last_name,
                service_address,
                reset_address,
            }
        }),
        wireless_info: b.wireless_info.map(|w| WirelessInfo {
            account_number: w.account_number,
            pin_number: w.pin_number,
        }),
        tns,
        requested_foc_date: b.requested_foc_date,
        triggered: b.triggered,
        partial_port: b.partial_port,
        alternate_spid: b.alternate_spid,
        tn_attributes,
        billing_type: b.billing_type,
        target_resp_org_id: b.target_resp_org_id,
        processing_status: b.processing_status,
    }
}

/// Errors as `<Errors>` elements.
pub fn errors(errors: &[PortError]) -> Vec<PortErrorXml> {
    errors
        .iter()
        .map(|e| PortErrorXml {
            code: e.code,
            description: e.description.clone(),
            telephone_numbers: (!e.tns.is_empty()).then(|| TnListXml { tns: e.tns.clone() }),
        })
        .collect()
}

/// What a request's `<Status>` says.
pub enum Answer {
    /// A GET: no `OrderId`, no `Status`.
    Get,
    /// A create: `OrderId` and `Status` 201.
    Created,
    /// A supplement: `OrderId` and `Status` 200.
    Supplemented,
}

/// `<LnpOrderResponse>` of a port-in.
pub fn response(v: &PortInView, answer: Answer) -> LnpOrderResponse {
    let status = match answer {
        Answer::Get => None,
        Answer::Created => Some(StatusXml {
            code: 201,
            description: "Order request received. Please use the order id to check the status of your order later.".into(),
        }),
        Answer::Supplemented => Some(StatusXml {
            code: 200,
            description: "Supp request received. Please use the order id to check the status of your order later.".into(),
        }),
    };
    let r = &v.request;
    let carrier = v.result.losing_carrier.as_ref();
    LnpOrderResponse {
        order_id: status.as_ref().map(|_| v.row.id.clone()),
        status,
        errors: errors(&v.result.errors),
        processing_status: v.row.status.clone(),
        requested_foc_date: r.requested_foc_date.map(|t| t.iso()),
        actual_foc_date: v.result.actual_foc_date.map(|t| t.iso()),
        customer_order_id: r.customer_order_id.clone(),
        loa_authorizing_person: r.loa_authorizing_person.clone(),
        subscriber: r.subscriber.as_ref().map(|s| SubscriberXml {
            subscriber_type: s.subscriber_type.map(|t| t.as_str().to_string()),
            business_name: s.business_name.clone(),
            first_name: s.first_name.clone(),
            middle_initial: s.middle_initial.clone(),
            last_name: s.last_name.clone(),
            service_address: s.service_address.as_ref().map(to_wire),
        }),
        wireless_info: r.wireless_info.as_ref().map(|w| WirelessInfoXml {
            account_number: w.account_number.clone(),
            pin_number: w.pin_number.clone(),
        }),
        tn_attributes: (!r.tn_attributes.is_empty()).then(|| TnAttributesXml {
            values: r.tn_attributes.clone(),
        }),
        billing_telephone_number: r.billing_telephone_number.clone(),
        new_billing_telephone_number: r.new_billing_telephone_number.clone(),
        list_of_phone_numbers: PhoneNumbersXml {
            numbers: r.tns.clone(),
        },
        alternate_spid: r.alternate_spid.clone(),
        account_id: Some(v.row.account_id.to_string()),
        site_id: v.row.site_id.map(|s| s.get()),
        peer_id: v.row.peer_id.map(|p| p.get()),
        losing_carrier_spid: carrier.map(|c| c.spid.clone()),
        losing_carrier_name: carrier.map(|c| c.name.clone()),
        losing_carrier_is_wireless: carrier.map(|c| c.wireless),
        vendor_id: Some(DEFAULT_VENDOR_ID),
        vendor_name: Some(DEFAULT_VENDOR_NAME.into()),
        order_create_date: Some(v.row.created_at.iso()),
        last_modified_date: Some(v.row.updated_at.iso()),
        user_id: Some(v.row.created_by.clone()),
        last_modified_by: v.result.last_modified_by.clone(),
        partial_port: r.partial_port,
        triggered: r.triggered,
        billing_type: Some(r.billing_type.clone().unwrap_or_else(|| "PORTIN".into())),
        port_type: v.result.port_type.clone(),
        target_resp_org_id: r.target_resp_org_id.clone(),
    }
}

/// One `lnpPortInfoForGivenStatus` of a list.
pub fn summary(v: &PortInView) -> LnpPortInfo {
    let carrier = v.result.losing_carrier.as_ref();
    LnpPortInfo {
        account_id: v.row.account_id.to_string(),
        count_of_tns: v.row.tn_count,
        customer_order_id: v.row.customer_order_id.clone(),
        user_id: v.row.created_by.clone(),
        last_modified_date: v.row.updated_at.iso(),
        order_date: v.row.created_at.iso(),
        order_id: v.row.id.clone(),
        order_type: "port_in".into(),
        actual_foc_date: v.result.actual_foc_date.map(|t| t.iso()),
        billing_telephone_number: v.request.billing_telephone_number.clone(),
        company_name: v
            .request
            .subscriber
            .as_ref()
            .and_then(|s| s.business_name.clone()),
        losing_carrier_id: carrier.map(|c| c.spid.clone()),
        losing_carrier_name: carrier.map(|c| c.name.clone()),
        processing_status: v.row.status.clone(),
        requested_foc_date: v.request.requested_foc_date.map(|t| t.iso()),
        vendor_id: DEFAULT_VENDOR_ID,
        vendor_name: DEFAULT_VENDOR_NAME.into(),
    }
}

fn groups(gs: &[RateCenterGroup], vendor: Option<&str>) -> RateCenterGroups {
    RateCenterGroups {
        groups: gs
            .iter()
            .map(|g| RateCenterGroupXml {
                rate_center: g.rate_center.clone(),
                city: g.city.clone(),
                state: g.state.clone(),
                lata: g.lata,
                tiers: (!g.tiers.is_empty()).then(|| TiersXml {
                    tiers: g.tiers.clone(),
                }),
                vendor: vendor.map(str::to_string),
                tn_list: TnListXml { tns: g.tns.clone() },
            })
            .collect(),
    }
}

/// `<NumberPortabilityResponse>` of a check.
pub fn portability(p: &Portability) -> NumberPortabilityResponse {
    NumberPortabilityResponse {
        port_type: p.port_type.into(),
        supported_rate_centers: groups(&p.supported, None),
        unsupported_rate_centers: groups(&p.unsupported, None),
        partner_supported_rate_centers: p
            .partner_supported
            .as_ref()
            .map(|g| groups(g, Some(DEFAULT_VENDOR_NAME))),
        supported_losing_carriers: p.carriers.as_ref().map(|cs| LosingCarriers {
            carriers: cs
                .iter()
                .map(|c| LosingCarrierTnList {
                    losing_carrier_spid: c.carrier.spid.into(),
                    losing_carrier_name: c.carrier.name.into(),
                    losing_carrier_is_wireless: c.carrier.wireless,
                    losing_carrier_account_number_required: c.carrier.account_number_required,
                    losing_carrier_minimum_porting_interval: c.carrier.min_porting_interval,
                    tn_list: TnListXml { tns: c.tns.clone() },
                })
                .collect(),
        }),
        unsupported_losing_carriers: p.carriers.as_ref().map(|_| LosingCarriers::default()),
    }
}

/// `<FileMetaData>` of a document.
pub fn metadata(f: &LoaFile) -> FileMetaDataXml {
    FileMetaDataXml {
        document_name: f.document_name.clone(),
        document_type: f.document_type.clone(),
    }
}

/// A document in a `metadata=true` list.
pub fn file_data(f: &LoaFile) -> FileDataXml {
    FileDataXml {
        file_name: f.name.clone(),
        file_meta_data: metadata(f),
    }
}
