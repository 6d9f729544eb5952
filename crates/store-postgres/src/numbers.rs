//! Number rows and their history on PostgreSQL.
//!
//! The primary key on `tn` is the guarantee that a number is never sold
//! twice across servers: `insert_number_if_absent` is an
//! `INSERT … ON CONFLICT (tn) DO NOTHING`, which waits for a concurrent
//! insert of the same number and then does nothing if that one committed.
//! Updates and deletes check the row's version; under READ COMMITTED
//! PostgreSQL re-evaluates `version = $n` on the newest committed row, so a
//! change based on a stale read affects nothing and the caller sees false.

use std::collections::HashSet;

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{Postgres, QueryBuilder, Row};
use tnhub_core::Timestamp;
use tnhub_core::ids::{AccountId, PeerId, SiteId};
use tnhub_core::number::{NumberEvent, NumberGeo, NumberRecord, NumberStatus};
use tnhub_core::store::{NumberQuery, NumberRepo, StoreError, first_of_each_number};

use crate::{PgRepo, from_json, to_json};

const COLUMNS: &str = "tn, status, account_id, site_id, peer_id, order_id, order_type, reservation_id, hold_until, \
     in_service_at, created_at, updated_at, city, state, rate_center, lata, tier, vendor_id, vendor_name, attributes, features, version";

fn bad(what: &str) -> StoreError {
    StoreError::Other(format!("a stored number has an invalid {what}"))
}

