//! Several `tnhub serve` processes on one PostgreSQL database.
//!
//! - **Two servers**: 32 clients order overlapping numbers through both at
//!   once. Every number ends with at most one owner, and every accepted
//!   order completes exactly once (one completion in its history, its
//!   numbers' rows naming it).
//! - **Failover**: one server takes orders alone and is frozen (SIGSTOP)
//!   while a transaction of its holds some of their jobs; a second server
//!   starts and cannot take those jobs; then the first is killed (SIGKILL),
//!   PostgreSQL rolls its transaction back when the connection drops, and
//!   the second finishes all the work, each order exactly once.
//!
//! The database is the one `TNHUB_TEST_DATABASE_URL` names (see
//! `scripts/pg-test-db.sh`); each test works in a fresh schema of it.

mod support;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{ACCOUNT, PASSWORD, Server, USER, all_of, text_of};
use tnhub_core::ids::AccountId;
use tnhub_core::store::NumberQuery;
use tnhub_core::{Store, Timestamp};
use tnhub_store_postgres::PgStore;
use tokio::sync::Mutex;

const CLIENTS: usize = 32;

/// The test database, or a failure saying how to get one.
fn database_url() -> String {
    std::env::var("TNHUB_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "TNHUB_TEST_DATABASE_URL is not set, and the scale-out tests need PostgreSQL. Run \
             ./scripts/test.sh, or scripts/pg-test-db.sh cargo nextest run -p tnhub --test scale_out"
        )
    })
}

/// A fresh schema (migrated), the URL servers use to work in it, and a
/// store on it for checking what they did.
async fn fresh_deployment(name: &str) -> (String, PgStore) {
    let url = database_url();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let schema = format!("scale_{name}_{}_{nanos:x}", std::process::id());
    let store = PgStore::open_in_schema(&url, &schema, &|_| {})
        .await
        .expect("create the schema");
    let sep = if url.contains('?') { '&' } else { '?' };
    let server_url = format!("{url}{sep}max_connections=6&options=-c%20search_path%3D{schema}");
    (server_url, store)
}

fn serve(dir: &std::path::Path, url: &str) -> Server {
    Server::start(dir, "unused.db", &["--database-url", url])
}

/// Sends a signal without waiting for the process to end (`STOP`, `CONT`).
fn pause(server: &Server, signal: &str) {
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap()
}

/// Creates a site with a peer and returns the site id and `count` numbers
/// the inventory offers.
async fn site_and_numbers(
    http: &reqwest::Client,
    base: &str,
    count: usize,
) -> (String, Vec<String>) {
    let post = |path: &str, body: &str| {
        http.post(format!("{base}{path}"))
            .basic_auth(USER, Some(PASSWORD))
            .body(body.to_string())
            .send()
    };
    let r = post("/sites", "<Site><Name>scale</Name><Address><StreetName>Main</StreetName><City>Raleigh</City><StateCode>NC</StateCode></Address></Site>").await.unwrap();
    assert_eq!(r.status(), 201);
    let site = r.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let r = post(
        &format!("/sites/{site}/sippeers"),
        "<SipPeer><PeerName>p</PeerName></SipPeer>",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let r = http
        .get(format!(
            "{base}/availableNumbers?areaCode=919&quantity={count}"
        ))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    let pool = all_of(&r.text().await.unwrap(), "TelephoneNumber");
    assert_eq!(pool.len(), count);
    (site, pool)
}

/// `clients` clients each sending `orders` orders of three overlapping
/// numbers, client `c`'s `i`-th order to `bases[(c + i) % bases.len()]`.
/// A client stops at its first failed request. Returns the ids of the
/// orders acknowledged with a 201.
async fn order_burst(
    bases: &[String],
    site: &str,
    pool: &[String],
    clients: usize,
    orders: usize,
) -> Arc<Mutex<Vec<String>>> {
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (http, bases, site, pool, acked) = (
            client(),
            bases.to_vec(),
            site.to_string(),
            pool.to_vec(),
            acknowledged.clone(),
        );
        tasks.push(tokio::spawn(async move {
            for i in 0..orders {
                let pick: String = (0..3)
                    .map(|k| pool[(c * 7 + i * 5 + k * 11) % pool.len()].clone())
                    .map(|tn| format!("<TelephoneNumber>{tn}</TelephoneNumber>"))
                    .collect();
                let body = format!(
                    "<Order><SiteId>{site}</SiteId><ExistingTelephoneNumberOrderType><TelephoneNumberList>\
                     {pick}</TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>"
                );
                let base = &bases[(c + i) % bases.len()];
                let sent = http
                    .post(format!("{base}/orders"))
                    .basic_auth(USER, Some(PASSWORD))
                    .body(body)
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 201 => {
                        let text = r.text().await.unwrap_or_default();
                        if let Some(id) = text_of(&text, "id") {
                            acked.lock().await.push(id);
                        }
                    }
                    _ => return, // the server is frozen or gone
                }
            }
        }));
    }
    // Detached: the failover test freezes the server mid-burst.
    tokio::spawn(async move {
        for t in tasks {
            let _ = t.await;
        }
    });
    acknowledged
}

