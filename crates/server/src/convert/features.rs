//! Disconnects and feature orders.

use tnhub_core::CoreError;
use tnhub_core::order::OrderRow;
use tnhub_core::order::disconnect::DisconnectDraft;
use tnhub_core::order::features::{
    DldaSettings, FeatureGroup, FeatureRequest, FeatureSettings, LidbSettings, ListingName,
    TnOptions, group_tns,
};
use tnhub_core::order::number_order::FailedNumber;
use tnhub_core::service::{DisconnectView, FeatureOrderView};
use tnhub_wire::envelope::{ErrorItem, ErrorList};
use tnhub_wire::request::features::{
    DisconnectBody, DldaOrderBody, DldaTnGroupBody, FeatureOrderBody, LidbOrderBody,
    LidbTnGroupBody, TnOptionGroupBody, TnOptionOrderBody, numbers_of,
};
use tnhub_wire::response::features::{
    DisconnectRequestXml, DisconnectResponse, DisconnectTypeXml, DldaOrderXml, DldaTnGroupXml,
    DldaTnGroupsXml, FeatureHeaderXml, FeatureSummaryXml, LidbOrderXml, LidbTnGroupXml,
    LidbTnGroupsXml, ListingNameXml, NumberListXml, TnOptionGroupXml, TnOptionGroupsXml,
    TnOptionOrderXml,
};
use tnhub_wire::response::order::OrderSummaryXml;

use super::{address, boolean, text};

/// A `<DisconnectTelephoneNumberOrder>` as a draft.
pub fn disconnect_draft(b: DisconnectBody) -> DisconnectDraft {
    DisconnectDraft {
        name: text(b.name),
        customer_order_id: text(b.customer_order_id),
        tns: b
            .order_type
            .iter()
            .flat_map(|t| t.lists.iter())
            .flat_map(|l| l.numbers.iter().cloned())
            .collect(),
        mode: b.order_type.iter().find_map(|t| text(t.mode.clone())),
        protected: b.order_type.iter().find_map(|t| text(t.protected.clone())),
    }
}

pub(crate) fn errors(failed: &[FailedNumber]) -> ErrorList {
    ErrorList {
        errors: failed
            .iter()
            .map(|f| ErrorItem {
                code: f.code,
                description: f.description.clone(),
                telephone_number: Some(f.tn.clone()),
            })
            .collect(),
    }
}

/// A disconnect as `DisconnectTelephoneNumberOrderResponse` (full on GET).
pub fn disconnect(d: &DisconnectView, full: bool) -> DisconnectResponse {
    DisconnectResponse {
        disconnected_telephone_number_list: full.then(|| NumberListXml {
            numbers: d.result.disconnected.clone(),
        }),
        error_list: full.then(|| errors(&d.result.failed)),
        order_request: DisconnectRequestXml {
            name: d.request.name.clone(),
            customer_order_id: d.request.customer_order_id.clone(),
            order_create_date: d.row.created_at.iso(),
            id: d.row.id.clone(),
            disconnect_telephone_number_order_type: DisconnectTypeXml {
                telephone_number_list: NumberListXml {
                    numbers: d.request.tns.clone(),
                },
                disconnect_mode: d.request.mode.as_str().to_string(),
                protected: d.request.protected.clone(),
            },
        },
        order_status: d.row.status.clone(),
    }
}

/// A disconnect (or LIDB/DLDA order) in a `ResponseSelectWrapper` list: `OrderId` capitalised.
pub fn summary(row: &OrderRow) -> OrderSummaryXml {
    OrderSummaryXml {
        count_of_tns: row.tn_count,
        customer_order_id: row.customer_order_id.clone(),
        user_id: row.created_by.clone(),
        last_modified_date: row.updated_at.iso(),
        order_date: row.created_at.iso(),
        order_type: row.kind.as_str().to_string(),
        order_id_lower: None,
        order_id_upper: Some(row.id.clone()),
        order_status: row.status.clone(),
        telephone_number_details: None,
    }
}

/// A feature order in the `TnOptionOrders` list.
pub fn feature_summary(row: &OrderRow) -> FeatureSummaryXml {
    FeatureSummaryXml {
        account_id: row.account_id.to_string(),
        count_of_tns: row.tn_count,
        customer_order_id: row.customer_order_id.clone(),
        user_id: row.created_by.clone(),
        last_modified_date: row.updated_at.iso(),
        order_date: row.created_at.iso(),
        order_type: row.kind.as_str().to_string(),
        order_status: row.status.clone(),
        order_id: row.id.clone(),
    }
}

fn options(g: &TnOptionGroupBody) -> Result<TnOptions, CoreError> {
    TnOptions {
        calling_name_display: text(g.calling_name_display.clone()),
        sms: text(g.sms.clone()),
        call_forward: text(g.call_forward.clone()),
        number_format: text(g.number_format.clone()),
        rpid_format: text(g.rpid_format.clone()),
        rewrite_user: text(g.rewrite_user.clone()),
        protected: boolean(&g.protected, "Protected")?,
        final_destination_uri: text(g.final_destination_uri.clone()),
        port_out_passcode: text(g.port_out_passcode.clone()),
    }
    .validate()
}

