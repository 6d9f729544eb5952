//! Opening the store a URL names.

use std::sync::Arc;

use anyhow::{Context, bail};
use tnhub_core::Store;
use tnhub_store_sqlite::SqliteStore;

/// Opens (creating and migrating as needed) the database at `url`,
/// reporting migration progress in the log.
pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
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
            bail!("PostgreSQL is not supported by this build yet; use a sqlite:// URL")
        }
        Some(other) => bail!("unknown database URL scheme '{other}': use sqlite://FILE"),
    }
}

/// A database URL with any password replaced, for logs and errors.
pub fn redact(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((userinfo, host)) => match userinfo.split_once(':') {
                Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
                None => url.to_string(),
            },
            None => url.to_string(),
        },
        None => url.to_string(),
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
    }
}
