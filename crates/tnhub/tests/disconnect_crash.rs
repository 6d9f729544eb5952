//! Disconnects and feature orders survive SIGKILL: numbers are put in
//! service, then a burst of disconnects, line-option, caller-name and
//! directory-listing orders is sent and the server is killed mid-burst.
//! After a restart on the same file every acknowledged order reaches a
//! terminal state exactly once (one terminal entry in its history, one
//! entry in each of its numbers' histories), disconnected numbers are
//! aging and out of service, and each feature is on its number in
//! `tndetails`.
//!
//! As in `crash.rs`, the job runner is paused (operator plane) part-way
//! through the burst, so the orders sent after that were provably
//! acknowledged but not yet processed when the process died; the test
//! checks that in the killed server's database before restarting it.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use support::{
    ACCOUNT, PASSWORD, Server, USER, admin_post, all_of, open_store, site_and_peer, text_of,
};
use tnhub_core::Store;
use tnhub_core::ids::AccountId;
use tokio::sync::Mutex;

const ADMIN: &str = "disconnect-crash-admin-token";
const ARGS: &[&str] = &["--admin-token", ADMIN];
/// Work items of each kind; each names its own numbers.
const EACH: usize = 24;

/// The kinds of order in the burst, with their path and status element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Disconnect,
    TnOption,
    Lidb,
    Dlda,
}

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Kind::Disconnect => "disconnects",
            Kind::TnOption => "tnoptions",
            Kind::Lidb => "lidbs",
            Kind::Dlda => "dldas",
        }
    }

    fn status_tag(self) -> &'static str {
        match self {
            Kind::Disconnect => "OrderStatus",
            _ => "ProcessingStatus",
        }
    }

    /// What the order puts in its numbers' history.
    fn history_entry(self) -> (&'static str, &'static str) {
        match self {
            Kind::Disconnect => ("Aging", "DISCONNECT_NUMBER_ORDER"),
            Kind::TnOption => ("Inservice", "TN_OPTION_ORDER"),
            Kind::Lidb => ("Inservice", "LIDB_ORDER"),
            Kind::Dlda => ("Inservice", "DLDA_ORDER"),
        }
    }
}

/// One order of the burst: its kind, index and numbers.
#[derive(Clone, Debug)]
struct Item {
    kind: Kind,
    i: usize,
    tns: Vec<String>,
}

impl Item {
    fn body(&self) -> String {
        let list: String = self
            .tns
            .iter()
            .map(|t| format!("<TelephoneNumber>{t}</TelephoneNumber>"))
            .collect();
        let i = self.i;
        match self.kind {
            Kind::Disconnect => format!(
                "<DisconnectTelephoneNumberOrder><name>crash {i}</name><DisconnectTelephoneNumberOrderType><TelephoneNumberList>{list}</TelephoneNumberList></DisconnectTelephoneNumberOrderType></DisconnectTelephoneNumberOrder>"
            ),
            Kind::TnOption => format!(
                "<TnOptionOrder><CustomerOrderId>crash-{i}</CustomerOrderId><TnOptionGroups><TnOptionGroup><RewriteUser>crash{i}</RewriteUser><CallingNameDisplay>on</CallingNameDisplay><TelephoneNumbers>{list}</TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>"
            ),
            Kind::Lidb => format!(
                "<LidbOrder><CustomerOrderId>crash-{i}</CustomerOrderId><LidbTnGroups><LidbTnGroup><TelephoneNumbers>{list}</TelephoneNumbers><SubscriberInformation>Crash {i}</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility></LidbTnGroup></LidbTnGroups></LidbOrder>"
            ),
            Kind::Dlda => format!(
                "<DldaOrder><CustomerOrderId>crash-{i}</CustomerOrderId><DldaTnGroups><DldaTnGroup><TelephoneNumbers>{list}</TelephoneNumbers><SubscriberType>BUSINESS</SubscriberType><ListingType>LISTED</ListingType><ListingName><LastName>Crash{i}</LastName></ListingName></DldaTnGroup></DldaTnGroups></DldaOrder>"
            ),
        }
    }