fn record(r: &PgRow) -> Result<NumberRecord, StoreError> {
    let tn: String = r.get("tn");
    let opt_u32 = |v: Option<i64>| v.and_then(|n| u32::try_from(n).ok());
    let millis = |v: Option<i64>| v.map(Timestamp::from_millis);
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
        hold_until: millis(r.get("hold_until")),
        in_service_at: millis(r.get("in_service_at")),
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

fn push_where(q: &mut QueryBuilder<Postgres>, f: &NumberQuery) {
    // No accounts: `= ANY('{}')` matches nothing, as the contract says.
    let accounts: Vec<String> = f.accounts.iter().map(|a| a.as_str().to_string()).collect();
    q.push(" WHERE account_id = ANY(")
        .push_bind(accounts)
        .push(")");
    if let Some(s) = f.site_id {
        q.push(" AND site_id = ").push_bind(s.get());
    }
    if let Some(p) = f.peer_id {
        q.push(" AND peer_id = ").push_bind(p.get());
    }
    if !f.statuses.is_empty() {
        let statuses: Vec<String> = f.statuses.iter().map(|s| s.as_str().to_string()).collect();
        q.push(" AND status = ANY(").push_bind(statuses).push(")");
    }
    // SQLite compares these with COLLATE NOCASE, which folds ASCII letters
    // only. `lower` in the "C" collation folds exactly those too, where the
    // database's own locale would also fold 'É' to 'é' and match names
    // SQLite does not.
    for (column, value) in [
        ("city", &f.city),
        ("state", &f.state),
        ("rate_center", &f.rate_center),
    ] {
        if let Some(v) = value {
            q.push(format!(" AND lower({column} COLLATE \"C\") = lower("))
                .push_bind(v.clone())
                .push(" COLLATE \"C\")");
        }
    }
    if let Some(v) = f.lata {
        q.push(" AND lata = ").push_bind(i64::from(v));
    }
    if let Some(v) = f.tier {
        q.push(" AND tier = ").push_bind(i64::from(v));
    }
    if let Some(p) = &f.prefix {
        // Fixed-width digits in the "C" collation: a prefix is a range of strings.
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

/// Binds every column but `tn` and `version`, in [`COLUMNS`] order.
fn bind_fields<'q>(
    q: sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>,
    n: &'q NumberRecord,
    attributes: String,
    features: String,
) -> sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments> {
    q.bind(n.status.as_str())
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
        .bind(attributes)
        .bind(features)
}

/// The columns of a multi-row insert, one array each, in [`COLUMNS`] order
/// (but `version`).
#[derive(Default)]
struct Columns {
    tn: Vec<String>,
    status: Vec<&'static str>,
    account_id: Vec<Option<String>>,
    site_id: Vec<Option<i64>>,
    peer_id: Vec<Option<i64>>,
    order_id: Vec<Option<String>>,
    order_type: Vec<Option<String>>,
    reservation_id: Vec<Option<String>>,
    hold_until: Vec<Option<i64>>,
    in_service_at: Vec<Option<i64>>,
    created_at: Vec<i64>,
    updated_at: Vec<i64>,
    city: Vec<Option<String>>,
    state: Vec<Option<String>>,
    rate_center: Vec<Option<String>>,
    lata: Vec<Option<i64>>,
    tier: Vec<i64>,
    vendor_id: Vec<Option<i64>>,
    vendor_name: Vec<Option<String>>,
    attributes: Vec<String>,
    features: Vec<String>,
}

impl Columns {
    fn push(&mut self, n: &NumberRecord) -> Result<(), StoreError> {
        self.tn.push(n.tn.to_string());
        self.status.push(n.status.as_str());
        self.account_id
            .push(n.account_id.as_ref().map(|a| a.as_str().to_string()));
        self.site_id.push(n.site_id.map(SiteId::get));
        self.peer_id.push(n.peer_id.map(PeerId::get));
        self.order_id.push(n.order_id.clone());
        self.order_type.push(n.order_type.clone());
        self.reservation_id.push(n.reservation_id.clone());
        self.hold_until.push(n.hold_until.map(Timestamp::millis));
        self.in_service_at
            .push(n.in_service_at.map(Timestamp::millis));
        self.created_at.push(n.created_at.millis());
        self.updated_at.push(n.updated_at.millis());
        self.city.push(n.geo.city.clone());
        self.state.push(n.geo.state.clone());
        self.rate_center.push(n.geo.rate_center.clone());
        self.lata.push(n.geo.lata.map(i64::from));
        self.tier.push(i64::from(n.geo.tier));
        self.vendor_id.push(n.geo.vendor_id.map(i64::from));
        self.vendor_name.push(n.geo.vendor_name.clone());
        self.attributes.push(to_json(&n.attributes)?);
        self.features.push(to_json(&n.features)?);
        Ok(())
    }
}

#[async_trait]
impl NumberRepo for PgRepo {
    async fn number(&mut self, tn: &str) -> Result<Option<NumberRecord>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM numbers WHERE tn = $1"
        )))
        .bind(tn)
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .as_ref()
        .map(record)
        .transpose()
    }

    async fn insert_number_if_absent(&mut self, n: &NumberRecord) -> Result<bool, StoreError> {
        let (attributes, features) = (to_json(&n.attributes)?, to_json(&n.features)?);
        let q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO numbers ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
             $15, $16, $17, $18, $19, $20, $21, 0) ON CONFLICT (tn) DO NOTHING"
        )))
        .bind(n.tn.to_string());
        let done = bind_fields(q, n, attributes, features)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() == 1)
    }

    async fn insert_numbers_if_absent(
        &mut self,
        numbers: &[NumberRecord],
    ) -> Result<Vec<bool>, StoreError> {
        // One statement for the group: a column of values per array, rows
        // in number order (see `first_of_each_number`). The key refuses
        // every number that has a row, exactly as one insert at a time.
        let rows = first_of_each_number(numbers);
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = Columns::default();
        for &i in &rows {
            c.push(&numbers[i])?;
        }
        let inserted: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "INSERT INTO numbers ({COLUMNS}) SELECT *, 0 FROM UNNEST($1::text[], $2::text[], $3::text[], \
             $4::int8[], $5::int8[], $6::text[], $7::text[], $8::text[], $9::int8[], $10::int8[], $11::int8[], \
             $12::int8[], $13::text[], $14::text[], $15::text[], $16::int8[], $17::int8[], $18::int8[], \
             $19::text[], $20::text[], $21::text[]) ORDER BY 1 ON CONFLICT (tn) DO NOTHING RETURNING tn"
        )))
        .bind(c.tn)
        .bind(c.status)
        .bind(c.account_id)
        .bind(c.site_id)
        .bind(c.peer_id)
        .bind(c.order_id)
        .bind(c.order_type)
        .bind(c.reservation_id)
        .bind(c.hold_until)
        .bind(c.in_service_at)
        .bind(c.created_at)
        .bind(c.updated_at)
        .bind(c.city)
        .bind(c.state)
        .bind(c.rate_center)
        .bind(c.lata)
        .bind(c.tier)
        .bind(c.vendor_id)
        .bind(c.vendor_name)
        .bind(c.attributes)
        .bind(c.features)
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        let inserted: HashSet<String> = inserted.into_iter().collect();
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
        let (attributes, features) = (to_json(&n.attributes)?, to_json(&n.features)?);
        let q = sqlx::query(
            "UPDATE numbers SET status = $1, account_id = $2, site_id = $3, peer_id = $4, order_id = $5, order_type = $6, \
             reservation_id = $7, hold_until = $8, in_service_at = $9, created_at = $10, updated_at = $11, city = $12, \
             state = $13, rate_center = $14, lata = $15, tier = $16, vendor_id = $17, vendor_name = $18, \
             attributes = $19, features = $20, version = version + 1 WHERE tn = $21 AND version = $22",
        );
        let done = bind_fields(q, n, attributes, features)
            .bind(n.tn.to_string())
            .bind(expected_version)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() == 1)
    }

    async fn delete_number(&mut self, tn: &str, expected_version: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM numbers WHERE tn = $1 AND version = $2")
            .bind(tn)
            .bind(expected_version)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() == 1)
    }

    async fn numbers(&mut self, f: &NumberQuery) -> Result<Vec<NumberRecord>, StoreError> {
        let mut q: QueryBuilder<Postgres> =
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
            .map_err(|e| self.fail(e))?
            .iter()
            .map(record)
            .collect()
    }

    async fn count_numbers(&mut self, f: &NumberQuery) -> Result<u64, StoreError> {
        if f.counts_by_account_and_status() {
            return self.kept_count(f).await;
        }
        let mut q: QueryBuilder<Postgres> = QueryBuilder::new("SELECT COUNT(*) FROM numbers");
        push_where(&mut q, f);
        let n: i64 = q
            .build_query_scalar()
            .fetch_one(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(n.max(0) as u64)
    }

    async fn add_number_event(&mut self, e: &NumberEvent) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO number_history (tn, account_id, order_id, order_type, status, user_name, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(e.tn.to_string())
        .bind(e.account_id.as_ref().map(|a| a.as_str().to_string()))
        .bind(&e.order_id)
        .bind(&e.order_type)
        .bind(&e.status)
        .bind(&e.user)
        .bind(e.at.millis())
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn add_number_events(&mut self, events: &[NumberEvent]) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        // WITH ORDINALITY keeps the order given, so the ids (a number's
        // history order) ascend as one insert at a time would give them.
        let text = |f: &dyn Fn(&NumberEvent) -> Option<String>| -> Vec<Option<String>> {
            events.iter().map(f).collect()
        };
        sqlx::query(
            "INSERT INTO number_history (tn, account_id, order_id, order_type, status, user_name, at) \
             SELECT tn, account_id, order_id, order_type, status, user_name, at FROM UNNEST($1::text[], \
             $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[]) WITH ORDINALITY \
             AS e(tn, account_id, order_id, order_type, status, user_name, at, n) ORDER BY n",
        )
        .bind(text(&|e| Some(e.tn.to_string())))
        .bind(text(&|e| e.account_id.as_ref().map(|a| a.as_str().to_string())))
        .bind(text(&|e| e.order_id.clone()))
        .bind(text(&|e| e.order_type.clone()))
        .bind(text(&|e| Some(e.status.clone())))
        .bind(text(&|e| e.user.clone()))
        .bind(events.iter().map(|e| e.at.millis()).collect::<Vec<i64>>())
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn number_events(&mut self, tn: &str) -> Result<Vec<NumberEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT tn, account_id, order_id, order_type, status, user_name, at FROM number_history \
             WHERE tn = $1 ORDER BY id",
        )
        .bind(tn)
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
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
        // SKIP LOCKED: rows another server is releasing (or a claim is
        // updating) are left to it instead of waited for.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM numbers WHERE tn IN (SELECT tn FROM numbers WHERE status IN ('Reserved', 'Aging') \
             AND hold_until <= $1 ORDER BY hold_until LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING {COLUMNS}"
        )))
        .bind(now.millis())
        .bind(i64::from(limit))
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .iter()
        .map(record)
        .collect()
    }
}
