//! Feature orders (wire-format.md 2.8): line options `…/tnoptions`, caller
//! name `…/lidbs`, directory listings `…/dldas`, and the seed's
//! single-number `…/tns/{tn}/tnfeatureorder`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tnhub_core::order::OrderKind;
use tnhub_core::order::features::FeatureRequest;
use tnhub_core::service::FeatureOrderView;
use tnhub_wire::request::features::{
    DldaOrderBody, FeatureOrderBody, LidbOrderBody, TnOptionOrderBody,
};
use tnhub_wire::response::features::{
    DldaOrderResponse, LidbOrderXml, TnOptionOrderResponse, TnOptionOrderXml, TnOptionOrders,
};
use tnhub_wire::response::order::OrderHistoryWrapper;

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::convert;
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::routes::notes::Collection;
use crate::routes::orders::{filter, page_size};
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, parse, parse_list, xml_response};

const TN_OPTION: ErrorShape = ErrorShape::status("TnOptionOrderResponse");
const LIDB: ErrorShape = ErrorShape::status("LidbOrderResponse");
const DLDA: ErrorShape = ErrorShape::status("DldaOrderResponse");
const FEATURE: ErrorShape = ErrorShape::status("FeatureOrderResponse");
const LIST: ErrorShape = ErrorShape::status("TnOptionOrders");
const GENERIC: ErrorShape = crate::error::GENERIC;
const STATUSES: &[&str] = &["received", "processing", "complete", "partial", "failed"];

/// Line-option orders, for history.
pub const TN_OPTIONS: Collection = Collection {
    kind: OrderKind::TnOption,
    path: "tnoptions",
    id_param: "orderId",
};
/// Directory-listing orders, for history.
pub const DLDAS: Collection = Collection {
    kind: OrderKind::Dlda,
    path: "dldas",
    id_param: "orderId",
};

async fn create(
    state: &AppState,
    account: &tnhub_core::ids::AccountId,
    user: &str,
    kind: OrderKind,
    request: FeatureRequest,
    shape: ErrorShape,
) -> Result<FeatureOrderView, ApiError> {
    let view = state
        .hub
        .create_feature_order(account, user, kind, request)
        .await
        .map_err(shape.core())?;
    tracing::info!(account = %account, order = %view.row.id, kind = kind.as_str(), tns = view.row.tn_count, "feature order received");
    Ok(view)
}

/// `POST …/tnoptions`: 201, `Location`, `<TnOptionOrderResponse><TnOptionOrder>…RECEIVED…`.
pub async fn create_tn_option(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request = convert::features::tn_option_request(parse_list::<TnOptionOrderBody>(
        &body,
        TN_OPTION,
        crate::xml::ORDER_TNS,
    )?)
    .map_err(TN_OPTION.core())?;
    let view = create(
        &state,
        &account,
        user.user.as_str(),
        OrderKind::TnOption,
        request,
        TN_OPTION,
    )
    .await?;
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/tnoptions/{}", view.row.id)),
        body: Some(xml_response(
            StatusCode::CREATED,
            &TnOptionOrderResponse {
                tn_option_order: convert::features::tn_option_order(&view),
            },
        )),
    })
}

/// `GET …/tnoptions/{orderId}`: a bare `<TnOptionOrder>`.
pub async fn get_tn_option(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<TnOptionOrderXml>, ApiError> {
    let view = state
        .hub
        .feature_order(&account, OrderKind::TnOption, p.get("orderId"))
        .await
        .map_err(GENERIC.core())?;
    Ok(Xml(convert::features::tn_option_order(&view)))
}

/// `GET …/tnoptions`: `<TnOptionOrders>` (filters `status`, `customerOrderId`, `userid`, `startdate`, `enddate`, `tn`).
pub async fn list_tn_options(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
) -> Result<Xml<TnOptionOrders>, ApiError> {
    let f = filter(&q, OrderKind::TnOption, STATUSES).map_err(LIST.core())?;
    let size = page_size(&q, 1_000, 1_000).map_err(LIST.core())?;
    let tn = tn_filter(&q).map_err(LIST.core())?;
    let page = state
        .hub
        .list_orders_naming(&account, &f, tn.as_deref(), q.get("page"), size)
        .await
        .map_err(LIST.core())?;
    Ok(Xml(TnOptionOrders {
        total_count: page.total,
        orders: page
            .orders
            .iter()
            .map(convert::features::feature_summary)
            .collect(),
    }))
}

/// The `tn` filter of feature-order and disconnect lists: orders naming
/// that number, exactly (12512 when it is not a number), filtered by the
/// store before paging and counting.
pub fn tn_filter(q: &QueryMap) -> Result<Option<String>, tnhub_core::CoreError> {
    match q.get("tn").map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => Ok(Some(tnhub_core::service::numbers::parse_tn(t)?.to_string())),
    }
}

