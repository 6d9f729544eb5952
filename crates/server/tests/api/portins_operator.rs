//! The port-in operator plane (carrier rules and delay, forced FOC,
//! EXCEPTION and COMPLETE) and the LNP checker.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use tnhub_core::ids::AccountId;
use tnhub_core::order::portin::carrier::losing_carrier_of;
use tnhub_core::service::FullCheck;

use crate::helpers::{ACCOUNT, ADMIN_TOKEN, Reply, TestApp};
use crate::orders::{existing_order, only_inventory, place, settle, site_and_peer};
use crate::portins::{create, foc_in, get, lnp_order, numbers, portins, tn_status, wait_for};

/// A JSON request to the operator plane.
async fn admin(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<&str>,
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

fn check(tns: &[&str]) -> String {
    let list: String = tns.iter().map(|t| format!("<Tn>{t}</Tn>")).collect();
    format!("<NumberPortabilityRequest><TnList>{list}</TnList></NumberPortabilityRequest>")
}

async fn lnp(app: &TestApp, query: &str, body: &str) -> Reply {
    app.post(&format!("/accounts/{ACCOUNT}/lnpchecker{query}"), body)
        .await
}

#[tokio::test]
async fn the_operator_plane_takes_only_the_admin_token() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .get(format!("{}/admin/portins/carrier", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = app
        .client
        .get(format!("{}/admin/portins/carrier", app.address))
        .basic_auth("demo", Some("demo-password"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (status, v) = admin(&app, Method::GET, "/admin/portins/carrier", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["defaultDelaySeconds"], 3600);
    assert!(
        v["simulatedCarriers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["spid"] == "9101")
    );
}

#[tokio::test]
async fn carrier_rules_decide_how_the_carrier_answers_and_persist() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let (s, v) = admin(
        &app,
        Method::PUT,
        "/admin/portins/carrier",
        Some(r#"{"defaultDelaySeconds": 60}"#),
    )
    .await;
    assert_eq!(
        (s, v["defaultDelaySeconds"].clone()),
        (StatusCode::OK, Value::from(60))
    );
    let tns = numbers("919207", 7100, 1);
    let spid = losing_carrier_of(&tns[0]).unwrap().spid;

    // The carrier rejects: EXCEPTION with its code.
    let (s, v) = admin(
        &app,
        Method::PUT,
        &format!("/admin/portins/carrier/carriers/{spid}"),
        Some(r#"{"behaviour": "reject", "code": 7513}"#),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["carriers"][spid]["description"], "PIN Invalid");
    let (id, _) = create(&app, &lnp_order(&site, &tns, "")).await;
    app.advance_clock(61).await;
    let r = wait_for(&app, &id, "EXCEPTION").await;
    assert!(r.body.contains("<Errors><Code>7513</Code><Description>PIN Invalid</Description></Errors><ProcessingStatus>EXCEPTION</ProcessingStatus>"), "{}", r.body);
    // A supplement sends it again; a prefix rule now wins over the carrier's.
    let (s, _) = admin(
        &app,
        Method::PUT,
        "/admin/portins/carrier/prefixes/919207",
        Some(r#"{"behaviour": "accept", "delaySeconds": 5}"#),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let r = app
        .put(
            &format!("{}/{id}", portins()),
            "<LnpOrderSupp><WirelessInfo><PinNumber>1234</PinNumber></WirelessInfo></LnpOrderSupp>",
        )
        .await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("REQUESTED_SUPP"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("<Errors>"), "{}", r.body);
    app.advance_clock(6).await;
    wait_for(&app, &id, "FOC").await;

    // A carrier that never answers.
    let (s, _) = admin(
        &app,
        Method::PUT,
        "/admin/portins/carrier/prefixes/9192072",
        Some(r#"{"behaviour": "never"}"#),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (silent, _) = create(&app, &lnp_order(&site, &numbers("919207", 2000, 1), "")).await;
    app.advance_clock(20 * 86_400).await;
    let _ = app.hub.run_due_jobs().await;
    assert_eq!(
        get(&app, &silent)
            .await
            .text_of("ProcessingStatus")
            .as_deref(),
        Some("SUBMITTED")
    );

    // Bad rules.
    for (path, body) in [
        (
            "/admin/portins/carrier/prefixes/91x",
            r#"{"behaviour": "accept"}"#,
        ),
        (
            "/admin/portins/carrier/prefixes/919",
            r#"{"behaviour": "maybe"}"#,
        ),
        ("/admin/portins/carrier/prefixes/919", r#"{}"#),
        (
            "/admin/portins/carrier/prefixes/919",
            r#"{"behaviour": "accept", "colour": 1}"#,
        ),
        (
            "/admin/portins/carrier/carriers/TOOLONG",
            r#"{"behaviour": "accept"}"#,
        ),
        ("/admin/portins/carrier", r#"not json"#),
    ] {
        let (s, v) = admin(&app, Method::PUT, path, Some(body)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{path} {body}: {v}");
    }
    // Rules are in the database: a restarted server has them.
    let app = app.restart().await;
    let (_, v) = admin(&app, Method::GET, "/admin/portins/carrier", None).await;
    assert_eq!(v["defaultDelaySeconds"], 60);
    assert_eq!(v["carriers"][spid]["behaviour"], "reject");
    assert_eq!(v["prefixes"]["9192072"]["behaviour"], "never");
    let (s, _) = admin(
        &app,
        Method::DELETE,
        "/admin/portins/carrier/prefixes/9192072",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = admin(
        &app,
        Method::DELETE,
        "/admin/portins/carrier/prefixes/9192072",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = admin(
        &app,
        Method::DELETE,
        &format!("/admin/portins/carrier/carriers/{spid}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn the_operator_forces_foc_exception_and_completion() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = numbers("919207", 7200, 2);
    let (id, _) = create(&app, &lnp_order(&site, &tns, "")).await;
    let (s, v) = admin(&app, Method::GET, &format!("/admin/portins/{id}"), None).await;
    assert_eq!(
        (s, v["status"].as_str()),
        (StatusCode::OK, Some("SUBMITTED"))
    );
    assert_eq!(v["accountId"], ACCOUNT);
    assert!(v["carrierAnswersAt"].is_string());

    let date = foc_in(&app, 7);
    let (s, v) = admin(
        &app,
        Method::POST,
        &format!("/admin/portins/{id}/foc"),
        Some(&format!(r#"{{"focDate": "{}"}}"#, date.iso())),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["actualFocDate"], date.iso());
    let r = get(&app, &id).await;
    assert_eq!(r.text_of("ActualFocDate"), Some(date.iso()));
    assert_eq!(r.text_of("LastModifiedBy").as_deref(), Some("Operator"));
    let (s, v) = admin(
        &app,
        Method::POST,
        &format!("/admin/portins/{id}/exception"),
        Some(r#"{"code": 7516, "description": "Not yours"}"#),
    )
    .await;
    assert_eq!(
        (s, v["status"].as_str()),
        (StatusCode::OK, Some("EXCEPTION")),
        "{v}"
    );
    assert!(
        get(&app, &id)
            .await
            .body
            .contains("<Errors><Code>7516</Code><Description>Not yours</Description></Errors>")
    );
    let (s, v) = admin(
        &app,
        Method::POST,
        &format!("/admin/portins/{id}/foc"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["actualFocDate"].is_string(), "the earliest allowed: {v}");
    let (s, v) = admin(
        &app,
        Method::POST,
        &format!("/admin/portins/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(
        (s, v["status"].as_str()),
        (StatusCode::OK, Some("COMPLETE")),
        "{v}"
    );
    assert_eq!(tn_status(&app, &tns[1]).await.as_deref(), Some("Inservice"));

    let (s, _) = admin(
        &app,
        Method::POST,
        &format!("/admin/portins/{id}/foc"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = admin(&app, Method::POST, "/admin/portins/nope/complete", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = admin(
        &app,
        Method::POST,
        &format!("/admin/portins/{id}/foc"),
        Some(r#"{"focDate": "someday"}"#),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (draft, _) = create(
        &app,
        &lnp_order(
            &site,
            &numbers("919207", 7300, 1),
            "<ProcessingStatus>DRAFT</ProcessingStatus>",
        ),
    )
    .await;
    let (s, _) = admin(
        &app,
        Method::POST,
        &format!("/admin/portins/{draft}/complete"),
        None,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::CONFLICT,
        "a draft holds no numbers to complete"
    );
}

#[tokio::test]
async fn the_lnp_checker_groups_numbers_and_refuses_with_the_documented_codes() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let a = numbers("919207", 8100, 2);
    let r = lnp(
        &app,
        "?fullCheck=false",
        &check(&[&a[0], &a[1], "9199580100"]),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&format!("<NumberPortabilityResponse><PortType>AUTOMATED</PortType><SupportedRateCenters><RateCenterGroup><RateCenter>BENSON</RateCenter><City>BENSON</City><State>NC</State><LATA>426</LATA><Tiers><Tier>0</Tier></Tiers><TnList><Tn>{}</Tn><Tn>{}</Tn></TnList></RateCenterGroup></SupportedRateCenters><UnsupportedRateCenters><RateCenterGroup><TnList><Tn>9199580100</Tn></TnList></RateCenterGroup></UnsupportedRateCenters></NumberPortabilityResponse>", a[0], a[1])), "{}", r.body);
    let c = losing_carrier_of(&a[0]).unwrap();
    let r = lnp(&app, "?fullCheck=true", &check(&[&a[0]])).await;
    assert!(r.body.contains(&format!("<SupportedLosingCarriers><LosingCarrierTnList><LosingCarrierSPID>{}</LosingCarrierSPID><LosingCarrierName>{}</LosingCarrierName><LosingCarrierIsWireless>{}</LosingCarrierIsWireless>", c.spid, c.name, c.wireless)), "{}", r.body);
    assert!(
        r.body
            .ends_with("<UnsupportedLosingCarriers/></NumberPortabilityResponse>"),
        "{}",
        r.body
    );
    let r = lnp(&app, "?fullCheck=true", &check(&["8882078100"])).await;
    assert_eq!(r.text_of("PortType").as_deref(), Some("MANUAL_TOLLFREE"));

    // Errors: the bare <Errors> of <NumberPortabilityResponse>.
    let codes = |r: &Reply| -> Vec<u32> {
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(
            r.body.contains("<NumberPortabilityResponse><Errors>") && !r.body.contains("<Status>"),
            "{}",
            r.body
        );
        r.body
            .split("<Code>")
            .skip(1)
            .filter_map(|s| s.split("</Code>").next())
            .map(|c| c.parse().unwrap())
            .collect()
    };
    assert_eq!(
        codes(&lnp(&app, "", "<NumberPortabilityRequest/>").await),
        [7102]
    );
    assert_eq!(
        codes(
            &lnp(
                &app,
                "",
                "<NumberPortabilityRequest><TnList/></NumberPortabilityRequest>"
            )
            .await
        ),
        [7316]
    );
    assert_eq!(
        codes(&lnp(&app, "", &check(&["61746052083", &a[0], &a[0]])).await),
        [7201, 7360]
    );
    assert!(
        lnp(&app, "", &check(&["61746052083"]))
            .await
            .body
            .contains("61746052083 is not a valid NANP telephone number.")
    );
    assert_eq!(
        codes(&lnp(&app, "?fullCheck=sometimes", &check(&[&a[0]])).await),
        [7472]
    );
    assert_eq!(codes(&lnp(&app, "", "<Order/>").await), [1002]);
    create(&app, &lnp_order(&site, &a[..1], "")).await;
    let order = place(&app, &existing_order(&site, &a[1..], "")).await;
    settle(&app, &order).await;
    let r = lnp(&app, "", &check(&[&a[0], &a[1]])).await;
    assert_eq!(codes(&r), [7205, 7206]);
    let account = AccountId::parse(ACCOUNT).unwrap();
    let many = numbers("919207", 0, 5_001);
    let e = app
        .hub
        .check_portability(&account, Some(many), FullCheck::No)
        .await
        .unwrap_err();
    assert_eq!(e.errors.iter().map(|e| e.code).collect::<Vec<_>>(), [7314]);
}

#[tokio::test]
async fn numbers_the_deployment_does_not_cover_are_ported_manually_off_net() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    // Only one block is for sale here; 919-207 is known from the reference
    // geography only.
    only_inventory(
        &app,
        "number,state,city,rate_center\n9192120100,NC,Raleigh,RALEIGH\n",
    )
    .await;
    let tns = numbers("919207", 9100, 1);
    let r = lnp(&app, "", &check(&[&tns[0], "9192120100"])).await;
    assert!(r.body.contains("<PortType>MANUAL_OFFNET</PortType><SupportedRateCenters><RateCenterGroup><RateCenter>RALEIGH</RateCenter>"), "{}", r.body);
    assert!(r.body.contains(&format!("<UnsupportedRateCenters><RateCenterGroup><RateCenter>BENSON</RateCenter><City>BENSON</City><State>NC</State><LATA>426</LATA><TnList><Tn>{}</Tn></TnList>", tns[0])), "{}", r.body);
    let r = lnp(&app, "?fullCheck=offnetportability", &check(&[&tns[0]])).await;
    assert!(
        r.body.contains(
            "<PartnerSupportedRateCenters><RateCenterGroup><RateCenter>BENSON</RateCenter>"
        ) && r.body.contains(&format!("<Tn>{}</Tn>", tns[0])),
        "{}",
        r.body
    );
    let (id, _) = create(&app, &lnp_order(&site, &tns, "")).await;
    assert_eq!(
        get(&app, &id).await.text_of("PortType").as_deref(),
        Some("MANUAL_OFFNET")
    );
    let (s, _) = admin(
        &app,
        Method::POST,
        &format!("/admin/portins/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let r = app.get(&format!("/tns/{}", tns[0])).await;
    assert_eq!(
        r.text_of("Status").as_deref(),
        Some("Inservice"),
        "{}",
        r.body
    );
    let r = app.get(&format!("/tns/{}/ratecenter", tns[0])).await;
    assert!(
        r.body.contains("BENSON"),
        "the reference geography's place: {}",
        r.body
    );
}

#[tokio::test]
async fn the_default_behaviour_applies_where_no_rule_does() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let (_, v) = admin(&app, Method::GET, "/admin/portins/carrier", None).await;
    assert_eq!(
        v["defaultBehaviour"]["behaviour"], "accept",
        "a sandbox accepts: {v}"
    );
    let (s, v) = admin(
        &app,
        Method::PUT,
        "/admin/portins/carrier",
        Some(r#"{"defaultBehaviour": "reject", "code": 7518}"#),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        v["defaultBehaviour"]["description"],
        "Telephone Number Not Active"
    );
    assert_eq!(v["defaultDelaySeconds"], 3600, "the delay is kept");
    let (id, _) = create(&app, &lnp_order(&site, &numbers("919207", 9500, 1), "")).await;
    app.advance_clock(3_601).await;
    let r = wait_for(&app, &id, "EXCEPTION").await;
    assert!(r.body.contains("<Errors><Code>7518</Code>"), "{}", r.body);
    let (s, _) = admin(
        &app,
        Method::PUT,
        "/admin/portins/carrier",
        Some(r#"{"defaultBehaviour": "never"}"#),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (id, _) = create(&app, &lnp_order(&site, &numbers("919207", 9600, 1), "")).await;
    app.advance_clock(10 * 86_400).await;
    let _ = app.hub.run_due_jobs().await;
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("SUBMITTED")
    );
    let (s, _) = admin(&app, Method::PUT, "/admin/portins/carrier", Some("{}")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}
