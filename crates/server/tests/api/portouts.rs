//! Port-outs over HTTP: the operator's simulated winning carrier takes
//! numbers away from the account — refused for a missing or wrong
//! passcode or a number not on the account, else FOC, then COMPLETE on
//! the FOC date, the numbers gone from the account, aging, and back in
//! inventory after the aging period; the `portouts` subscribers told of
//! each change in order.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::callbacks::{subscribe, text};
use crate::disconnects::in_service;
use crate::helpers::{ACCOUNT, ADMIN_TOKEN, Reply, TestApp, last_segment};
use crate::orders::{is_offered, site_and_peer};
use crate::portins::{foc_in, now, tn_status};
use crate::receiver::Receiver;

fn portouts() -> String {
    format!("/accounts/{ACCOUNT}/portouts")
}

/// A JSON request to the operator plane.
pub async fn admin(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = app
        .client
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(ADMIN_TOKEN);
    if let Some(b) = body {
        req = req
            .header("Content-Type", "application/json")
            .body(b.to_string());
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// The winning carrier asks for these numbers; returns the port-out's id.
async fn start(app: &TestApp, tns: &[String], extra: Value) -> String {
    let mut body = json!({ "accountId": ACCOUNT, "tns": tns });
    if let Value::Object(m) = extra {
        for (k, v) in m {
            body[k] = v;
        }
    }
    let (s, v) = admin(app, Method::POST, "/admin/portouts", Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["status"], "NEW", "{v}");
    v["id"].as_str().unwrap().to_string()
}

/// Polls (running due jobs meanwhile) until the port-out is in `status`.
async fn wait_for(app: &TestApp, id: &str, status: &str) -> Reply {
    let mut last = String::new();
    for _ in 0..200 {
        let _ = app.hub.run_due_jobs().await;
        let r = app.get(&format!("{}/{id}", portouts())).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        last = r.text_of("PortOutStatus").unwrap_or_default();
        if last == status {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("port-out {id} stayed {last}, never {status}");
}

/// Sets a port-out passcode on a number with a `tnoptions` order.
async fn set_passcode(app: &TestApp, tn: &str, passcode: &str) {
    let body = format!(
        "<TnOptionOrder><TnOptionGroups><TnOptionGroup><PortOutPasscode>{passcode}</PortOutPasscode>\
         <TelephoneNumbers><TelephoneNumber>{tn}</TelephoneNumber></TelephoneNumbers></TnOptionGroup>\
         </TnOptionGroups></TnOptionOrder>"
    );
    let r = app
        .post(&format!("/accounts/{ACCOUNT}/tnoptions"), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = last_segment(r.header("location"));
    for _ in 0..200 {
        let _ = app.hub.run_due_jobs().await;
        let r = app
            .get(&format!("/accounts/{ACCOUNT}/tnoptions/{id}"))
            .await;
        if r.text_of("ProcessingStatus").as_deref() == Some("COMPLETE") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the passcode order did not complete");
}

#[tokio::test]
async fn a_port_out_takes_numbers_away_and_they_age_back_to_inventory() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(&[], 200).await;
    subscribe(&app, "portouts", &receiver.url, false).await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 3).await;
    set_passcode(&app, &tns[0], "a1b2c3").await;
    let leaving = vec![tns[0].clone(), tns[1].clone()];

    // A wrong passcode, then none: refused with the carriers' codes.
    let wrong = start(&app, &leaving, json!({ "passcode": "zzzz99" })).await;
    let r = wait_for(&app, &wrong, "EXCEPTION").await;
    assert!(
        r.body.contains(&format!(
            "<Errors><Code>7513</Code><Description>PIN Invalid</Description><TelephoneNumbers><Tn>{}</Tn></TelephoneNumbers></Errors>",
            tns[0]
        )),
        "{}",
        r.body
    );
    let missing = start(&app, &leaving, json!({})).await;
    let r = wait_for(&app, &missing, "EXCEPTION").await;
    assert!(
        r.body
            .contains("<Code>7512</Code><Description>Required PIN missing</Description>"),
        "{}",
        r.body
    );
    assert_eq!(tn_status(&app, &tns[0]).await.as_deref(), Some("Inservice"));

    // The right passcode: FOC on the requested date, the numbers still in
    // service until then.
    let date = foc_in(&app, 4);
    let id = start(
        &app,
        &leaving,
        json!({ "passcode": "a1b2c3", "requestedFocDate": date.iso(), "winningCarrier": "9103", "pon": "WIN-1" }),
    )
    .await;
    let r = wait_for(&app, &id, "FOC").await;
    assert_eq!(r.text_of("ActualFocDate"), Some(date.iso()), "{}", r.body);
    assert_eq!(r.text_of("SPID").as_deref(), Some("9103"));
    assert_eq!(r.text_of("PON").as_deref(), Some("WIN-1"));
    assert_eq!(r.text_of("OrderId"), Some(id.clone()));
    assert!(r.body.contains(&format!(
        "<ListOfPhoneNumbers><PhoneNumber>{}</PhoneNumber><PhoneNumber>{}</PhoneNumber></ListOfPhoneNumbers><CountOfTNs>2</CountOfTNs>",
        tns[0], tns[1]
    )), "{}", r.body);
    assert_eq!(tn_status(&app, &tns[1]).await.as_deref(), Some("Inservice"));

    // On the FOC date the numbers leave: aging, not the account's any more.
    let secs = (date.millis() - now(&app).millis()) / 1_000 + 1;
    app.advance_clock(secs).await;
    wait_for(&app, &id, "COMPLETE").await;
    for tn in &leaving {
        assert_eq!(tn_status(&app, tn).await.as_deref(), Some("Aging"));
        let r = app
            .get(&format!("/accounts/{ACCOUNT}/inserviceNumbers/{tn}"))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        assert!(!is_offered(&app, tn).await);
    }
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/inserviceNumbers"))
        .await;
    assert!(
        r.body.contains(&tns[2]) && !r.body.contains(&tns[0]),
        "{}",
        r.body
    );
    assert_eq!(tn_status(&app, &tns[2]).await.as_deref(), Some("Inservice"));

    // History, list and filters.
    let r = app.get(&format!("{}/{id}/history", portouts())).await;
    let statuses: Vec<&str> = r
        .body
        .split("<Status>")
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .collect();
    assert_eq!(statuses, ["NEW", "FOC", "COMPLETE"], "{}", r.body);
    let r = app.get(&portouts()).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("3"), "{}", r.body);
    assert!(
        r.body.contains("<OrderType>port_out</OrderType>"),
        "{}",
        r.body
    );
    let r = app.get(&format!("{}?status=complete", portouts())).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("1"), "{}", r.body);
    assert_eq!(r.text_of("OrderId"), Some(id.clone()));
    let r = app.get(&format!("{}?status=lost", portouts())).await;
    r.assert_error(400, 15518);

    // The subscribers heard of each change, in order.
    let got = receiver.wait_for(4).await;
    let seen: Vec<(String, String)> = got
        .iter()
        .map(|n| {
            (
                text(&n.body, "OrderId").unwrap_or_default(),
                text(&n.body, "Status").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (wrong.clone(), "EXCEPTION".to_string()),
            (missing.clone(), "EXCEPTION".to_string()),
            (id.clone(), "FOC".to_string()),
            (id.clone(), "COMPLETE".to_string()),
        ]
    );
    assert!(
        got.iter()
            .all(|n| text(&n.body, "OrderType").as_deref() == Some("portouts"))
    );
    assert_eq!(text(&got[2].body, "ActualFocDate"), Some(date.iso()));
    assert!(
        got[3].body.contains(&tns[0]) && got[3].body.contains(&tns[1]),
        "{}",
        got[3].body
    );

    // After the aging period the numbers are back in inventory.
    app.advance_clock(31 * 86_400).await;
    assert!(is_offered(&app, &tns[0]).await, "released after aging");
}

#[tokio::test]
async fn port_outs_refuse_numbers_not_on_the_account_and_the_operator_steps_are_checked() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 2).await;
    let stranger = format!("{}9", &tns[0][..9]);
    let stranger = if tns.contains(&stranger) {
        format!("{}8", &tns[0][..9])
    } else {
        stranger
    };
    let id = start(&app, &[tns[0].clone(), stranger.clone()], json!({})).await;
    let r = wait_for(&app, &id, "EXCEPTION").await;
    assert!(r.body.contains(&format!("<Errors><Code>7516</Code><Description>Telephone Number not recognized or invalid for this account</Description><TelephoneNumbers><Tn>{stranger}</Tn></TelephoneNumbers></Errors>")), "{}", r.body);
    assert_eq!(tn_status(&app, &tns[0]).await.as_deref(), Some("Inservice"));

    // The operator's request is checked before anything is stored.
    for (body, status) in [
        (
            json!({ "accountId": ACCOUNT, "tns": [] }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "accountId": ACCOUNT, "tns": ["12"] }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "accountId": ACCOUNT, "tns": [tns[0]], "winningCarrier": "0000" }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "accountId": ACCOUNT, "tns": [tns[0]], "bogus": 1 }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "accountId": "nobody", "tns": [tns[0]] }),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (s, v) = admin(&app, Method::POST, "/admin/portouts", Some(body.clone())).await;
        assert_eq!(s, status, "{body}: {v}");
    }
    let (s, _) = admin(
        &app,
        Method::POST,
        &format!("/admin/portouts/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "an EXCEPTION cannot complete");

    // FOC, then the operator completes it early; a cancelled one stays.
    let id = start(&app, &[tns[0].clone()], json!({})).await;
    wait_for(&app, &id, "FOC").await;
    let (s, v) = admin(
        &app,
        Method::POST,
        &format!("/admin/portouts/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(
        (s, v["status"].as_str()),
        (StatusCode::OK, Some("COMPLETE")),
        "{v}"
    );
    assert_eq!(v["completed"], json!([tns[0]]));
    assert_eq!(tn_status(&app, &tns[0]).await.as_deref(), Some("Aging"));
    let other = start(&app, &[tns[1].clone()], json!({})).await;
    wait_for(&app, &other, "FOC").await;
    let (s, v) = admin(
        &app,
        Method::POST,
        &format!("/admin/portouts/{other}/cancel"),
        None,
    )
    .await;
    assert_eq!(
        (s, v["status"].as_str()),
        (StatusCode::OK, Some("CANCELLED")),
        "{v}"
    );
    app.advance_clock(10 * 86_400).await;
    let _ = app.hub.run_due_jobs().await;
    assert_eq!(tn_status(&app, &tns[1]).await.as_deref(), Some("Inservice"));
    let (s, _) = admin(
        &app,
        Method::POST,
        &format!("/admin/portouts/{other}/cancel"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = admin(&app, Method::GET, "/admin/portouts/nope", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Notes, and another account sees none of it.
    let r = app
        .post(
            &format!("{}/{other}/notes", portouts()),
            "<Note><UserId>me</UserId><Description>asked the customer</Description></Note>",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app.get(&format!("{}/{other}/notes", portouts())).await;
    assert!(
        r.body
            .contains("<Description>asked the customer</Description>"),
        "{}",
        r.body
    );
    app.other_tenant("9999", "other", "other-password").await;
    let r = app
        .request_as(
            Method::GET,
            "/accounts/9999/portouts",
            None,
            Some(("other", "other-password")),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app
        .request_as(
            Method::GET,
            &format!("/accounts/9999/portouts/{other}"),
            None,
            Some(("other", "other-password")),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}
