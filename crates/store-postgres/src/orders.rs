//! Orders, their history and notes on PostgreSQL.
//!
//! Inside a write transaction an order is read `FOR UPDATE`: the worker
//! completing an order and a customer changing or closing it then take
//! turns, as SQLite's single writer makes them, instead of one silently
//! overwriting the other's row (`update_order` writes the whole row).

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{Postgres, QueryBuilder, Row};
use tnhub_core::Timestamp;
use tnhub_core::ids::{AccountId, PeerId, SiteId};
use tnhub_core::order::{
    DayCount, HistoryEntry, Note, OrderFilter, OrderKind, OrderRow, StatusCount,
};
use tnhub_core::store::{OrderRepo, StoreError};

use crate::PgRepo;

const COLUMNS: &str = "id, account_id, kind, status, customer_order_id, name, created_by, site_id, peer_id, tn_count, \
     request, result, created_at, updated_at, completed_at";

fn order(r: &PgRow) -> Result<OrderRow, StoreError> {
    Ok(OrderRow {
        id: r.get("id"),
        account_id: AccountId::parse(r.get("account_id"))
            .map_err(|e| StoreError::Other(e.to_string()))?,
        kind: OrderKind::parse(r.get("kind"))
            .ok_or_else(|| StoreError::Other("unknown order kind".into()))?,
        status: r.get("status"),
        customer_order_id: r.get("customer_order_id"),
        name: r.get("name"),
        created_by: r.get("created_by"),
        site_id: r.get::<Option<i64>, _>("site_id").map(SiteId::new),
        peer_id: r.get::<Option<i64>, _>("peer_id").map(PeerId::new),
        tn_count: u32::try_from(r.get::<i64, _>("tn_count")).unwrap_or(0),
        request: r.get("request"),
        result: r.get("result"),
        created_at: Timestamp::from_millis(r.get("created_at")),
        updated_at: Timestamp::from_millis(r.get("updated_at")),
        completed_at: r
            .get::<Option<i64>, _>("completed_at")
            .map(Timestamp::from_millis),
    })
}

fn push_filter(q: &mut QueryBuilder<Postgres>, account: &AccountId, f: &OrderFilter) {
    q.push(" WHERE account_id = ")
        .push_bind(account.as_str().to_string());
    if let Some(k) = f.kind {
        q.push(" AND kind = ").push_bind(k.as_str());
    }
    if !f.statuses.is_empty() {
        q.push(" AND status = ANY(")
            .push_bind(f.statuses.clone())
            .push(")");
    }
    if let Some(s) = f.site_id {
        q.push(" AND site_id = ").push_bind(s.get());
    }
    if let Some(t) = f.from {
        q.push(" AND created_at >= ").push_bind(t.millis());
    }
    if let Some(t) = f.to {
        q.push(" AND created_at <= ").push_bind(t.millis());
    }
    if let Some(c) = &f.customer_order_id {
        q.push(" AND customer_order_id = ").push_bind(c.clone());
    }
    if let Some(u) = &f.created_by {
        q.push(" AND created_by = ").push_bind(u.clone());
    }
}

/// Only orders whose request (JSON) names `tn`: in a feature order's
/// groups, a disconnect's numbers or an existing-number order's list
/// (JSON containment: an exact match on an array element, so neither a
/// longer number nor another field can match).
fn push_naming(q: &mut QueryBuilder<Postgres>, tn: &str) {
    q.push(" AND (request::jsonb @> jsonb_build_object('groups', jsonb_build_array(jsonb_build_object('tns', jsonb_build_array(")
        .push_bind(tn.to_string())
        .push("::text)))) OR request::jsonb @> jsonb_build_object('tns', jsonb_build_array(")
        .push_bind(tn.to_string())
        .push("::text)) OR request::jsonb @> jsonb_build_object('order_type', jsonb_build_object('Existing', jsonb_build_object('tns', jsonb_build_array(")
        .push_bind(tn.to_string())
        .push("::text)))))");
}