/// `POST …/lidbs`: 201, `Location`, and the `<LidbOrder>`.
pub async fn create_lidb(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request = convert::features::lidb_request(parse_list::<LidbOrderBody>(
        &body,
        LIDB,
        crate::xml::ORDER_TNS,
    )?)
    .map_err(LIDB.core())?;
    let view = create(
        &state,
        &account,
        user.user.as_str(),
        OrderKind::Lidb,
        request,
        LIDB,
    )
    .await?;
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/lidbs/{}", view.row.id)),
        body: Some(xml_response(
            StatusCode::CREATED,
            &convert::features::lidb_order(&view),
        )),
    })
}

/// `GET …/lidbs/{lidbId}`.
pub async fn get_lidb(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<LidbOrderXml>, ApiError> {
    let view = state
        .hub
        .feature_order(&account, OrderKind::Lidb, p.get("lidbId"))
        .await
        .map_err(GENERIC.core())?;
    Ok(Xml(convert::features::lidb_order(&view)))
}

/// `GET …/lidbs`: `ResponseSelectWrapper`.
pub async fn list_lidbs(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
    base: RequestBase,
) -> Result<Response, ApiError> {
    crate::routes::disconnects::list_kind(
        &state,
        &account,
        &q,
        &base,
        OrderKind::Lidb,
        "lidbs",
        STATUSES,
    )
    .await
}

/// `POST …/dldas`: 201, `Location`, and `<DldaOrderResponse><DldaOrder>`.
pub async fn create_dlda(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request = convert::features::dlda_request(parse_list::<DldaOrderBody>(
        &body,
        DLDA,
        crate::xml::ORDER_TNS,
    )?)
    .map_err(DLDA.core())?;
    let view = create(
        &state,
        &account,
        user.user.as_str(),
        OrderKind::Dlda,
        request,
        DLDA,
    )
    .await?;
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/dldas/{}", view.row.id)),
        body: Some(xml_response(
            StatusCode::CREATED,
            &DldaOrderResponse {
                dlda_order: convert::features::dlda_order(&view),
            },
        )),
    })
}

/// `GET …/dldas/{orderId}`.
pub async fn get_dlda(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<DldaOrderResponse>, ApiError> {
    let view = state
        .hub
        .feature_order(&account, OrderKind::Dlda, p.get("orderId"))
        .await
        .map_err(GENERIC.core())?;
    Ok(Xml(DldaOrderResponse {
        dlda_order: convert::features::dlda_order(&view),
    }))
}

/// `PUT …/dldas/{orderId}`: replaces the listing and processes it again.
pub async fn update_dlda(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    p: Params,
    body: RawBody,
) -> Result<Xml<DldaOrderResponse>, ApiError> {
    let request = convert::features::dlda_request(parse_list::<DldaOrderBody>(
        &body,
        DLDA,
        crate::xml::ORDER_TNS,
    )?)
    .map_err(DLDA.core())?;
    let view = state
        .hub
        .replace_feature_order(
            &account,
            OrderKind::Dlda,
            p.get("orderId"),
            request,
            user.user.as_str(),
        )
        .await
        .map_err(DLDA.core())?;
    Ok(Xml(DldaOrderResponse {
        dlda_order: convert::features::dlda_order(&view),
    }))
}

/// `GET …/dldas`: `ResponseSelectWrapper`.
pub async fn list_dldas(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
    base: RequestBase,
) -> Result<Response, ApiError> {
    crate::routes::disconnects::list_kind(
        &state,
        &account,
        &q,
        &base,
        OrderKind::Dlda,
        "dldas",
        STATUSES,
    )
    .await
}

/// `GET …/tnoptions/{orderId}/history`.
pub async fn tn_option_history(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
) -> Result<Xml<OrderHistoryWrapper>, ApiError> {
    crate::routes::notes::history(TN_OPTIONS, s, a, p).await
}

/// `GET …/dldas/{orderId}/history`.
pub async fn dlda_history(
    State(s): State<AppState>,
    a: AccountScope,
    p: Params,
) -> Result<Xml<OrderHistoryWrapper>, ApiError> {
    crate::routes::notes::history(DLDAS, s, a, p).await
}

/// The seed's `POST …/tns/{tn}/tnfeatureorder`: a feature order for one
/// number in service on the account (404 otherwise). Its line options,
/// `<Lidb>` and `<Dlda>` parts become one line-option order: 201 with
/// `Location …/tnoptions/{id}`.
pub async fn feature_order(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    p: Params,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let tn = p.get("tn");
    state
        .hub
        .check_in_service(&account, tn)
        .await
        .map_err(FEATURE.core())?;
    let request =
        convert::features::single_number_request(tn, parse::<FeatureOrderBody>(&body, FEATURE)?)
            .map_err(FEATURE.core())?;
    let view = create(
        &state,
        &account,
        user.user.as_str(),
        OrderKind::TnOption,
        request,
        FEATURE,
    )
    .await?;
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/tnoptions/{}", view.row.id)),
        body: Some(xml_response(
            StatusCode::CREATED,
            &TnOptionOrderResponse {
                tn_option_order: convert::features::tn_option_order(&view),
            },
        )),
    })
}
