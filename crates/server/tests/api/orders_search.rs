//! Search orders over HTTP (every search and order type orders matching
//! numbers) and bad orders answered with their documented codes. Split
//! from `orders` to keep each file short.

use crate::helpers::{Reply, TestApp};
use crate::orders::{
    available, completed, is_offered, only_inventory, orders, place, settle, site_and_peer,
};

async fn search_order(app: &TestApp, site: &str, element: &str, children: &str) -> Reply {
    let body = format!("<Order><SiteId>{site}</SiteId><{element}>{children}</{element}></Order>");
    let id = place(app, &body).await;
    settle(app, &id).await
}

/// Asserts that every number the order completed has these elements in
/// its `tndetails` (where the inventory says it is).
async fn all_have(app: &TestApp, r: &Reply, elements: &[&str]) {
    let got = completed(r);
    assert!(!got.is_empty(), "{}", r.body);
    for tn in got {
        let d = app.get(&format!("/tns/{tn}/tndetails")).await;
        for e in elements {
            assert!(d.body.contains(e), "{tn} lacks {e}: {}", d.body);
        }
    }
}

#[tokio::test]
async fn every_search_and_order_type_orders_matching_numbers() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let check = |r: &Reply, n: usize, ok: &dyn Fn(&str) -> bool| {
        assert_eq!(
            r.text_of("OrderStatus").as_deref(),
            Some("COMPLETE"),
            "{}",
            r.body
        );
        let got = completed(r);
        assert_eq!(got.len(), n, "{}", r.body);
        assert!(got.iter().all(|t| ok(t)), "{got:?}");
    };
    let r = search_order(
        &app,
        &site,
        "AreaCodeSearchAndOrderType",
        "<AreaCode>919</AreaCode><Quantity>3</Quantity>",
    )
    .await;
    check(&r, 3, &|t| t.starts_with("919"));
    assert!(r.body.contains("<AreaCodeSearchAndOrderType><AreaCode>919</AreaCode><Quantity>3</Quantity></AreaCodeSearchAndOrderType>"), "the type is echoed: {}", r.body);
    let r = search_order(
        &app,
        &site,
        "NPANXXSearchAndOrderType",
        "<NpaNxx>919212</NpaNxx><EnableLCA>false</EnableLCA><Quantity>2</Quantity>",
    )
    .await;
    check(&r, 2, &|t| t.starts_with("919212"));
    // Python's spelling of the same element.
    let r = search_order(
        &app,
        &site,
        "NpanxxSearchAndOrderType",
        "<NpaNxx>919212</NpaNxx><EnableLca>false</EnableLca><Quantity>1</Quantity>",
    )
    .await;
    check(&r, 1, &|t| t.starts_with("919212"));
    let r = search_order(
        &app,
        &site,
        "RateCenterSearchAndOrderType",
        "<RateCenter>RALEIGH</RateCenter><State>NC</State><Quantity>2</Quantity>",
    )
    .await;
    check(&r, 2, &|t| t.len() == 10);
    all_have(
        &app,
        &r,
        &["<RateCenter>RALEIGH</RateCenter>", "<State>NC</State>"],
    )
    .await;
    let r = search_order(
        &app,
        &site,
        "CitySearchAndOrderType",
        "<City>Raleigh</City><State>NC</State><Quantity>2</Quantity>",
    )
    .await;
    check(&r, 2, &|t| t.len() == 10);
    all_have(&app, &r, &["<City>RALEIGH</City>", "<State>NC</State>"]).await;
    let r = search_order(
        &app,
        &site,
        "StateSearchAndOrderType",
        "<State>VT</State><Quantity>2</Quantity>",
    )
    .await;
    check(&r, 2, &|t| t.starts_with("802"));
    let r = search_order(
        &app,
        &site,
        "ZIPSearchAndOrderType",
        "<Zip>27606</Zip><Quantity>1</Quantity>",
    )
    .await;
    check(&r, 1, &|t| t.starts_with("919") || t.starts_with("984"));
    let r = search_order(
        &app,
        &site,
        "LATASearchAndOrderType",
        "<Lata>426</Lata><Quantity>2</Quantity>",
    )
    .await;
    check(&r, 2, &|t| t.len() == 10);
    all_have(&app, &r, &["<Lata>426</Lata>"]).await;
    let r = search_order(
        &app,
        &site,
        "TollFreeWildCharSearchAndOrderType",
        "<TollFreeWildCardPattern>88*</TollFreeWildCardPattern><Quantity>2</Quantity>",
    )
    .await;
    check(&r, 2, &|t| t.starts_with("888"));
    let r = search_order(
        &app,
        &site,
        "TollFreeVanitySearchAndOrderType",
        "<TollFreeVanity>NEWCARS</TollFreeVanity><Quantity>1</Quantity>",
    )
    .await;
    check(&r, 1, &|t| t.ends_with("6392277"));
    let r = search_order(
        &app,
        &site,
        "CombinedSearchAndOrderType",
        "<AreaCode>919</AreaCode><State>NC</State><Quantity>2</Quantity>",
    )
    .await;
    check(&r, 2, &|t| t.starts_with("919"));
    let r = search_order(&app, &site, "LocalVanitySearchAndOrderType", "<LocalVanity>CALL</LocalVanity><EndsIn>true</EndsIn><AreaCode>919</AreaCode><Quantity>1</Quantity>").await;
    check(&r, 1, &|t| t.starts_with("919") && t.ends_with("2255"));
}

