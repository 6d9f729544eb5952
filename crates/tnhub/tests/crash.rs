//! Kill the server with SIGKILL in the middle of a burst of orders, start it
//! again on the same file: every acknowledged order still exists and
//! completes exactly once (one terminal entry in its history), no number
//! has two owners, and no number is left half-assigned (a number row exists
//! exactly for the numbers some order completed).
//!
//! So that the kill provably leaves acknowledged work undone, the burst
//! pauses the server's job runner half-way through (`POST
//! /admin/worker/pause`, the operator plane): every order *sent* after
//! that is acknowledged but cannot have been processed, which the test
//! checks in the database file of the killed server before restarting it.
//! The restarted server is killed a second time as soon as it has finished
//! some of that backlog (so, likely, while it works on the rest), and a
//! third start finishes everything.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use support::{
    ACCOUNT, PASSWORD, Server, USER, admin_post, all_of, history_statuses, open_store,
    site_and_peer, text_of,
};
use tnhub_core::Store;
use tnhub_core::ids::AccountId;
use tnhub_core::store::NumberQuery;
use tokio::sync::Mutex;

const ADMIN: &str = "crash-test-admin-token";
const ARGS: &[&str] = &["--admin-token", ADMIN];

/// An acknowledged order: its id and whether its request was sent only
/// after the job runner was paused.
#[derive(Clone)]
struct Acked {
    id: String,
    after_pause: bool,
}

async fn status(http: &reqwest::Client, server: &Server, id: &str) -> (String, String) {
    let r = http
        .get(format!("{}/orders/{id}", server.base))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "acknowledged order {id} is missing after the crash"
    );
    let body = r.text().await.unwrap();
    (text_of(&body, "OrderStatus").unwrap(), body)
}