/// A `<TnOptionOrder>` as a validated request.
pub fn tn_option_request(b: TnOptionOrderBody) -> Result<FeatureRequest, CoreError> {
    let mut groups = Vec::new();
    for g in b.groups.iter().flat_map(|w| w.groups.iter()) {
        groups.push(FeatureGroup {
            tns: group_tns(&numbers_of(&g.numbers))?,
            settings: FeatureSettings::Options(options(g)?),
        });
    }
    FeatureRequest::validate(text(b.customer_order_id), groups)
}

fn lidb(g: &LidbTnGroupBody) -> Result<LidbSettings, CoreError> {
    LidbSettings::validate(
        g.subscriber_information.clone(),
        g.use_type.clone(),
        g.visibility.clone(),
    )
}

/// A `<LidbOrder>` as a validated request.
pub fn lidb_request(b: LidbOrderBody) -> Result<FeatureRequest, CoreError> {
    let mut groups = Vec::new();
    for g in b.groups.iter().flat_map(|w| w.groups.iter()) {
        groups.push(FeatureGroup {
            tns: group_tns(&numbers_of(&g.numbers))?,
            settings: FeatureSettings::Lidb(lidb(g)?),
        });
    }
    FeatureRequest::validate(text(b.customer_order_id), groups)
}

fn dlda(g: &DldaTnGroupBody) -> Result<DldaSettings, CoreError> {
    let n = g.listing_name.clone().unwrap_or_default();
    DldaSettings::validate(
        g.subscriber_type.clone().or_else(|| g.account_type.clone()),
        g.listing_type.clone(),
        ListingName {
            first_name: n.first_name,
            first_name2: n.first_name2,
            last_name: n.last_name,
            designation: n.designation,
            title_of_lineage: n.title_of_lineage,
            title_of_address: n.title_of_address,
            title_of_address2: n.title_of_address2,
            title_of_lineage_name: n.title_of_lineage_name,
            title_of_lineage_name2: n.title_of_lineage_name2,
        },
        boolean(&g.list_address, "ListAddress")?,
        g.address.clone().map(address::from_wire),
    )
}

/// A `<DldaOrder>` as a validated request.
pub fn dlda_request(b: DldaOrderBody) -> Result<FeatureRequest, CoreError> {
    let mut groups = Vec::new();
    for g in b.groups.iter().flat_map(|w| w.groups.iter()) {
        groups.push(FeatureGroup {
            tns: group_tns(&numbers_of(&g.numbers))?,
            settings: FeatureSettings::Dlda(Box::new(dlda(g)?)),
        });
    }
    FeatureRequest::validate(text(b.customer_order_id), groups)
}

/// The seed's single-number feature order: its options, caller name and
/// directory listing, each as a group of that one number.
pub fn single_number_request(tn: &str, b: FeatureOrderBody) -> Result<FeatureRequest, CoreError> {
    let tns = group_tns(&[tn.to_string()])?;
    let option_group = TnOptionGroupBody {
        calling_name_display: b.calling_name_display,
        sms: b.sms,
        call_forward: b.call_forward,
        number_format: b.number_format,
        rpid_format: b.rpid_format,
        rewrite_user: b.rewrite_user,
        protected: b.protected,
        final_destination_uri: b.final_destination_uri,
        port_out_passcode: b.port_out_passcode,
        numbers: Vec::new(),
    };
    let mut groups = Vec::new();
    let has_options = [
        &option_group.calling_name_display,
        &option_group.sms,
        &option_group.call_forward,
        &option_group.number_format,
        &option_group.rpid_format,
        &option_group.rewrite_user,
        &option_group.protected,
        &option_group.final_destination_uri,
        &option_group.port_out_passcode,
    ]
    .iter()
    .any(|v| text((*v).clone()).is_some());
    if has_options {
        groups.push(FeatureGroup {
            tns: tns.clone(),
            settings: FeatureSettings::Options(options(&option_group)?),
        });
    }
    if let Some(l) = &b.lidb {
        groups.push(FeatureGroup {
            tns: tns.clone(),
            settings: FeatureSettings::Lidb(lidb(l)?),
        });
    }
    if let Some(d) = &b.dlda {
        groups.push(FeatureGroup {
            tns,
            settings: FeatureSettings::Dlda(Box::new(dlda(d)?)),
        });
    }
    if groups.is_empty() {
        return Err(CoreError::required(
            "a feature (a line option such as CallingNameDisplay, or Lidb, or Dlda)",
        ));
    }
    FeatureRequest::validate(text(b.customer_order_id), groups)
}

pub(crate) fn header(o: &FeatureOrderView) -> FeatureHeaderXml {
    FeatureHeaderXml {
        customer_order_id: o.request.customer_order_id.clone(),
        order_create_date: o.row.created_at.iso(),
        account_id: o.row.account_id.to_string(),
        created_by_user: o.row.created_by.clone(),
        order_id: o.row.id.clone(),
        last_modified_date: o.row.updated_at.iso(),
        processing_status: o.row.status.clone(),
    }
}