impl PgRepo {
    async fn list_orders(
        &mut self,
        account: &AccountId,
        f: &OrderFilter,
        tn: Option<&str>,
        from_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<OrderRow>, StoreError> {
        let mut q: QueryBuilder<Postgres> =
            QueryBuilder::new(format!("SELECT {COLUMNS} FROM orders"));
        push_filter(&mut q, account, f);
        if let Some(tn) = tn {
            push_naming(&mut q, tn);
        }
        let (from_op, sort) = if f.newest_first {
            (" AND id <= ", " ORDER BY id DESC LIMIT ")
        } else {
            (" AND id >= ", " ORDER BY id LIMIT ")
        };
        if let Some(from) = from_id {
            q.push(from_op).push_bind(from.to_string());
        }
        q.push(sort).push_bind(i64::from(limit));
        q.build()
            .fetch_all(self.conn())
            .await
            .map_err(|e| self.fail(e))?
            .iter()
            .map(order)
            .collect()
    }

    async fn count_matching(
        &mut self,
        account: &AccountId,
        f: &OrderFilter,
        tn: Option<&str>,
        limit: Option<u64>,
    ) -> Result<u64, StoreError> {
        // With a limit, the count stops after that many rows (a walk of at
        // most `limit` index entries) instead of visiting every match.
        let mut q: QueryBuilder<Postgres> = QueryBuilder::new(if limit.is_some() {
            "SELECT COUNT(*) FROM (SELECT 1 FROM orders"
        } else {
            "SELECT COUNT(*) FROM orders"
        });
        push_filter(&mut q, account, f);
        if let Some(tn) = tn {
            push_naming(&mut q, tn);
        }
        if let Some(limit) = limit {
            q.push(" LIMIT ")
                .push_bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .push(") AS upto");
        }
        let n: i64 = q
            .build_query_scalar()
            .fetch_one(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(n.max(0) as u64)
    }
}

impl PgRepo {
    /// ` FOR UPDATE` inside a write transaction, nothing outside one.
    fn lock_for_write(&self) -> &'static str {
        if self.in_tx() { " FOR UPDATE" } else { "" }
    }
}

#[async_trait]
impl OrderRepo for PgRepo {
    async fn insert_order(&mut self, o: &OrderRow) -> Result<(), StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO orders ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        )))
        .bind(&o.id)
        .bind(o.account_id.as_str())
        .bind(o.kind.as_str())
        .bind(&o.status)
        .bind(&o.customer_order_id)
        .bind(&o.name)
        .bind(&o.created_by)
        .bind(o.site_id.map(SiteId::get))
        .bind(o.peer_id.map(PeerId::get))
        .bind(i64::from(o.tn_count))
        .bind(&o.request)
        .bind(&o.result)
        .bind(o.created_at.millis())
        .bind(o.updated_at.millis())
        .bind(o.completed_at.map(Timestamp::millis))
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn order(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<Option<OrderRow>, StoreError> {
        let lock = self.lock_for_write();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM orders WHERE account_id = $1 AND id = $2{lock}"
        )))
        .bind(account.as_str())
        .bind(id)
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .as_ref()
        .map(order)
        .transpose()
    }

    async fn order_by_id(&mut self, id: &str) -> Result<Option<OrderRow>, StoreError> {
        let lock = self.lock_for_write();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM orders WHERE id = $1{lock}"
        )))
        .bind(id)
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .as_ref()
        .map(order)
        .transpose()
    }

    async fn update_order(&mut self, o: &OrderRow) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE orders SET status = $1, customer_order_id = $2, name = $3, site_id = $4, peer_id = $5, \
             tn_count = $6, request = $7, result = $8, updated_at = $9, completed_at = $10 WHERE id = $11",
        )
        .bind(&o.status)
        .bind(&o.customer_order_id)
        .bind(&o.name)
        .bind(o.site_id.map(SiteId::get))
        .bind(o.peer_id.map(PeerId::get))
        .bind(i64::from(o.tn_count))
        .bind(&o.request)
        .bind(&o.result)
        .bind(o.updated_at.millis())
        .bind(o.completed_at.map(Timestamp::millis))
        .bind(&o.id)
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn orders(
        &mut self,
        account: &AccountId,
        f: &OrderFilter,
        from_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<OrderRow>, StoreError> {
        self.list_orders(account, f, None, from_id, limit).await
    }

    async fn count_orders(
        &mut self,
        account: &AccountId,
        f: &OrderFilter,
    ) -> Result<u64, StoreError> {
        self.count_matching(account, f, None, None).await
    }

    async fn count_orders_upto(
        &mut self,
        account: &AccountId,
        f: &OrderFilter,
        limit: u64,
    ) -> Result<u64, StoreError> {
        self.count_matching(account, f, None, Some(limit)).await
    }

    async fn orders_naming(
        &mut self,
        account: &AccountId,
        f: &OrderFilter,
        tn: &str,
        from_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<OrderRow>, StoreError> {
        self.list_orders(account, f, Some(tn), from_id, limit).await
    }

    async fn count_orders_naming(
        &mut self,
        account: &AccountId,
        f: &OrderFilter,
        tn: &str,
    ) -> Result<u64, StoreError> {
        self.count_matching(account, f, Some(tn), None).await
    }

    async fn order_status_counts(
        &mut self,
        accounts: Option<&[AccountId]>,
    ) -> Result<Vec<StatusCount>, StoreError> {
        crate::order_counts::status_counts(self, accounts).await
    }

    async fn order_days(
        &mut self,
        accounts: Option<&[AccountId]>,
        since: Timestamp,
    ) -> Result<Vec<DayCount>, StoreError> {
        crate::order_counts::days(self, accounts, since).await
    }

    async fn add_history(&mut self, order_id: &str, e: &HistoryEntry) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO order_history (order_id, at, status, note, author, difference) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(order_id)
        .bind(e.at.millis())
        .bind(&e.status)
        .bind(&e.note)
        .bind(&e.author)
        .bind(&e.difference)
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn history(&mut self, order_id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, status, note, author, difference FROM order_history WHERE order_id = $1 ORDER BY id",
        )
        .bind(order_id)
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(rows
            .iter()
            .map(|r| HistoryEntry {
                at: Timestamp::from_millis(r.get("at")),
                status: r.get("status"),
                note: r.get("note"),
                author: r.get("author"),
                difference: r.get("difference"),
            })
            .collect())
    }

    async fn add_note(
        &mut self,
        order_id: &str,
        user: &str,
        description: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        sqlx::query_scalar(
            "INSERT INTO order_notes (order_id, user_name, description, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(order_id)
        .bind(user)
        .bind(description)
        .bind(now.millis())
        .bind(now.millis())
        .fetch_one(self.conn())
        .await
        .map_err(|e| self.fail(e))
    }

    async fn notes(&mut self, order_id: &str) -> Result<Vec<Note>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, order_id, user_name, description, created_at, updated_at FROM order_notes \
             WHERE order_id = $1 ORDER BY id",
        )
        .bind(order_id)
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(rows
            .iter()
            .map(|r| Note {
                id: r.get("id"),
                order_id: r.get("order_id"),
                user: r.get("user_name"),
                description: r.get("description"),
                created_at: Timestamp::from_millis(r.get("created_at")),
                updated_at: Timestamp::from_millis(r.get("updated_at")),
            })
            .collect())
    }

    async fn update_note(
        &mut self,
        order_id: &str,
        note_id: i64,
        description: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE order_notes SET description = $1, updated_at = $2 WHERE order_id = $3 AND id = $4",
        )
        .bind(description)
        .bind(now.millis())
        .bind(order_id)
        .bind(note_id)
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() == 1)
    }
}
