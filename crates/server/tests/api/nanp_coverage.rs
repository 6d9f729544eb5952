//! The default inventory at NANP scale over HTTP (issue 14): area codes the
//! old data left empty offer numbers, overlays are found where they really
//! are, a port-in names the carrier that really holds the number, and the
//! operator plane reports coverage and one number's facts. The walk over
//! every area code runs on the inventory engine (`tnhub-core`
//! `inventory::coverage` tests); these check the same over the wire.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ACCOUNT, ADMIN_TOKEN, TestApp};
use crate::orders::site_and_peer;
use crate::portins::{create, get, lnp_order, numbers};
use crate::search::all_of;

async fn search(app: &TestApp, query: &str) -> String {
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/availableNumbers?{query}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
    r.body
}

#[tokio::test]
async fn area_codes_the_old_data_left_empty_offer_numbers() {
    let app = TestApp::spawn().await;
    for npa in ["917", "929", "628", "647", "934", "587", "983"] {
        let body = search(&app, &format!("areaCode={npa}&quantity=5")).await;
        let tns = all_of(&body, "TelephoneNumber");
        assert_eq!(tns.len(), 5, "areaCode={npa}: {body}");
        assert!(tns.iter().all(|t| t.starts_with(npa)), "{body}");
    }
    // A real exchange of 917 by npaNxx, and search-and-order there.
    let body = search(&app, "npaNxx=917200&LCA=false&quantity=3").await;
    assert_eq!(all_of(&body, "TelephoneNumber").len(), 3, "{body}");
}

#[tokio::test]
async fn overlays_have_the_geography_of_the_area_they_overlay() {
    let app = TestApp::spawn().await;
    // 934 is Long Island: its cities are Suffolk County's, never New York.
    let body = search(&app, "areaCode=934&quantity=20&enableTNDetail=true").await;
    let cities = all_of(&body, "City");
    assert_eq!(cities.len(), 20, "{body}");
    assert!(cities.iter().all(|c| c != "NEW YORK"), "{cities:?}");
    // Manhattan's ZIP never offers 934.
    let body = search(&app, "zip=10001&quantity=200").await;
    let tns = all_of(&body, "TelephoneNumber");
    assert!(!tns.is_empty() && tns.iter().all(|t| !t.starts_with("934")));
    // 929 (New York City's outer boroughs) is found by city=New York.
    let body = search(&app, "areaCode=929&quantity=1&enableTNDetail=true").await;
    let tn = all_of(&body, "FullNumber").remove(0);
    let body = search(
        &app,
        &format!(
            "city=New York&state=NY&npaNxx={}&LCA=false&quantity=1",
            &tn[..6]
        ),
    )
    .await;
    assert_eq!(all_of(&body, "TelephoneNumber").len(), 1, "{body}");
    // 628 is San Francisco's overlay, 647 Toronto's.
    let body = search(&app, "city=San Francisco&state=CA&quantity=5000").await;
    assert!(
        all_of(&body, "TelephoneNumber")
            .iter()
            .any(|t| t.starts_with("628"))
    );
    let body = search(&app, "areaCode=647&quantity=30&enableTNDetail=true").await;
    let cities = all_of(&body, "City");
    assert!(cities.iter().any(|c| c == "TORONTO"), "{cities:?}");
}

#[tokio::test]
async fn a_port_in_names_the_carrier_holding_the_number() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    // 201-200 belongs to Verizon New Jersey (OCN 9206) in NANPA's list.
    let tns = numbers("201200", 4100, 2);
    let (id, _) = create(&app, &lnp_order(&site, &tns, "")).await;
    let r = get(&app, &id).await;
    assert_eq!(r.text_of("LosingCarrierSPID").as_deref(), Some("9206"));
    assert!(
        r.text_of("LosingCarrierName")
            .is_some_and(|n| n.starts_with("VERIZON NEW JERSEY")),
        "{}",
        r.body
    );
    // The portability check names the holder of each thousands-block:
    // 917-200-0 is Bandwidth's, 917-200-1 T-Mobile's (Omnipoint, wireless).
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/lnpchecker?fullCheck=true"),
            "<NumberPortabilityRequest><TnList><Tn>9172000123</Tn><Tn>9172001123</Tn></TnList></NumberPortabilityRequest>",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let spids = all_of(&r.body, "LosingCarrierSPID");
    assert!(
        spids.contains(&"997E".to_string()) && spids.contains(&"6622".to_string()),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<LosingCarrierIsWireless>true</LosingCarrierIsWireless>")
    );
}

async fn admin_json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let r = app
        .client
        .get(format!("{}{path}", app.address))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (
        status,
        serde_json::from_str(&r.text().await.unwrap()).unwrap(),
    )
}

#[tokio::test]
async fn the_operator_plane_reports_coverage_and_a_number_s_carrier() {
    let app = TestApp::spawn().await;
    let (status, v) = admin_json(&app, "/admin/inventory").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["defaultInventory"], true);
    assert_eq!(v["areaCodes"]["total"], 415);
    assert_eq!(v["areaCodes"]["offered"], 415, "{v}");
    assert!(v["areaCodes"]["derived"].as_u64().unwrap() > 30);
    assert!(v["exchanges"].as_u64().unwrap() > 200_000);
    assert!(v["localNumbers"].as_u64().unwrap() > 2_000_000_000);
    assert_eq!(v["emptyAreaCodes"], Value::Array(vec![]));

    let (status, v) = admin_json(&app, "/admin/inventory/numbers/9172001123").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["inInventory"], true);
    assert_eq!(v["pooled"], true);
    assert_eq!(v["carrier"]["ocn"], "6622");
    assert_eq!(v["carrier"]["holds"], "block");
    assert_eq!(v["exchange"]["placeSource"], "derived_overlay");
    assert_eq!(v["exchange"]["source"], "nanpa");
    let (status, _) = admin_json(&app, "/admin/inventory/numbers/12345").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // 983 opened after the data's date: its exchanges are derived, no carrier.
    let (_, v) = admin_json(&app, "/admin/inventory/numbers/9832001234").await;
    assert_eq!(v["carrier"], Value::Null, "{v}");
    // An exchange nobody knows (American Samoa is not in the plan's exchanges).
    let (status, _) = admin_json(&app, "/admin/inventory/numbers/6842001234").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Without the token: refused.
    let r = app
        .client
        .get(format!("{}/admin/inventory", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
