//! Inventory blocks and the taken-number checks on PostgreSQL.
//!
//! The look-ups a search makes are one statement each however many numbers
//! or ranges they ask about: the numbers go in as one array parameter
//! (`tn = ANY($1)`), the ranges as two (`unnest`), so a search costs one
//! round trip to the database rather than one per range.

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{Postgres, QueryBuilder, Row};
use tnhub_core::Timestamp;
use tnhub_core::inventory::BlockRecord;
use tnhub_core::store::{AvailabilityRepo, InventoryMeta, InventoryRepo, StoreError};

use crate::PgRepo;

/// Rows per multi-row INSERT (12 parameters each; PostgreSQL allows 65,535).
const INSERT_CHUNK: usize = 1_000;
/// Numbers per array parameter.
const LOOKUP_CHUNK: usize = 10_000;
/// From this many numbers on, `taken` first reads the held numbers of the
/// whole range the candidates span (at most as many rows as candidates):
/// one index range scan instead of thousands of index probes.
const RANGE_PROBE_FROM: usize = 500;

fn opt_u32(v: Option<i64>) -> Option<u32> {
    v.and_then(|n| u32::try_from(n).ok())
}

/// The blocks with one row per key, the last one given winning (as it
/// would when written one by one). PostgreSQL refuses an `ON CONFLICT DO
/// UPDATE` that meets the same key twice in one statement; SQLite does not.
fn last_per_key(blocks: &[BlockRecord]) -> Vec<&BlockRecord> {
    let mut last: HashMap<(u64, u64, bool), usize> = HashMap::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        last.insert((b.first, b.last, b.excluded), i);
    }
    blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| last.get(&(b.first, b.last, b.excluded)) == Some(i))
        .map(|(_, b)| b)
        .collect()
}

#[async_trait]
impl InventoryRepo for PgRepo {
    async fn inventory_meta(&mut self) -> Result<InventoryMeta, StoreError> {
        let row =
            sqlx::query("SELECT generation, default_inventory FROM inventory_meta WHERE id = 1")
                .fetch_one(self.conn())
                .await
                .map_err(|e| self.fail(e))?;
        Ok(InventoryMeta {
            generation: row.get("generation"),
            default_inventory: row.get("default_inventory"),
        })
    }

    async fn inventory_blocks(&mut self) -> Result<Vec<BlockRecord>, StoreError> {
        // Each row becomes a record as it arrives, read by column position:
        // an operator's inventory can be a million blocks, and holding every
        // row first and looking columns up by name costs several times more.
        sqlx::query(
            "SELECT first_tn, last_tn, excluded, state, city, rate_center, lata, zip, tier, vendor_id, vendor_name, protected \
             FROM inventory_blocks ORDER BY first_tn, last_tn",
        )
        .map(|r: PgRow| BlockRecord {
            first: r.get::<i64, _>(0) as u64,
            last: r.get::<i64, _>(1) as u64,
            excluded: r.get(2),
            state: r.get(3),
            city: r.get(4),
            rate_center: r.get(5),
            lata: opt_u32(r.get(6)),
            zip: r.get(7),
            tier: opt_u32(r.get(8)),
            vendor_id: opt_u32(r.get(9)),
            vendor_name: r.get(10),
            protected: r.get(11),
        })
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))
    }

    async fn upsert_blocks(
        &mut self,
        blocks: &[BlockRecord],
        now: Timestamp,
    ) -> Result<u64, StoreError> {
        let blocks = last_per_key(blocks);
        let mut written = 0;
        for chunk in blocks.chunks(INSERT_CHUNK) {
            let mut q: QueryBuilder<Postgres> = QueryBuilder::new(
                "INSERT INTO inventory_blocks (first_tn, last_tn, excluded, state, city, rate_center, lata, zip, tier, vendor_id, vendor_name, protected, imported_at) ",
            );
            q.push_values(chunk, |mut b, r| {
                b.push_bind(r.first as i64)
                    .push_bind(r.last as i64)
                    .push_bind(r.excluded)
                    .push_bind(r.state.clone())
                    .push_bind(r.city.clone())
                    .push_bind(r.rate_center.clone())
                    .push_bind(r.lata.map(i64::from))
                    .push_bind(r.zip.clone())
                    .push_bind(r.tier.map(i64::from))
                    .push_bind(r.vendor_id.map(i64::from))
                    .push_bind(r.vendor_name.clone())
                    .push_bind(r.protected)
                    .push_bind(now.millis());
            });
            q.push(
                " ON CONFLICT (first_tn, last_tn, excluded) DO UPDATE SET state = EXCLUDED.state, city = EXCLUDED.city, \
                 rate_center = EXCLUDED.rate_center, lata = EXCLUDED.lata, zip = EXCLUDED.zip, tier = EXCLUDED.tier, \
                 vendor_id = EXCLUDED.vendor_id, vendor_name = EXCLUDED.vendor_name, protected = EXCLUDED.protected, imported_at = EXCLUDED.imported_at",
            );
            written += q
                .build()
                .execute(self.conn())
                .await
                .map_err(|e| self.fail(e))?
                .rows_affected();
        }
        Ok(written)
    }

    async fn set_default_inventory(&mut self, enabled: bool) -> Result<(), StoreError> {
        sqlx::query("UPDATE inventory_meta SET default_inventory = $1 WHERE id = 1")
            .bind(enabled)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn bump_inventory_generation(&mut self) -> Result<i64, StoreError> {
        sqlx::query_scalar(
            "UPDATE inventory_meta SET generation = generation + 1 WHERE id = 1 RETURNING generation",
        )
        .fetch_one(self.conn())
        .await
        .map_err(|e| self.fail(e))
    }
}

