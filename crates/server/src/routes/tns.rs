//! Numbers: global `GET /tns`, `GET /tns/{tn}` and its sub-resources
//! (`tndetails`, `sites`, `sippeers`, `ratecenter`, `lata`, `history`),
//! and the seed's account-scoped `GET /accounts/{a}/tns[/{tn}]`
//! (wire-format.md 2.7).
//!
//! The global resources show the numbers of every account granted to the
//! user (narrowed by `accountId`); a number of any other account answers
//! 404 like a number nobody holds, so existence never leaks. Codes are
//! listed in `tnhub_core::service::numbers`.

use axum::extract::{RawQuery, State};
use tnhub_core::error::codes as common;
use tnhub_core::ids::AccountId;
use tnhub_core::inventory::DEFAULT_VENDOR_ID;
use tnhub_core::number::{NumberEvent, NumberRecord};
use tnhub_core::service::{ListQuery, NumberDetails, NumberPage};
use tnhub_core::{CoreError, Timestamp};
use tnhub_wire::links::Links;
use tnhub_wire::response::tns::{
    MessagingSettingsXml, ServiceTypes, TelephoneNumberDetailsResponse, TelephoneNumberDetailsXml,
    TelephoneNumberResponse, TelephoneNumberStatusXml, TelephoneNumberStatuses, TelephoneNumberXml,
    TelephoneNumbers, TelephoneNumbersResponse, TnAttributesXml, TnDetailsPeerXml,
    TnHistoryResponse, TnPlaceResponse, TnPlaceXml, TnSipPeerXml, TnSiteXml,
};

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::Xml;

const TNS: ErrorShape = ErrorShape::status("TelephoneNumbersResponse");
const TN: ErrorShape = ErrorShape::status("TelephoneNumberResponse");

/// The body `<Links>` of a page of `path`: the request's own query
/// (parameter names as the client spelled them) with `page` and `size`
/// replaced.
pub fn page_links(
    base: &RequestBase,
    path: &str,
    raw_query: Option<&str>,
    size: u32,
    next: Option<&str>,
) -> Links {
    let kept: Vec<(String, String)> = raw_query
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .filter(|(k, _)| !k.eq_ignore_ascii_case("page") && !k.eq_ignore_ascii_case("size"))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let link = |page: &str| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &kept {
            q.append_pair(k, v);
        }
        q.append_pair("page", page);
        q.append_pair("size", &size.to_string());
        format!("{}?{}", base.url(path), q.finish())
    };
    Links::new(&link("1"), next.map(link).as_deref())
}

fn iso(t: Timestamp) -> String {
    t.iso()
}

fn account_text(n: &NumberRecord) -> String {
    n.account_id
        .as_ref()
        .map(AccountId::to_string)
        .unwrap_or_default()
}

fn attributes(n: &NumberRecord) -> Option<TnAttributesXml> {
    (!n.attributes.is_empty()).then(|| TnAttributesXml {
        attributes: n.attributes.clone(),
    })
}

/// One number as `/tns` lists it.
pub fn list_item(n: &NumberRecord) -> TelephoneNumberXml {
    TelephoneNumberXml {
        city: n.geo.city.as_deref().map(str::to_ascii_uppercase),
        lata: n.geo.lata,
        state: n.geo.state.clone(),
        full_number: n.tn.to_string(),
        tier: n.geo.tier,
        vendor_id: n.geo.vendor_id,
        vendor_name: n.geo.vendor_name.clone(),
        rate_center: n.geo.rate_center.clone(),
        status: n.status.as_str().to_string(),
        account_id: account_text(n),
        last_modified: iso(n.updated_at),
        in_service_date: n.in_service_at.map(iso),
    }
}

fn list_response(
    base: &RequestBase,
    path: &str,
    raw_query: Option<&str>,
    q: &ListQuery,
    page: NumberPage,
) -> TelephoneNumbersResponse {
    TelephoneNumbersResponse {
        telephone_number_count: page.total,
        links: page_links(base, path, raw_query, q.size, page.next.as_deref()),
        telephone_numbers: TelephoneNumbers {
            numbers: page.numbers.iter().map(list_item).collect(),
        },
    }
}

