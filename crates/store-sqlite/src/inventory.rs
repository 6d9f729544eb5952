//! Inventory blocks and the taken-number check on SQLite.

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use tnhub_core::Timestamp;
use tnhub_core::inventory::BlockRecord;
use tnhub_core::store::{AvailabilityRepo, InventoryMeta, InventoryRepo, StoreError};

use crate::{SqliteRepo, map_err};

/// Rows per multi-row INSERT (13 values each, well under SQLite's limit).
const INSERT_CHUNK: usize = 1_000;
/// Numbers per `IN (…)` list.
const LOOKUP_CHUNK: usize = 2_000;
/// From this many numbers on, `taken` first reads the held numbers of the
/// whole range the candidates span (at most as many rows as candidates):
/// one index range scan instead of thousands of bound look-ups.
const RANGE_PROBE_FROM: usize = 500;

fn opt_u32(v: Option<i64>) -> Option<u32> {
    v.and_then(|n| u32::try_from(n).ok())
}

/// The blocks with one row per key, the last one given winning (as it
/// would when written one by one). SQLite would take a key met twice in one
/// statement as an insert and then an update and count both; PostgreSQL
/// refuses it, so its store merges first. Merging here too makes both
/// report the same rows written. A file in range order, the usual case,
/// has nothing to merge and costs one pass.
fn last_per_key(blocks: &[BlockRecord]) -> Vec<&BlockRecord> {
    let key = |b: &BlockRecord| (b.first, b.last, b.excluded);
    if blocks.windows(2).all(|w| key(&w[0]) < key(&w[1])) {
        return blocks.iter().collect();
    }
    let mut last: HashMap<(u64, u64, bool), usize> = HashMap::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        last.insert(key(b), i);
    }
    blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| last.get(&key(b)) == Some(i))
        .map(|(_, b)| b)
        .collect()
}

#[async_trait]
impl InventoryRepo for SqliteRepo {
    async fn inventory_meta(&mut self) -> Result<InventoryMeta, StoreError> {
        let row =
            sqlx::query("SELECT generation, default_inventory FROM inventory_meta WHERE id = 1")
                .fetch_one(self.conn())
                .await
                .map_err(map_err)?;
        Ok(InventoryMeta {
            generation: row.get("generation"),
            default_inventory: row.get::<i64, _>("default_inventory") != 0,
        })
    }

    async fn inventory_blocks(&mut self) -> Result<Vec<BlockRecord>, StoreError> {
        // Each row becomes a record as it arrives, read by column position:
        // holding a million `SqliteRow`s first and looking columns up by
        // name took several times longer (and most of an import's time).
        sqlx::query(
            "SELECT first_tn, last_tn, excluded, state, city, rate_center, lata, zip, tier, vendor_id, vendor_name, protected \
             FROM inventory_blocks ORDER BY first_tn, last_tn",
        )
        .map(|r: SqliteRow| BlockRecord {
            first: r.get::<i64, _>(0) as u64,
            last: r.get::<i64, _>(1) as u64,
            excluded: r.get::<i64, _>(2) != 0,
            state: r.get(3),
            city: r.get(4),
            rate_center: r.get(5),
            lata: opt_u32(r.get(6)),
            zip: r.get(7),
            tier: opt_u32(r.get(8)),
            vendor_id: opt_u32(r.get(9)),
            vendor_name: r.get(10),
            protected: r.get::<i64, _>(11) != 0,
        })
        .fetch_all(self.conn())
        .await
        .map_err(map_err)
    }

    async fn upsert_blocks(
        &mut self,
        blocks: &[BlockRecord],
        now: Timestamp,
    ) -> Result<u64, StoreError> {
        let blocks = last_per_key(blocks);
        let mut written = 0;
        for chunk in blocks.chunks(INSERT_CHUNK) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO inventory_blocks (first_tn, last_tn, excluded, state, city, rate_center, lata, zip, tier, vendor_id, vendor_name, protected, imported_at) ",
            );
            q.push_values(chunk, |mut b, r| {
                b.push_bind(r.first as i64)
                    .push_bind(r.last as i64)
                    .push_bind(i64::from(r.excluded))
                    .push_bind(r.state.clone())
                    .push_bind(r.city.clone())
                    .push_bind(r.rate_center.clone())
                    .push_bind(r.lata.map(i64::from))
                    .push_bind(r.zip.clone())
                    .push_bind(r.tier.map(i64::from))
                    .push_bind(r.vendor_id.map(i64::from))
                    .push_bind(r.vendor_name.clone())
                    .push_bind(i64::from(r.protected))
                    .push_bind(now.millis());
            });
            q.push(
                " ON CONFLICT (first_tn, last_tn, excluded) DO UPDATE SET state = excluded.state, city = excluded.city, \
                 rate_center = excluded.rate_center, lata = excluded.lata, zip = excluded.zip, tier = excluded.tier, \
                 vendor_id = excluded.vendor_id, vendor_name = excluded.vendor_name, protected = excluded.protected, imported_at = excluded.imported_at",
            );
            written += q
                .build()
                .execute(self.conn())
                .await
                .map_err(map_err)?
                .rows_affected();
        }
        Ok(written)
    }

    async fn set_default_inventory(&mut self, enabled: bool) -> Result<(), StoreError> {
        sqlx::query("UPDATE inventory_meta SET default_inventory = ? WHERE id = 1")
            .bind(i64::from(enabled))
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn bump_inventory_generation(&mut self) -> Result<i64, StoreError> {
        sqlx::query_scalar("UPDATE inventory_meta SET generation = generation + 1 WHERE id = 1 RETURNING generation")
            .fetch_one(self.conn())
            .await
            .map_err(map_err)
    }
}

