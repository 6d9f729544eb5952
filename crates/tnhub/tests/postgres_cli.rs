//! The binary on PostgreSQL as a user runs it: `tnhub migrate` against a
//! `postgres://` URL (applied once, a second run changing nothing), `tnhub
//! serve` finding its database in `TNHUB_DATABASE_URL` alone, and the
//! password in that URL never printed: not by `--help`, not in the log of a
//! server that starts (even at debug level) or of one that cannot connect.
//!
//! The database is the one `TNHUB_TEST_DATABASE_URL` names (see
//! `scripts/pg-test-db.sh`); each test works in a fresh schema of it.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::{
    ACCOUNT, PASSWORD, Server, USER, empty_pg_schema, pg_test_url, text_of, with_password,
};
use tnhub_core::Store;
use tnhub_store_postgres::PgStore;

/// A password that would stand out anywhere it leaked.
const SECRET: &str = "Hunter2-pg-SECRET-q7x";

fn tnhub(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tnhub"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("TNHUB_DATABASE_URL")
        .env("TNHUB_LOG", "info");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run tnhub")
}

fn printed(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The migrations this binary carries, counted from their directory.
fn migrations() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../store-postgres/migrations");
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count()
}

async fn applied(schema: &str) -> i64 {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&pg_test_url()).await.unwrap();
    let n = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {schema}._sqlx_migrations WHERE success"
    )))
    .fetch_one(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    n
}

#[tokio::test]
async fn migrate_applies_the_migrations_once() {
    let dir = tempfile::tempdir().unwrap();
    let (schema, url) = empty_pg_schema("cli_migrate").await;
    let url = with_password(&url, SECRET);

    let first = tnhub(dir.path(), &["migrate", "--database-url", &url], &[]);
    let said = printed(&first);
    assert!(first.status.success(), "{said}");
    assert!(said.contains("applying migration 1"), "{said}");
    assert!(said.contains("is up to date"), "{said}");
    assert!(!said.contains(SECRET), "the password was printed:\n{said}");
    assert_eq!(applied(&schema).await, migrations() as i64);

    // The schema is complete: a store opening it has nothing left to apply.
    let lines = std::sync::Mutex::new(Vec::new());
    let store = PgStore::open_in_schema(&pg_test_url(), &schema, &|l: &str| {
        lines.lock().unwrap().push(l.to_string())
    })
    .await
    .unwrap();
    assert!(
        lines.lock().unwrap().is_empty(),
        "{:?}",
        lines.lock().unwrap()
    );
    let mut tx = store.write().await.unwrap();
    tx.insert_account(&tnhub_core::account::Account {
        id: tnhub_core::ids::AccountId::parse("4400001").unwrap(),
        company_name: "kept".into(),
        created_at: tnhub_core::Timestamp::from_millis(0),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // Again: nothing to apply, nothing lost; the URL through the environment.
    let second = tnhub(dir.path(), &["migrate"], &[("TNHUB_DATABASE_URL", &url)]);
    let said = printed(&second);
    assert!(second.status.success(), "{said}");
    assert!(!said.contains("applying migration"), "{said}");
    assert!(said.contains("is up to date"), "{said}");
    assert!(!said.contains(SECRET), "the password was printed:\n{said}");
    assert_eq!(applied(&schema).await, migrations() as i64);
    assert_eq!(
        store.read().await.unwrap().accounts().await.unwrap().len(),
        1
    );
    assert!(
        !dir.path().join("tnhub.db").exists(),
        "no SQLite file beside"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_finds_its_database_in_the_environment_and_never_logs_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let (schema, url) = empty_pg_schema("cli_serve").await;
    let url = with_password(&url, SECRET);
    // Debug level: more than a user would see, so nothing hides below it.
    let (mut server, output) = Server::start_logged(
        dir.path(),
        &[("TNHUB_DATABASE_URL", &url), ("TNHUB_LOG", "debug")],
        &[],
    );
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/sites", server.base))
        .basic_auth(USER, Some(PASSWORD))
        .body("<Site><Name>on postgres</Name><Address><StreetName>Main</StreetName><City>Raleigh</City><StateCode>NC</StateCode></Address></Site>")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = http
        .get(format!("{}/sites", server.base))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        text_of(&r.text().await.unwrap(), "Name").as_deref(),
        Some("on postgres")
    );
    let ready = server
        .base
        .replace(&format!("/api/accounts/{ACCOUNT}"), "/ready");
    assert_eq!(http.get(ready).send().await.unwrap().status(), 200);
    server.signal("TERM");

    // It was PostgreSQL: the server migrated the empty schema and the site
    // is there, and no SQLite file was made for lack of a flag.
    assert!(!dir.path().join("tnhub.db").exists());
    let store = PgStore::open_in_schema(&pg_test_url(), &schema, &|_| {})
        .await
        .unwrap();
    let acct = tnhub_core::ids::AccountId::parse(ACCOUNT).unwrap();
    let sites = store.read().await.unwrap().sites(&acct).await.unwrap();
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0].fields.name, "on postgres");

    let log = output.lock().unwrap().clone();
    assert!(log.contains("applying migration 1"), "{log}");
    assert!(log.contains("starting tnhub"), "{log}");
    assert!(
        log.contains(":***@"),
        "the log names the redacted URL:\n{log}"
    );
    assert!(!log.contains(SECRET), "the password is in the log:\n{log}");
}

#[test]
fn help_never_shows_the_database_password() {
    let dir = tempfile::tempdir().unwrap();
    let url = with_password("postgres://tnhub@db.invalid:5432/tnhub", SECRET);
    let env = [("TNHUB_DATABASE_URL", url.as_str())];
    for args in [
        &["serve", "--help"][..],
        &["serve", "-h"],
        &["migrate", "--help"],
        &["import", "--help"],
        &["--help"],
    ] {
        let o = tnhub(dir.path(), args, &env);
        let said = printed(&o);
        assert!(o.status.success(), "{args:?}: {said}");
        assert!(
            !said.contains(SECRET),
            "{args:?} shows the password:\n{said}"
        );
    }
    let help = printed(&tnhub(dir.path(), &["serve", "--help"], &env));
    assert!(help.contains("TNHUB_DATABASE_URL"), "{help}");
}

#[test]
fn a_database_that_cannot_be_reached_is_reported_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 1.
    let url = format!("postgres://tnhub:{SECRET}@127.0.0.1:1/tnhub");
    for (args, env) in [
        (vec!["serve"], vec![("TNHUB_DATABASE_URL", url.as_str())]),
        (vec!["migrate", "--database-url", url.as_str()], vec![]),
    ] {
        let o = tnhub(dir.path(), &args, &env);
        let said = printed(&o);
        assert!(!o.status.success(), "{args:?}: {said}");
        assert!(said.contains("PostgreSQL"), "{args:?}: {said}");
        assert!(
            !said.contains(SECRET),
            "{args:?} printed the password:\n{said}"
        );
    }
}
