//! `tnhub copy-database --from sqlite://… --to postgres://…`: move a whole
//! deployment from its SQLite file to PostgreSQL, so a user who started on
//! the embedded default can grow without starting over.
//!
//! Both databases are first opened the usual way (so both are migrated to
//! this binary's schema, and refused if they are newer); then every table
//! is copied row by row, in foreign-key order, inside one PostgreSQL
//! transaction, from one consistent read of the SQLite file. The two
//! backends have the same tables and columns (only the types' spelling
//! differs), which the copy checks rather than assumes: the PostgreSQL
//! catalogue says what each column is, and the value is converted to that
//! (`INTEGER` 0/1 to `BOOLEAN`, `INTEGER` to `BIGINT`, `TEXT`, `BLOB` to
//! `BYTEA`). Ids are kept (identity columns are `BY DEFAULT`), and each
//! identity sequence continues after the highest id SQLite ever handed out,
//! so nothing a client saw changes and no id is reused. The target must be
//! empty; stop the servers using the SQLite file first.
//!
//! Derived tables are not copied: the kept number counts (SQLite's
//! `number_counts`, PostgreSQL's `number_count_deltas`; docs/number-counts.md)
//! differ in shape between the backends, and PostgreSQL's triggers write the
//! target's counts as the copied numbers are inserted.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use anyhow::{Context, bail, ensure};
use clap::Args;
use futures::TryStreamExt;
use sqlx::{Connection, PgConnection, Postgres, QueryBuilder, Row, SqliteConnection};

use crate::database::redact;

/// `tnhub copy-database`.
#[derive(Debug, Args)]
#[command(
    about = "Copy a whole deployment from its SQLite file into an empty PostgreSQL database",
    long_about = "Copy a whole deployment (accounts, users, sites, numbers, orders, jobs, \
subscriptions, inventory, settings …) from its SQLite file into an empty PostgreSQL database, \
keeping every id. Stop the servers using the SQLite file first; then start them with \
--database-url set to the PostgreSQL URL."
)]
pub struct CopyArgs {
    /// The SQLite database to copy (`sqlite://FILE`).
    #[arg(long, env = "TNHUB_DATABASE_URL", hide_env_values = true)]
    pub from: String,
    /// The PostgreSQL database to copy into (`postgres://USER:PASSWORD@HOST/DB`);
    /// created tables must be empty.
    #[arg(long, env = "TNHUB_COPY_TO", hide_env_values = true)]
    pub to: String,
}

/// A column of the target: its name, PostgreSQL type and whether it is an
/// identity.
struct Column {
    name: String,
    ty: String,
    identity: bool,
}

