//! New-number orders.

use tnhub_core::CoreError;
use tnhub_core::order::number_order::{
    Breakdown, NumberOrderDraft, NumberOrderType, SearchDraft, SearchOrderKind,
};
use tnhub_core::order::{OrderRow, from_json};
use tnhub_core::service::NumberOrderView;
use tnhub_wire::envelope::{ErrorItem, ErrorList};
use tnhub_wire::request::order::{OrderBody, SearchOrderBody};
use tnhub_wire::response::order::{
    Cities, CityWithCount, CompletedNumbers, ExistingXml, FailedNumbers, FullNumberXml,
    OrderResponse, OrderSummaryXml, OrderTypeXml, OrderXml, RateCenterWithCount, RateCenters,
    ReservationIdListXml, SearchFieldsXml, StateWithCount, States, TelephoneNumberDetailsXml,
    TelephoneNumberListXml, TierWithCount, Tiers, TnAttributesXml, VendorWithCount, Vendors,
};

use super::{boolean, text};

/// An `<Order>` body as a draft for validation.
pub fn draft(b: OrderBody) -> Result<NumberOrderDraft, CoreError> {
    let existing = (!b.existing.is_empty()).then(|| {
        let tns = b
            .existing
            .iter()
            .flat_map(|e| e.lists.iter())
            .flat_map(|l| l.numbers.iter().cloned())
            .collect();
        let reservations = b
            .existing
            .iter()
            .flat_map(|e| e.reservations.iter())
            .flat_map(|l| l.ids.iter().cloned())
            .collect();
        (tns, reservations)
    });
    let kinds: [(SearchOrderKind, &Vec<SearchOrderBody>); 11] = [
        (SearchOrderKind::AreaCode, &b.area_code),
        (SearchOrderKind::RateCenter, &b.rate_center),
        (SearchOrderKind::NpaNxx, &b.npa_nxx),
        (SearchOrderKind::TollFreeVanity, &b.toll_free_vanity),
        (SearchOrderKind::TollFreeWildChar, &b.toll_free_wild_char),
        (SearchOrderKind::State, &b.state),
        (SearchOrderKind::City, &b.city),
        (SearchOrderKind::Zip, &b.zip),
        (SearchOrderKind::Lata, &b.lata),
        (SearchOrderKind::Combined, &b.combined),
        (SearchOrderKind::LocalVanity, &b.local_vanity),
    ];
    let searches = kinds
        .iter()
        .flat_map(|(kind, bodies)| {
            bodies.iter().map(move |s| SearchDraft {
                kind: *kind,
                fields: s.sent(),
                quantity: s.quantity.clone(),
            })
        })
        .collect();
    Ok(NumberOrderDraft {
        partial_allowed: boolean(&b.partial_allowed, "PartialAllowed")?,
        back_order_requested: boolean(&b.back_order_requested, "BackOrderRequested")?,
        name: text(b.name),
        customer_order_id: text(b.customer_order_id),
        site_id: text(b.site_id),
        peer_id: text(b.peer_id),
        tn_attributes: b
            .tn_attributes
            .into_iter()
            .flat_map(|a| a.values)
            .filter_map(|v| text(Some(v)))
            .collect(),
        existing,
        searches,
    })
}

fn search_fields(fields: &[(String, String)], quantity: u32) -> SearchFieldsXml {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    SearchFieldsXml {
        area_code: get("AreaCode"),
        rate_center: get("RateCenter"),
        state: get("State"),
        npa_nxx: get("NpaNxx"),
        npa_nxx_x: get("NpaNxxX"),
        lata: get("Lata"),
        city: get("City"),
        zip: get("Zip"),
        toll_free_vanity: get("TollFreeVanity"),
        toll_free_wild_card_pattern: get("TollFreeWildCardPattern"),
        local_vanity: get("LocalVanity"),
        ends_in: get("EndsIn"),
        enable_lca: get("EnableLCA"),
        quantity,
    }
}

fn order_type(t: &NumberOrderType) -> OrderTypeXml {
    match t {
        NumberOrderType::Existing {
            tns,
            reservation_ids,
        } => OrderTypeXml::Existing(ExistingXml {
            telephone_number_list: TelephoneNumberListXml {
                numbers: tns.clone(),
            },
            reservation_id_list: (!reservation_ids.is_empty()).then(|| ReservationIdListXml {
                ids: reservation_ids.clone(),
            }),
        }),
        NumberOrderType::Search {
            kind,
            fields,
            quantity,
        } => {
            let f = search_fields(fields, *quantity);
            match kind {
                SearchOrderKind::AreaCode => OrderTypeXml::AreaCode(f),
                SearchOrderKind::RateCenter => OrderTypeXml::RateCenter(f),
                SearchOrderKind::NpaNxx => OrderTypeXml::NpaNxx(f),
                SearchOrderKind::TollFreeVanity => OrderTypeXml::TollFreeVanity(f),
                SearchOrderKind::TollFreeWildChar => OrderTypeXml::TollFreeWildChar(f),
                SearchOrderKind::State => OrderTypeXml::State(f),
                SearchOrderKind::City => OrderTypeXml::City(f),
                SearchOrderKind::Zip => OrderTypeXml::Zip(f),
                SearchOrderKind::Lata => OrderTypeXml::Lata(f),
                SearchOrderKind::Combined => OrderTypeXml::Combined(f),
                SearchOrderKind::LocalVanity => OrderTypeXml::LocalVanity(f),
            }
        }
    }
}