fn details_xml(d: &NumberDetails) -> TelephoneNumberDetailsXml {
    let n = &d.number;
    // A number's own SMS setting, else on when its peer has SMS enabled
    // (docs/applications-and-products.md).
    let peer_sms = d
        .peer
        .as_ref()
        .is_some_and(|p| p.fields.settings.products.messaging());
    let sms = n.features.sms_enabled.or(peer_sms.then_some(true));
    let mut types = vec!["Voice".to_string()];
    if sms == Some(true) {
        types.push("Messaging".to_string());
    }
    TelephoneNumberDetailsXml {
        city: n.geo.city.as_deref().map(str::to_ascii_uppercase),
        lata: n.geo.lata,
        state: n.geo.state.clone(),
        full_number: n.tn.to_string(),
        tier: n.geo.tier,
        vendor_id: n.geo.vendor_id,
        vendor_name: n.geo.vendor_name.clone(),
        on_net_vendor: n.geo.vendor_id.is_none_or(|v| v == DEFAULT_VENDOR_ID),
        rate_center: n.geo.rate_center.clone(),
        status: n.status.as_str().to_string(),
        account_id: account_text(n),
        site: d.site.as_ref().map(|s| TnSiteXml {
            id: s.id.get(),
            name: s.fields.name.clone(),
        }),
        sip_peer: d.peer.as_ref().map(|p| TnDetailsPeerXml {
            peer_id: p.id.get(),
            peer_name: p.fields.name.clone(),
            is_default_peer: p.is_default,
        }),
        service_types: ServiceTypes { types },
        last_modified: iso(n.updated_at),
        in_service_date: n.in_service_at.map(iso),
        features: crate::convert::features::number_features(&n.features),
        messaging_settings: sms.map(|sms_enabled| MessagingSettingsXml { sms_enabled }),
        tn_attributes: attributes(n),
    }
}

/// `GET /tns`: the numbers of the user's accounts, filtered and paged
/// (`page` = 1 or the number the page starts at, `size` default 500).
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    base: RequestBase,
    RawQuery(raw): RawQuery,
    query: QueryMap,
) -> Result<Xml<TelephoneNumbersResponse>, ApiError> {
    let q = ListQuery::parse_tns(query.pairs()).map_err(TNS.core())?;
    let page = state
        .hub
        .list_numbers(&user.accounts, &q)
        .await
        .map_err(TNS.core())?;
    Ok(Xml(list_response(&base, "/tns", raw.as_deref(), &q, page)))
}

/// `GET /accounts/{a}/tns` (the seed's listPhoneNumbers): `/tns` for one account.
pub async fn account_list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    base: RequestBase,
    RawQuery(raw): RawQuery,
    query: QueryMap,
) -> Result<Xml<TelephoneNumbersResponse>, ApiError> {
    let q = ListQuery::parse_tns(query.pairs()).map_err(TNS.core())?;
    let page = state
        .hub
        .list_numbers(std::slice::from_ref(&account), &q)
        .await
        .map_err(TNS.core())?;
    let path = format!("/accounts/{account}/tns");
    Ok(Xml(list_response(&base, &path, raw.as_deref(), &q, page)))
}

async fn details_of(
    state: &AppState,
    accounts: &[AccountId],
    tn: &str,
) -> Result<NumberDetails, ApiError> {
    state
        .hub
        .number_details(accounts, tn)
        .await
        .map_err(TN.core())
}

