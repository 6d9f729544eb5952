//! Subscriptions (wire-format.md 2.12): `POST|GET /accounts/{a}/subscriptions`,
//! `GET|PUT|DELETE …/subscriptions/{id}`, and tnhub's delivery log of a
//! subscription with replay.

use axum::extract::State;
use axum::response::Response;
use tnhub_core::subscription::DeliveryFilter;
use tnhub_wire::request::subscription::SubscriptionBody;
use tnhub_wire::response::subscription::{
    Deliveries, DeliveriesResponse, Subscriptions, SubscriptionsResponse,
};

use crate::auth::{AccountScope, Params};
use crate::convert;
use crate::error::{ApiError, ErrorShape};
use crate::query::QueryMap;
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, ok_empty, parse};

const SUBSCRIPTION: ErrorShape = ErrorShape::status("SubscriptionsResponse");
const DELIVERIES: ErrorShape = ErrorShape::status("DeliveriesResponse");

/// Notes a callback URL the real service could not reach in the journal.
fn noted(
    draft: tnhub_core::subscription::SubscriptionDraft,
) -> tnhub_core::subscription::SubscriptionDraft {
    if let Some(n) = draft
        .url
        .as_deref()
        .and_then(crate::journal::diagnose::callback_url)
    {
        crate::journal::note(n);
    }
    draft
}

/// `POST …/subscriptions`: 201 with `Location …/subscriptions/{id}` and no body.
pub async fn create(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request: SubscriptionBody = parse(&body, SUBSCRIPTION)?;
    let s = state
        .hub
        .create_subscription(&account, noted(convert::subscriptions::draft(request)))
        .await
        .map_err(SUBSCRIPTION.core())?;
    tracing::info!(account = %account, subscription = %s.id, order_type = %s.order_type, "subscription created");
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/subscriptions/{}", s.id)),
        body: None,
    })
}

/// `GET …/subscriptions[?orderType=]`.
pub async fn list(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
) -> Result<Xml<SubscriptionsResponse>, ApiError> {
    let order_type = q.get("ordertype").map(str::trim).filter(|t| !t.is_empty());
    let subs = state
        .hub
        .subscriptions(&account, order_type)
        .await
        .map_err(SUBSCRIPTION.core())?;
    let now = state.hub.clock().now();
    Ok(Xml(SubscriptionsResponse {
        subscriptions: Subscriptions {
            items: subs
                .iter()
                .map(|s| convert::subscriptions::to_wire(s, now))
                .collect(),
        },
        subscription: None,
    }))
}

/// `GET …/subscriptions/{subscriptionId}`: the one subscription, still
/// inside `<Subscriptions>` (Node and C# read through the wrapper), and
/// again right under the root (where Python looks for it).
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<SubscriptionsResponse>, ApiError> {
    let s = state
        .hub
        .subscription(&account, p.get("subscriptionId"))
        .await
        .map_err(SUBSCRIPTION.core())?;
    let now = state.hub.clock().now();
    Ok(Xml(SubscriptionsResponse {
        subscriptions: Subscriptions {
            items: vec![convert::subscriptions::to_wire(&s, now)],
        },
        subscription: Some(convert::subscriptions::to_wire(&s, now)),
    }))
}

/// `PUT …/subscriptions/{subscriptionId}`: replaces its settings; 200.
pub async fn update(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    body: RawBody,
) -> Result<Response, ApiError> {
    let request: SubscriptionBody = parse(&body, SUBSCRIPTION)?;
    state
        .hub
        .update_subscription(
            &account,
            p.get("subscriptionId"),
            noted(convert::subscriptions::draft(request)),
        )
        .await
        .map_err(SUBSCRIPTION.core())?;
    Ok(ok_empty())
}

/// `DELETE …/subscriptions/{subscriptionId}`: 200.
pub async fn remove(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Response, ApiError> {
    state
        .hub
        .delete_subscription(&account, p.get("subscriptionId"))
        .await
        .map_err(SUBSCRIPTION.core())?;
    Ok(ok_empty())
}

/// `GET …/subscriptions/{subscriptionId}/deliveries[?state=&limit=]`
/// (tnhub): the callbacks of the subscription, newest first, with every attempt.
pub async fn deliveries(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
    q: QueryMap,
) -> Result<Xml<DeliveriesResponse>, ApiError> {
    let s = state
        .hub
        .subscription(&account, p.get("subscriptionId"))
        .await
        .map_err(DELIVERIES.core())?;
    let filter = DeliveryFilter {
        account_id: Some(account),
        subscription_id: Some(s.id),
        state: q
            .get("state")
            .and_then(tnhub_core::subscription::DeliveryState::parse),
        limit: q
            .get("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(100)
            .clamp(1, 1_000),
    };
    let list = state
        .hub
        .deliveries(&filter)
        .await
        .map_err(DELIVERIES.core())?;
    Ok(Xml(DeliveriesResponse {
        deliveries: Deliveries {
            items: list
                .iter()
                .map(|(d, a)| convert::subscriptions::delivery(d, a))
                .collect(),
        },
    }))
}

/// `POST …/subscriptions/{subscriptionId}/deliveries/{deliveryId}/replay`
/// (tnhub): sends the callback again now.
pub async fn replay(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<DeliveriesResponse>, ApiError> {
    let id: i64 = p
        .get("deliveryId")
        .parse()
        .map_err(|_| ApiError::no_route("the delivery id is not a number"))?;
    let sub = state
        .hub
        .subscription(&account, p.get("subscriptionId"))
        .await
        .map_err(DELIVERIES.core())?;
    let d = state
        .hub
        .replay_delivery(id, Some(&account))
        .await
        .map_err(DELIVERIES.core())?;
    if d.subscription_id != sub.id {
        return Err(ApiError::no_route(
            "the delivery belongs to another subscription",
        ));
    }
    Ok(Xml(DeliveriesResponse {
        deliveries: Deliveries {
            items: vec![convert::subscriptions::delivery(&d, &[])],
        },
    }))
}
