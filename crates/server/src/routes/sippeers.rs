//! SIP peers: `GET|POST …/sites/{siteId}/sippeers`,
//! `GET|PUT|DELETE …/sippeers/{sipPeerId}` (wire-format.md 2.6).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tnhub_wire::request::sippeer::SipPeerBody;
use tnhub_wire::response::sippeer::{SipPeerResponse, SipPeers, SipPeersResponse};

use crate::auth::{AccountScope, Params};
use crate::convert;
use crate::error::{ApiError, ErrorShape};
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, ok_empty, parse, xml_response};

const PEER: ErrorShape = ErrorShape::status("SipPeerResponse");
const PEERS: ErrorShape = ErrorShape::status("TNSipPeersResponse");

/// `GET …/sippeers`: root `TNSipPeersResponse`, `<SipPeers>` always present.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<SipPeersResponse>, ApiError> {
    let peers = state
        .hub
        .peers(&account, p.get("siteId"))
        .await
        .map_err(PEERS.core())?;
    Ok(Xml(SipPeersResponse {
        sip_peers: SipPeers {
            peers: peers.iter().map(convert::sippeers::to_wire).collect(),
        },
    }))
}

/// `POST …/sippeers`: 201 with `Location` and no body.
pub async fn create(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request: SipPeerBody = parse(&body, PEER)?;
    let patch = convert::sippeers::patch(request).map_err(PEER.core())?;
    let peer = state
        .hub
        .create_peer(&account, p.get("siteId"), patch)
        .await
        .map_err(PEER.core())?;
    tracing::info!(account = %account, site = %peer.site_id, peer = %peer.id, default = peer.is_default, "SIP peer created");
    Ok(Created {
        location: base.url(&format!(
            "/accounts/{account}/sites/{}/sippeers/{}",
            peer.site_id, peer.id
        )),
        body: None,
    })
}

/// `GET …/sippeers/{sipPeerId}`.
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<SipPeerResponse>, ApiError> {
    let peer = state
        .hub
        .peer(&account, p.get("siteId"), p.get("sipPeerId"))
        .await
        .map_err(PEER.core())?;
    Ok(Xml(SipPeerResponse {
        sip_peer: convert::sippeers::to_wire(&peer),
    }))
}

/// `PUT …/sippeers/{sipPeerId}`: 200 with the updated `SipPeerResponse`.
pub async fn update(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    let request: SipPeerBody = parse(&body, PEER)?;
    let patch = convert::sippeers::patch(request).map_err(PEER.core())?;
    let peer = state
        .hub
        .update_peer(&account, p.get("siteId"), p.get("sipPeerId"), patch)
        .await
        .map_err(PEER.core())?;
    Ok(xml_response(
        StatusCode::OK,
        &SipPeerResponse {
            sip_peer: convert::sippeers::to_wire(&peer),
        },
    ))
}

/// `DELETE …/sippeers/{sipPeerId}`: 200.
pub async fn remove(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    state
        .hub
        .delete_peer(&account, p.get("siteId"), p.get("sipPeerId"))
        .await
        .map_err(PEER.core())?;
    tracing::info!(account = %account, peer = p.get("sipPeerId"), "SIP peer deleted");
    Ok(ok_empty())
}