/// A `<TnOptionOrder>` (its LIDB and DLDA parts, if any, are not line options and are left out).
pub fn tn_option_order(o: &FeatureOrderView) -> TnOptionOrderXml {
    TnOptionOrderXml {
        header: header(o),
        tn_option_groups: TnOptionGroupsXml {
            groups: o
                .request
                .groups
                .iter()
                .filter_map(|g| match &g.settings {
                    FeatureSettings::Options(opt) => Some(TnOptionGroupXml {
                        number_format: opt.number_format.clone(),
                        rpid_format: opt.rpid_format.clone(),
                        rewrite_user: opt.rewrite_user.clone(),
                        call_forward: opt.call_forward.clone(),
                        calling_name_display: opt.calling_name_display.clone(),
                        protected: opt.protected,
                        sms: opt.sms.clone(),
                        final_destination_uri: opt.final_destination_uri.clone(),
                        telephone_numbers: NumberListXml {
                            numbers: g.tns.clone(),
                        },
                    }),
                    _ => None,
                })
                .collect(),
        },
        error_list: errors(&o.result.failed),
    }
}

/// A `<LidbOrder>`.
pub fn lidb_order(o: &FeatureOrderView) -> LidbOrderXml {
    LidbOrderXml {
        header: header(o),
        error_list: errors(&o.result.failed),
        lidb_tn_groups: LidbTnGroupsXml {
            groups: o
                .request
                .groups
                .iter()
                .filter_map(|g| match &g.settings {
                    FeatureSettings::Lidb(l) => Some(LidbTnGroupXml {
                        telephone_numbers: NumberListXml {
                            numbers: g.tns.clone(),
                        },
                        subscriber_information: l.subscriber_information.clone(),
                        use_type: l.use_type.clone(),
                        visibility: l.visibility.clone(),
                    }),
                    _ => None,
                })
                .collect(),
        },
    }
}

/// What feature orders set on a number, as `tndetails` writes it.
pub fn number_features(
    f: &tnhub_core::number::NumberFeatures,
) -> tnhub_wire::response::tns::FeaturesXml {
    use tnhub_wire::response::tns::{DldaFeatureXml, E911FeatureXml, FeaturesXml, LidbFeatureXml};
    FeaturesXml {
        calling_name_display: f.calling_name_display,
        call_forward: f.call_forward.clone(),
        number_format: f.number_format.clone(),
        rpid_format: f.rpid_format.clone(),
        rewrite_user: f.rewrite_user.clone(),
        final_destination_uri: f.final_destination_uri.clone(),
        e911: f.e911.as_ref().map(|e| E911FeatureXml {
            status: "Success".into(),
            caller_name: e.caller_name.clone(),
            address: address::to_wire(&e.address),
        }),
        lidb: f.lidb.as_ref().map(|l| LidbFeatureXml {
            status: "Success".into(),
            subscriber_information: l.subscriber_information.clone(),
            use_type: l.use_type.clone(),
            visibility: l.visibility.clone(),
        }),
        dlda: f.dlda.as_ref().map(|d| DldaFeatureXml {
            status: "Success".into(),
            subscriber_type: d.subscriber_type.clone(),
            listing_type: d.listing_type.clone(),
            listing_name: listing_name(&d.listing_name),
            list_address: d.list_address,
            address: d.address.as_ref().map(address::to_wire),
        }),
    }
}

fn listing_name(n: &ListingName) -> ListingNameXml {
    ListingNameXml {
        first_name: n.first_name.clone(),
        first_name2: n.first_name2.clone(),
        last_name: n.last_name.clone(),
        designation: n.designation.clone(),
        title_of_lineage: n.title_of_lineage.clone(),
        title_of_address: n.title_of_address.clone(),
        title_of_address2: n.title_of_address2.clone(),
        title_of_lineage_name: n.title_of_lineage_name.clone(),
        title_of_lineage_name2: n.title_of_lineage_name2.clone(),
    }
}

/// A `<DldaOrder>`.
pub fn dlda_order(o: &FeatureOrderView) -> DldaOrderXml {
    DldaOrderXml {
        id: o.row.id.clone(),
        header: header(o),
        error_list: errors(&o.result.failed),
        dlda_tn_groups: DldaTnGroupsXml {
            groups: o
                .request
                .groups
                .iter()
                .filter_map(|g| match &g.settings {
                    FeatureSettings::Dlda(d) => Some(DldaTnGroupXml {
                        telephone_numbers: NumberListXml {
                            numbers: g.tns.clone(),
                        },
                        account_type: d.subscriber_type.clone(),
                        listing_type: d.listing_type.clone(),
                        listing_name: listing_name(&d.listing_name),
                        list_address: d.list_address,
                        address: d.address.as_ref().map(address::to_wire),
                    }),
                    _ => None,
                })
                .collect(),
        },
    }
}
