//! Number rows and their history on SQLite.

use std::collections::HashSet;

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use tnhub_core::Timestamp;
use tnhub_core::ids::{AccountId, PeerId, SiteId};
use tnhub_core::number::{NumberEvent, NumberGeo, NumberRecord, NumberStatus};
use tnhub_core::store::{NumberQuery, NumberRepo, StoreError, first_of_each_number};

use crate::{SqliteRepo, from_json, map_err, to_json};

const COLUMNS: &str = "tn, status, account_id, site_id, peer_id, order_id, order_type, reservation_id, hold_until, \
     in_service_at, created_at, updated_at, city, state, rate_center, lata, tier, vendor_id, vendor_name, attributes, features, version";

/// The most rows one multi-row insert writes: 1,000 rows of 21 values
/// stay well under SQLite's limit of 32,766 values bound to a statement.
const INSERT_ROWS: usize = 1_000;

fn bad(what: &str) -> StoreError {
    StoreError::Other(format!("a stored number has an invalid {what}"))
}

fn record(r: &SqliteRow) -> Result<NumberRecord, StoreError> {
    let tn: String = r.get("tn");
    let opt_u32 = |v: Option<i64>| v.and_then(|n| u32::try_from(n).ok());
    Ok(NumberRecord {
        tn: tnhub_nanp::Tn::parse(&tn).map_err(|_| bad("number"))?,
        status: NumberStatus::parse(r.get("status")).ok_or_else(|| bad("status"))?,
        account_id: r
            .get::<Option<String>, _>("account_id")
            .map(|a| AccountId::parse(&a))
            .transpose()
            .map_err(|_| bad("account"))?,
        site_id: r.get::<Option<i64>, _>("site_id").map(SiteId::new),
        peer_id: r.get::<Option<i64>, _>("peer_id").map(PeerId::new),
        order_id: r.get("order_id"),
        order_type: r.get("order_type"),
        reservation_id: r.get("reservation_id"),
        hold_until: r
            .get::<Option<i64>, _>("hold_until")
            .map(Timestamp::from_millis),
        in_service_at: r
            .get::<Option<i64>, _>("in_service_at")
            .map(Timestamp::from_millis),
        created_at: Timestamp::from_millis(r.get("created_at")),
        updated_at: Timestamp::from_millis(r.get("updated_at")),
        geo: NumberGeo {
            city: r.get("city"),
            state: r.get("state"),
            rate_center: r.get("rate_center"),
            lata: opt_u32(r.get("lata")),
            tier: opt_u32(r.get("tier")).unwrap_or(0),
            vendor_id: opt_u32(r.get("vendor_id")),
            vendor_name: r.get("vendor_name"),
        },
        attributes: from_json(r.get("attributes"))?,
        features: from_json(r.get("features"))?,
        version: r.get("version"),
    })
}

/// The account and status conditions, the only ones the kept counts
/// (`number_counts`) can answer.
fn push_accounts_and_statuses(q: &mut QueryBuilder<Sqlite>, f: &NumberQuery) {
    q.push(" WHERE account_id IN (");
    let mut list = q.separated(", ");
    for a in &f.accounts {
        list.push_bind(a.as_str().to_string());
    }
    if f.accounts.is_empty() {
        list.push("NULL");
    }
    q.push(")");
    if !f.statuses.is_empty() {
        q.push(" AND status IN (");
        let mut list = q.separated(", ");
        for s in &f.statuses {
            list.push_bind(s.as_str());
        }
        q.push(")");
    }
}

fn push_where(q: &mut QueryBuilder<Sqlite>, f: &NumberQuery) {
    push_accounts_and_statuses(q, f);
    if let Some(s) = f.site_id {
        q.push(" AND site_id = ").push_bind(s.get());
    }
    if let Some(p) = f.peer_id {
        q.push(" AND peer_id = ").push_bind(p.get());
    }
    if let Some(v) = &f.city {
        q.push(" AND city = ")
            .push_bind(v.clone())
            .push(" COLLATE NOCASE");
    }
    if let Some(v) = &f.state {
        q.push(" AND state = ")
            .push_bind(v.clone())
            .push(" COLLATE NOCASE");
    }
    if let Some(v) = &f.rate_center {
        q.push(" AND rate_center = ")
            .push_bind(v.clone())
            .push(" COLLATE NOCASE");
    }
    if let Some(v) = f.lata {
        q.push(" AND lata = ").push_bind(i64::from(v));
    }
    if let Some(v) = f.tier {
        q.push(" AND tier = ").push_bind(i64::from(v));
    }
    if let Some(p) = &f.prefix {
        // Fixed-width digits: a prefix is a range of strings.
        let lo = format!("{p:0<10}");
        let hi = format!("{p:9<10}");
        q.push(" AND tn BETWEEN ")
            .push_bind(lo)
            .push(" AND ")
            .push_bind(hi);
    }
    if let Some(o) = &f.order_id {
        q.push(" AND order_id = ").push_bind(o.clone());
    }
    if let Some(t) = f.in_service_from {
        q.push(" AND in_service_at >= ").push_bind(t.millis());
    }
    if let Some(t) = f.in_service_to {
        q.push(" AND in_service_at <= ").push_bind(t.millis());
    }
    if let Some(t) = f.changed_from {
        q.push(" AND updated_at >= ").push_bind(t.millis());
    }
    if let Some(t) = f.changed_to {
        q.push(" AND updated_at <= ").push_bind(t.millis());
    }
    if let Some(toll_free) = f.toll_free {
        q.push(if toll_free {
            " AND substr(tn, 1, 3) IN ("
        } else {
            " AND substr(tn, 1, 3) NOT IN ("
        });
        let mut list = q.separated(", ");
        for npa in tnhub_nanp::TOLL_FREE_NPAS {
            list.push_bind(npa.to_string());
        }
        q.push(")");
    }
}

