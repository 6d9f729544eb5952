//! Worker faults beyond whole new-number orders: failing only the numbers
//! a rule names (the order ends PARTIAL, with its notification), and the
//! other order kinds — disconnects, feature orders, port-ins — as the
//! rule's `orderType` says.

use tnhub_server::callbacks::CallbackConfig;

use crate::callbacks::subscriptions;
use crate::disconnects::{disconnect, disconnect_body, in_service};
use crate::faults::add_rule;
use crate::helpers::{ACCOUNT, TestApp, last_segment};
use crate::orders::{available, existing_order, place, settle, site_and_peer};
use crate::portins::{create, lnp_order, numbers, wait_for};
use crate::receiver::Receiver;

fn rule(order_type: &str, code: u32, tns: Option<&[String]>) -> String {
    let tns = tns.map_or(String::new(), |t| {
        format!(r#","tns":{}"#, serde_json::to_string(t).unwrap())
    });
    format!(
        r#"{{"account":"{ACCOUNT}","orderType":"{order_type}","times":1,"action":{{"type":"workerFault","code":{code},"description":"Vendor timed out"{tns}}}}}"#
    )
}

#[tokio::test]
async fn a_fault_naming_some_numbers_leaves_the_order_partial_with_its_notification() {
    let app = TestApp::spawn_with_callbacks(CallbackConfig::default()).await;
    let receiver = Receiver::start(&[], 200).await;
    let r = app
        .post(
            &subscriptions(),
            &format!(
                "<Subscription><OrderType>orders</OrderType><CallbackSubscription><URL>{}</URL>\
                 <Expiry>3600</Expiry></CallbackSubscription></Subscription>",
                receiver.url
            ),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let (site, _) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=2").await;
    add_rule(&app, &rule("new_number", 5005, Some(&tns[..1]))).await;
    let id = place(&app, &existing_order(&site, &tns, "")).await;
    let order = settle(&app, &id).await;
    assert_eq!(
        order.text_of("OrderStatus").as_deref(),
        Some("PARTIAL"),
        "{}",
        order.body
    );
    assert!(order.body.contains("<Code>5005</Code>"), "{}", order.body);
    let failed = order
        .body
        .split("<FailedNumbers>")
        .nth(1)
        .unwrap_or_default();
    assert!(
        failed.contains(&tns[0]) && !failed.contains(&tns[1]),
        "{}",
        order.body
    );
    let got = receiver.wait_for(1).await;
    let note = &got.last().unwrap().body;
    assert!(
        note.contains("<Status>PARTIAL</Status>") && note.contains(&id),
        "{note}"
    );
}

#[tokio::test]
async fn disconnects_follow_the_rules_order_type() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 3).await;
    // A new-number rule leaves disconnects alone.
    add_rule(&app, &rule("new_number", 5005, None)).await;
    add_rule(&app, &rule("disconnect", 5011, Some(&tns[..1]))).await;
    let (_, r) = disconnect(&app, &disconnect_body(&tns[..2], "")).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("PARTIAL"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("5011") && r.body.contains(&tns[0]),
        "{}",
        r.body
    );
    // Every number, when the rule names none.
    add_rule(&app, &rule("disconnect", 5012, None)).await;
    let (_, r) = disconnect(&app, &disconnect_body(&tns[2..], "")).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        r.body
    );
    assert!(r.body.contains("5012"), "{}", r.body);
}

#[tokio::test]
async fn feature_orders_and_port_ins_fail_as_the_rule_says() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 1).await;
    add_rule(&app, &rule("tn_option", 5021, None)).await;
    let body = format!(
        "<TnOptionOrder><TnOptionGroups><TnOptionGroup><CallingNameDisplay>on</CallingNameDisplay>\
         <TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers></TnOptionGroup>\
         </TnOptionGroups></TnOptionOrder>",
        tns[0]
    );
    let r = app
        .post(&format!("/accounts/{ACCOUNT}/tnoptions"), &body)
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = last_segment(r.header("location"));
    let mut last = String::new();
    for _ in 0..200 {
        let r = app
            .get(&format!("/accounts/{ACCOUNT}/tnoptions/{id}"))
            .await;
        last = r.body.clone();
        if r.text_of("ProcessingStatus").as_deref() == Some("FAILED") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(
        last.contains("<ProcessingStatus>FAILED</ProcessingStatus>") && last.contains("5021"),
        "{last}"
    );

    add_rule(&app, &rule("port_in", 7777, None)).await;
    let (id, _) = create(&app, &lnp_order(&site, &numbers("919207", 4500, 2), "")).await;
    // The carrier's answer is due an hour later (sandbox clock).
    app.advance_clock(3_601).await;
    let r = wait_for(&app, &id, "EXCEPTION").await;
    assert!(r.body.contains("7777"), "{}", r.body);
}
