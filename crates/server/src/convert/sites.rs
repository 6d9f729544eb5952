//! Sites.

use tnhub_core::site::{Site, SitePatch};
use tnhub_wire::request::site::SiteBody;
use tnhub_wire::response::site::SiteXml;

use super::address;

/// A `<Site>` body as a patch (create or update).
pub fn patch(b: SiteBody) -> SitePatch {
    SitePatch {
        name: b.name,
        description: b.description,
        customer_name: b.customer_name,
        customer_provided_id: b.customer_provided_id,
        address: b.address.map(address::from_wire),
    }
}

/// A site as `<Site>`; the list leaves the address out, as the real one does.
pub fn to_wire(site: &Site, with_address: bool) -> SiteXml {
    let f = &site.fields;
    SiteXml {
        id: site.id.get(),
        name: f.name.clone(),
        description: f.description.clone(),
        customer_name: f.customer_name.clone(),
        customer_provided_id: f.customer_provided_id.clone(),
        address: with_address.then(|| address::to_wire(&f.address)),
    }
}