/// Copies the deployment.
pub async fn run(args: CopyArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let (from, to) = (args.from.as_str(), args.to.as_str());
    ensure!(
        from.starts_with("sqlite:") || !from.contains("://"),
        "--from must be a SQLite database (sqlite://FILE), not {}",
        redact(from)
    );
    ensure!(
        to.starts_with("postgres://") || to.starts_with("postgresql://"),
        "--to must be a PostgreSQL database (postgres://…), not {}",
        redact(to)
    );
    // Open both the usual way: migrated to this binary's schema.
    crate::database::open(from).await?;
    crate::database::open(to).await?;

    let path = from
        .strip_prefix("sqlite://")
        .or_else(|| from.strip_prefix("sqlite:"))
        .unwrap_or(from);
    let path = path.split('?').next().unwrap_or(path);
    let mut src = SqliteConnection::connect(&format!("sqlite://{path}?mode=ro"))
        .await
        .with_context(|| format!("opening {} for reading", redact(from)))?;
    let mut dst = PgConnection::connect(to)
        .await
        .with_context(|| format!("connecting to {}", redact(to)))?;

    let applied = |v: Vec<i64>| v.into_iter().collect::<BTreeSet<i64>>();
    let src_versions = applied(
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut src)
            .await?,
    );
    let dst_versions = applied(
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut dst)
            .await?,
    );
    ensure!(
        src_versions == dst_versions,
        "the two databases are at different schema versions ({src_versions:?} and {dst_versions:?})"
    );

    // One consistent read of the source, one transaction on the target.
    sqlx::query("BEGIN").execute(&mut src).await?;
    let mut tx = dst.begin().await?;
    let tables = tables_in_order(&mut tx).await?;
    let mut total = 0u64;
    for table in &tables {
        let columns = target_columns(&mut tx, table).await?;
        check_source_columns(&mut src, table, &columns).await?;
        if table == "inventory_meta" {
            // Seeded by a migration; the source's row replaces it.
            sqlx::query("DELETE FROM inventory_meta")
                .execute(&mut *tx)
                .await?;
        }
        let occupied: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT EXISTS (SELECT 1 FROM {table})"
        )))
        .fetch_one(&mut *tx)
        .await?;
        if occupied {
            bail!(
                "{} already holds data (table {table}): copy into an empty database",
                redact(to)
            );
        }
        let n = copy_table(&mut src, &mut tx, table, &columns).await?;
        continue_identities(&mut src, &mut tx, table, &columns).await?;
        if n > 0 {
            eprintln!("  {table}: {n} rows");
        }
        total += n;
    }
    tx.commit().await.context("committing the copy")?;
    let _ = sqlx::query("ROLLBACK").execute(&mut src).await;
    println!(
        "copied {total} rows in {} tables from {} to {} in {:.1} s",
        tables.len(),
        redact(from),
        redact(to),
        started.elapsed().as_secs_f64()
    );
    println!("start the servers with --database-url set to the PostgreSQL URL");
    Ok(())
}

/// Tables the copy leaves to the target's triggers (see the module note).
const DERIVED: &[&str] = &["number_count_deltas"];

/// The target's tables (but sqlx's own and the derived ones), each after the
/// tables it refers to.
async fn tables_in_order(pg: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_sqlx_migrations' \
         ORDER BY c.relname",
    )
    .fetch_all(&mut *pg)
    .await?
    .into_iter()
    .filter(|n: &String| !DERIVED.contains(&n.as_str()))
    .collect();
    let edges: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.relname::text, r.relname::text FROM pg_constraint k \
         JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE k.contype = 'f' AND n.nspname = current_schema()",
    )
    .fetch_all(&mut *pg)
    .await?;
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = names
        .iter()
        .map(|n| (n.as_str(), BTreeSet::new()))
        .collect();
    for (table, referenced) in &edges {
        if table != referenced
            && let Some(set) = needs.get_mut(table.as_str())
        {
            set.insert(referenced.as_str());
        }
    }
    let mut order: Vec<String> = Vec::new();
    while order.len() < names.len() {
        let ready: Vec<&str> = needs
            .iter()
            .filter(|(t, deps)| {
                !order.iter().any(|o| o == *t) && deps.iter().all(|d| order.iter().any(|o| o == d))
            })
            .map(|(t, _)| *t)
            .collect();
        ensure!(!ready.is_empty(), "the tables' foreign keys form a cycle");
        order.extend(ready.into_iter().map(str::to_string));
    }
    Ok(order)
}

