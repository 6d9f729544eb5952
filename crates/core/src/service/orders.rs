//! Orders of every kind: creating new-number orders, reading, listing and
//! updating them, and their notes and history (shared by every kind).
//!
//! A create only validates and stores: the order, its first history entry
//! and its job commit together, and a worker does the rest
//! ([`super::process`]). So an acknowledged order survives any crash.

use crate::error::{CoreError, ErrorKind, codes as common};
use crate::ids::{AccountId, PeerId, SiteId};
use crate::order::number_order::{
    NumberOrderDraft, NumberOrderRequest, NumberOrderResult, check_customer_order_id,
    check_order_name,
};
use crate::order::{
    HistoryEntry, Note, OrderFilter, OrderKind, OrderRow, OrderStatus, codes, from_json,
    new_order_id, to_json,
};
use crate::store::Repo;

use super::Tnhub;
use super::notify::{OrderEvent, notify};

/// The job kind that processes an order.
pub const ORDER_JOB: &str = "order";

/// The largest page an order list returns.
pub const MAX_PAGE: u32 = 1_000;

/// A new-number order with its typed request and result.
#[derive(Debug, Clone)]
pub struct NumberOrderView {
    pub row: OrderRow,
    pub request: NumberOrderRequest,
    pub result: NumberOrderResult,
}

impl NumberOrderView {
    /// Decodes a stored order.
    pub fn from_row(row: OrderRow) -> Result<Self, CoreError> {
        Ok(NumberOrderView {
            request: from_json(&row.request)?,
            result: from_json(&row.result)?,
            row,
        })
    }

    /// The order's status.
    pub fn status(&self) -> OrderStatus {
        OrderStatus::parse(&self.row.status).unwrap_or(OrderStatus::Received)
    }
}

/// One page of an order list.
#[derive(Debug, Clone)]
pub struct OrderPage {
    pub orders: Vec<OrderRow>,
    pub total: u64,
    /// The id the next page starts at, if there is one.
    pub next: Option<String>,
}

impl OrderPage {
    /// A page from `size + 1` rows read from the cursor on: the extra row,
    /// if any, is where the next page starts.
    fn cut(mut orders: Vec<OrderRow>, size: u32, total: u64) -> Self {
        let next = if orders.len() > size as usize {
            orders.pop().map(|o| o.id)
        } else {
            None
        };
        OrderPage {
            orders,
            total,
            next,
        }
    }
}

/// "The resource does not exist" for an order id of another account, kind or none.
pub fn order_not_found(id: &str) -> CoreError {
    CoreError::not_found(
        common::NOT_FOUND,
        format!("The resource does not exist: no order '{id}' on this account"),
    )
}

/// Loads an order of the account, of the given kind when one is given.
pub async fn load_order(
    repo: &mut dyn Repo,
    account: &AccountId,
    id: &str,
    kind: Option<OrderKind>,
) -> Result<OrderRow, CoreError> {
    match repo.order(account, id.trim()).await? {
        Some(o) if kind.is_none_or(|k| k == o.kind) => Ok(o),
        _ => Err(order_not_found(id)),
    }
}

/// A history entry.
pub fn history(at: crate::Timestamp, status: &str, note: &str, author: &str) -> HistoryEntry {
    HistoryEntry {
        at,
        status: status.to_string(),
        note: Some(note.to_string()),
        author: author.to_string(),
        difference: None,
    }
}