fn terminal(status: &str) -> bool {
    ["COMPLETE", "PARTIAL", "FAILED"].contains(&status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_orders_survive_sigkill_and_complete_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), "crash.db", ARGS);
    let http = reqwest::Client::new();
    let site = site_and_peer(&http, &server.base, "crash", "p").await;
    let r = http
        .get(format!(
            "{}/availableNumbers?areaCode=919&quantity=120",
            server.base
        ))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    let pool = all_of(&r.text().await.unwrap(), "TelephoneNumber");
    assert_eq!(pool.len(), 120);

    // A burst of overlapping orders from 16 clients. Once 20 are
    // acknowledged the job runner is paused; the server is killed once 30
    // orders sent after that are acknowledged, while the rest are in flight.
    let acknowledged = Arc::new(Mutex::new(Vec::<Acked>::new()));
    let paused = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for c in 0..16usize {
        let (http, base, site, pool, acked, paused) = (
            http.clone(),
            server.base.clone(),
            site.clone(),
            pool.clone(),
            acknowledged.clone(),
            paused.clone(),
        );
        clients.push(tokio::spawn(async move {
            for i in 0..40usize {
                let pick: String = (0..3).map(|k| format!("<TelephoneNumber>{}</TelephoneNumber>", pool[(c * 7 + i * 5 + k * 11) % pool.len()])).collect();
                let body = format!("<Order><SiteId>{site}</SiteId><ExistingTelephoneNumberOrderType><TelephoneNumberList>{pick}</TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>");
                // Read before sending: true means the server got this
                // request after the pause took effect.
                let after_pause = paused.load(Ordering::SeqCst);
                match http.post(format!("{base}/orders")).basic_auth(USER, Some(PASSWORD)).body(body).send().await {
                    Ok(r) if r.status() == 201 => {
                        let id = text_of(&r.text().await.unwrap_or_default(), "id");
                        if let Some(id) = id {
                            acked.lock().await.push(Acked { id, after_pause });
                        }
                    }
                    _ => return, // the server is gone
                }
            }
        }));
    }
    while acknowledged.lock().await.len() < 20 {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    admin_post(&http, &server, ADMIN, "/admin/worker/pause").await;
    paused.store(true, Ordering::SeqCst);
    loop {
        let after = acknowledged
            .lock()
            .await
            .iter()
            .filter(|a| a.after_pause)
            .count();
        if after >= 30 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.signal("KILL");
    for c in clients {
        c.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await.clone();
    let ids: Vec<String> = acknowledged.iter().map(|a| a.id.clone()).collect();

    // The killed server's database: every order sent after the pause is
    // there, acknowledged but unfinished (RECEIVED, its job pending).
    let account = AccountId::parse(ACCOUNT).unwrap();
    let store = open_store(dir.path(), "crash.db").await;
    let mut repo = store.read().await.unwrap();
    let pending: Vec<String> = repo
        .jobs(100_000)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.subject)
        .collect();
    let mut unfinished = 0;
    for a in &acknowledged {
        let row = repo
            .order(&account, &a.id)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged order {} is not in the file", a.id));
        if a.after_pause {
            assert_eq!(
                row.status, "RECEIVED",
                "{} was sent after the pause, so it cannot have run",
                a.id
            );
            assert!(pending.contains(&a.id), "{} has its job", a.id);
        }
        if !terminal(&row.status) {
            unfinished += 1;
        }
    }
    assert!(
        unfinished >= 30,
        "at least the 30 orders sent after the pause were unfinished at the kill"
    );
    drop(repo);
    store.close().await;

    // Restart: the backlog runs. Kill again as soon as part of it is done.
    let mut server = Server::start(dir.path(), "crash.db", ARGS);
    let backlog: Vec<&String> = acknowledged
        .iter()
        .filter(|a| a.after_pause)
        .map(|a| &a.id)
        .collect();
    'first: for _ in 0..2_000 {
        for id in &backlog {
            if terminal(&status(&http, &server, id).await.0) {
                break 'first;
            }
        }
    }
    server.signal("KILL");
    let store = open_store(dir.path(), "crash.db").await;
    let mut repo = store.read().await.unwrap();
    let mut left = 0;
    for id in &ids {
        let row = repo.order(&account, id).await.unwrap().unwrap();
        if !terminal(&row.status) {
            left += 1;
        }
    }
    println!(
        "{left} of {} acknowledged orders unfinished at the second kill",
        ids.len()
    );
    drop(repo);
    store.close().await;

    // Third start: every acknowledged order is there and finishes, once.
    let mut server = Server::start(dir.path(), "crash.db", ARGS);
    let mut owner: HashMap<String, String> = HashMap::new();
    for id in &ids {
        let mut body = String::new();
        for _ in 0..400 {
            let (s, b) = status(&http, &server, id).await;
            body = b;
            if terminal(&s) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let status = text_of(&body, "OrderStatus").unwrap();
        assert!(terminal(&status), "{id} ended {status}: {body}");
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
        // Exactly once: received once, finished once.
        let history = history_statuses(&http, &format!("{}/orders/{id}", server.base)).await;
        assert_eq!(
            history.iter().filter(|s| *s == "RECEIVED").count(),
            1,
            "{id}: {history:?}"
        );
        assert_eq!(
            history.iter().filter(|s| terminal(s)).count(),
            1,
            "{id} reached a terminal state once: {history:?}"
        );
        assert_eq!(history.last(), Some(&status), "{id}: {history:?}");
    }
    server.signal("TERM");

    // No half-assigned number: the rows are exactly the completed numbers
    // of orders (acknowledged ones, and any the killed server accepted but
    // could not acknowledge).
    let store = open_store(dir.path(), "crash.db").await;
    let rows = store
        .read()
        .await
        .unwrap()
        .numbers(&NumberQuery {
            accounts: vec![account],
            ..NumberQuery::default()
        })
        .await
        .unwrap();
    for row in &rows {
        let order = row
            .order_id
            .clone()
            .expect("an in-service number names its order");
        if let Some(o) = owner.get(&row.tn.to_string()) {
            assert_eq!(
                o, &order,
                "{} belongs to {order} in the database but {o} says it completed it",
                row.tn
            );
        }
    }
    let acked_rows = rows
        .iter()
        .filter(|r| ids.contains(r.order_id.as_ref().unwrap()))
        .count();
    assert_eq!(
        acked_rows,
        owner.len(),
        "every completed number has its row, and no other row belongs to these orders"
    );
}