/// Waits for every order to end and checks the outcome: each ended once,
/// its numbers add up, and no number went to two orders. Returns each
/// completed number's order.
async fn settle(store: &PgStore, base: &str, ids: &[String]) -> HashMap<String, String> {
    let http = client();
    let mut owner: HashMap<String, String> = HashMap::new();
    for id in ids {
        let deadline = Instant::now() + Duration::from_secs(60);
        let body = loop {
            let r = http
                .get(format!("{base}/orders/{id}"))
                .basic_auth(USER, Some(PASSWORD))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "accepted order {id} is missing");
            let body = r.text().await.unwrap();
            if !matches!(
                text_of(&body, "OrderStatus").as_deref(),
                Some("RECEIVED" | "PROCESSING")
            ) {
                break body;
            }
            assert!(Instant::now() < deadline, "{id} never completed: {body}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        };
        let status = text_of(&body, "OrderStatus").unwrap();
        assert!(
            ["COMPLETE", "PARTIAL", "FAILED"].contains(&status.as_str()),
            "{id} ended {status}: {body}"
        );
        let completed: Vec<String> = all_of(&body, "TelephoneNumber")
            .into_iter()
            .filter_map(|t| {
                t.strip_prefix("<FullNumber>")
                    .and_then(|t| t.strip_suffix("</FullNumber>"))
                    .map(str::to_string)
            })
            .collect();
        let failed: usize = text_of(&body, "FailedQuantity").unwrap().parse().unwrap();
        assert_eq!(completed.len() + failed, 3, "{body}");
        for tn in completed {
            if let Some(other) = owner.insert(tn.clone(), id.clone()) {
                panic!("{tn} was sold to both {other} and {id}");
            }
        }
        // Exactly once: one completion by the worker in the order's history.
        let history = store.read().await.unwrap().history(id).await.unwrap();
        let completions = history.iter().filter(|h| h.author == "System").count();
        assert_eq!(
            completions, 1,
            "{id} was completed {completions} times: {history:?}"
        );
    }
    owner
}

/// The database agrees: every number row of these orders is one of their
/// completed numbers, every completed number has its row, no job is left.
async fn check_rows(store: &PgStore, acknowledged: &[String], owner: &HashMap<String, String>) {
    let mut r = store.read().await.unwrap();
    let rows = r
        .numbers(&NumberQuery {
            accounts: vec![AccountId::parse(ACCOUNT).unwrap()],
            ..NumberQuery::default()
        })
        .await
        .unwrap();
    let mut ours = 0;
    for row in &rows {
        let order = row
            .order_id
            .clone()
            .expect("an in-service number names its order");
        if let Some(o) = owner.get(&row.tn.to_string()) {
            assert_eq!(
                o, &order,
                "{} belongs to {order} in the database, {o} completed it",
                row.tn
            );
        }
        if acknowledged.contains(&order) {
            ours += 1;
        }
    }
    assert_eq!(
        ours,
        owner.len(),
        "rows of the accepted orders ≠ their completed numbers"
    );
    assert!(r.jobs(100).await.unwrap().is_empty(), "jobs left behind");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_never_sell_a_number_twice_and_complete_every_order_once() {
    let (url, store) = fresh_deployment("two").await;
    let dir = tempfile::tempdir().unwrap();
    // One after the other: the first creates the demo account and user.
    let mut a = serve(dir.path(), &url);
    let mut b = serve(dir.path(), &url);
    let (site, pool) = site_and_numbers(&client(), &a.base, 60).await;

    let started = Instant::now();
    let acked = order_burst(&[a.base.clone(), b.base.clone()], &site, &pool, CLIENTS, 6).await;
    while acked.lock().await.len() < CLIENTS * 6 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the burst stalled"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let acked = acked.lock().await.clone();
    let owner = settle(&store, &b.base, &acked).await;
    assert!(!owner.is_empty());
    // The overlap is real: many more numbers were asked for than exist.
    assert!(owner.len() <= pool.len());
    check_rows(&store, &acked, &owner).await;
    eprintln!(
        "{} orders through two servers, {} numbers sold, in {:?}",
        acked.len(),
        owner.len(),
        started.elapsed()
    );
    a.signal("TERM");
    b.signal("TERM");
}

/// The jobs some other transaction holds, counting only those held in two
/// looks 300 ms apart. A server frozen with SIGSTOP may have sent a COMMIT
/// that a loaded PostgreSQL has not finished yet: that transaction's jobs
/// look held at first and are gone a moment later, which is not a job B took.
async fn held_jobs(store: &PgStore) -> Vec<i64> {
    let first = held_jobs_now(store).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second: HashSet<i64> = held_jobs_now(store).await.into_iter().collect();
    first.into_iter().filter(|id| second.contains(id)).collect()
}

/// The jobs held by some other transaction at this moment.
async fn held_jobs_now(store: &PgStore) -> Vec<i64> {
    let all = store.read().await.unwrap().jobs(10_000).await.unwrap();
    let mut probe = store.write().await.unwrap();
    let free: HashSet<i64> = probe
        .claim_due_jobs(Timestamp::from_millis(i64::MAX / 4), 10_000)
        .await
        .unwrap()
        .iter()
        .map(|j| j.id)
        .collect();
    drop(probe); // releases what the probe took
    all.iter()
        .map(|j| j.id)
        .filter(|id| !free.contains(id))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_s_work_is_finished_by_the_other() {
    let (url, store) = fresh_deployment("failover").await;
    let dir = tempfile::tempdir().unwrap();
    let mut a = serve(dir.path(), &url);
    let (site, pool) = site_and_numbers(&client(), &a.base, 60).await;

    // Only A runs while the orders arrive. Freeze it at a moment when a
    // transaction of its holds jobs (try again if the freeze lands between
    // batches).
    let acked = order_burst(std::slice::from_ref(&a.base), &site, &pool, 16, 40).await;
    let mut held = Vec::new();
    for _ in 0..500 {
        while acked.lock().await.len() < 20 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        pause(&a, "STOP");
        tokio::time::sleep(Duration::from_millis(20)).await;
        held = held_jobs(&store).await;
        if !held.is_empty() {
            break;
        }
        pause(&a, "CONT");
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    assert!(!held.is_empty(), "never caught the server holding jobs");

    // B starts and runs the free jobs (as far as it can: a job that wants a
    // number A's frozen transaction inserted waits for A), but cannot take
    // the ones A holds.
    let mut b = serve(dir.path(), &url);
    tokio::time::sleep(Duration::from_millis(2_000)).await; // four of B's polls
    let still: HashSet<i64> = store
        .read()
        .await
        .unwrap()
        .jobs(10_000)
        .await
        .unwrap()
        .iter()
        .map(|j| j.id)
        .collect();
    assert!(
        held.iter().all(|id| still.contains(id)),
        "B took jobs A holds"
    );

    // Kill A: its transaction dies with its connection; B finishes the work.
    a.signal("KILL");
    let acked = acked.lock().await.clone();
    assert!(acked.len() >= 20);
    let owner = settle(&store, &b.base, &acked).await;
    check_rows(&store, &acked, &owner).await;
    eprintln!(
        "{} orders accepted by A, {} jobs held when it froze, all finished by B",
        acked.len(),
        held.len()
    );
    b.signal("TERM");
}

/// A deployment that started on SQLite moves to PostgreSQL with
/// `tnhub copy-database` and carries on there: same ids, same numbers and
/// orders, the same login, and new ids continue after the old ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sqlite_deployment_moves_to_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let http = client();
    let mut old = Server::start(dir.path(), "old.db", &[]);
    let (site, pool) = site_and_numbers(&http, &old.base, 6).await;
    let acked = order_burst(std::slice::from_ref(&old.base), &site, &pool, 2, 2).await;
    while acked.lock().await.len() < 4 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let acked = acked.lock().await.clone();
    let sqlite_store = tnhub_store_sqlite::SqliteStore::open(
        &format!("sqlite://{}", dir.path().join("old.db").display()),
        &|_| {},
    )
    .await
    .unwrap();
    let before = settle_sqlite(&sqlite_store, &acked).await;
    sqlite_store.close().await;
    old.signal("TERM");

    let (url, store) = fresh_deployment("copy").await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tnhub"))
        .args(["copy-database", "--from"])
        .arg(format!("sqlite://{}", dir.path().join("old.db").display()))
        .args(["--to", &url])
        .env("TNHUB_LOG", "warn")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("copied"), "{said}");
    // A second copy into the same database is refused, changing nothing.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_tnhub"))
        .args(["copy-database", "--from"])
        .arg(format!("sqlite://{}", dir.path().join("old.db").display()))
        .args(["--to", &url])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"));

    let mut new = serve(dir.path(), &url);
    let r = http
        .get(format!("{}/sites/{site}", new.base))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let owner = settle(&store, &new.base, &acked).await;
    assert_eq!(owner, before, "the orders' numbers changed in the move");
    check_rows(&store, &acked, &owner).await;
    // The kept number counts (not copied: the target's triggers write them)
    // agree with the copied rows.
    let account = NumberQuery {
        accounts: vec![AccountId::parse(ACCOUNT).unwrap()],
        ..NumberQuery::default()
    };
    let mut r = store.read().await.unwrap();
    let listed = r.numbers(&account).await.unwrap().len() as u64;
    assert_eq!(r.count_numbers(&account).await.unwrap(), listed);
    drop(r);
    let r = http
        .post(format!("{}/sites", new.base))
        .basic_auth(USER, Some(PASSWORD))
        .body("<Site><Name>after</Name><Address><StreetName>Main</StreetName><City>Raleigh</City><StateCode>NC</StateCode></Address></Site>")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let next: i64 = r.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        next > site.parse::<i64>().unwrap(),
        "a copied id was handed out again"
    );
    new.signal("TERM");
}

/// Each acknowledged order's completed numbers, read from the SQLite file.
async fn settle_sqlite(
    store: &tnhub_store_sqlite::SqliteStore,
    ids: &[String],
) -> HashMap<String, String> {
    let mut owner = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    for id in ids {
        loop {
            let row = store
                .read()
                .await
                .unwrap()
                .order_by_id(id)
                .await
                .unwrap()
                .unwrap();
            if row.completed_at.is_some() {
                break;
            }
            assert!(Instant::now() < deadline, "{id} never completed on SQLite");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let rows = store
        .read()
        .await
        .unwrap()
        .numbers(&NumberQuery {
            accounts: vec![AccountId::parse(ACCOUNT).unwrap()],
            ..NumberQuery::default()
        })
        .await
        .unwrap();
    for r in rows {
        owner.insert(r.tn.to_string(), r.order_id.unwrap());
    }
    owner
}
