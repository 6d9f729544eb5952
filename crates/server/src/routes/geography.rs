//! The geography look-ups (wire-format.md 2.1 end and 2.16):
//! `GET /accounts/{a}/availableNpaNxx`, and the global `GET /cities`,
//! `GET /rateCenters`, `GET /coveredRateCenters[/{id}]`.
//!
//! Each answers from the same inventory the search uses; the rules (codes,
//! defaults, ids) are in `tnhub_core::service::geography`. Error envelopes
//! are the real service's: the search `<Error>` shape for availableNpaNxx,
//! `<ResponseStatus>` under the endpoint's own root for the others.

use axum::extract::State;
use axum::http::Uri;
use tnhub_core::service::geography::{CoveredPage, CoveredRateCenter};
use tnhub_wire::envelope::Envelope;
use tnhub_wire::links::Links;
use tnhub_wire::response::geography as wire;

use crate::auth::{AccountScope, Params};
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::Xml;

const NPA_NXX: ErrorShape = ErrorShape {
    root: "SearchResultForAvailableNpaNxx",
    envelope: Envelope::SearchError,
};
const CITIES: ErrorShape = ErrorShape::status("CityResponse");
const RATE_CENTERS: ErrorShape = ErrorShape::status("RateCenterResponse");
const COVERED: ErrorShape = ErrorShape::status("CoveredRateCenters");
const COVERED_ONE: ErrorShape = ErrorShape::status("CoveredRateCenter");

/// `GET …/availableNpaNxx?areaCode=&state=&quantity=`: exchanges with
/// numbers available now, in NPA-NXX order.
pub async fn available_npa_nxx(
    State(state): State<AppState>,
    AccountScope(_account): AccountScope,
    query: QueryMap,
) -> Result<Xml<wire::SearchResultForAvailableNpaNxx>, ApiError> {
    let found = state
        .hub
        .available_npa_nxx(query.pairs())
        .await
        .map_err(NPA_NXX.core())?;
    Ok(Xml(wire::SearchResultForAvailableNpaNxx {
        available_npa_nxx_list: wire::AvailableNpaNxxList {
            entries: found
                .into_iter()
                .map(|e| wire::AvailableNpaNxx {
                    city: e.city,
                    npa: format!("{:03}", e.npa_nxx.npa().get()),
                    nxx: format!("{:03}", e.npa_nxx.nxx().get()),
                    quantity: e.quantity,
                    state: e.state,
                })
                .collect(),
        },
    }))
}

/// `GET /cities?state=[&available=true][&supported=true]`.
pub async fn cities(
    State(state): State<AppState>,
    query: QueryMap,
) -> Result<Xml<wire::CityResponse>, ApiError> {
    let list = state
        .hub
        .cities(query.pairs())
        .await
        .map_err(CITIES.core())?;
    Ok(Xml(wire::CityResponse {
        result_count: list.len(),
        cities: wire::Cities {
            cities: list
                .into_iter()
                .map(|c| wire::City {
                    rc_abbreviation: c.rate_center,
                    available_telephone_number_count: c.available,
                    name: c.name,
                })
                .collect(),
        },
    }))
}

/// `GET /rateCenters?state=[&available=true][&supported=true]` (Python
/// spells it `/ratecenters`; literal segments match in any case).
pub async fn rate_centers(
    State(state): State<AppState>,
    query: QueryMap,
) -> Result<Xml<wire::RateCenterResponse>, ApiError> {
    let list = state
        .hub
        .rate_centers(query.pairs())
        .await
        .map_err(RATE_CENTERS.core())?;
    Ok(Xml(wire::RateCenterResponse {
        result_count: list.len(),
        rate_centers: wire::RateCenters {
            rate_centers: list
                .into_iter()
                .map(|r| wire::RateCenter {
                    abbreviation: r.rate_center.unwrap_or_default(),
                    available_telephone_number_count: r.available,
                    name: r.name,
                })
                .collect(),
        },
    }))
}

/// `GET /coveredRateCenters?page=&size=&…filters&embed=…`: one page, with
/// `Links` built from the request's own scheme, host and prefix. Without
/// `page`/`size` it answers the first page at the default size (200, not
/// the real service's 303: every client handles that, and C# need not
/// follow a redirect).
pub async fn covered_rate_centers(
    State(state): State<AppState>,
    base: RequestBase,
    uri: Uri,
    query: QueryMap,
) -> Result<Xml<wire::CoveredRateCenters>, ApiError> {
    let page = state
        .hub
        .covered_rate_centers(query.pairs())
        .await
        .map_err(COVERED.core())?;
    Ok(Xml(wire::CoveredRateCenters {
        total_count: page.total,
        links: links(&base, &uri, &page),
        items: page.items.into_iter().map(covered).collect(),
    }))
}

/// `GET /coveredRateCenters/{rateCenterId}`: a bare `<CoveredRateCenter>`
/// with every part, or 404 (code 1005).
pub async fn covered_rate_center(
    State(state): State<AppState>,
    p: Params,
) -> Result<Xml<wire::CoveredRateCenter>, ApiError> {
    let rc = state
        .hub
        .covered_rate_center(p.get("rateCenterId"))
        .await
        .map_err(COVERED_ONE.core())?;
    Ok(Xml(covered(rc)))
}

/// The first and next page links: the request's own parameters (as the
/// client spelled them, `page` and `size` left out) plus the page's.
fn links(base: &RequestBase, uri: &Uri, page: &CoveredPage) -> Links {
    let url = |start: &str| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
            if !k.eq_ignore_ascii_case("page") && !k.eq_ignore_ascii_case("size") {
                q.append_pair(&k, &v);
            }
        }
        q.append_pair("page", start);
        q.append_pair("size", &page.size.to_string());
        base.url(&format!("/coveredRateCenters?{}", q.finish()))
    };
    let next = page.next.map(|id| url(&id.to_string()));
    Links::new(&url("1"), next.as_deref())
}

fn covered(rc: CoveredRateCenter) -> wire::CoveredRateCenter {
    wire::CoveredRateCenter {
        name: rc.name,
        abbreviation: rc.abbreviation,
        state: rc.state,
        lata: rc.lata,
        available_number_count: rc.available_number_count,
        zip_codes: rc.zip_codes.map(|zip_codes| wire::ZipCodes { zip_codes }),
        cities: rc.cities.map(|cities| wire::CityNames { cities }),
        tiers: wire::Tiers { tiers: rc.tiers },
        npa_nxx_xs: rc
            .npa_nxx_xs
            .map(|npa_nxx_xs| wire::NpaNxxXs { npa_nxx_xs }),
        limited_available_number_count: rc.limited_available_number_count,
        npas: rc.npas.map(|npas| wire::Npas { npas }),
        vendors: rc.vendors.map(|v| wire::Vendors {
            vendors: v
                .into_iter()
                .map(|v| wire::Vendor {
                    vendor_id: v.id,
                    vendor_name: v.name,
                })
                .collect(),
        }),
        id: rc.id,
        local_rate_centers: rc
            .local_rate_centers
            .map(|ids| wire::LocalRateCenters { ids }),
    }
}