async fn target_columns(pg: &mut PgConnection, table: &str) -> anyhow::Result<Vec<Column>> {
    let rows = sqlx::query(
        "SELECT column_name::text AS name, data_type::text AS ty, is_identity::text = 'YES' AS identity \
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 \
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *pg)
    .await?;
    Ok(rows
        .iter()
        .map(|r| Column {
            name: r.get("name"),
            ty: r.get("ty"),
            identity: r.get("identity"),
        })
        .collect())
}

/// The source must have the table with every column the target has.
async fn check_source_columns(
    src: &mut SqliteConnection,
    table: &str,
    columns: &[Column],
) -> anyhow::Result<()> {
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
        .bind(table)
        .fetch_all(&mut *src)
        .await?;
    ensure!(
        !names.is_empty(),
        "the SQLite database has no table {table}"
    );
    for c in columns {
        ensure!(
            names.contains(&c.name),
            "the SQLite table {table} has no column {}",
            c.name
        );
    }
    Ok(())
}

/// One value read from SQLite, typed as the target column wants it.
enum Value {
    Int(Option<i64>),
    Bool(Option<bool>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

fn read_value(row: &sqlx::sqlite::SqliteRow, i: usize, c: &Column) -> anyhow::Result<Value> {
    let wrong = |e: sqlx::Error| anyhow::anyhow!("column {} ({}): {e}", c.name, c.ty);
    Ok(match c.ty.as_str() {
        "bigint" | "integer" | "smallint" => Value::Int(row.try_get(i).map_err(wrong)?),
        "boolean" => Value::Bool(
            row.try_get::<Option<i64>, _>(i)
                .map_err(wrong)?
                .map(|v| v != 0),
        ),
        "text" | "character varying" => Value::Text(row.try_get(i).map_err(wrong)?),
        "bytea" => Value::Bytes(row.try_get(i).map_err(wrong)?),
        other => bail!(
            "column {} has a type the copy does not know: {other}",
            c.name
        ),
    })
}

async fn copy_table(
    src: &mut SqliteConnection,
    pg: &mut PgConnection,
    table: &str,
    columns: &[Column],
) -> anyhow::Result<u64> {
    let list = columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    // PostgreSQL takes at most 65,535 parameters per statement.
    let per_insert = (60_000 / columns.len().max(1)).clamp(1, 1_000);
    let mut rows =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {list} FROM {table}"))).fetch(src);
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_insert);
    let mut copied = 0u64;
    loop {
        let row = rows
            .try_next()
            .await
            .with_context(|| format!("reading {table}"))?;
        if let Some(row) = &row {
            let values = columns
                .iter()
                .enumerate()
                .map(|(i, c)| read_value(row, i, c))
                .collect::<anyhow::Result<Vec<_>>>()
                .with_context(|| format!("reading {table}"))?;
            batch.push(values);
        }
        if batch.len() == per_insert || (row.is_none() && !batch.is_empty()) {
            let mut q: QueryBuilder<Postgres> =
                QueryBuilder::new(format!("INSERT INTO {table} ({list}) "));
            q.push_values(batch.drain(..), |mut b, values| {
                for v in values {
                    match v {
                        Value::Int(v) => b.push_bind(v),
                        Value::Bool(v) => b.push_bind(v),
                        Value::Text(v) => b.push_bind(v),
                        Value::Bytes(v) => b.push_bind(v),
                    };
                }
            });
            copied += q
                .build()
                .execute(&mut *pg)
                .await
                .with_context(|| format!("writing {table}"))?
                .rows_affected();
        }
        if row.is_none() {
            return Ok(copied);
        }
    }
}

/// Moves each identity sequence past the highest id SQLite handed out
/// (`sqlite_sequence` remembers ids of deleted rows too).
async fn continue_identities(
    src: &mut SqliteConnection,
    pg: &mut PgConnection,
    table: &str,
    columns: &[Column],
) -> anyhow::Result<()> {
    let seq: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT name, seq FROM sqlite_sequence WHERE name = ?")
            .bind(table)
            .fetch_all(&mut *src)
            .await
            .unwrap_or_default()
            .into_iter()
            .collect();
    for c in columns.iter().filter(|c| c.identity) {
        let max: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT MAX({}) FROM {table}",
            c.name
        )))
        .fetch_one(&mut *pg)
        .await?;
        let last = max.unwrap_or(0).max(seq.get(table).copied().unwrap_or(0));
        if last > 0 {
            sqlx::query("SELECT setval(pg_get_serial_sequence($1, $2), $3)")
                .bind(table)
                .bind(&c.name)
                .bind(last)
                .execute(&mut *pg)
                .await?;
        }
    }
    Ok(())
}
