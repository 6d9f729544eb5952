//! A SIP peer's numbers: `GET …/sites/{s}/sippeers/{p}/tns[/{tn}]`, one
//! number's settings with `PUT …/sippeers/{p}/tns/{tn}`,
//! `GET …/sippeers/{p}/totaltns`, and moving numbers to a peer with
//! `POST …/sippeers/{p}/movetns` (wire-format.md 2.6).
//!
//! Unknown site or peer: 404 (12016, 13563) as elsewhere in tnhub. A number
//! not on the peer: 404 13536. Settings: 400 5081 a value it cannot take,
//! 1004 a `FullNumber` other than the path's or an over-long text. Move errors are 400
//! `<SipPeerTelephoneNumberMoveResponse><ResponseStatus>` (13505, 13511,
//! 13512, 13518, 13520; 1004 over 5 000 numbers); a move is all or nothing.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tnhub_core::CoreError;
use tnhub_core::number::NumberRecord;
use tnhub_core::order::features::{TnOptions, feature_codes};
use tnhub_core::service::{ListQuery, PeerNumberSettings};
use tnhub_wire::request::peer_tn::SipPeerTelephoneNumberBody;
use tnhub_wire::request::tns::MoveTnsBody;
use tnhub_wire::response::tns::{
    MessagingSettingsXml, SipPeerTelephoneNumberResponse, SipPeerTelephoneNumberXml,
    SipPeerTelephoneNumbers, SipPeerTelephoneNumbersCountResponse, SipPeerTelephoneNumbersCounts,
    SipPeerTelephoneNumbersResponse, TnAttributesXml,
};

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::state::AppState;
use crate::xml::{RawBody, Xml, ok_empty, parse, xml_response};

const PEER_TNS: ErrorShape = ErrorShape::status("SipPeerTelephoneNumbersResponse");
const PEER_TN: ErrorShape = ErrorShape::status("SipPeerTelephoneNumberResponse");
const COUNT: ErrorShape = ErrorShape::status("SipPeerTelephoneNumbersCountResponse");
const MOVE: ErrorShape = ErrorShape::status("SipPeerTelephoneNumberMoveResponse");

fn to_wire(n: &NumberRecord, with_settings: bool) -> SipPeerTelephoneNumberXml {
    let setting = |v: &Option<String>| v.clone().filter(|_| with_settings);
    SipPeerTelephoneNumberXml {
        full_number: n.tn.to_string(),
        number_format: setting(&n.features.number_format),
        rpid_format: setting(&n.features.rpid_format),
        rewrite_user: setting(&n.features.rewrite_user),
        call_forward: setting(&n.features.call_forward),
        calling_name_display: n.features.calling_name_display.filter(|_| with_settings),
        tn_attributes: (with_settings && !n.attributes.is_empty()).then(|| TnAttributesXml {
            attributes: n.attributes.clone(),
        }),
        messaging_settings: n
            .features
            .sms_enabled
            .filter(|_| with_settings)
            .map(|sms_enabled| MessagingSettingsXml { sms_enabled }),
    }
}

/// `GET …/sippeers/{p}/tns`: `page` (1 or a number), `size` (5 000, what
/// Node sends); `includeAttributes=false` leaves the per-number settings out.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    query: QueryMap,
) -> Result<Xml<SipPeerTelephoneNumbersResponse>, ApiError> {
    let q = ListQuery::parse_peer(query.pairs()).map_err(PEER_TNS.core())?;
    let with_settings = !query
        .get("includeAttributes")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
    let page = state
        .hub
        .peer_numbers(&account, p.get("siteId"), p.get("sipPeerId"), &q)
        .await
        .map_err(PEER_TNS.core())?;
    Ok(Xml(SipPeerTelephoneNumbersResponse {
        sip_peer_telephone_numbers: SipPeerTelephoneNumbers {
            numbers: page
                .numbers
                .iter()
                .map(|n| to_wire(n, with_settings))
                .collect(),
        },
    }))
}

