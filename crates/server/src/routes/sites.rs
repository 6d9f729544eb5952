//! Sites: `GET|POST /accounts/{a}/sites`, `GET|PUT|DELETE …/sites/{siteId}`,
//! `GET …/sites/{siteId}/totaltns` (wire-format.md 2.5).

use axum::extract::State;
use axum::response::Response;
use tnhub_wire::request::site::SiteBody;
use tnhub_wire::response::site::{SiteResponse, SiteTns, SiteTnsResponse, Sites, SitesResponse};

use crate::auth::{AccountScope, Params};
use crate::convert;
use crate::error::{ApiError, ErrorShape};
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, ok_empty, parse, xml_response};

const SITE: ErrorShape = ErrorShape::status("SiteResponse");
const SITES: ErrorShape = ErrorShape::status("SitesResponse");
const SITE_TNS: ErrorShape = ErrorShape::status("SiteTNsResponse");

/// `GET …/sites`: always a `<Sites>` wrapper, empty when there are none.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
) -> Result<Xml<SitesResponse>, ApiError> {
    let sites = state.hub.sites(&account).await.map_err(SITES.core())?;
    Ok(Xml(SitesResponse {
        sites: Sites {
            sites: sites
                .iter()
                .map(|s| convert::sites::to_wire(s, false))
                .collect(),
        },
    }))
}

/// `POST …/sites`: 201 with `Location` and no body; clients GET it next.
pub async fn create(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request: SiteBody = parse(&body, SITE)?;
    let site = state
        .hub
        .create_site(&account, convert::sites::patch(request))
        .await
        .map_err(SITE.core())?;
    tracing::info!(account = %account, site = %site.id, "site created");
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/sites/{}", site.id)),
        body: None,
    })
}

/// `GET …/sites/{siteId}`.
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<SiteResponse>, ApiError> {
    let site = state
        .hub
        .site(&account, p.get("siteId"))
        .await
        .map_err(SITE.core())?;
    Ok(Xml(SiteResponse {
        site: convert::sites::to_wire(&site, true),
    }))
}

/// `PUT …/sites/{siteId}`: 200 with the updated `SiteResponse`.
pub async fn update(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    let request: SiteBody = parse(&body, SITE)?;
    let site = state
        .hub
        .update_site(&account, p.get("siteId"), convert::sites::patch(request))
        .await
        .map_err(SITE.core())?;
    Ok(xml_response(
        axum::http::StatusCode::OK,
        &SiteResponse {
            site: convert::sites::to_wire(&site, true),
        },
    ))
}

/// `DELETE …/sites/{siteId}`: 200 (not 204; Python checks for 200).
pub async fn remove(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    state
        .hub
        .delete_site(&account, p.get("siteId"))
        .await
        .map_err(SITE.core())?;
    tracing::info!(account = %account, site = p.get("siteId"), "site deleted");
    Ok(ok_empty())
}

/// `GET …/sites/{siteId}/totaltns`.
pub async fn total_tns(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<SiteTnsResponse>, ApiError> {
    let total_count = state
        .hub
        .site_total_tns(&account, p.get("siteId"))
        .await
        .map_err(SITE_TNS.core())?;
    Ok(Xml(SiteTnsResponse {
        site_tns: SiteTns { total_count },
    }))
}
