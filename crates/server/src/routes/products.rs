//! Products: a SIP peer's `…/products` (list, SMS and MMS features, the
//! messaging application, origination and termination settings and hosts),
//! the account's `products` and its `hosts` roll-up
//! (docs/applications-and-products.md).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tnhub_core::ids::AccountId;
use tnhub_core::service::{Product, Write, product_missing};
use tnhub_wire::request::products::{
    ApplicationsSettingsBody, MmsFeatureBody, OriginationBody, SmsFeatureBody, TerminationBody,
};
use tnhub_wire::response::products::{
    AccountProductsResponse, ApplicationSettingsResponse, ApplicationSettingsXml,
    MmsFeatureResponse, OriginationResponse, PeerProductsResponse, ProductsXml, SipPeerHostXml,
    SipPeerHostsXml, SiteHostXml, SiteHostsResponse, SmsFeatureResponse, TerminationHostsResponse,
    TerminationResponse,
};

use crate::auth::{AccountScope, Params};
use crate::convert::products::{
    account_products, mms_patch, mms_xml, peer_products, sms_patch, sms_xml, voice_patch, voice_xml,
};
use crate::convert::sippeers::to_wire;
use crate::error::{ApiError, ErrorShape};
use crate::state::AppState;
use crate::xml::{RawBody, Xml, ok_empty, parse, xml_response};

const PRODUCTS: ErrorShape = ErrorShape::status("SipPeerProductsResponse");
const SMS: ErrorShape = ErrorShape::status("SipPeerSmsFeatureResponse");
const MMS: ErrorShape = ErrorShape::status("MmsFeatureResponse");
const APPS: ErrorShape = ErrorShape::status("ApplicationSettingsResponse");
const ORIGINATION: ErrorShape = ErrorShape::status("SipPeerOriginationSettingsResponse");
const TERMINATION: ErrorShape = ErrorShape::status("SipPeerTerminationSettingsResponse");
const HOSTS: ErrorShape = ErrorShape::status("TerminationHostsResponse");
const SITE_HOSTS: ErrorShape = ErrorShape::status("SiteHosts");
const ACCOUNT_PRODUCTS: ErrorShape = ErrorShape::status("AccountProductsResponse");

/// 201 for a create, 200 for an edit.
fn status(w: Write) -> StatusCode {
    match w {
        Write::Create => StatusCode::CREATED,
        Write::Edit => StatusCode::OK,
    }
}

fn ids(p: &Params) -> (&str, &str) {
    (p.get("siteId"), p.get("sipPeerId"))
}

/// `GET …/sippeers/{p}/products`: what the peer has enabled.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<PeerProductsResponse>, ApiError> {
    let (site, peer) = ids(&p);
    let (_, products) = state
        .hub
        .peer_products(&account, site, peer)
        .await
        .map_err(PRODUCTS.core())?;
    Ok(Xml(PeerProductsResponse {
        products: ProductsXml {
            products: peer_products(&products),
        },
    }))
}

