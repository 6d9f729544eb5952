//! Applications: `GET|POST /accounts/{a}/applications`,
//! `GET|PUT|PATCH|DELETE …/applications/{applicationId}` and
//! `GET …/{applicationId}/associatedsippeers`
//! (docs/applications-and-products.md).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tnhub_wire::request::application::ApplicationBody;
use tnhub_wire::response::application::{
    ApplicationList, ApplicationListResponse, ApplicationResponse, AssociatedSipPeerXml,
    AssociatedSipPeers, AssociatedSipPeersResponse,
};

use crate::auth::{AccountScope, Params};
use crate::convert::applications::{check_policy, patch, sent_urls, to_wire};
use crate::error::{ApiError, ErrorShape};
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, ok_empty, parse, xml_response};

const APP: ErrorShape = ErrorShape::status("ApplicationProvisioningResponse");
const PEERS: ErrorShape = ErrorShape::status("AssociatedSipPeersResponse");

/// Reads an application body and judges its URLs by the callback address
/// policy before anything is stored.
fn read(
    state: &AppState,
    body: &RawBody,
) -> Result<tnhub_core::application::ApplicationPatch, ApiError> {
    let request: ApplicationBody = parse(body, APP)?;
    let p = patch(request);
    check_policy(state.config.callbacks.allow, &sent_urls(&p)).map_err(APP.core())?;
    Ok(p)
}

/// `GET …/applications`: every application, in `<ApplicationList>`.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
) -> Result<Xml<ApplicationListResponse>, ApiError> {
    let apps = state.hub.applications(&account).await.map_err(APP.core())?;
    Ok(Xml(ApplicationListResponse {
        application_list: ApplicationList {
            applications: apps.iter().map(to_wire).collect(),
        },
    }))
}

/// `POST …/applications`: 201 with `Location` (Node reads the id from it)
/// and the application.
pub async fn create(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let p = read(&state, &body)?;
    let app = state
        .hub
        .create_application(&account, p)
        .await
        .map_err(APP.core())?;
    tracing::info!(account = %account, application = %app.id, kind = app.fields.service_type.as_str(), "application created");
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/applications/{}", app.id)),
        body: Some(xml_response(
            StatusCode::CREATED,
            &ApplicationResponse {
                application: to_wire(&app),
            },
        )),
    })
}

/// `GET …/applications/{applicationId}`.
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<ApplicationResponse>, ApiError> {
    let app = state
        .hub
        .application(&account, p.get("applicationId"))
        .await
        .map_err(APP.core())?;
    Ok(Xml(ApplicationResponse {
        application: to_wire(&app),
    }))
}

async fn update(
    state: AppState,
    account: tnhub_core::ids::AccountId,
    p: Params,
    body: RawBody,
    merge: bool,
) -> Result<Response, ApiError> {
    let patch = read(&state, &body)?;
    let app = state
        .hub
        .update_application(&account, p.get("applicationId"), patch, merge)
        .await
        .map_err(APP.core())?;
    Ok(xml_response(
        StatusCode::OK,
        &ApplicationResponse {
            application: to_wire(&app),
        },
    ))
}

/// `PUT …/applications/{applicationId}`: replaces the application (its
/// `ServiceType` may be left out, never changed); 200 with it.
pub async fn replace(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    update(state, account, p, body, false).await
}

/// `PATCH …/applications/{applicationId}`: changes only what is sent.
pub async fn patch_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    update(state, account, p, body, true).await
}

/// `DELETE …/applications/{applicationId}`: 200; 409 while a SIP peer
/// points at it.
pub async fn remove(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    state
        .hub
        .delete_application(&account, p.get("applicationId"))
        .await
        .map_err(APP.core())?;
    tracing::info!(account = %account, application = p.get("applicationId"), "application deleted");
    Ok(ok_empty())
}

/// `GET …/applications/{applicationId}/associatedsippeers`.
pub async fn associated_peers(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<AssociatedSipPeersResponse>, ApiError> {
    let peers = state
        .hub
        .application_peers(&account, p.get("applicationId"))
        .await
        .map_err(PEERS.core())?;
    Ok(Xml(AssociatedSipPeersResponse {
        associated_sip_peers: AssociatedSipPeers {
            peers: peers
                .iter()
                .map(|a| AssociatedSipPeerXml {
                    site_id: a.site.id.get(),
                    site_name: a.site.fields.name.clone(),
                    peer_id: a.peer.id.get(),
                    peer_name: a.peer.fields.name.clone(),
                })
                .collect(),
        },
    }))
}