#[tokio::test]
async fn bad_orders_get_the_documented_codes() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tn = available(&app, "areaCode=919&quantity=1").await.remove(0);
    let o = orders();
    let existing = |extra: &str| {
        format!(
            "<Order>{extra}<ExistingTelephoneNumberOrderType><TelephoneNumberList><TelephoneNumber>{tn}</TelephoneNumber></TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>"
        )
    };
    let r = app.post(&o, &existing("")).await;
    r.assert_error(400, 5022);
    assert!(
        r.body
            .contains("<OrderResponse><ErrorList><Error><Code>5022</Code>"),
        "{}",
        r.body
    );
    app.post(&o, &existing("<SiteId>999</SiteId>"))
        .await
        .assert_error(400, 5016);
    app.post(&o, &existing("<SiteId>abc</SiteId>"))
        .await
        .assert_error(400, 5016);
    app.post(
        &o,
        &existing(&format!("<SiteId>{site}</SiteId><PeerId>999</PeerId>")),
    )
    .await
    .assert_error(400, 5023);
    let bare = app.create_site("no peers").await;
    app.post(&o, &existing(&format!("<SiteId>{bare}</SiteId>")))
        .await
        .assert_error(400, 5020);
    app.post(&o, &format!("<Order><SiteId>{site}</SiteId></Order>"))
        .await
        .assert_error(400, 5001);
    app.post(&o, &format!("<Order><SiteId>{site}</SiteId><AreaCodeSearchAndOrderType><AreaCode>919</AreaCode></AreaCodeSearchAndOrderType><StateSearchAndOrderType><State>NC</State></StateSearchAndOrderType></Order>")).await.assert_error(400, 5001);
    app.post(
        &o,
        &existing(&format!("<SiteId>{site}</SiteId>")).replace(&tn, "12345"),
    )
    .await
    .assert_error(400, 5002);
    app.post(&o, &format!("<Order><SiteId>{site}</SiteId><AreaCodeSearchAndOrderType><AreaCode>919</AreaCode><Quantity>0</Quantity></AreaCodeSearchAndOrderType></Order>")).await.assert_error(400, 5009);
    app.post(&o, &format!("<Order><SiteId>{site}</SiteId><AreaCodeSearchAndOrderType><AreaCode>19</AreaCode><Quantity>1</Quantity></AreaCodeSearchAndOrderType></Order>")).await.assert_error(400, 4000);
    app.post(
        &o,
        &existing(&format!(
            "<SiteId>{site}</SiteId><BackOrderRequested>true</BackOrderRequested>"
        )),
    )
    .await
    .assert_error(400, 5522);
    app.post(
        &o,
        &existing(&format!(
            "<SiteId>{site}</SiteId><CustomerOrderId>bad/id!</CustomerOrderId>"
        )),
    )
    .await
    .assert_error(400, 5052);
    app.post(
        &o,
        &existing(&format!(
            "<SiteId>{site}</SiteId><PartialAllowed>sometimes</PartialAllowed>"
        )),
    )
    .await
    .assert_error(400, 1004);
    app.post(&o, "<Order><SiteId>1</SiteId>")
        .await
        .assert_error(400, 1002);
    app.get(&format!("{o}/no-such-order"))
        .await
        .assert_error(404, 1005);
    app.get(&format!("{o}/no-such-order/tns"))
        .await
        .assert_error(404, 1005);
    app.get(&format!("{o}?status=lost"))
        .await
        .assert_error(400, 15518);
    app.get(&format!("{o}?startdate=yesterday"))
        .await
        .assert_error(400, 15501);
    app.get(&format!("{o}?startdate=2030-01-02&enddate=2030-01-01"))
        .await
        .assert_error(400, 15501);
    // Another account's order is invisible.
    app.other_tenant("7700001", "carol", "carol-password").await;
    let mine = place(&app, &existing(&format!("<SiteId>{site}</SiteId>"))).await;
    let r = app
        .request_as(
            reqwest::Method::GET,
            &format!("/accounts/7700001/orders/{mine}"),
            None,
            Some(("carol", "carol-password")),
        )
        .await;
    r.assert_error(404, 1005);
}

#[tokio::test]
async fn a_search_order_that_cannot_be_filled_takes_nothing_without_partial_allowed() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    only_inventory(&app, "number,state,city,rate_center\n9192120100,NC,Raleigh,RALEIGH\n9192120101,NC,Raleigh,RALEIGH\n").await;
    let body = |extra: &str| {
        format!(
            "<Order><SiteId>{site}</SiteId>{extra}<StateSearchAndOrderType><State>NC</State><Quantity>3</Quantity></StateSearchAndOrderType></Order>"
        )
    };
    let r = settle(
        &app,
        &place(&app, &body("<PartialAllowed>false</PartialAllowed>")).await,
    )
    .await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("CompletedQuantity").as_deref(), Some("0"));
    assert!(
        r.body.contains("<ErrorList><Error><Code>5018</Code><Description>The entire quantity of telephone numbers ordered is unavailable</Description></Error></ErrorList>"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("<CompletedNumbers>"), "{}", r.body);
    // Both numbers it could have had are still for sale, and no one owns them.
    for tn in ["9192120100", "9192120101"] {
        assert!(is_offered(&app, tn).await, "{tn}");
        app.get(&format!("/tns/{tn}"))
            .await
            .assert_error(404, 15506);
    }
    // With PartialAllowed (the default) the same order takes what there is.
    let r = settle(&app, &place(&app, &body("")).await).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("PARTIAL"),
        "{}",
        r.body
    );
    let mut got = completed(&r);
    got.sort();
    assert_eq!(got, ["9192120100", "9192120101"]);
    assert!(r.body.contains("<Code>5018</Code>"), "{}", r.body);
}
