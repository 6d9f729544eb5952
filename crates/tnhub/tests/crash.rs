//! Kill the server with SIGKILL in the middle of a burst of orders, start it
//! again on the same file: every acknowledged order still exists and
//! completes exactly once, no number has two owners, and no number is left
//! half-assigned (a number row exists exactly for the numbers some order
//! completed).

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use support::{ACCOUNT, PASSWORD, Server, USER, all_of, text_of};
use tnhub_core::Store;
use tnhub_core::ids::AccountId;
use tnhub_core::store::NumberQuery;
use tokio::sync::Mutex;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_orders_survive_sigkill_and_complete_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), "crash.db", &[]);
    let http = reqwest::Client::new();
    let post = |url: String, body: String| {
        http.post(url)
            .basic_auth(USER, Some(PASSWORD))
            .body(body)
            .send()
    };

    let r = post(format!("{}/sites", server.base), "<Site><Name>crash</Name><Address><StreetName>Main</StreetName><City>Raleigh</City><StateCode>NC</StateCode></Address></Site>".into()).await.unwrap();
    assert_eq!(r.status(), 201);
    let site = r.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let r = post(
        format!("{}/sites/{site}/sippeers", server.base),
        "<SipPeer><PeerName>p</PeerName></SipPeer>".into(),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
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

    // A burst of overlapping orders from 16 clients; the server is killed
    // once 40 have been acknowledged, while the rest are in flight.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut clients = Vec::new();
    for c in 0..16usize {
        let (http, base, site, pool, acked) = (
            http.clone(),
            server.base.clone(),
            site.clone(),
            pool.clone(),
            acknowledged.clone(),
        );
        clients.push(tokio::spawn(async move {
            for i in 0..20usize {
                let pick: String = (0..3).map(|k| format!("<TelephoneNumber>{}</TelephoneNumber>", pool[(c * 7 + i * 5 + k * 11) % pool.len()])).collect();
                let body = format!("<Order><SiteId>{site}</SiteId><ExistingTelephoneNumberOrderType><TelephoneNumberList>{pick}</TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>");
                match http.post(format!("{base}/orders")).basic_auth(USER, Some(PASSWORD)).body(body).send().await {
                    Ok(r) if r.status() == 201 => {
                        let id = text_of(&r.text().await.unwrap_or_default(), "id");
                        if let Some(id) = id {
                            acked.lock().await.push(id);
                        }
                    }
                    _ => return, // the server is gone
                }
            }
        }));
    }
    while acknowledged.lock().await.len() < 40 {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.signal("KILL");
    for c in clients {
        c.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await.clone();
    assert!(acknowledged.len() >= 40);

    // Restart on the same file: every acknowledged order is there and finishes.
    let mut server = Server::start(dir.path(), "crash.db", &[]);
    let mut owner: HashMap<String, String> = HashMap::new();
    for id in &acknowledged {
        let mut body = String::new();
        for _ in 0..400 {
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
            body = r.text().await.unwrap();
            if !matches!(
                text_of(&body, "OrderStatus").as_deref(),
                Some("RECEIVED" | "PROCESSING")
            ) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
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
    }
    server.signal("TERM");

    // No half-assigned number: the rows are exactly the completed numbers
    // of orders (acknowledged ones, and any the killed server accepted but
    // could not acknowledge).
    let store = tnhub_store_sqlite::SqliteStore::open(
        &format!("sqlite://{}", dir.path().join("crash.db").display()),
        &|_| {},
    )
    .await
    .unwrap();
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
        .filter(|r| acknowledged.contains(r.order_id.as_ref().unwrap()))
        .count();
    assert_eq!(
        acked_rows,
        owner.len(),
        "every completed number has its row, and no other row belongs to these orders"
    );
}
