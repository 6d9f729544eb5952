//! Subscriptions and the callback outbox on SQLite.
//!
//! A lease puts a fresh token and a real-time end on a due delivery; an
//! outcome is written only while its deliverer's token is still on the row.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use tnhub_core::Timestamp;
use tnhub_core::ids::AccountId;
use tnhub_core::store::{DeliveryRepo, DeliveryRow, StoreError, SubscriptionRepo};
use tnhub_core::subscription::{
    Attempt, Callback, DeliveryFilter, DeliveryState, EmailTarget, Subscription,
};

use crate::{SqliteRepo, map_err};

const SUB_COLUMNS: &str = "id, account_id, order_type, order_id, url, expires_at, basic_user, basic_password, public_key, \
     number_format, email, digest, secret, last_status, created_at, updated_at";
const DELIVERY_COLUMNS: &str = "id, subscription_id, account_id, event, state, attempts, next_attempt_at, last_status_code, \
     last_error, created_at, delivered_at";

fn account(s: &str) -> Result<AccountId, StoreError> {
    AccountId::parse(s).map_err(|e| StoreError::Other(e.to_string()))
}

fn subscription(r: &SqliteRow) -> Result<Subscription, StoreError> {
    let url: Option<String> = r.get("url");
    let email: Option<String> = r.get("email");
    Ok(Subscription {
        id: r.get("id"),
        account_id: account(r.get("account_id"))?,
        order_type: r.get("order_type"),
        order_id: r.get("order_id"),
        callback: url.map(|url| Callback {
            url,
            expires_at: r
                .get::<Option<i64>, _>("expires_at")
                .map(Timestamp::from_millis),
            basic_user: r.get("basic_user"),
            basic_password: r.get("basic_password"),
            public_key: r.get("public_key"),
            number_format: r.get("number_format"),
        }),
        email: email.map(|email| EmailTarget {
            email,
            digest: r.get("digest"),
        }),
        secret: r.get("secret"),
        last_status: r.get("last_status"),
        created_at: Timestamp::from_millis(r.get("created_at")),
        updated_at: Timestamp::from_millis(r.get("updated_at")),
    })
}

fn delivery(r: &SqliteRow) -> Result<DeliveryRow, StoreError> {
    Ok(DeliveryRow {
        id: r.get("id"),
        subscription_id: r.get("subscription_id"),
        account_id: account(r.get("account_id"))?,
        event: r.get("event"),
        state: DeliveryState::parse(r.get("state"))
            .ok_or_else(|| StoreError::Other("unknown delivery state".into()))?,
        attempts: u32::try_from(r.get::<i64, _>("attempts")).unwrap_or(0),
        next_attempt_at: Timestamp::from_millis(r.get("next_attempt_at")),
        last_status_code: r
            .get::<Option<i64>, _>("last_status_code")
            .and_then(|c| u16::try_from(c).ok()),
        last_error: r.get("last_error"),
        created_at: Timestamp::from_millis(r.get("created_at")),
        delivered_at: r
            .get::<Option<i64>, _>("delivered_at")
            .map(Timestamp::from_millis),
    })
}

fn bind_subscription<'q>(
    q: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>,
    s: &Subscription,
) -> sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments> {
    let c = s.callback.as_ref();
    q.bind(s.order_type.clone())
        .bind(s.order_id.clone())
        .bind(c.map(|c| c.url.clone()))
        .bind(c.and_then(|c| c.expires_at).map(Timestamp::millis))
        .bind(c.and_then(|c| c.basic_user.clone()))
        .bind(c.and_then(|c| c.basic_password.clone()))
        .bind(c.and_then(|c| c.public_key.clone()))
        .bind(c.and_then(|c| c.number_format.clone()))
        .bind(s.email.as_ref().map(|e| e.email.clone()))
        .bind(s.email.as_ref().and_then(|e| e.digest.clone()))
        .bind(s.secret.clone())
        .bind(s.last_status.clone())
        .bind(s.updated_at.millis())
}