/// `GET …/sippeers/{p}/tns/{tn}`.
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<SipPeerTelephoneNumberResponse>, ApiError> {
    let n = state
        .hub
        .peer_number(&account, p.get("siteId"), p.get("sipPeerId"), p.get("tn"))
        .await
        .map_err(PEER_TN.core())?;
    Ok(Xml(SipPeerTelephoneNumberResponse {
        sip_peer_telephone_number: to_wire(&n, true),
    }))
}

/// A yes/no setting as `PUT …/tns/{tn}` sends it: `true`/`false` (also
/// the `tnoptions` spellings `on`/`off`), written in the `tnoptions` form;
/// `systemdefault` too where `allow_default`. 5081 otherwise.
fn switch(
    value: Option<String>,
    field: &str,
    allow_default: bool,
) -> Result<Option<String>, ApiError> {
    let Some(v) = value
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    let out = match v.as_str() {
        "true" | "on" => "on",
        "false" | "off" => "off",
        "systemdefault" if allow_default => "systemdefault",
        _ => {
            let allowed = if allow_default {
                "true, false, on, off, systemdefault"
            } else {
                "true, false"
            };
            return Err(ApiError::from_core(
                CoreError::invalid(
                    feature_codes::OPTION_VALUE,
                    format!("{field} '{v}' is invalid; valid values are {allowed}"),
                ),
                PEER_TN,
            ));
        }
    };
    Ok(Some(out.to_string()))
}

fn settings_of(b: SipPeerTelephoneNumberBody) -> Result<PeerNumberSettings, ApiError> {
    let attributes = b.attributes();
    let sms = switch(b.sms_enabled(), "SmsEnabled", false)?;
    Ok(PeerNumberSettings {
        full_number: b.full_number,
        options: TnOptions {
            calling_name_display: switch(b.calling_name_display, "CallingNameDisplay", true)?,
            sms,
            call_forward: b.call_forward,
            number_format: b.number_format,
            rpid_format: b.rpid_format,
            rewrite_user: b.rewrite_user,
            ..TnOptions::default()
        },
        attributes,
    })
}

/// `PUT …/sippeers/{p}/tns/{tn}` (Node `sipPeer.updateTns`, Python
/// `SipPeer.tns.create` with `full_number`): changes the number's settings
/// at once, where `tnoptions` orders keep them, and answers 200 with the
/// number as `GET` shows it. Elements left out keep their value;
/// `systemdefault` clears a format, user rewrite or call forwarding.
pub async fn update(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    let request: SipPeerTelephoneNumberBody = parse(&body, PEER_TN)?;
    let settings = settings_of(request)?;
    let n = state
        .hub
        .update_peer_number(
            &account,
            p.get("siteId"),
            p.get("sipPeerId"),
            p.get("tn"),
            settings,
        )
        .await
        .map_err(PEER_TN.core())?;
    Ok(xml_response(
        StatusCode::OK,
        &SipPeerTelephoneNumberResponse {
            sip_peer_telephone_number: to_wire(&n, true),
        },
    ))
}

/// `GET …/sippeers/{p}/totaltns`.
pub async fn total(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<SipPeerTelephoneNumbersCountResponse>, ApiError> {
    let count = state
        .hub
        .peer_number_count(&account, p.get("siteId"), p.get("sipPeerId"))
        .await
        .map_err(COUNT.core())?;
    Ok(Xml(SipPeerTelephoneNumbersCountResponse {
        sip_peer_telephone_numbers_counts: SipPeerTelephoneNumbersCounts {
            sip_peer_telephone_numbers_count: count,
        },
    }))
}

/// `POST …/sippeers/{p}/movetns`: moves numbers in service on the account
/// to this peer (and its site); 200 with no body.
pub async fn move_tns(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    let request: MoveTnsBody = parse(&body, MOVE)?;
    state
        .hub
        .move_numbers(
            &account,
            p.get("siteId"),
            p.get("sipPeerId"),
            &request.numbers(),
            user.user.as_str(),
        )
        .await
        .map_err(MOVE.core())?;
    Ok(ok_empty())
}
