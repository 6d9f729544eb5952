//! What the binary-level tests share: starting the real `tnhub` binary on a
//! loopback port with known demo credentials, and reading bits of XML.
//!
//! Each test file that uses it declares `mod support;`, so an item one file
//! does not use would warn; hence the `allow(dead_code)`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub const ACCOUNT: &str = "9900001";
pub const USER: &str = "crash";
pub const PASSWORD: &str = "crash-test-password";

/// A running `tnhub serve` process.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT/api/accounts/ACCOUNT`.
    pub base: String,
}

impl Server {
    /// Starts `tnhub serve` in `dir` on the SQLite file `db`, with `args`
    /// added, and waits until it says it is ready.
    pub fn start(dir: &Path, db: &str, args: &[&str]) -> Server {
        Self::start_through(Command::new(env!("CARGO_BIN_EXE_tnhub")), dir, db, args)
    }

    /// Like [`Server::start`], but through `prlimit` with an address-space
    /// limit of `bytes` (the server is `prlimit`'s process: it execs).
    pub fn start_limited(dir: &Path, db: &str, args: &[&str], bytes: u64) -> Server {
        let mut command = Command::new("prlimit");
        command
            .arg(format!("--as={bytes}"))
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_tnhub"));
        Self::start_through(command, dir, db, args)
    }

    fn start_through(mut command: Command, dir: &Path, db: &str, args: &[&str]) -> Server {
        let mut child = command
            .arg("serve")
            .args(args)
            .current_dir(dir)
            .env("TNHUB_LISTEN", "127.0.0.1:0")
            .env(
                "TNHUB_DATABASE_URL",
                format!("sqlite://{}", dir.join(db).display()),
            )
            .env("TNHUB_DEMO_ACCOUNT", ACCOUNT)
            .env("TNHUB_DEMO_USER", USER)
            .env("TNHUB_DEMO_PASSWORD", PASSWORD)
            .env("TNHUB_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tnhub");
        let out = child.stdout.take().unwrap();
        let mut base = String::new();
        for line in BufReader::new(out).lines() {
            let line = line.unwrap();
            if let Some(addr) = line.split("listening on ").nth(1) {
                base = format!("{addr}/api/accounts/{ACCOUNT}");
            }
            if line.starts_with("Press Ctrl-C") {
                break;
            }
        }
        assert!(!base.is_empty(), "the server did not print its address");
        Server { child, base }
    }

    /// A line of `/proc/PID/status` in KiB (`VmHWM`, `VmRSS`).
    pub fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server's /proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc status"))
    }

    /// Sends `signal` (`KILL`, `TERM`) and waits for the process to end.
    pub fn signal(&mut self, signal: &str) {
        Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap();
    }
}

/// The text of the first `<tag>` in `body`.
pub fn text_of(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = body.find(&open)? + open.len();
    Some(
        body[start..]
            .split(&format!("</{tag}>"))
            .next()?
            .to_string(),
    )
}

/// The text of every `<tag>` in `body`.
pub fn all_of(body: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    body.split(&open)
        .skip(1)
        .filter_map(|s| s.split(&format!("</{tag}>")).next())
        .map(str::to_string)
        .collect()
}

// What the PostgreSQL tests of the binary share (postgres_cli.rs,
// failover_portins.rs): the test database, fresh schemas in it, and
// servers started with their database given only through the environment,
// with everything they print kept.

/// The PostgreSQL database the tests may use (`TNHUB_TEST_DATABASE_URL`).
/// Unset is a failure, not a skip.
pub fn pg_test_url() -> String {
    std::env::var("TNHUB_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "TNHUB_TEST_DATABASE_URL is not set, and this test needs PostgreSQL. Run \
             ./scripts/test.sh, or scripts/pg-test-db.sh cargo nextest run -p tnhub --test <name>"
        )
    })
}

/// A schema name no other test of this run or an earlier one uses.
fn unique_schema(name: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{name}_{}_{}_{nanos:x}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// `url` with the session working in `schema` (what a server is given).
pub fn url_in_schema(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}max_connections=6&options=-c%20search_path%3D{schema}")
}

/// A new, empty schema (no tables) in the test database: its name and the
/// URL of a server working in it.
pub async fn empty_pg_schema(name: &str) -> (String, String) {
    use sqlx::Connection;
    let schema = unique_schema(name);
    let mut conn = sqlx::PgConnection::connect(&pg_test_url())
        .await
        .expect("connect to the test database");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut conn)
        .await
        .expect("create a schema");
    conn.close().await.unwrap();
    (schema.clone(), url_in_schema(&pg_test_url(), &schema))
}

/// A fresh, migrated schema: the URL servers use to work in it, and a
/// store on it for checking what they did.
pub async fn pg_deployment(name: &str) -> (String, tnhub_store_postgres::PgStore) {
    let schema = unique_schema(name);
    let store = tnhub_store_postgres::PgStore::open_in_schema(&pg_test_url(), &schema, &|_| {})
        .await
        .expect("create the schema");
    (url_in_schema(&pg_test_url(), &schema), store)
}