    /// What `tndetails` of each of its numbers shows once it is done.
    fn shows(&self) -> String {
        let i = self.i;
        match self.kind {
            Kind::Disconnect => "<Status>Aging</Status>".into(),
            Kind::TnOption => format!(
                "<Features><CallingNameDisplay>true</CallingNameDisplay><RewriteUser>crash{i}</RewriteUser>"
            ),
            Kind::Lidb => format!(
                "<Lidb><Status>Success</Status><SubscriberInformation>Crash {i}</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility></Lidb>"
            ),
            Kind::Dlda => format!(
                "<Dlda><Status>Success</Status><SubscriberType>BUSINESS</SubscriberType><ListingType>LISTED</ListingType><ListingName><LastName>Crash{i}</LastName></ListingName>"
            ),
        }
    }
}

/// An acknowledged order of the burst.
#[derive(Clone, Debug)]
struct Acked {
    id: String,
    item: Item,
    after_pause: bool,
}

fn terminal(status: &str) -> bool {
    ["COMPLETE", "PARTIAL", "FAILED"].contains(&status)
}

async fn get(http: &reqwest::Client, url: String) -> (u16, String) {
    let r = http
        .get(url)
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn disconnects_and_feature_orders_survive_sigkill_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), "disc.db", ARGS);
    let http = reqwest::Client::new();
    let post = |url: String, body: String| {
        http.post(url)
            .basic_auth(USER, Some(PASSWORD))
            .body(body)
            .send()
    };

    // 120 numbers in service: 2 per disconnect, 1 per feature order.
    let site = site_and_peer(&http, &server.base, "crash", "p").await;
    let (_, body) = get(
        &http,
        format!("{}/availableNumbers?areaCode=919&quantity=120", server.base),
    )
    .await;
    let mut pool = all_of(&body, "TelephoneNumber");
    assert_eq!(pool.len(), 120);
    let list: String = pool
        .iter()
        .map(|t| format!("<TelephoneNumber>{t}</TelephoneNumber>"))
        .collect();
    let r = post(format!("{}/orders", server.base), format!("<Order><SiteId>{site}</SiteId><ExistingTelephoneNumberOrderType><TelephoneNumberList>{list}</TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>")).await.unwrap();
    assert_eq!(r.status(), 201);
    let order = text_of(&r.text().await.unwrap(), "id").unwrap();
    let mut status = String::new();
    for _ in 0..400 {
        let (_, body) = get(&http, format!("{}/orders/{order}", server.base)).await;
        status = text_of(&body, "OrderStatus").unwrap();
        if terminal(&status) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(status, "COMPLETE");

    // The burst's work, interleaved by kind.
    let mut items = Vec::new();
    for i in 0..EACH {
        for kind in [Kind::Disconnect, Kind::TnOption, Kind::Lidb, Kind::Dlda] {
            let n = if kind == Kind::Disconnect { 2 } else { 1 };
            items.push(Item {
                kind,
                i,
                tns: pool.drain(..n).collect(),
            });
        }
    }
    assert!(pool.is_empty());

    // 8 clients; the job runner is paused once 16 orders are
    // acknowledged, the server killed once 16 sent after that are.
    let acknowledged = Arc::new(Mutex::new(Vec::<Acked>::new()));
    let paused = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for c in 0..8usize {
        let mine: Vec<Item> = items.iter().skip(c).step_by(8).cloned().collect();
        let (http, base, acked, paused) = (
            http.clone(),
            server.base.clone(),
            acknowledged.clone(),
            paused.clone(),
        );
        clients.push(tokio::spawn(async move {
            for item in mine {
                let after_pause = paused.load(Ordering::SeqCst);
                let sent = http
                    .post(format!("{base}/{}", item.kind.path()))
                    .basic_auth(USER, Some(PASSWORD))
                    .body(item.body())
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 201 => {
                        let id = r.headers()["location"]
                            .to_str()
                            .unwrap()
                            .rsplit('/')
                            .next()
                            .unwrap()
                            .to_string();
                        acked.lock().await.push(Acked {
                            id,
                            item,
                            after_pause,
                        });
                    }
                    Ok(r) => panic!("{:?} refused: {}", item, r.status()),
                    Err(_) => return, // the server is gone
                }
            }
        }));
    }
    while acknowledged.lock().await.len() < 16 {
        tokio::time::sleep(Duration::from_millis(1)).await;
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
        if after >= 16 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    server.signal("KILL");
    for c in clients {
        c.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await.clone();
    println!(
        "{} of {} orders acknowledged before the kill",
        acknowledged.len(),
        items.len()
    );

    // In the killed server's file: those sent after the pause are there,
    // RECEIVED, with their jobs.
    let account = AccountId::parse(ACCOUNT).unwrap();
    let store = open_store(dir.path(), "disc.db").await;
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
            .unwrap_or_else(|| {
                panic!("acknowledged {:?} {} is not in the file", a.item.kind, a.id)
            });
        if a.after_pause {
            assert_eq!(row.status, "RECEIVED", "{} was sent after the pause", a.id);
            assert!(pending.contains(&a.id), "{} has its job", a.id);
        }
        if !terminal(&row.status) {
            unfinished += 1;
        }
    }
    assert!(unfinished >= 16, "{unfinished} unfinished at the kill");
    drop(repo);
    store.close().await;

    // Restart: each acknowledged order completes (its numbers were all in
    // service on the account) and its numbers show it.
    let mut server = Server::start(dir.path(), "disc.db", ARGS);
    let origin = server.origin();
    let mut per_kind: HashMap<Kind, usize> = HashMap::new();
    for a in &acknowledged {
        let url = format!("{}/{}/{}", server.base, a.item.kind.path(), a.id);
        let mut body = String::new();
        for _ in 0..400 {
            let (code, b) = get(&http, url.clone()).await;
            assert_eq!(
                code, 200,
                "acknowledged {url} is missing after the crash: {b}"
            );
            body = b;
            if text_of(&body, a.item.kind.status_tag()).is_some_and(|s| terminal(&s)) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert_eq!(
            text_of(&body, a.item.kind.status_tag()).as_deref(),
            Some("COMPLETE"),
            "{url}: {body}"
        );
        *per_kind.entry(a.item.kind).or_default() += 1;
        let (status, order_type) = a.item.kind.history_entry();
        for tn in &a.item.tns {
            let (_, details) = get(&http, format!("{origin}/api/tns/{tn}/tndetails")).await;
            assert!(
                details.contains(&a.item.shows()),
                "{tn} after {url}: {details}"
            );
            let (_, history) = get(&http, format!("{origin}/api/tns/{tn}/history")).await;
            let entry = format!(
                "<OrderId>{}</OrderId><Status>{status}</Status><UserId>{USER}</UserId><OrderType>{order_type}</OrderType>",
                a.id
            );
            assert_eq!(
                history.matches(&entry).count(),
                1,
                "{tn}: {url} changed it exactly once: {history}"
            );
            if a.item.kind == Kind::Disconnect {
                let (code, _) = get(&http, format!("{}/inserviceNumbers/{tn}", server.base)).await;
                assert_eq!(code, 404, "{tn} is no longer in service");
                assert_eq!(
                    history.matches("<Status>Aging</Status>").count(),
                    1,
                    "{history}"
                );
            } else {
                let (code, _) = get(&http, format!("{}/inserviceNumbers/{tn}", server.base)).await;
                assert_eq!(code, 200, "{tn} is still in service");
            }
        }
    }
    println!("completed after restart: {per_kind:?}");
    let (_, disc) = get(&http, format!("{}/discnumbers?size=5000", server.base)).await;
    for a in acknowledged
        .iter()
        .filter(|a| a.item.kind == Kind::Disconnect)
    {
        for tn in &a.item.tns {
            assert!(
                disc.contains(&format!("<TelephoneNumber>{tn}</TelephoneNumber>")),
                "{tn} is listed as disconnected: {disc}"
            );
        }
    }
    server.signal("TERM");

    // Exactly once, from the orders' own histories: received once,
    // finished once.
    let store = open_store(dir.path(), "disc.db").await;
    let mut repo = store.read().await.unwrap();
    for a in &acknowledged {
        let statuses: Vec<String> = repo
            .history(&a.id)
            .await
            .unwrap()
            .into_iter()
            .map(|h| h.status)
            .collect();
        assert_eq!(
            statuses,
            ["RECEIVED", "COMPLETE"],
            "{:?} {}: {statuses:?}",
            a.item.kind,
            a.id
        );
    }
    drop(repo);
    store.close().await;
}