#[async_trait]
impl AvailabilityRepo for PgRepo {
    async fn taken(&mut self, tns: &[u64], now: Timestamp) -> Result<Vec<u64>, StoreError> {
        if tns.len() >= RANGE_PROBE_FROM {
            let (lo, hi) = tns
                .iter()
                .fold((u64::MAX, 0), |(lo, hi), &t| (lo.min(t), hi.max(t)));
            let held: Vec<String> = sqlx::query_scalar(
                "SELECT tn FROM numbers WHERE tn BETWEEN $1 AND $2 \
                 AND NOT (status IN ('Reserved', 'Aging') AND hold_until <= $3) LIMIT $4",
            )
            .bind(format!("{lo:010}"))
            .bind(format!("{hi:010}"))
            .bind(now.millis())
            .bind(tns.len() as i64)
            .fetch_all(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
            if held.len() < tns.len() {
                // Every held number of the range: keep those asked about.
                let asked: std::collections::HashSet<u64> = tns.iter().copied().collect();
                return Ok(held
                    .iter()
                    .filter_map(|t| t.parse::<u64>().ok())
                    .filter(|t| asked.contains(t))
                    .collect());
            }
        }
        let mut out = Vec::new();
        for chunk in tns.chunks(LOOKUP_CHUNK) {
            let list: Vec<String> = chunk.iter().map(|tn| format!("{tn:010}")).collect();
            // An ended reservation or aging period no longer holds its number.
            let rows: Vec<String> = sqlx::query_scalar(
                "SELECT tn FROM numbers WHERE tn = ANY($1) \
                 AND NOT (status IN ('Reserved', 'Aging') AND hold_until <= $2)",
            )
            .bind(list)
            .bind(now.millis())
            .fetch_all(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
            out.extend(rows.iter().filter_map(|t| t.parse::<u64>().ok()));
        }
        Ok(out)
    }

    async fn count_taken_in_ranges(
        &mut self,
        ranges: &[(u64, u64)],
    ) -> Result<Vec<u64>, StoreError> {
        if ranges.is_empty() {
            return Ok(Vec::new());
        }
        // Numbers are fixed-width text in the "C" collation, so a range of
        // numbers is a range of strings (and an index range scan).
        let firsts: Vec<String> = ranges.iter().map(|(a, _)| format!("{a:010}")).collect();
        let lasts: Vec<String> = ranges.iter().map(|(_, b)| format!("{b:010}")).collect();
        let counts: Vec<i64> = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM numbers WHERE tn BETWEEN r.lo AND r.hi) \
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r (lo, hi, i) ORDER BY r.i",
        )
        .bind(firsts)
        .bind(lasts)
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(counts.into_iter().map(|n| n.max(0) as u64).collect())
    }
}