#[async_trait]
impl NumberRepo for SqliteRepo {
    async fn number(&mut self, tn: &str) -> Result<Option<NumberRecord>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM numbers WHERE tn = ?"
        )))
        .bind(tn)
        .fetch_optional(self.conn())
        .await
        .map_err(map_err)?
        .as_ref()
        .map(record)
        .transpose()
    }

    async fn insert_number_if_absent(&mut self, n: &NumberRecord) -> Result<bool, StoreError> {
        let inserted = self
            .insert_numbers_if_absent(std::slice::from_ref(n))
            .await?;
        Ok(inserted[0])
    }

    async fn insert_numbers_if_absent(
        &mut self,
        numbers: &[NumberRecord],
    ) -> Result<Vec<bool>, StoreError> {
        // Multi-row statements of up to INSERT_ROWS rows, in number order
        // (see `first_of_each_number`): each statement is a round trip to
        // the connection's worker thread, made while holding the single
        // write lock. The key refuses every number that has a row, exactly
        // as one insert at a time.
        let rows = first_of_each_number(numbers);
        let mut inserted = HashSet::new();
        for chunk in rows.chunks(INSERT_ROWS) {
            let mut json = Vec::with_capacity(chunk.len());
            for &i in chunk {
                let n = &numbers[i];
                json.push((to_json(&n.attributes)?, to_json(&n.features)?));
            }
            let mut q: QueryBuilder<Sqlite> =
                QueryBuilder::new(format!("INSERT INTO numbers ({COLUMNS}) "));
            q.push_values(
                chunk.iter().zip(json),
                |mut b, (&i, (attributes, features))| {
                    let n = &numbers[i];
                    b.push_bind(n.tn.to_string())
                        .push_bind(n.status.as_str())
                        .push_bind(n.account_id.as_ref().map(|a| a.as_str().to_string()))
                        .push_bind(n.site_id.map(SiteId::get))
                        .push_bind(n.peer_id.map(PeerId::get))
                        .push_bind(n.order_id.clone())
                        .push_bind(n.order_type.clone())
                        .push_bind(n.reservation_id.clone())
                        .push_bind(n.hold_until.map(Timestamp::millis))
                        .push_bind(n.in_service_at.map(Timestamp::millis))
                        .push_bind(n.created_at.millis())
                        .push_bind(n.updated_at.millis())
                        .push_bind(n.geo.city.clone())
                        .push_bind(n.geo.state.clone())
                        .push_bind(n.geo.rate_center.clone())
                        .push_bind(n.geo.lata.map(i64::from))
                        .push_bind(i64::from(n.geo.tier))
                        .push_bind(n.geo.vendor_id.map(i64::from))
                        .push_bind(n.geo.vendor_name.clone())
                        .push_bind(attributes)
                        .push_bind(features)
                        .push("0");
                },
            );
            q.push(" ON CONFLICT (tn) DO NOTHING RETURNING tn");
            let done: Vec<String> = q
                .build_query_scalar()
                .fetch_all(self.conn())
                .await
                .map_err(map_err)?;
            inserted.extend(done);
        }
        let mut out = vec![false; numbers.len()];
        for i in rows {
            out[i] = inserted.contains(&numbers[i].tn.to_string());
        }
        Ok(out)
    }

    async fn update_number(
        &mut self,
        n: &NumberRecord,
        expected_version: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE numbers SET status = ?, account_id = ?, site_id = ?, peer_id = ?, order_id = ?, order_type = ?, \
             reservation_id = ?, hold_until = ?, in_service_at = ?, created_at = ?, updated_at = ?, city = ?, state = ?, \
             rate_center = ?, lata = ?, tier = ?, vendor_id = ?, vendor_name = ?, attributes = ?, features = ?, \
             version = version + 1 WHERE tn = ? AND version = ?",
        )
        .bind(n.status.as_str())
        .bind(n.account_id.as_ref().map(|a| a.as_str().to_string()))
        .bind(n.site_id.map(SiteId::get))
        .bind(n.peer_id.map(PeerId::get))
        .bind(&n.order_id)
        .bind(&n.order_type)
        .bind(&n.reservation_id)
        .bind(n.hold_until.map(Timestamp::millis))
        .bind(n.in_service_at.map(Timestamp::millis))
        .bind(n.created_at.millis())
        .bind(n.updated_at.millis())
        .bind(&n.geo.city)
        .bind(&n.geo.state)
        .bind(&n.geo.rate_center)
        .bind(n.geo.lata.map(i64::from))
        .bind(i64::from(n.geo.tier))
        .bind(n.geo.vendor_id.map(i64::from))
        .bind(&n.geo.vendor_name)
        .bind(to_json(&n.attributes)?)
        .bind(to_json(&n.features)?)
        .bind(n.tn.to_string())
        .bind(expected_version)
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn delete_number(&mut self, tn: &str, expected_version: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM numbers WHERE tn = ? AND version = ?")
            .bind(tn)
            .bind(expected_version)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn numbers(&mut self, f: &NumberQuery) -> Result<Vec<NumberRecord>, StoreError> {
        let mut q: QueryBuilder<Sqlite> =
            QueryBuilder::new(format!("SELECT {COLUMNS} FROM numbers"));
        push_where(&mut q, f);
        if let Some(from) = &f.from_tn {
            q.push(" AND tn >= ").push_bind(from.clone());
        }
        q.push(" ORDER BY tn");
        if f.limit > 0 {
            q.push(" LIMIT ").push_bind(i64::from(f.limit));
        }
        q.build()
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?
            .iter()
            .map(record)
            .collect()
    }

    async fn count_numbers(&mut self, f: &NumberQuery) -> Result<u64, StoreError> {
        let mut q: QueryBuilder<Sqlite> = if f.counts_by_account_and_status() {
            // The count kept by migration 0017's triggers: one row per
            // (account, status) instead of every matching number.
            let mut q = QueryBuilder::new("SELECT coalesce(SUM(n), 0) FROM number_counts");
            push_accounts_and_statuses(&mut q, f);
            q
        } else {
            let mut q = QueryBuilder::new("SELECT COUNT(*) FROM numbers");
            push_where(&mut q, f);
            q
        };
        let n: i64 = q
            .build_query_scalar()
            .fetch_one(self.conn())
            .await
            .map_err(map_err)?;
        Ok(n.max(0) as u64)
    }

    async fn add_number_event(&mut self, e: &NumberEvent) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO number_history (tn, account_id, order_id, order_type, status, user_name, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .bind(e.tn.to_string())
            .bind(e.account_id.as_ref().map(|a| a.as_str().to_string()))
            .bind(&e.order_id)
            .bind(&e.order_type)
            .bind(&e.status)
            .bind(&e.user)
            .bind(e.at.millis())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn add_number_events(&mut self, events: &[NumberEvent]) -> Result<(), StoreError> {
        // In the order given: the rowids (a number's history order) ascend
        // as one insert at a time would give them.
        for chunk in events.chunks(INSERT_ROWS) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO number_history (tn, account_id, order_id, order_type, status, user_name, at) ",
            );
            q.push_values(chunk, |mut b, e| {
                b.push_bind(e.tn.to_string())
                    .push_bind(e.account_id.as_ref().map(|a| a.as_str().to_string()))
                    .push_bind(e.order_id.clone())
                    .push_bind(e.order_type.clone())
                    .push_bind(e.status.clone())
                    .push_bind(e.user.clone())
                    .push_bind(e.at.millis());
            });
            q.build().execute(self.conn()).await.map_err(map_err)?;
        }
        Ok(())
    }

    async fn number_events(&mut self, tn: &str) -> Result<Vec<NumberEvent>, StoreError> {
        let rows = sqlx::query("SELECT tn, account_id, order_id, order_type, status, user_name, at FROM number_history WHERE tn = ? ORDER BY id")
            .bind(tn)
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?;
        rows.iter()
            .map(|r| {
                Ok(NumberEvent {
                    tn: tnhub_nanp::Tn::parse(r.get("tn")).map_err(|_| bad("number"))?,
                    account_id: r
                        .get::<Option<String>, _>("account_id")
                        .map(|a| AccountId::parse(&a))
                        .transpose()
                        .map_err(|_| bad("account"))?,
                    order_id: r.get("order_id"),
                    order_type: r.get("order_type"),
                    status: r.get("status"),
                    user: r.get("user_name"),
                    at: Timestamp::from_millis(r.get("at")),
                })
            })
            .collect()
    }

    async fn release_expired(
        &mut self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<NumberRecord>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM numbers WHERE tn IN (SELECT tn FROM numbers WHERE status IN ('Reserved', 'Aging') AND hold_until <= ? \
             ORDER BY hold_until LIMIT ?) RETURNING {COLUMNS}"
        )))
        .bind(now.millis())
        .bind(i64::from(limit))
        .fetch_all(self.conn())
        .await
        .map_err(map_err)?
        .iter()
        .map(record)
        .collect()
    }
}
