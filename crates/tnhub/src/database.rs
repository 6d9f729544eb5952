//! Opening the store a URL names: the scheme picks the backend
//! (`sqlite://` or a bare path: SQLite; `postgres://`, `postgresql://`:
//! PostgreSQL). Errors and logs only ever show the URL redacted.

use std::sync::Arc;

use anyhow::{Context, bail};
use tnhub_core::Store;
use tnhub_store_postgres::PgStore;
use tnhub_store_sqlite::SqliteStore;

/// Opens (creating and migrating as needed) the database at `url`,
/// reporting migration progress in the log.
pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    open_with_timeout(url, tnhub_store_postgres::DEFAULT_ACQUIRE_TIMEOUT).await
}

/// [`open`], with a PostgreSQL pool whose requests wait at most
/// `acquire_timeout` for a connection (SQLite has one writer, whose queue is
/// the point, and no network to lose).
pub async fn open_with_timeout(
    url: &str,
    acquire_timeout: std::time::Duration,
) -> anyhow::Result<Arc<dyn Store>> {
    let progress = |line: &str| tracing::info!("{line}");
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("sqlite") | None => {
            let store = SqliteStore::open(url, &progress)
                .await
                .with_context(|| format!("opening the SQLite database {}", redact(url)))?;
            Ok(Arc::new(store))
        }
        Some("postgres" | "postgresql") => {
            let store = PgStore::open_with_timeout(url, acquire_timeout, &progress)
                .await
                .with_context(|| format!("opening the PostgreSQL database {}", redact(url)))?;
            Ok(Arc::new(store))
        }
        Some(other) => bail!(
            "unknown database URL scheme '{other}': use sqlite://FILE or postgres://USER@HOST/DATABASE"
        ),
    }
}

/// A database URL with any password replaced, for logs and errors: the
/// one in the user-info part (`postgres://user:***@host/db`) and a
/// `password=` query parameter.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (main, query) = match rest.split_once('?') {
        Some((m, q)) => (m, Some(q)),
        None => (rest, None),
    };
    // The last '@' ends the user info: a password may contain one.
    let main = match main.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => main.to_string(),
        },
        None => main.to_string(),
    };
    let query = query.map(|q| {
        q.split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => pair.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&")
    });
    match query {
        Some(q) => format!("{scheme}://{main}?{q}"),
        None => format!("{scheme}://{main}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_show() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("sqlite://tnhub.db"), "sqlite://tnhub.db");
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            super::redact("postgres://u:p@ss@h:5432/db?sslmode=require"),
            "postgres://u:***@h:5432/db?sslmode=require"
        );
        assert_eq!(
            super::redact("postgresql://h/db?user=u&Password=secret&max_connections=4"),
            "postgresql://h/db?user=u&Password=***&max_connections=4"
        );
    }
}