/// `GET …/products/messaging/features/sms`: 404 when SMS is off.
pub async fn get_sms(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<SmsFeatureResponse>, ApiError> {
    let (site, peer) = ids(&p);
    let (peer, products) = state
        .hub
        .peer_products(&account, site, peer)
        .await
        .map_err(SMS.core())?;
    let sms = products
        .sms
        .ok_or_else(|| SMS.core()(product_missing(Product::Sms, &peer)))?;
    Ok(Xml(SmsFeatureResponse {
        sip_peer_sms_feature: sms_xml(&sms),
    }))
}

async fn write_sms(
    state: AppState,
    account: AccountId,
    p: Params,
    body: RawBody,
    w: Write,
) -> Result<Response, ApiError> {
    let request: SmsFeatureBody = parse(&body, SMS)?;
    let (site, peer) = ids(&p);
    let sms = state
        .hub
        .write_sms(&account, site, peer, sms_patch(request), w)
        .await
        .map_err(SMS.core())?;
    tracing::info!(account = %account, peer, protocol = %sms.protocol, "SMS feature written");
    Ok(xml_response(
        status(w),
        &SmsFeatureResponse {
            sip_peer_sms_feature: sms_xml(&sms),
        },
    ))
}

/// `POST …/features/sms`: enables SMS (201); 409 when it already is.
pub async fn create_sms(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    write_sms(state, account, p, body, Write::Create).await
}

/// `PUT …/features/sms`: edits SMS (200); 404 when it is off.
pub async fn edit_sms(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    write_sms(state, account, p, body, Write::Edit).await
}

async fn delete_feature(
    state: AppState,
    account: AccountId,
    p: Params,
    product: Product,
    shape: ErrorShape,
) -> Result<Response, ApiError> {
    let (site, peer) = ids(&p);
    state
        .hub
        .delete_messaging_feature(&account, site, peer, product)
        .await
        .map_err(shape.core())?;
    Ok(ok_empty())
}

/// `DELETE …/features/sms`: 200; refused while MMS or a messaging
/// application depends on it.
pub async fn delete_sms(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    delete_feature(state, account, p, Product::Sms, SMS).await
}

/// `GET …/products/messaging/features/mms`: 404 when MMS is off.
pub async fn get_mms(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<MmsFeatureResponse>, ApiError> {
    let (site, peer) = ids(&p);
    let (peer, products) = state
        .hub
        .peer_products(&account, site, peer)
        .await
        .map_err(MMS.core())?;
    let mms = products
        .mms
        .ok_or_else(|| MMS.core()(product_missing(Product::Mms, &peer)))?;
    Ok(Xml(MmsFeatureResponse {
        mms_feature: mms_xml(&mms),
    }))
}

async fn write_mms(
    state: AppState,
    account: AccountId,
    p: Params,
    body: RawBody,
    w: Write,
) -> Result<Response, ApiError> {
    let request: MmsFeatureBody = parse(&body, MMS)?;
    let (site, peer) = ids(&p);
    let mms = state
        .hub
        .write_mms(&account, site, peer, mms_patch(request), w)
        .await
        .map_err(MMS.core())?;
    Ok(xml_response(
        status(w),
        &MmsFeatureResponse {
            mms_feature: mms_xml(&mms),
        },
    ))
}

/// `POST …/features/mms`: enables MMS (201); SMS must be on.
pub async fn create_mms(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    write_mms(state, account, p, body, Write::Create).await
}

/// `PUT …/features/mms`: edits MMS (200).
pub async fn edit_mms(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    write_mms(state, account, p, body, Write::Edit).await
}

/// `DELETE …/features/mms`: 200.
pub async fn delete_mms(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    delete_feature(state, account, p, Product::Mms, MMS).await
}

fn app_settings(id: Option<String>) -> ApplicationSettingsResponse {
    ApplicationSettingsResponse {
        application_settings: ApplicationSettingsXml {
            http_messaging_v2_app_id: id,
        },
    }
}

/// `GET …/products/messaging/applicationSettings`.
pub async fn get_app_settings(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<ApplicationSettingsResponse>, ApiError> {
    let (site, peer) = ids(&p);
    let (_, products) = state
        .hub
        .peer_products(&account, site, peer)
        .await
        .map_err(APPS.core())?;
    Ok(Xml(app_settings(products.messaging_application)))
}

/// `PUT …/products/messaging/applicationSettings`: points the peer at a
/// Messaging-V2 application (SMS must be on), or at none with `REMOVE`.
pub async fn put_app_settings(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    let request: ApplicationsSettingsBody = parse(&body, APPS)?;
    let id = crate::convert::text(request.app_id);
    let remove = request
        .text
        .as_deref()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("REMOVE"));
    if id.is_none() && !remove {
        return Err(APPS.core()(tnhub_core::CoreError::required(
            "HttpMessagingV2AppId (or REMOVE)",
        )));
    }
    let (site, peer) = ids(&p);
    let set = state
        .hub
        .set_messaging_application(&account, site, peer, id)
        .await
        .map_err(APPS.core())?;
    Ok(xml_response(StatusCode::OK, &app_settings(set)))
}

fn voice_shape(product: Product) -> ErrorShape {
    match product {
        Product::Termination => TERMINATION,
        _ => ORIGINATION,
    }
}

fn voice_response(
    product: Product,
    code: StatusCode,
    v: &tnhub_core::products::VoiceSettings,
) -> Response {
    match product {
        Product::Termination => xml_response(
            code,
            &TerminationResponse {
                sip_peer_termination_settings: voice_xml(v),
            },
        ),
        _ => xml_response(
            code,
            &OriginationResponse {
                sip_peer_origination_settings: voice_xml(v),
            },
        ),
    }
}

async fn get_voice(
    state: AppState,
    account: AccountId,
    p: Params,
    product: Product,
) -> Result<Response, ApiError> {
    let shape = voice_shape(product);
    let (site, peer) = ids(&p);
    let (peer, products) = state
        .hub
        .peer_products(&account, site, peer)
        .await
        .map_err(shape.core())?;
    let v = match product {
        Product::Termination => products.termination,
        _ => products.origination,
    }
    .ok_or_else(|| shape.core()(product_missing(product, &peer)))?;
    Ok(voice_response(product, StatusCode::OK, &v))
}

async fn write_voice(
    state: AppState,
    account: AccountId,
    p: Params,
    body: RawBody,
    product: Product,
    w: Write,
) -> Result<Response, ApiError> {
    let shape = voice_shape(product);
    let request = match product {
        Product::Termination => parse::<TerminationBody>(&body, shape)?.0,
        _ => parse::<OriginationBody>(&body, shape)?.0,
    };
    let (site, peer) = ids(&p);
    let v = state
        .hub
        .write_voice_settings(&account, site, peer, product, voice_patch(request), w)
        .await
        .map_err(shape.core())?;
    Ok(voice_response(product, status(w), &v))
}

/// `GET …/products/origination/settings`: 404 until set.
pub async fn get_origination(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    get_voice(state, account, p, Product::Origination).await
}

/// `POST …/products/origination/settings`: 201; 409 when already set.
pub async fn create_origination(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    write_voice(state, account, p, body, Product::Origination, Write::Create).await
}

/// `PUT …/products/origination/settings`: 200; 404 until set.
pub async fn edit_origination(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    write_voice(state, account, p, body, Product::Origination, Write::Edit).await
}

/// `GET …/products/termination/settings`: 404 until set.
pub async fn get_termination(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    get_voice(state, account, p, Product::Termination).await
}

/// `POST …/products/termination/settings`: 201; 409 when already set.
pub async fn create_termination(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    write_voice(state, account, p, body, Product::Termination, Write::Create).await
}

/// `PUT …/products/termination/settings`: 200; 404 until set.
pub async fn edit_termination(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    write_voice(state, account, p, body, Product::Termination, Write::Edit).await
}

/// `GET …/products/termination/hosts`: the peer's termination hosts.
pub async fn termination_hosts(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<TerminationHostsResponse>, ApiError> {
    let (site, peer) = ids(&p);
    let peer = state
        .hub
        .peer(&account, site, peer)
        .await
        .map_err(HOSTS.core())?;
    Ok(Xml(TerminationHostsResponse {
        termination_hosts: to_wire(&peer).termination_hosts,
    }))
}

/// `GET /accounts/{a}/hosts`: every site's peers with their voice, SMS and
/// termination hosts (Python's `account.hosts.list`).
pub async fn account_hosts(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
) -> Result<Xml<SiteHostsResponse>, ApiError> {
    let sites = state
        .hub
        .account_peers(&account)
        .await
        .map_err(SITE_HOSTS.core())?;
    Ok(Xml(SiteHostsResponse {
        sites: sites
            .into_iter()
            .map(|(site, peers)| SiteHostXml {
                site_id: site.id.get(),
                sip_peer_hosts: SipPeerHostsXml {
                    peers: peers
                        .iter()
                        .map(|peer| {
                            let x = to_wire(peer);
                            SipPeerHostXml {
                                sip_peer_id: x.peer_id,
                                voice_hosts: x.voice_hosts,
                                sms_hosts: x.sms_hosts,
                                termination_hosts: x.termination_hosts,
                            }
                        })
                        .collect(),
                },
            })
            .collect(),
    }))
}

/// `GET /accounts/{a}/products`: what the account may use (Node's
/// `Account.getProducts`).
pub async fn account(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
) -> Result<Xml<AccountProductsResponse>, ApiError> {
    state
        .hub
        .account(&account)
        .await
        .map_err(ACCOUNT_PRODUCTS.core())?;
    Ok(Xml(AccountProductsResponse {
        products: ProductsXml {
            products: account_products(),
        },
    }))
}
