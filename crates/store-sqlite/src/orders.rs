//! Orders, their history and notes on SQLite.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use tnhub_core::Timestamp;
use tnhub_core::ids::{AccountId, PeerId, SiteId};
use tnhub_core::order::{
    DayCount, HistoryEntry, Note, OrderFilter, OrderKind, OrderRow, StatusCount,
};
use tnhub_core::store::{NewOrder, OrderRepo, StoreError};

use crate::{SqliteRepo, map_err};

const COLUMNS: &str = "id, account_id, kind, status, customer_order_id, name, created_by, site_id, peer_id, tn_count, \
     request, result, created_at, updated_at, completed_at";

fn order(r: &SqliteRow) -> Result<OrderRow, StoreError> {
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

fn push_filter(q: &mut QueryBuilder<Sqlite>, account: &AccountId, f: &OrderFilter) {
    q.push(" WHERE account_id = ")
        .push_bind(account.as_str().to_string());
    if let Some(k) = f.kind {
        q.push(" AND kind = ").push_bind(k.as_str());
    }
    if !f.statuses.is_empty() {
        q.push(" AND status IN (");
        let mut list = q.separated(", ");
        for s in &f.statuses {
            list.push_bind(s.clone());
        }
        q.push(")");
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
/// groups, a disconnect's numbers or an existing-number order's list. An
/// exact match on an array element, so neither a longer number nor another
/// field (a customer order id) can match.
fn push_naming(q: &mut QueryBuilder<Sqlite>, tn: &str) {
    q.push(
        " AND (EXISTS (SELECT 1 FROM json_each(orders.request, '$.groups') AS g, json_each(g.value, '$.tns') AS t WHERE t.value = ",
    )
    .push_bind(tn.to_string())
    .push(") OR EXISTS (SELECT 1 FROM json_each(orders.request, '$.tns') AS t WHERE t.value = ")
    .push_bind(tn.to_string())
    .push(") OR EXISTS (SELECT 1 FROM json_each(orders.request, '$.order_type.Existing.tns') AS t WHERE t.value = ")
    .push_bind(tn.to_string())
    .push("))");
}

impl SqliteRepo {
    async fn list_orders(
        &mut self,
        account: &AccountId,
        f: &OrderFilter,
        tn: Option<&str>,
        from_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<OrderRow>, StoreError> {
        let mut q: QueryBuilder<Sqlite> =
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
            .map_err(map_err)?
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
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(if limit.is_some() {
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
            .map_err(map_err)?;
        Ok(n.max(0) as u64)
    }
}

#[async_trait]
impl OrderRepo for SqliteRepo {
    async fn insert_order(&mut self, o: &OrderRow) -> Result<(), StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO orders ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
        .map_err(map_err)?;
        Ok(())
    }

    async fn order(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<Option<OrderRow>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM orders WHERE account_id = ? AND id = ?"
        )))
        .bind(account.as_str())
        .bind(id)
        .fetch_optional(self.conn())
        .await
        .map_err(map_err)?
        .as_ref()
        .map(order)
        .transpose()
    }

    async fn order_by_id(&mut self, id: &str) -> Result<Option<OrderRow>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM orders WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.conn())
        .await
        .map_err(map_err)?
        .as_ref()
        .map(order)
        .transpose()
    }

    async fn update_order(&mut self, o: &OrderRow) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE orders SET status = ?, customer_order_id = ?, name = ?, site_id = ?, peer_id = ?, tn_count = ?, \
             request = ?, result = ?, updated_at = ?, completed_at = ? WHERE id = ?",
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
        .map_err(map_err)?;
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
        sqlx::query("INSERT INTO order_history (order_id, at, status, note, author, difference) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(order_id)
            .bind(e.at.millis())
            .bind(&e.status)
            .bind(&e.note)
            .bind(&e.author)
            .bind(&e.difference)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn history(&mut self, order_id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows = sqlx::query("SELECT at, status, note, author, difference FROM order_history WHERE order_id = ? ORDER BY id")
            .bind(order_id)
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?;
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
            "INSERT INTO order_notes (order_id, user_name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(order_id)
        .bind(user)
        .bind(description)
        .bind(now.millis())
        .bind(now.millis())
        .fetch_one(self.conn())
        .await
        .map_err(map_err)
    }

    async fn notes(&mut self, order_id: &str) -> Result<Vec<Note>, StoreError> {
        let rows = sqlx::query("SELECT id, order_id, user_name, description, created_at, updated_at FROM order_notes WHERE order_id = ? ORDER BY id")
            .bind(order_id)
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?;
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
            "UPDATE order_notes SET description = ?, updated_at = ? WHERE order_id = ? AND id = ?",
        )
        .bind(description)
        .bind(now.millis())
        .bind(order_id)
        .bind(note_id)
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() == 1)
    }
}

/// [`tnhub_core::store::Repo::insert_new_orders`] in three statements for
/// the whole group (orders, history, jobs) rather than three per order:
/// each statement is a round trip to the connection's worker thread, and
/// the single writer's time is what bounds how many orders are accepted a
/// second.
pub(crate) async fn insert_new_orders(
    repo: &mut SqliteRepo,
    orders: &[NewOrder<'_>],
) -> Result<(), StoreError> {
    if orders.is_empty() {
        return Ok(());
    }
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(format!("INSERT INTO orders ({COLUMNS}) "));
    q.push_values(orders, |mut b, n| {
        let o = n.order;
        b.push_bind(&o.id)
            .push_bind(o.account_id.as_str())
            .push_bind(o.kind.as_str())
            .push_bind(&o.status)
            .push_bind(&o.customer_order_id)
            .push_bind(&o.name)
            .push_bind(&o.created_by)
            .push_bind(o.site_id.map(SiteId::get))
            .push_bind(o.peer_id.map(PeerId::get))
            .push_bind(i64::from(o.tn_count))
            .push_bind(&o.request)
            .push_bind(&o.result)
            .push_bind(o.created_at.millis())
            .push_bind(o.updated_at.millis())
            .push_bind(o.completed_at.map(Timestamp::millis));
    });
    q.build().execute(repo.conn()).await.map_err(map_err)?;

    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO order_history (order_id, at, status, note, author, difference) ",
    );
    q.push_values(orders, |mut b, n| {
        let e = n.history;
        b.push_bind(&n.order.id)
            .push_bind(e.at.millis())
            .push_bind(&e.status)
            .push_bind(&e.note)
            .push_bind(&e.author)
            .push_bind(&e.difference);
    });
    q.build().execute(repo.conn()).await.map_err(map_err)?;

    let mut q: QueryBuilder<Sqlite> =
        QueryBuilder::new("INSERT INTO jobs (kind, subject, run_at, created_at) ");
    q.push_values(orders, |mut b, n| {
        b.push_bind(n.job_kind)
            .push_bind(&n.order.id)
            .push_bind(n.job_due.millis())
            .push_bind(n.order.created_at.millis());
    });
    q.push(" ON CONFLICT (kind, subject) DO UPDATE SET run_at = MIN(run_at, excluded.run_at)");
    q.build().execute(repo.conn()).await.map_err(map_err)?;
    Ok(())
}