impl Tnhub {
    /// Accepts a new-number order: validates it, resolves its site and peer
    /// (the site's default peer when none is given), stores it as RECEIVED
    /// with a job to process it, and wakes the worker.
    pub async fn create_number_order(
        &self,
        account: &AccountId,
        user: &str,
        draft: NumberOrderDraft,
    ) -> Result<NumberOrderView, CoreError> {
        let request = NumberOrderRequest::validate(draft)?;
        // The site and peer are looked up before the write transaction, to
        // keep the single writer's work short; a site or peer deleted in
        // between fails the order when the worker runs it.
        let mut read = self.store.read().await?;
        let site = read
            .site(account, SiteId::new(request.site_id))
            .await?
            .ok_or_else(|| {
                CoreError::invalid(codes::SITE_INVALID, "The SiteId submitted is invalid.")
            })?;
        let peer = match request.peer_id {
            Some(p) => read
                .peer(site.id, PeerId::new(p))
                .await?
                .ok_or_else(|| CoreError::invalid(codes::PEER_INVALID, "SIP peer submitted is invalid."))?,
            None => read.peers(site.id).await?.into_iter().find(|p| p.is_default).ok_or_else(|| {
                CoreError::invalid(
                    codes::NO_DEFAULT_PEER,
                    format!("Site '{}' has no default SIP peer; create a SIP peer in it or give PeerId", site.id),
                )
            })?,
        };
        drop(read);
        let now = self.clock.now();
        let row = OrderRow {
            id: new_order_id(),
            account_id: account.clone(),
            kind: OrderKind::NewNumber,
            status: OrderStatus::Received.as_str().to_string(),
            customer_order_id: request.customer_order_id.clone(),
            name: request.name.clone(),
            created_by: user.to_string(),
            site_id: Some(site.id),
            peer_id: Some(peer.id),
            tn_count: request.requested() as u32,
            request: to_json(&request)?,
            result: to_json(&NumberOrderResult::default())?,
            created_at: now,
            updated_at: now,
            completed_at: None,
        };
        // Stored together with the other orders being accepted right now
        // (one transaction for the group), and durable before we answer.
        self.accept(super::intake::Accepted {
            order: row.clone(),
            history: history(
                now,
                OrderStatus::Received.as_str(),
                "Order has been received by the system",
                user,
            ),
            job: (ORDER_JOB, now),
        })
        .await?;
        self.wake_worker();
        Ok(NumberOrderView {
            row,
            request,
            result: NumberOrderResult::default(),
        })
    }

    /// One new-number order of the account.
    pub async fn number_order(
        &self,
        account: &AccountId,
        id: &str,
    ) -> Result<NumberOrderView, CoreError> {
        let mut repo = self.store.read().await?;
        NumberOrderView::from_row(
            load_order(repo.as_mut(), account, id, Some(OrderKind::NewNumber)).await?,
        )
    }

    /// One order of the account, of any kind (for the sub-resources).
    pub async fn any_order(
        &self,
        account: &AccountId,
        id: &str,
        kind: Option<OrderKind>,
    ) -> Result<OrderRow, CoreError> {
        let mut repo = self.store.read().await?;
        load_order(repo.as_mut(), account, id, kind).await
    }

    /// A page of the account's orders: from the order with id `page` on
    /// (`None` or `"1"`: the first page), `size` of them, oldest first.
    pub async fn list_orders(
        &self,
        account: &AccountId,
        filter: &OrderFilter,
        page: Option<&str>,
        size: u32,
    ) -> Result<OrderPage, CoreError> {
        self.list_orders_naming(account, filter, None, page, size)
            .await
    }

    /// [`Tnhub::list_orders`], with only the orders that name the number
    /// `tn` when one is given (the `tn` filter of `GET …/tnoptions`). The
    /// store applies it, so pages and `TotalCount` count only those.
    pub async fn list_orders_naming(
        &self,
        account: &AccountId,
        filter: &OrderFilter,
        tn: Option<&str>,
        page: Option<&str>,
        size: u32,
    ) -> Result<OrderPage, CoreError> {
        let size = size.clamp(1, MAX_PAGE);
        let from = page.map(str::trim).filter(|p| !p.is_empty() && *p != "1");
        let mut repo = self.store.read().await?;
        let (orders, total) = match tn {
            None => (
                repo.orders(account, filter, from, size + 1).await?,
                repo.count_orders(account, filter).await?,
            ),
            Some(tn) => (
                repo.orders_naming(account, filter, tn, from, size + 1)
                    .await?,
                repo.count_orders_naming(account, filter, tn).await?,
            ),
        };
        Ok(OrderPage::cut(orders, size, total))
    }

    /// [`Tnhub::list_orders`] for pages that must cost the same however
    /// many orders the account has (the console's list): the total counts
    /// no further than `count_limit`, so a total equal to it means "at
    /// least that many". The page itself is a walk of the index from the
    /// cursor, bounded by `size` already.
    pub async fn list_orders_bounded(
        &self,
        account: &AccountId,
        filter: &OrderFilter,
        page: Option<&str>,
        size: u32,
        count_limit: u64,
    ) -> Result<OrderPage, CoreError> {
        let size = size.clamp(1, MAX_PAGE);
        let from = page.map(str::trim).filter(|p| !p.is_empty() && *p != "1");
        let mut repo = self.store.read().await?;
        let orders = repo.orders(account, filter, from, size + 1).await?;
        let total = repo.count_orders_upto(account, filter, count_limit).await?;
        Ok(OrderPage::cut(orders, size, total))
    }