/// The echoed `<Order>` with its `<id>`.
pub fn order_xml(v: &NumberOrderView, site_scoped: bool) -> OrderXml {
    let r = &v.request;
    OrderXml {
        customer_order_id: r.customer_order_id.clone(),
        name: r.name.clone(),
        order_create_date: v.row.created_at.iso(),
        peer_id: v.row.peer_id.map_or(0, |p| p.get()),
        back_order_requested: r.back_order_requested,
        id: v.row.id.clone(),
        order_type: order_type(&r.order_type),
        tn_attributes: (!r.tn_attributes.is_empty()).then(|| TnAttributesXml {
            values: r.tn_attributes.clone(),
        }),
        partial_allowed: r.partial_allowed,
        site_id: r.site_id,
        site_id_lower: site_scoped.then_some(r.site_id),
    }
}

/// The create answer: the echo and `RECEIVED`.
pub fn created(v: &NumberOrderView) -> OrderResponse {
    OrderResponse {
        completed_quantity: None,
        created_by_user: None,
        last_modified_date: None,
        order_complete_date: None,
        order: order_xml(v, false),
        order_status: v.row.status.clone(),
        completed_numbers: None,
        summary: None,
        failed_quantity: None,
        pending_quantity: None,
        error_list: None,
        failed_numbers: None,
    }
}

/// The full GET answer.
pub fn full(v: &NumberOrderView, site_scoped: bool) -> OrderResponse {
    let res = &v.result;
    let mut errors: Vec<ErrorItem> = res
        .errors
        .iter()
        .map(|e| ErrorItem {
            code: e.code,
            description: e.description.clone(),
            telephone_number: None,
        })
        .collect();
    errors.extend(res.failed.iter().map(|f| ErrorItem {
        code: f.code,
        description: f.description.clone(),
        telephone_number: Some(f.tn.clone()),
    }));
    OrderResponse {
        completed_quantity: Some(res.completed.len()),
        created_by_user: Some(v.row.created_by.clone()),
        last_modified_date: Some(v.row.updated_at.iso()),
        order_complete_date: v.row.completed_at.map(|t| t.iso()),
        order: order_xml(v, site_scoped),
        order_status: v.row.status.clone(),
        completed_numbers: (!res.completed.is_empty()).then(|| CompletedNumbers {
            numbers: res
                .completed
                .iter()
                .map(|t| FullNumberXml {
                    full_number: t.clone(),
                })
                .collect(),
        }),
        summary: res.summary.clone(),
        failed_quantity: Some(res.failed.len()),
        pending_quantity: (res.pending_quantity > 0).then_some(res.pending_quantity),
        error_list: (!errors.is_empty()).then_some(ErrorList { errors }),
        failed_numbers: (!res.failed.is_empty()).then(|| FailedNumbers {
            numbers: res.failed.iter().map(|f| f.tn.clone()).collect(),
        }),
    }
}

fn details(b: &Breakdown) -> TelephoneNumberDetailsXml {
    TelephoneNumberDetailsXml {
        states: States {
            items: b
                .states
                .iter()
                .map(|(s, n)| StateWithCount {
                    state: s.clone(),
                    count: *n,
                })
                .collect(),
        },
        rate_centers: RateCenters {
            items: b
                .rate_centers
                .iter()
                .map(|(r, n)| RateCenterWithCount {
                    count: *n,
                    rate_center: r.clone(),
                })
                .collect(),
        },
        cities: Cities {
            items: b
                .cities
                .iter()
                .map(|(c, n)| CityWithCount {
                    city: c.clone(),
                    count: *n,
                })
                .collect(),
        },
        tiers: Tiers {
            items: b
                .tiers
                .iter()
                .map(|(t, n)| TierWithCount {
                    tier: *t,
                    count: *n,
                })
                .collect(),
        },
        vendors: Vendors {
            items: b
                .vendors
                .iter()
                .map(|(id, name, n)| VendorWithCount {
                    vendor_id: *id,
                    vendor_name: name.clone(),
                    count: *n,
                })
                .collect(),
        },
    }
}

/// One order in the `…/orders` lists (`orderId` lower-case), of any kind;
/// new-number orders add the `TelephoneNumberDetails` of what they got.
pub fn summary(row: &OrderRow) -> OrderSummaryXml {
    let details_of_numbers = (row.kind == tnhub_core::order::OrderKind::NewNumber).then(|| {
        from_json::<tnhub_core::order::number_order::NumberOrderResult>(&row.result)
            .map(|r| r.breakdown)
            .unwrap_or_default()
    });
    OrderSummaryXml {
        count_of_tns: row.tn_count,
        customer_order_id: row.customer_order_id.clone(),
        user_id: row.created_by.clone(),
        last_modified_date: row.updated_at.iso(),
        order_date: row.created_at.iso(),
        order_type: row.kind.as_str().to_string(),
        order_id_lower: Some(row.id.clone()),
        order_id_upper: None,
        order_status: row.status.clone(),
        telephone_number_details: details_of_numbers.as_ref().map(details),
    }
}
