//! E911 orders between the wire and the domain.

use tnhub_core::CoreError;
use tnhub_core::e911::geocode::AddressRequest;
use tnhub_core::e911::order::{E911Action, E911Settings};
use tnhub_core::order::features::{FeatureGroup, FeatureRequest, FeatureSettings, group_tns};
use tnhub_core::service::FeatureOrderView;
use tnhub_wire::request::e911::E911OrderBody;
use tnhub_wire::request::features::numbers_of;
use tnhub_wire::response::e911::E911OrderXml;
use tnhub_wire::response::features::NumberListXml;

use super::features::{errors, header};
use super::{address, text};

/// An `<E911Order>` as a validated request: the numbers first (counted
/// before anything else), then the action, caller name and address.
pub fn e911_request(b: E911OrderBody) -> Result<FeatureRequest, CoreError> {
    let tns = group_tns(&numbers_of(&b.numbers))?;
    let address = b.address.map(|a| AddressRequest {
        line1: text(a.address_line1.clone()),
        address: address::from_wire(a),
    });
    let settings = E911Settings::validate(b.action, b.caller_name, address)?;
    FeatureRequest::validate(
        text(b.customer_order_id),
        vec![FeatureGroup {
            tns,
            settings: FeatureSettings::E911(Box::new(settings)),
        }],
    )
}

/// An `<E911Order>` as the response writes it.
pub fn e911_order(o: &FeatureOrderView) -> E911OrderXml {
    let settings = o.request.groups.iter().find_map(|g| match &g.settings {
        FeatureSettings::E911(s) => Some(s),
        _ => None,
    });
    let record = settings.and_then(|s| s.record.as_ref());
    E911OrderXml {
        header: header(o),
        error_list: errors(&o.result.failed),
        action: settings
            .map_or(E911Action::Add, |s| s.action)
            .as_str()
            .to_string(),
        caller_name: record.map(|r| r.caller_name.clone()),
        address: record.map(|r| address::to_wire(&r.address)),
        telephone_numbers: NumberListXml {
            numbers: o.request.tns(),
        },
    }
}
