//! Cancelling port-ins over HTTP in each state that allows it (DRAFT is in
//! `portins_docs.rs`), the carrier's confirmation on the sandbox clock, the
//! numbers released, and the refusals once cancelled.

use reqwest::StatusCode;
use tnhub_core::subscription::{DeliveryFilter, SubscriptionDraft};

use crate::helpers::TestApp;
use crate::orders::{is_offered, site_and_peer};
use crate::portins::{assert_codes, create, get, lnp_order, numbers, portins, tn_status, wait_for};
use crate::portins_lifecycle::{CARRIER_DELAY, account, history, supp};

#[tokio::test]
async fn cancelling_releases_the_numbers_in_each_state_that_allows_it() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    app.hub
        .create_subscription(
            &account(),
            SubscriptionDraft {
                order_type: Some("portins".into()),
                url: Some("http://127.0.0.1:9/p".into()),
                ..SubscriptionDraft::default()
            },
        )
        .await
        .unwrap();

    // SUBMITTED: the carrier confirms the cancellation after its delay.
    let tns = numbers("919207", 5500, 1);
    let (id, _) = create(&app, &lnp_order(&site, &tns, "")).await;
    let r = app.delete(&format!("{}/{id}", portins())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body, "");
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("REQUESTED_CANCEL")
    );
    assert_eq!(
        tn_status(&app, &tns[0]).await.as_deref(),
        Some("PortInPendingFoc"),
        "held until confirmed"
    );
    assert_codes(
        &supp(
            &app,
            &id,
            "<LnpOrderSupp><CustomerOrderId>x</CustomerOrderId></LnpOrderSupp>",
        )
        .await,
        400,
        &[7303],
    );
    // Asking again while the carrier has not answered changes nothing: 200,
    // still REQUESTED_CANCEL, no second history entry or callback.
    let history_before = history(&app.get(&format!("{}/{id}/history", portins())).await.body);
    let r = app.delete(&format!("{}/{id}", portins())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("REQUESTED_CANCEL")
    );
    assert_eq!(
        history(&app.get(&format!("{}/{id}/history", portins())).await.body),
        history_before
    );
    app.advance_clock(CARRIER_DELAY + 1).await;
    wait_for(&app, &id, "CANCELLED").await;
    assert_eq!(tn_status(&app, &tns[0]).await, None);
    assert!(is_offered(&app, &tns[0]).await, "back in inventory");
    let r = app.delete(&format!("{}/{id}", portins())).await;
    assert_codes(&r, 400, &[7303]);
    assert!(
        r.body
            .contains("The order is already cancelled and cannot be modified or cancelled")
    );
    assert_codes(
        &supp(
            &app,
            &id,
            "<LnpOrderSupp><CustomerOrderId>x</CustomerOrderId></LnpOrderSupp>",
        )
        .await,
        400,
        &[7303],
    );
    // The numbers can be ported again.
    let (again, _) = create(&app, &lnp_order(&site, &tns, "")).await;

    // FOC: the same way.
    app.advance_clock(CARRIER_DELAY + 1).await;
    wait_for(&app, &again, "FOC").await;
    app.delete(&format!("{}/{again}", portins())).await;
    assert_eq!(
        get(&app, &again)
            .await
            .text_of("ProcessingStatus")
            .as_deref(),
        Some("REQUESTED_CANCEL")
    );
    app.advance_clock(CARRIER_DELAY + 1).await;
    wait_for(&app, &again, "CANCELLED").await;
    assert_eq!(tn_status(&app, &tns[0]).await, None);

    // REQUESTED_SUPP: a supplement the carrier has not answered yet can be
    // cancelled too; the carrier confirms the cancellation.
    let tns = numbers("919207", 5550, 1);
    let (supped, _) = create(&app, &lnp_order(&site, &tns, "")).await;
    let r = supp(
        &app,
        &supped,
        "<LnpOrderSupp><CustomerOrderId>changed</CustomerOrderId></LnpOrderSupp>",
    )
    .await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("REQUESTED_SUPP"),
        "{}",
        r.body
    );
    let r = app.delete(&format!("{}/{supped}", portins())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        get(&app, &supped)
            .await
            .text_of("ProcessingStatus")
            .as_deref(),
        Some("REQUESTED_CANCEL")
    );
    app.advance_clock(CARRIER_DELAY + 1).await;
    wait_for(&app, &supped, "CANCELLED").await;
    assert_eq!(tn_status(&app, &tns[0]).await, None);

    // EXCEPTION: nothing is pending with the carrier, so at once.
    let tns = numbers("919207", 5600, 1);
    let (id, _) = create(&app, &lnp_order(&site, &tns, "")).await;
    app.hub
        .force_exception(&id, Some(7513), None)
        .await
        .unwrap();
    let r = get(&app, &id).await;
    assert!(r.body.contains("<Errors><Code>7513</Code><Description>PIN Invalid</Description></Errors><ProcessingStatus>EXCEPTION</ProcessingStatus>"), "{}", r.body);
    assert_eq!(
        tn_status(&app, &tns[0]).await.as_deref(),
        Some("PortInPendingFoc"),
        "an exception keeps the numbers"
    );
    app.delete(&format!("{}/{id}", portins())).await;
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("CANCELLED")
    );
    assert_eq!(tn_status(&app, &tns[0]).await, None);

    let mut got = app
        .hub
        .deliveries(&DeliveryFilter {
            account_id: Some(account()),
            limit: 100,
            ..DeliveryFilter::default()
        })
        .await
        .unwrap();
    got.reverse();
    let statuses: Vec<&str> = got
        .iter()
        .map(|(d, _)| d.notification.status.as_str())
        .collect();
    assert_eq!(
        statuses,
        [
            "SUBMITTED",
            "REQUESTED_CANCEL",
            "CANCELLED",
            "SUBMITTED",
            "FOC",
            "REQUESTED_CANCEL",
            "CANCELLED",
            "SUBMITTED",
            "REQUESTED_SUPP",
            "REQUESTED_CANCEL",
            "CANCELLED",
            "SUBMITTED",
            "EXCEPTION",
            "CANCELLED"
        ]
    );
}
