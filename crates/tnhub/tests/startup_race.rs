//! Start-up is idempotent and safe to race: several `tnhub serve` started
//! at the same moment on one new database all come up (migrations, the demo
//! account, user and fixed OAuth demo client), round after round, on
//! PostgreSQL and on one SQLite file; and servers given no demo credentials
//! agree on one demo account.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};

use support::{ACCOUNT, PASSWORD, Server, USER, empty_pg_schema};

/// Servers started together in each round.
const SERVERS: usize = 4;
/// Rounds, each on a new database.
const ROUNDS: usize = 3;
/// A fixed demo client every server of a round creates if absent.
const DEMO_CLIENT: [(&str, &str); 2] = [
    ("TNHUB_DEMO_CLIENT_ID", "race-demo-client"),
    ("TNHUB_DEMO_CLIENT_SECRET", "race-demo-client-secret-1"),
];

/// Starts `SERVERS` servers at once with `env`, each in its own thread
/// released by one barrier; panics (naming the server's output) if any
/// fails to start.
fn start_together(dir: &Path, env: &[(&str, &str)]) -> Vec<Server> {
    let barrier = Arc::new(Barrier::new(SERVERS));
    let threads: Vec<_> = (0..SERVERS)
        .map(|_| {
            let barrier = barrier.clone();
            let dir = dir.to_path_buf();
            let env: Vec<(String, String)> = env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            std::thread::spawn(move || {
                let env: Vec<(&str, &str)> =
                    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                barrier.wait();
                Server::start_logged(&dir, &env, &[]).0
            })
        })
        .collect();
    threads
        .into_iter()
        .map(|t| t.join().expect("a server failed to start"))
        .collect()
}

/// Every server answers the demo user on the demo account.
async fn all_serve(servers: &[Server]) {
    let http = reqwest::Client::new();
    for s in servers {
        let r = http
            .get(format!("{}/sites", s.base))
            .basic_auth(USER, Some(PASSWORD))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", s.base);
    }
}

fn stop(servers: Vec<Server>) {
    for mut s in servers {
        s.signal("TERM");
    }
}

#[tokio::test]
async fn servers_starting_together_on_a_new_postgres_database_all_start() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..ROUNDS {
        let (_, url) = empty_pg_schema(&format!("race{round}")).await;
        let servers = start_together(
            dir.path(),
            &[("TNHUB_DATABASE_URL", &url), DEMO_CLIENT[0], DEMO_CLIENT[1]],
        );
        all_serve(&servers).await;
        stop(servers);
    }
}

#[tokio::test]
async fn servers_starting_together_on_a_new_sqlite_file_all_start() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..ROUNDS {
        let url = format!(
            "sqlite://{}",
            dir.path().join(format!("r{round}.db")).display()
        );
        let servers = start_together(
            dir.path(),
            &[("TNHUB_DATABASE_URL", &url), DEMO_CLIENT[0], DEMO_CLIENT[1]],
        );
        all_serve(&servers).await;
        stop(servers);
    }
}

/// Starts `tnhub serve` without demo credentials; returns it and the demo
/// account its banner printed, if it printed one.
fn start_without_credentials(dir: &Path, url: &str) -> (std::process::Child, Option<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tnhub"))
        .arg("serve")
        .current_dir(dir)
        .env_remove("TNHUB_DEMO_ACCOUNT")
        .env_remove("TNHUB_DEMO_USER")
        .env_remove("TNHUB_DEMO_PASSWORD")
        .env("TNHUB_DATABASE_URL", url)
        .env("TNHUB_LISTEN", "127.0.0.1:0")
        .env("TNHUB_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut account = None;
    let mut started = false;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(a) = line.trim().strip_prefix("demo account:") {
            account = Some(a.trim().to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            started = true;
            break;
        }
    }
    assert!(started, "a server without demo credentials did not start");
    (child, account)
}

#[tokio::test]
async fn servers_without_demo_credentials_agree_on_one_demo_account() {
    let dir = tempfile::tempdir().unwrap();
    let (_, url) = empty_pg_schema("race_nocreds").await;
    let barrier = Arc::new(Barrier::new(SERVERS));
    let threads: Vec<_> = (0..SERVERS)
        .map(|_| {
            let (barrier, dir, url) = (barrier.clone(), dir.path().to_path_buf(), url.clone());
            std::thread::spawn(move || {
                barrier.wait();
                start_without_credentials(&dir, &url)
            })
        })
        .collect();
    let started: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let accounts: std::collections::BTreeSet<_> =
        started.iter().filter_map(|(_, a)| a.clone()).collect();
    assert_eq!(accounts.len(), 1, "one demo account for all: {accounts:?}");
    assert_ne!(accounts.first().unwrap(), ACCOUNT);
    for (mut child, _) in started {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        child.wait().unwrap();
    }
    // And the database holds that one account, no orphan from a loser.
    let store = tnhub_store_postgres::PgStore::open(&url, &|_| {})
        .await
        .unwrap();
    let hub = tnhub_core::Tnhub::new(
        std::sync::Arc::new(store),
        std::sync::Arc::new(tnhub_core::SystemClock),
    );
    let all: Vec<String> = hub
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id.to_string())
        .collect();
    assert_eq!(all, accounts.into_iter().collect::<Vec<_>>());
}
