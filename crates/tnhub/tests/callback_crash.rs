//! Callbacks survive a crash: orders complete while the customer's receiver
//! is failing, the server is killed with SIGKILL (some callbacks waiting to
//! be retried, some perhaps never attempted), the receiver recovers, and
//! after a restart every order's COMPLETE notification arrives — because a
//! status change and its callbacks are written in one transaction and the
//! deliverer works from that outbox, not from memory.

mod support;
// The HTTP API tests' callback receiver (this test reads only bodies).
#[allow(dead_code)]
#[path = "../../server/tests/api/receiver.rs"]
mod receiver;

use std::collections::HashSet;
use std::time::Duration;

use receiver::Receiver;
use support::{PASSWORD, Server, USER, all_of, site_and_peer, text_of};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callbacks_owed_before_a_sigkill_are_delivered_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    // A short timeout means a short lease: a delivery in flight when the
    // process died is sent again once its lease (2 × timeout + 5 s) runs out.
    let args = ["--callback-allow", "loopback", "--callback-timeout", "2"];
    let mut server = Server::start(dir.path(), "callbacks.db", &args);
    let http = reqwest::Client::new();
    let post = |url: String, body: String| {
        http.post(url)
            .basic_auth(USER, Some(PASSWORD))
            .body(body)
            .send()
    };
    let receiver = Receiver::start(&[], 503).await;

    let r = post(
        format!("{}/subscriptions", server.base),
        format!("<Subscription><OrderType>orders</OrderType><CallbackSubscription><URL>{}</URL></CallbackSubscription></Subscription>", receiver.url),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let site = site_and_peer(&http, &server.base, "cb", "p").await;
    let r = http
        .get(format!(
            "{}/availableNumbers?areaCode=919&quantity=24",
            server.base
        ))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    let pool = all_of(&r.text().await.unwrap(), "TelephoneNumber");
    assert_eq!(pool.len(), 24);

    // Twelve orders of two numbers each; the receiver answers 503 to all.
    let mut orders = Vec::new();
    for pair in pool.chunks(2) {
        let tns: String = pair
            .iter()
            .map(|t| format!("<TelephoneNumber>{t}</TelephoneNumber>"))
            .collect();
        let r = post(format!("{}/orders", server.base), format!("<Order><SiteId>{site}</SiteId><ExistingTelephoneNumberOrderType><TelephoneNumberList>{tns}</TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>")).await.unwrap();
        assert_eq!(r.status(), 201);
        orders.push(text_of(&r.text().await.unwrap(), "id").expect("an order id"));
    }
    // Kill it once the first callbacks have failed: the rest are owed.
    receiver.wait_for(3).await;
    server.signal("KILL");
    let failed = receiver.received().len();
    receiver.answer(200);

    let mut server = Server::start(dir.path(), "callbacks.db", &args);
    let mut missing: HashSet<String> = orders.iter().cloned().collect();
    for _ in 0..800 {
        for got in receiver.received().iter().skip(failed) {
            if text_of(&got.body, "Status").as_deref() == Some("COMPLETE")
                && let Some(id) = text_of(&got.body, "OrderId")
            {
                missing.remove(&id);
            }
        }
        if missing.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        missing.is_empty(),
        "no COMPLETE callback arrived after the restart for {missing:?} ({} received, {failed} before the crash)",
        receiver.received().len()
    );
    server.signal("TERM");
}