/// `GET /tns/{tn}`.
pub async fn get_one(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Xml<TelephoneNumberResponse>, ApiError> {
    let d = details_of(&state, &user.accounts, p.get("tn")).await?;
    let n = &d.number;
    Ok(Xml(TelephoneNumberResponse {
        telephone_number: n.tn.to_string(),
        status: n.status.as_str().to_string(),
        last_modified_date: iso(n.updated_at),
        order_create_date: d.order_created_at.map(iso),
        order_id: n.order_id.clone(),
        order_type: n.order_type.clone(),
        in_service_date: n.in_service_at.map(iso),
        site_id: n.site_id.map(|s| s.get()),
        account_id: account_text(n),
    }))
}

/// `GET /tns/{tn}/tndetails`.
pub async fn details(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Xml<TelephoneNumberDetailsResponse>, ApiError> {
    let d = details_of(&state, &user.accounts, p.get("tn")).await?;
    Ok(Xml(TelephoneNumberDetailsResponse {
        telephone_number_details: details_xml(&d),
    }))
}

/// `GET /accounts/{a}/tns/{tn}` (the seed's getPhoneNumber): the
/// `tndetails` document for a number of this account.
pub async fn account_details(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<TelephoneNumberDetailsResponse>, ApiError> {
    let d = details_of(&state, std::slice::from_ref(&account), p.get("tn")).await?;
    Ok(Xml(TelephoneNumberDetailsResponse {
        telephone_number_details: details_xml(&d),
    }))
}

fn unassigned(tn: &str, what: &str) -> ApiError {
    ApiError::from_core(
        CoreError::not_found(
            common::NOT_FOUND,
            format!("The telephone number '{tn}' is not assigned to a {what}"),
        ),
        TN,
    )
}

/// `GET /tns/{tn}/sites`: `<Site><Id/><Name/></Site>`.
pub async fn site(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Xml<TnSiteXml>, ApiError> {
    let d = details_of(&state, &user.accounts, p.get("tn")).await?;
    let s = d
        .site
        .ok_or_else(|| unassigned(&d.number.tn.to_string(), "site"))?;
    Ok(Xml(TnSiteXml {
        id: s.id.get(),
        name: s.fields.name,
    }))
}

/// `GET /tns/{tn}/sippeers`: `<SipPeer><Id/><Name/></SipPeer>`.
pub async fn sip_peer(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Xml<TnSipPeerXml>, ApiError> {
    let d = details_of(&state, &user.accounts, p.get("tn")).await?;
    let peer = d
        .peer
        .ok_or_else(|| unassigned(&d.number.tn.to_string(), "SIP peer"))?;
    Ok(Xml(TnSipPeerXml {
        id: peer.id.get(),
        name: peer.fields.name,
    }))
}

/// `GET /tns/{tn}/ratecenter`.
pub async fn rate_center(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Xml<TnPlaceResponse>, ApiError> {
    let d = details_of(&state, &user.accounts, p.get("tn")).await?;
    Ok(Xml(TnPlaceResponse {
        telephone_number_details: TnPlaceXml {
            state: d.number.geo.state.clone(),
            rate_center: d.number.geo.rate_center.clone(),
            lata: None,
        },
    }))
}

/// `GET /tns/{tn}/lata`.
pub async fn lata(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Xml<TnPlaceResponse>, ApiError> {
    let d = details_of(&state, &user.accounts, p.get("tn")).await?;
    Ok(Xml(TnPlaceResponse {
        telephone_number_details: TnPlaceXml {
            state: None,
            rate_center: None,
            lata: d.number.geo.lata,
        },
    }))
}

fn history_item(e: &NumberEvent) -> TelephoneNumberStatusXml {
    TelephoneNumberStatusXml {
        account_id: e.account_id.as_ref().map(AccountId::to_string),
        last_modified_date: iso(e.at),
        order_id: e.order_id.clone(),
        status: e.status.clone(),
        user_id: e.user.clone(),
        order_type: e.order_type.clone(),
    }
}

/// `GET /tns/{tn}/history`: what happened to the number on the user's
/// accounts, oldest first.
pub async fn history(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Xml<TnHistoryResponse>, ApiError> {
    let events = state
        .hub
        .number_history(&user.accounts, p.get("tn"))
        .await
        .map_err(TN.core())?;
    Ok(Xml(TnHistoryResponse {
        telephone_number_statuses: TelephoneNumberStatuses {
            statuses: events.iter().map(history_item).collect(),
        },
    }))
}
