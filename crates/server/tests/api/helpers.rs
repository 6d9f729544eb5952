//! `TestApp`: the real server on a loopback port over a fresh SQLite file
//! (or, with `TNHUB_TEST_BACKEND=postgres`, a fresh schema of the
//! PostgreSQL database `TNHUB_TEST_DATABASE_URL`), and a client with one
//! method per kind of request.

use std::path::PathBuf;
use std::sync::Arc;

use reqwest::{Method, Response, StatusCode};
use tnhub_core::ids::AccountId;
use tnhub_core::user::{Password, Username};
use tnhub_core::{Store, Tnhub};
use tnhub_server::{AppState, ServerConfig};
use tnhub_store_postgres::PgStore;
use tnhub_store_sqlite::SqliteStore;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const ACCOUNT: &str = "9900001";
pub const USER: &str = "demo";
pub const PASSWORD: &str = "demo-password";
pub const ADMIN_TOKEN: &str = "operator-token-for-tests";

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub hub: Tnhub,
    pub db_path: PathBuf,
    _dir: Option<tempfile::TempDir>,
    store: TestStore,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// The settings every test server shares: a small body limit (so the
/// oversized-body tests are cheap) and the operator plane's token.
fn test_config() -> ServerConfig {
    ServerConfig {
        body_limit: 64 * 1024,
        admin_token: Some(ADMIN_TOKEN.to_string()),
        ..ServerConfig::default()
    }
}

/// A response read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    async fn from(r: Response) -> Reply {
        Reply {
            status: r.status(),
            headers: r.headers().clone(),
            body: r.text().await.expect("body"),
        }
    }

    /// A header's value (panics when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header in {} {}", self.status, self.body))
            .to_str()
            .unwrap()
    }

    /// The text of the first `<name>` element in the body.
    pub fn text_of(&self, name: &str) -> Option<String> {
        let open = format!("<{name}>");
        let start = self.body.find(&open)? + open.len();
        let end = self.body[start..].find(&format!("</{name}>"))? + start;
        Some(self.body[start..end].to_string())
    }

    /// Asserts a Bandwidth-style XML error with this status and code.
    pub fn assert_error(&self, status: u16, code: u32) {
        assert_eq!(self.status.as_u16(), status, "status of: {}", self.body);
        assert!(
            self.headers
                .get("content-type")
                .is_some_and(|v| v.to_str().unwrap().starts_with("application/xml")),
            "error without an XML content type: {:?}",
            self.headers
        );
        assert!(
            self.body.starts_with("<?xml"),
            "not an XML document: {}",
            self.body
        );
        let code_text = self
            .text_of("ErrorCode")
            .or_else(|| self.text_of("Code"))
            .unwrap_or_else(|| panic!("no error code in {}", self.body));
        assert_eq!(code_text, code.to_string(), "code in: {}", self.body);
    }
}