#[async_trait]
impl AvailabilityRepo for SqliteRepo {
    async fn taken(&mut self, tns: &[u64], now: Timestamp) -> Result<Vec<u64>, StoreError> {
        if tns.len() >= RANGE_PROBE_FROM {
            let (lo, hi) = tns
                .iter()
                .fold((u64::MAX, 0), |(lo, hi), &t| (lo.min(t), hi.max(t)));
            // Numbers are fixed-width text, so a range of numbers is a range of strings.
            let held: Vec<String> = sqlx::query_scalar(
                "SELECT tn FROM numbers WHERE tn BETWEEN ? AND ? \
                 AND NOT (status IN ('Reserved', 'Aging') AND hold_until <= ?) LIMIT ?",
            )
            .bind(format!("{lo:010}"))
            .bind(format!("{hi:010}"))
            .bind(now.millis())
            .bind(tns.len() as i64)
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?;
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
            let mut q: QueryBuilder<Sqlite> =
                QueryBuilder::new("SELECT tn FROM numbers WHERE tn IN (");
            let mut list = q.separated(", ");
            for tn in chunk {
                list.push_bind(format!("{tn:010}"));
            }
            // An ended reservation or aging period no longer holds its number.
            q.push(") AND NOT (status IN ('Reserved', 'Aging') AND hold_until <= ");
            q.push_bind(now.millis());
            q.push(")");
            let rows: Vec<String> = q
                .build_query_scalar()
                .fetch_all(self.conn())
                .await
                .map_err(map_err)?;
            out.extend(rows.iter().filter_map(|t| t.parse::<u64>().ok()));
        }
        Ok(out)
    }

    async fn count_taken_in_ranges(
        &mut self,
        ranges: &[(u64, u64)],
    ) -> Result<Vec<u64>, StoreError> {
        let mut out = Vec::with_capacity(ranges.len());
        for &(first, last) in ranges {
            // Numbers are fixed-width text, so a range of numbers is a range of strings.
            let n: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM numbers WHERE tn BETWEEN ? AND ?")
                    .bind(format!("{first:010}"))
                    .bind(format!("{last:010}"))
                    .fetch_one(self.conn())
                    .await
                    .map_err(map_err)?;
            out.push(n.max(0) as u64);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use tnhub_core::Timestamp;
    use tnhub_core::store::Store;

    use crate::SqliteStore;

    /// `taken` answers the same through the range probe (many candidates)
    /// and the `IN` lists (few, or more held numbers in the range than
    /// candidates).
    #[tokio::test]
    async fn taken_is_the_same_by_range_and_by_list() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = SqliteStore::open(&url, &|_| {}).await.unwrap();
        let now = Timestamp::from_millis(1_000_000);
        let insert = |tn: u64, status: &str, hold_until: Option<i64>| {
            sqlx::query(
                "INSERT INTO numbers (tn, status, updated_at, hold_until) VALUES (?, ?, 0, ?)",
            )
            .bind(format!("{tn:010}"))
            .bind(status.to_string())
            .bind(hold_until)
        };
        let base = 9_192_120_000u64;
        for (tn, status, hold) in [
            (base + 1, "InService", None),
            (base + 2, "Reserved", Some(999_999)), // ended: not held
            (base + 3, "Reserved", Some(2_000_000)),
            (base + 4, "Aging", Some(1_000_000)), // ends now: not held
            (base + 5, "InService", None),        // in the range, not asked
            (base + 9_999, "InService", None),
        ] {
            insert(tn, status, hold)
                .execute(&store.writer)
                .await
                .unwrap();
        }
        let ask = |n: u64| -> Vec<u64> {
            (0..n)
                .map(|i| base + i * 2)
                .chain([base + 1, base + 3])
                .collect()
        };
        let taken = async |tns: &[u64]| {
            let mut got = store.read().await.unwrap().taken(tns, now).await.unwrap();
            got.sort_unstable();
            got
        };
        assert_eq!(taken(&ask(10)).await, [base + 1, base + 3], "by list");
        assert_eq!(taken(&ask(1_000)).await, [base + 1, base + 3], "by range");

        // More held numbers in the range than candidates: the probe gives up
        // and the lists answer (and with few candidates, the lists alone).
        for i in 0..1_000 {
            insert(base + 5_000 + i, "InService", None)
                .execute(&store.writer)
                .await
                .unwrap();
        }
        let mut tns = ask(300);
        tns.extend([base + 5_010, base + 9_999]);
        assert_eq!(
            taken(&tns).await,
            [base + 1, base + 3, base + 5_010, base + 9_999]
        );
        let mut tns = ask(600);
        tns.extend([base + 5_010, base + 9_999]);
        assert_eq!(
            taken(&tns).await,
            [base + 1, base + 3, base + 5_010, base + 9_999]
        );
    }
}
