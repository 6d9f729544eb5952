//! Orders counted by kind and status, and by day: the console's overview.
//! One grouped query each over the `orders_by_status` index (migration
//! 0015), so the overview costs an index scan, not a table scan.

use sqlx::{Postgres, QueryBuilder, Row};
use tnhub_core::Timestamp;
use tnhub_core::ids::AccountId;
use tnhub_core::order::{DayCount, OrderKind, StatusCount};
use tnhub_core::store::StoreError;

use crate::PgRepo;

const DAY_MS: i64 = 86_400_000;

fn push_accounts(q: &mut QueryBuilder<Postgres>, accounts: Option<&[AccountId]>) {
    if let Some(accounts) = accounts {
        q.push(" AND account_id IN (");
        let mut list = q.separated(", ");
        // An empty list matches nothing (and `IN ()` is not SQL).
        list.push_bind(String::new());
        for a in accounts {
            list.push_bind(a.as_str().to_string());
        }
        q.push(")");
    }
}

pub(crate) async fn status_counts(
    repo: &mut PgRepo,
    accounts: Option<&[AccountId]>,
) -> Result<Vec<StatusCount>, StoreError> {
    let mut q: QueryBuilder<Postgres> =
        QueryBuilder::new("SELECT kind, status, COUNT(*) AS n FROM orders WHERE 1 = 1");
    push_accounts(&mut q, accounts);
    // Grouped in the index's own order (account, kind, status): no sort of
    // the rows; the accounts' counts are summed below.
    q.push(" GROUP BY account_id, kind, status");
    let rows = q
        .build()
        .fetch_all(repo.conn())
        .await
        .map_err(|e| repo.fail(e))?;
    let mut sums: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for r in &rows {
        *sums.entry((r.get("kind"), r.get("status"))).or_default() +=
            r.get::<i64, _>("n").max(0) as u64;
    }
    Ok(sums
        .into_iter()
        .filter_map(|((kind, status), count)| {
            Some(StatusCount {
                kind: OrderKind::parse(&kind)?,
                status,
                count,
            })
        })
        .collect())
}

pub(crate) async fn days(
    repo: &mut PgRepo,
    accounts: Option<&[AccountId]>,
    since: Timestamp,
) -> Result<Vec<DayCount>, StoreError> {
    let mut q: QueryBuilder<Postgres> = QueryBuilder::new(format!(
        "SELECT (created_at / {DAY_MS})::BIGINT AS day, status, COUNT(*) AS n FROM orders WHERE created_at >= "
    ));
    q.push_bind(since.millis());
    push_accounts(&mut q, accounts);
    q.push(" GROUP BY day, status ORDER BY day, status");
    let rows = q
        .build()
        .fetch_all(repo.conn())
        .await
        .map_err(|e| repo.fail(e))?;
    Ok(rows
        .iter()
        .map(|r| DayCount {
            day: r.get("day"),
            status: r.get("status"),
            count: r.get::<i64, _>("n").max(0) as u64,
        })
        .collect())
}