impl TestApp {
    /// Starts a server on a fresh database with the demo account and user.
    pub async fn spawn() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let db_path = dir.path().join("tnhub.db");
        let mut app = Self::start(db_path).await;
        app._dir = Some(dir);
        app.hub
            .ensure_demo(
                &AccountId::parse(ACCOUNT).unwrap(),
                &Username::parse(USER).unwrap(),
                Some(PASSWORD),
            )
            .await
            .expect("demo account");
        app
    }

    async fn start(db_path: PathBuf) -> TestApp {
        let store = TestStore::open(&db_path).await;
        // Sandbox mode, as `tnhub serve` runs by default: tests move the
        // clock instead of sleeping.
        let hub = Tnhub::sandbox(
            store.shared(),
            Arc::new(tnhub_core::SandboxClock::default()),
        );
        Self::launch(db_path, store, hub, test_config()).await
    }

    /// Serves `hub` on a loopback port with `config`.
    async fn launch(
        db_path: PathBuf,
        store: TestStore,
        hub: Tnhub,
        config: ServerConfig,
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = format!("http://{}", listener.local_addr().unwrap());
        let state = AppState::new(hub.clone(), config);
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            tnhub_server::serve(listener, state, async {
                let _ = rx.await;
            })
            .await
            .expect("server");
        });
        TestApp {
            address,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            hub,
            db_path,
            _dir: None,
            store,
            shutdown: Some(tx),
            task: Some(task),
        }
    }

    /// Stops the server and starts a new one on the same database file.
    pub async fn restart(mut self) -> TestApp {
        self.stop().await;
        let dir = self._dir.take();
        let mut next = Self::start(self.db_path.clone()).await;
        next._dir = dir;
        next
    }

    async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.store.close().await;
    }

    /// Moves the sandbox clock forward (what `POST /admin/clock/advance` does).
    pub async fn advance_clock(&self, secs: i64) {
        self.hub
            .advance_clock(secs * 1_000)
            .await
            .expect("move the sandbox clock");
    }

    /// Closes the database under the running server (to see how it fails).
    pub async fn close_database(&self) {
        self.store.close().await;
    }

    /// Creates another account and a user granted only that account.
    pub async fn other_tenant(&self, account: &str, user: &str, password: &str) {
        let account = AccountId::parse(account).unwrap();
        self.hub
            .create_account(Some(account.clone()), "other")
            .await
            .unwrap();
        self.hub
            .create_user(
                &Username::parse(user).unwrap(),
                &Password::parse(password).unwrap(),
                &[account],
            )
            .await
            .unwrap();
    }

    /// `/api` + path.
    pub fn url(&self, path: &str) -> String {
        format!("{}/api{path}", self.address)
    }

    /// Sends a request as the demo user. `path` is under `/api` unless it
    /// starts with a prefix of its own (`/v1.0`, `/api/v1`) or is absolute.
    pub async fn request(&self, method: Method, path: &str, body: Option<&str>) -> Reply {
        self.request_as(method, path, body, Some((USER, PASSWORD)))
            .await
    }

    /// Sends a request with the given credentials (or none).
    pub async fn request_as(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        creds: Option<(&str, &str)>,
    ) -> Reply {
        let url = if path.starts_with("http") {
            path.to_string()
        } else if path.starts_with("/v1.0")
            || path.starts_with("/api")
            || path.starts_with("/health")
            || path.starts_with("/ready")
            || path.starts_with("/metrics")
        {
            format!("{}{path}", self.address)
        } else {
            self.url(path)
        };
        let mut req = self.client.request(method, url);
        if let Some((u, p)) = creds {
            req = req.basic_auth(u, Some(p));
        }
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/xml")
                .body(b.to_string());
        }
        Reply::from(req.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.request(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &str) -> Reply {
        self.request(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &str) -> Reply {
        self.request(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.request(Method::DELETE, path, None).await
    }

    /// Creates a site and returns its id (from `Location`).
    pub async fn create_site(&self, name: &str) -> String {
        let r = self
            .post(&format!("/accounts/{ACCOUNT}/sites"), &site_xml(name))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        last_segment(r.header("location"))
    }

    /// Creates a peer in a site and returns its id.
    pub async fn create_peer(&self, site: &str, name: &str) -> String {
        let r = self
            .post(
                &format!("/accounts/{ACCOUNT}/sites/{site}/sippeers"),
                &format!("<SipPeer><PeerName>{name}</PeerName></SipPeer>"),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        last_segment(r.header("location"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A complete `<Site>` body.
pub fn site_xml(name: &str) -> String {
    format!(
        "<Site><Name>{name}</Name><Description>test site</Description><Address><HouseNumber>900</HouseNumber>\
         <StreetName>Main Campus</StreetName><StreetSuffix>Dr</StreetSuffix><City>Raleigh</City><StateCode>NC</StateCode>\
         <Zip>27606</Zip><Country>United States</Country><AddressType>Service</AddressType></Address></Site>"
    )
}

/// The id at the end of a `Location`.
pub fn last_segment(location: &str) -> String {
    location.rsplit('/').next().unwrap().to_string()
}

impl TestApp {
    /// Imports an operator's inventory file (CSV text); with
    /// `replace_default` the embedded default inventory stops being sold,
    /// so tests see exactly the blocks they import.
    pub async fn import_inventory(&self, csv: &str, replace_default: bool) {
        let parsed = tnhub_core::inventory::import::parse_csv(csv.as_bytes(), &|_| {})
            .unwrap_or_else(|e| panic!("test inventory does not parse: {e:?}"));
        self.hub
            .import_inventory(&parsed, replace_default)
            .await
            .expect("import the test inventory");
    }
}

/// A body with what changes from run to run replaced, for snapshots:
/// timestamps (`2024-01-01T00:00:00.000Z` → `[ts]`), UUIDs (`[uuid]`) and
/// the server's address (`http://[host]`).
pub fn redact(body: &str, address: &str) -> String {
    let text = body.replace(address, "http://[host]");
    let b = text.as_bytes();
    let is_ts = |i: usize| {
        b.len() >= i + 24
            && b[i..i + 24].iter().enumerate().all(|(k, c)| match k {
                4 | 7 => *c == b'-',
                10 => *c == b'T',
                13 | 16 => *c == b':',
                19 => *c == b'.',
                23 => *c == b'Z',
                _ => c.is_ascii_digit(),
            })
    };
    let is_uuid = |i: usize| {
        b.len() >= i + 36
            && b[i..i + 36].iter().enumerate().all(|(k, c)| match k {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if is_ts(i) {
            out.push_str("[ts]");
            i += 24;
        } else if is_uuid(i) {
            out.push_str("[uuid]");
            i += 36;
        } else {
            let ch = text[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The database under a `TestApp`: SQLite by default; PostgreSQL when
/// `TNHUB_TEST_BACKEND=postgres` (what `./scripts/test.sh` runs second).
pub enum TestStore {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl TestStore {
    /// Opens the database of `db_path`: the SQLite file itself, or a
    /// PostgreSQL schema named after the path, so a restart (same path)
    /// reopens the same data and every other `TestApp` has its own.
    pub async fn open(db_path: &std::path::Path) -> TestStore {
        match std::env::var("TNHUB_TEST_BACKEND").as_deref() {
            Err(_) | Ok("" | "sqlite") => {
                let url = format!("sqlite://{}", db_path.display());
                TestStore::Sqlite(SqliteStore::open(&url, &|_| {}).await.expect("open store"))
            }
            Ok("postgres") => {
                let url = std::env::var("TNHUB_TEST_DATABASE_URL").expect(
                    "TNHUB_TEST_BACKEND=postgres needs TNHUB_TEST_DATABASE_URL: run ./scripts/test.sh, \
                     or export it naming a throwaway PostgreSQL database",
                );
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                db_path.hash(&mut h);
                let schema = format!("api_{:016x}", h.finish());
                TestStore::Postgres(
                    PgStore::open_in_schema(&url, &schema, &|_| {})
                        .await
                        .expect("open a PostgreSQL schema"),
                )
            }
            Ok(other) => panic!("TNHUB_TEST_BACKEND is 'sqlite' or 'postgres', not '{other}'"),
        }
    }

    pub fn shared(&self) -> Arc<dyn Store> {
        match self {
            TestStore::Sqlite(s) => Arc::new(s.clone()),
            TestStore::Postgres(s) => Arc::new(s.clone()),
        }
    }

    async fn close(&self) {
        match self {
            TestStore::Sqlite(s) => s.close().await,
            TestStore::Postgres(s) => s.close().await,
        }
    }
}

impl Reply {
    /// The name of the body's root element (after the XML declaration), so
    /// a test can check which envelope an error came in.
    pub fn root(&self) -> String {
        let body = self.body.trim_start();
        let rest = match body.strip_prefix("<?xml") {
            Some(decl) => decl.split_once("?>").map_or("", |(_, r)| r),
            None => body,
        };
        let start = rest.trim_start().strip_prefix('<').unwrap_or("");
        start
            .split(|c: char| c == '>' || c == '/' || c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_string()
    }

    /// Asserts a Bandwidth-style XML error (as [`Reply::assert_error`]) whose
    /// envelope is `<root><ResponseStatus><ErrorCode>…`.
    pub fn assert_error_in(&self, status: u16, code: u32, root: &str) {
        self.assert_error(status, code);
        assert_eq!(self.root(), root, "root element of: {}", self.body);
        assert!(
            self.body.contains(&format!(
                "<{root}><ResponseStatus><ErrorCode>{code}</ErrorCode><Description>"
            )),
            "envelope of: {}",
            self.body
        );
    }
}

// More `TestApp` methods (configured servers, the operator plane, other
// tenants' sites and orders), in a child module so this file stays short.
mod extra;