#[async_trait]
impl SubscriptionRepo for SqliteRepo {
    async fn insert_subscription(&mut self, s: &Subscription) -> Result<(), StoreError> {
        let q = sqlx::query(
            "INSERT INTO subscriptions (order_type, order_id, url, expires_at, basic_user, basic_password, public_key, number_format, \
             email, digest, secret, last_status, updated_at, id, account_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        bind_subscription(q, s)
            .bind(s.id.clone())
            .bind(s.account_id.as_str().to_string())
            .bind(s.created_at.millis())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn subscription(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<Option<Subscription>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUB_COLUMNS} FROM subscriptions WHERE account_id = ? AND id = ?"
        )))
        .bind(account.as_str())
        .bind(id)
        .fetch_optional(self.conn())
        .await
        .map_err(map_err)?
        .as_ref()
        .map(subscription)
        .transpose()
    }

    async fn subscriptions(
        &mut self,
        account: &AccountId,
        order_type: Option<&str>,
    ) -> Result<Vec<Subscription>, StoreError> {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "SELECT {SUB_COLUMNS} FROM subscriptions WHERE account_id = "
        ));
        q.push_bind(account.as_str().to_string());
        if let Some(t) = order_type {
            q.push(" AND order_type = ")
                .push_bind(t.to_string())
                .push(" COLLATE NOCASE");
        }
        q.push(" ORDER BY created_at, id");
        q.build()
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?
            .iter()
            .map(subscription)
            .collect()
    }

    async fn update_subscription(&mut self, s: &Subscription) -> Result<(), StoreError> {
        let q = sqlx::query(
            "UPDATE subscriptions SET order_type = ?, order_id = ?, url = ?, expires_at = ?, basic_user = ?, basic_password = ?, \
             public_key = ?, number_format = ?, email = ?, digest = ?, secret = ?, last_status = ?, updated_at = ? WHERE id = ? AND account_id = ?",
        );
        bind_subscription(q, s)
            .bind(s.id.clone())
            .bind(s.account_id.as_str().to_string())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn delete_subscription(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM subscriptions WHERE account_id = ? AND id = ?")
            .bind(account.as_str())
            .bind(id)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        sqlx::query("UPDATE deliveries SET state = 'dead', last_error = 'the subscription was deleted', lease_token = NULL, lease_until = NULL \
             WHERE subscription_id = ? AND state = 'pending'")
            .bind(id)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn set_subscription_status(
        &mut self,
        id: &str,
        status: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE subscriptions SET last_status = ?, updated_at = ? WHERE id = ?")
            .bind(status)
            .bind(now.millis())
            .bind(id)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }
}

#[async_trait]
impl DeliveryRepo for SqliteRepo {
    async fn insert_delivery(
        &mut self,
        subscription_id: &str,
        account: &AccountId,
        order_id: &str,
        event: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        sqlx::query_scalar(
            "INSERT INTO deliveries (subscription_id, account_id, order_id, event, state, next_attempt_at, created_at) \
             VALUES (?, ?, ?, ?, 'pending', ?, ?) RETURNING id",
        )
        .bind(subscription_id)
        .bind(account.as_str())
        .bind(order_id)
        .bind(event)
        .bind(now.millis())
        .bind(now.millis())
        .fetch_one(self.conn())
        .await
        .map_err(map_err)
    }

    async fn lease_due_deliveries(
        &mut self,
        due_by: Timestamp,
        wall_now: Timestamp,
        lease_token: &str,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<DeliveryRow>, StoreError> {
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE deliveries SET lease_token = ?, lease_until = ? WHERE id IN (SELECT id FROM deliveries d WHERE state = 'pending' \
             AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.subscription_id = d.subscription_id \
             AND e.order_id = d.order_id AND e.state = 'pending' AND e.id < d.id) \
             ORDER BY next_attempt_at, id LIMIT ?) \
             RETURNING {DELIVERY_COLUMNS}"
        )))
        .bind(lease_token)
        .bind(lease_until.millis())
        .bind(due_by.millis())
        .bind(wall_now.millis())
        .bind(i64::from(limit))
        .fetch_all(self.conn())
        .await
        .map_err(map_err)?
        .iter()
        .map(delivery)
        .collect::<Result<Vec<_>, _>>()?;
        // RETURNING keeps no order.
        rows.sort_by_key(|d| (d.next_attempt_at, d.id));
        Ok(rows)
    }

    async fn update_delivery(
        &mut self,
        d: &DeliveryRow,
        lease_token: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?, delivered_at = ?, \
             lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?",
        )
        .bind(d.state.as_str())
        .bind(i64::from(d.attempts))
        .bind(d.next_attempt_at.millis())
        .bind(d.last_status_code.map(i64::from))
        .bind(&d.last_error)
        .bind(d.delivered_at.map(Timestamp::millis))
        .bind(d.id)
        .bind(lease_token)
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn requeue_delivery(&mut self, id: i64, due: Timestamp) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE deliveries SET state = 'pending', next_attempt_at = ?, delivered_at = NULL, lease_token = NULL, lease_until = NULL \
             WHERE id = ?",
        )
        .bind(due.millis())
        .bind(id)
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn add_attempt(&mut self, a: &Attempt) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO delivery_attempts (delivery_id, at, status_code, latency_ms, error) VALUES (?, ?, ?, ?, ?)")
            .bind(a.delivery_id)
            .bind(a.at.millis())
            .bind(a.status_code.map(i64::from))
            .bind(i64::try_from(a.latency_ms).unwrap_or(i64::MAX))
            .bind(&a.error)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn delivery(&mut self, id: i64) -> Result<Option<DeliveryRow>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.conn())
        .await
        .map_err(map_err)?
        .as_ref()
        .map(delivery)
        .transpose()
    }

    async fn deliveries(&mut self, f: &DeliveryFilter) -> Result<Vec<DeliveryRow>, StoreError> {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE 1 = 1"
        ));
        if let Some(a) = &f.account_id {
            q.push(" AND account_id = ")
                .push_bind(a.as_str().to_string());
        }
        if let Some(s) = &f.subscription_id {
            q.push(" AND subscription_id = ").push_bind(s.clone());
        }
        if let Some(s) = f.state {
            q.push(" AND state = ").push_bind(s.as_str());
        }
        q.push(" ORDER BY id DESC LIMIT ")
            .push_bind(i64::from(f.limit.max(1)));
        q.build()
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?
            .iter()
            .map(delivery)
            .collect()
    }

    async fn attempts(&mut self, delivery_id: i64) -> Result<Vec<Attempt>, StoreError> {
        let rows = sqlx::query("SELECT delivery_id, at, status_code, latency_ms, error FROM delivery_attempts WHERE delivery_id = ? ORDER BY id")
            .bind(delivery_id)
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?;
        Ok(rows
            .iter()
            .map(|r| Attempt {
                delivery_id: r.get("delivery_id"),
                at: Timestamp::from_millis(r.get("at")),
                status_code: r
                    .get::<Option<i64>, _>("status_code")
                    .and_then(|c| u16::try_from(c).ok()),
                latency_ms: u64::try_from(r.get::<i64, _>("latency_ms")).unwrap_or(0),
                error: r.get("error"),
            })
            .collect())
    }

    async fn next_delivery_due(
        &mut self,
        wall_now: Timestamp,
    ) -> Result<Option<Timestamp>, StoreError> {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(next_attempt_at) FROM deliveries d WHERE state = 'pending' AND (lease_until IS NULL OR lease_until <= ?) \
             AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.subscription_id = d.subscription_id \
             AND e.order_id = d.order_id AND e.state = 'pending' AND e.id < d.id)",
        )
        .bind(wall_now.millis())
        .fetch_one(self.conn())
        .await
        .map_err(map_err)?;
        Ok(at.map(Timestamp::from_millis))
    }
}