/// `url` with `password` added (a trust-auth server ignores it): in the
/// user-info part when there is a user, else as a `password=` parameter.
pub fn with_password(url: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL with a scheme");
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    match authority.rsplit_once('@') {
        Some((user_info, _)) => {
            let user = user_info.split(':').next().unwrap_or(user_info);
            format!(
                "{scheme}://{user}:{password}@{}",
                &rest[user_info.len() + 1..]
            )
        }
        None => {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}password={password}")
        }
    }
}

impl Server {
    /// Starts `tnhub serve` in `dir` with `env` set (the database given
    /// only through it: no `--database-url`, and no `TNHUB_DATABASE_URL`
    /// inherited) and waits until it says it is ready. Everything it
    /// prints, on stdout and stderr, is collected in the returned text.
    pub fn start_logged(
        dir: &Path,
        env: &[(&str, &str)],
        args: &[&str],
    ) -> (Server, std::sync::Arc<std::sync::Mutex<String>>) {
        use std::sync::{Arc, Mutex};
        let mut command = Command::new(env!("CARGO_BIN_EXE_tnhub"));
        command
            .arg("serve")
            .args(args)
            .current_dir(dir)
            .env_remove("TNHUB_DATABASE_URL")
            .env("TNHUB_LISTEN", "127.0.0.1:0")
            .env("TNHUB_DEMO_ACCOUNT", ACCOUNT)
            .env("TNHUB_DEMO_USER", USER)
            .env("TNHUB_DEMO_PASSWORD", PASSWORD)
            .env("TNHUB_LOG", "info");
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tnhub");
        let output = Arc::new(Mutex::new(String::new()));
        let keep = |pipe: Box<dyn std::io::Read + Send>, output: Arc<Mutex<String>>| {
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    let mut o = output.lock().unwrap();
                    o.push_str(&line);
                    o.push('\n');
                }
            })
        };
        let stderr = keep(Box::new(child.stderr.take().unwrap()), output.clone());
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut base = String::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            output.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(addr) = line.split("listening on ").nth(1) {
                base = format!("{addr}/api/accounts/{ACCOUNT}");
            }
            if line.starts_with("Press Ctrl-C") {
                break;
            }
        }
        if base.is_empty() {
            let _ = child.wait();
            let _ = stderr.join();
            panic!("the server did not start:\n{}", output.lock().unwrap());
        }
        // Keep reading stdout too, so later lines are kept and printing
        // never meets a closed pipe.
        let rest = output.clone();
        std::thread::spawn(move || {
            for line in lines {
                let Ok(line) = line else { break };
                rest.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        (Server { child, base }, output)
    }
}

impl Server {
    /// `http://127.0.0.1:PORT`: where `/admin/…` and `/api/tns/…` live.
    pub fn origin(&self) -> String {
        self.base.split("/api/").next().unwrap().to_string()
    }
}

/// Posts to the operator plane (`path` starts with `/admin`) with the
/// bearer `token` and asserts a 200.
pub async fn admin_post(http: &reqwest::Client, server: &Server, token: &str, path: &str) {
    let r = http
        .post(format!("{}{path}", server.origin()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}: {}", r.text().await.unwrap());
}

/// The statuses of an order's `/history`, oldest first (`path` is the
/// order's URL).
pub async fn history_statuses(http: &reqwest::Client, path: &str) -> Vec<String> {
    let r = http
        .get(format!("{path}/history"))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}/history");
    all_of(&r.text().await.unwrap(), "Status")
}

/// Opens the SQLite file of a killed (or stopped) server directly.
pub async fn open_store(dir: &Path, db: &str) -> tnhub_store_sqlite::SqliteStore {
    tnhub_store_sqlite::SqliteStore::open(&format!("sqlite://{}", dir.join(db).display()), &|_| {})
        .await
        .unwrap()
}

/// Creates a site (a full Raleigh address) and a SIP peer in it, which is
/// then the site's default, through the API at `base`; returns the site id.
pub async fn site_and_peer(http: &reqwest::Client, base: &str, site: &str, peer: &str) -> String {
    let r = http
        .post(format!("{base}/sites"))
        .basic_auth(USER, Some(PASSWORD))
        .body(format!(
            "<Site><Name>{site}</Name><Address><HouseNumber>1</HouseNumber><StreetName>Main</StreetName>\
             <City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip><Country>United States</Country></Address></Site>"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    let id = r.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let r = http
        .post(format!("{base}/sites/{id}/sippeers"))
        .basic_auth(USER, Some(PASSWORD))
        .body(format!("<SipPeer><PeerName>{peer}</PeerName></SipPeer>"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    id
}