    /// Changes an order's name or customer order id, or closes a
    /// back-order (`CloseOrder`): it then ends with what was delivered.
    pub async fn update_number_order(
        &self,
        account: &AccountId,
        id: &str,
        name: Option<String>,
        customer_order_id: Option<String>,
        close: bool,
        user: &str,
    ) -> Result<NumberOrderView, CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let mut view = NumberOrderView::from_row(
            load_order(tx.as_mut(), account, id, Some(OrderKind::NewNumber)).await?,
        )?;
        if name.is_some() {
            view.row.name = check_order_name(name)?;
            view.request.name = view.row.name.clone();
        }
        if customer_order_id.is_some() {
            view.row.customer_order_id = check_customer_order_id(customer_order_id)?;
            view.request.customer_order_id = view.row.customer_order_id.clone();
        }
        if close {
            if view.status() != OrderStatus::Backordered {
                return Err(CoreError::invalid(
                    codes::ONLY_BACKORDERED,
                    "Only Backordered order can be closed.",
                ));
            }
            let status = if view.result.completed.is_empty() {
                OrderStatus::Failed
            } else {
                OrderStatus::Partial
            };
            view.result.pending_quantity = 0;
            view.result.summarise(view.request.requested());
            view.row.status = status.as_str().to_string();
            view.row.completed_at = Some(now);
            tx.add_history(
                &view.row.id,
                &history(
                    now,
                    status.as_str(),
                    "Backorder closed by the customer",
                    user,
                ),
            )
            .await?;
            tx.delete_jobs_of(ORDER_JOB, &view.row.id).await?;
            let event = OrderEvent {
                status: view.row.status.clone(),
                message: view.result.summary.clone(),
                ..OrderEvent::default()
            };
            notify(tx.as_mut(), &view.row, event, now).await?;
        }
        view.row.request = to_json(&view.request)?;
        view.row.result = to_json(&view.result)?;
        view.row.updated_at = now;
        tx.update_order(&view.row).await?;
        tx.commit().await?;
        self.wake_deliverer();
        Ok(view)
    }

    /// An order's history.
    pub async fn order_history(
        &self,
        account: &AccountId,
        id: &str,
        kind: Option<OrderKind>,
    ) -> Result<Vec<HistoryEntry>, CoreError> {
        let mut repo = self.store.read().await?;
        let order = load_order(repo.as_mut(), account, id, kind).await?;
        Ok(repo.history(&order.id).await?)
    }

    /// Adds a note to an order; returns its id.
    pub async fn add_order_note(
        &self,
        account: &AccountId,
        id: &str,
        kind: Option<OrderKind>,
        user: Option<&str>,
        description: Option<&str>,
    ) -> Result<i64, CoreError> {
        let user = user
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .ok_or_else(|| CoreError::invalid(12501, "Username is required"))?;
        let text = check_note(description)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let order = load_order(tx.as_mut(), account, id, kind).await?;
        let note = tx.add_note(&order.id, user, &text, now).await?;
        // Subscribers hear of notes too, as with the real service.
        let event = OrderEvent {
            status: order.status.clone(),
            note: Some(text.clone()),
            ..OrderEvent::default()
        };
        notify(tx.as_mut(), &order, event, now).await?;
        tx.commit().await?;
        self.wake_deliverer();
        Ok(note)
    }

    /// An order's notes.
    pub async fn order_notes(
        &self,
        account: &AccountId,
        id: &str,
        kind: Option<OrderKind>,
    ) -> Result<Vec<Note>, CoreError> {
        let mut repo = self.store.read().await?;
        let order = load_order(repo.as_mut(), account, id, kind).await?;
        Ok(repo.notes(&order.id).await?)
    }

    /// Changes a note's text.
    pub async fn update_order_note(
        &self,
        account: &AccountId,
        id: &str,
        kind: Option<OrderKind>,
        note_id: &str,
        description: Option<&str>,
    ) -> Result<(), CoreError> {
        let text = check_note(description)?;
        let missing = || CoreError {
            kind: ErrorKind::NotFound,
            code: Some(common::NOT_FOUND),
            message: format!("The resource does not exist: no note '{note_id}' on this order"),
        };
        let note_id: i64 = note_id.trim().parse().map_err(|_| missing())?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let order = load_order(tx.as_mut(), account, id, kind).await?;
        if !tx.update_note(&order.id, note_id, &text, now).await? {
            return Err(missing());
        }
        tx.commit().await?;
        Ok(())
    }
}

fn check_note(description: Option<&str>) -> Result<String, CoreError> {
    let text = description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .ok_or_else(|| CoreError::required("Description"))?;
    if text.chars().count() > 500 {
        return Err(CoreError::invalid(
            common::INVALID_VALUE,
            "A note's Description must be at most 500 characters",
        ));
    }
    Ok(text.to_string())
}
