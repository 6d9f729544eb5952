//! The web console in a real browser: headless Chromium driven through
//! chromedriver ([`crate::webdriver`]). An operator signs in with the token,
//! forces a port-in to FOC and completes it, replays a dead callback,
//! advances the sandbox clock, and has a form post without its CSRF token
//! refused; a customer signs in, cannot reach another account's pages,
//! searches, orders a number with one click and watches the order complete
//! on its page (htmx refreshes it in place).
//!
//! The same tests take the screenshots shown in the README: with
//! `TNHUB_CONSOLE_SCREENSHOTS=1` they are written to `docs/console/`.

use tnhub_server::callbacks::{CallbackConfig, DeliveryMode};

use crate::callbacks::{subscribe, wait_state};
use crate::helpers::{ACCOUNT, ADMIN_TOKEN, PASSWORD, TestApp, USER};
use crate::orders::{available, existing_order, place, settle, site_and_peer};
use crate::portins::{create, lnp_order, numbers, tn_status};
use crate::receiver::Receiver;
use crate::webdriver::Browser;

/// Takes a screenshot; keeps it in `docs/console/{name}.png` when asked to.
async fn shot(b: &Browser, name: &str) {
    let png = b.screenshot().await;
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot of {name}");
    if std::env::var_os("TNHUB_CONSOLE_SCREENSHOTS").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/console");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

#[tokio::test]
async fn the_operator_forces_a_port_in_replays_a_dead_callback_and_moves_the_clock() {
    // Faithful delivery: one attempt, then the callback is dead.
    let app = TestApp::spawn_with_callbacks(CallbackConfig {
        mode: DeliveryMode::Faithful,
        ..CallbackConfig::default()
    })
    .await;
    let (site, _) = site_and_peer(&app).await;
    let receiver = Receiver::start(&[], 500).await;
    let (sub, _) = subscribe(&app, "orders", &receiver.url, false).await;
    let tns = available(&app, "areaCode=919&quantity=1").await;
    let order = place(&app, &existing_order(&site, &tns, "")).await;
    settle(&app, &order).await;
    wait_state(&app, &sub, "dead").await;
    let ported = numbers("919207", 7200, 2);
    let (portin, _) = create(&app, &lnp_order(&site, &ported, "")).await;

    let b = Browser::start(1280, 900).await;
    let base = &app.address;
    b.goto(&format!("{base}/")).await;
    assert!(
        b.url().await.contains("/console/sign-in"),
        "{}",
        b.url().await
    );
    shot(&b, "sign-in").await;
    b.fill("#token", ADMIN_TOKEN).await;
    b.click("#sign-in-operator").await;
    b.wait_for_url("/console", 10).await;
    b.wait_for_text("main", "Every account", 10).await;
    assert!(
        b.text("main").await.contains("Every account"),
        "{}",
        b.text("main").await
    );
    shot(&b, "overview").await;

    // A port-in forced to FOC, then completed.
    b.goto(&format!("{base}/console/accounts/{ACCOUNT}/portins"))
        .await;
    b.click(&format!("a[href$='/portins/{portin}']")).await;
    b.wait_for_text("#portin-status", "SUBMITTED", 5).await;
    b.click("#force-foc").await;
    b.wait_for_text("#portin-status", "FOC", 5).await;
    shot(&b, "port-in").await;
    b.click("#force-complete").await;
    b.wait_for_text("#portin-status", "COMPLETE", 5).await;
    assert_eq!(
        tn_status(&app, &ported[0]).await.as_deref(),
        Some("Inservice")
    );

    // The dead callback, replayed to a receiver that now answers.
    receiver.answer(200);
    b.goto(&format!("{base}/console/deliveries?state=dead"))
        .await;
    assert!(b.text("main").await.contains("dead"));
    shot(&b, "callbacks").await;
    b.click("table tbody tr button").await;
    let body = wait_state(&app, &sub, "delivered").await;
    assert!(body.contains("<Attempts>2</Attempts>"), "{body}");
    b.goto(&format!("{base}/console/deliveries")).await;
    b.wait_for_text("table tbody", "delivered", 5).await;

    // The clock, advanced by two hours from its page.
    let before = app.hub.clock_state().offset_ms.unwrap();
    b.goto(&format!("{base}/console/clock")).await;
    b.fill("#hours", "2").await;
    b.click("#advance").await;
    let mut after = before;
    for _ in 0..100 {
        after = app.hub.clock_state().offset_ms.unwrap();
        if after - before >= 2 * 3_600_000 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(after - before >= 2 * 3_600_000, "{before} → {after}");
    b.wait_for_text("#clock-offset", "hours", 5).await;
    shot(&b, "clock").await;

    // The same form without its CSRF token: refused, and the clock stays.
    b.script(
        "document.querySelector('form[action=\"/console/clock/advance\"] input[name=csrf]').remove()",
    )
    .await;
    b.click("#advance").await;
    let refused = b.wait_for_text("main", "CSRF", 10).await;
    assert!(
        refused.contains("403") && refused.contains("CSRF"),
        "{refused}"
    );
    assert_eq!(app.hub.clock_state().offset_ms.unwrap(), after);

    b.goto(&format!("{base}/console/inventory")).await;
    shot(&b, "inventory").await;
    b.goto(&format!("{base}/console/jobs")).await;
    assert!(b.text("#worker-state").await.contains("running"));
    b.quit().await;
}

#[tokio::test]
async fn a_customer_orders_a_number_and_watches_the_order_complete() {
    let app = TestApp::spawn().await;
    app.other_tenant("9900002", "other", "other-password").await;
    site_and_peer(&app).await;

    let b = Browser::start(1280, 900).await;
    let base = &app.address;
    b.goto(&format!("{base}/console/sign-in")).await;
    b.fill("#user", USER).await;
    b.fill("#password", PASSWORD).await;
    b.click("#sign-in-user").await;
    b.wait_for_text("main", "Your accounts", 10).await;
    let overview = b.text("main").await;
    assert!(
        overview.contains(ACCOUNT) && !overview.contains("9900002"),
        "{overview}"
    );

    // Another account's pages are not reachable.
    b.goto(&format!("{base}/console/accounts/9900002/orders"))
        .await;
    let refused = b.text("main").await;
    assert!(
        refused.contains("403") && refused.contains("not one of yours"),
        "{refused}"
    );

    // Search, then order the first number found with one click.
    b.goto(&format!("{base}/console/accounts/{ACCOUNT}/search"))
        .await;
    b.fill("#areaCode", "919").await;
    b.fill("#quantity", "5").await;
    b.click("#search").await;
    b.wait_for_text("main h2", "5 numbers available", 10).await;
    shot(&b, "search").await;
    b.click("button.order").await;
    b.wait_for_url("/orders/", 10).await;
    // The page refreshes itself until the worker completes the order.
    b.wait_for_text("#order-status", "COMPLETE", 60).await;
    shot(&b, "order").await;
    b.click("ul.numbers a").await;
    b.wait_for_text("main", "Inservice", 5).await;
    shot(&b, "number").await;

    b.goto(&format!("{base}/console/accounts/{ACCOUNT}/orders"))
        .await;
    assert!(b.text("table tbody").await.contains("COMPLETE"));
    shot(&b, "orders").await;

    // Readable on a phone: one column, nothing cut off.
    b.set_size(390, 844).await;
    b.goto(&format!("{base}/console")).await;
    let overflow = b
        .script("return document.documentElement.scrollWidth > window.innerWidth")
        .await;
    assert_eq!(
        overflow,
        serde_json::Value::Bool(false),
        "the overview scrolls sideways on a phone"
    );
    shot(&b, "phone-overview").await;
    b.quit().await;
}
