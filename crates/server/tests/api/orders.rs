//! New-number orders over HTTP: every order type, status, sub-resource,
//! filter and documented error, back-orders and concurrency.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, Reply, TestApp, last_segment};

pub fn orders() -> String {
    format!("/accounts/{ACCOUNT}/orders")
}

/// A site with a default peer; returns (site, peer).
pub async fn site_and_peer(app: &TestApp) -> (String, String) {
    let site = app.create_site("orders").await;
    let peer = app.create_peer(&site, "edge").await;
    (site, peer)
}

/// Numbers the search offers now.
pub async fn available(app: &TestApp, query: &str) -> Vec<String> {
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/availableNumbers?{query}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
        .split("<TelephoneNumber>")
        .skip(1)
        .filter_map(|s| s.split("</TelephoneNumber>").next())
        .map(str::to_string)
        .collect()
}

/// Whether the search offers this number now: its whole thousands-block
/// (1,000 numbers) is searched, so the answer is exact, not a sample.
pub async fn is_offered(app: &TestApp, tn: &str) -> bool {
    available(
        app,
        &format!("npaNxxx={}&LCA=false&quantity=5000", &tn[..7]),
    )
    .await
    .contains(&tn.to_string())
}

pub fn existing_order(site: &str, tns: &[String], extra: &str) -> String {
    let list: String = tns
        .iter()
        .map(|t| format!("<TelephoneNumber>{t}</TelephoneNumber>"))
        .collect();
    format!(
        "<Order><Name>test order</Name><SiteId>{site}</SiteId>{extra}<ExistingTelephoneNumberOrderType><TelephoneNumberList>{list}</TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>"
    )
}

/// Posts an order, checks the 201 answer, returns the id.
pub async fn place(app: &TestApp, body: &str) -> String {
    let r = app.post(&orders(), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("RECEIVED"));
    let id = r.text_of("id").expect("<Order><id>");
    assert_eq!(last_segment(r.header("location")), id);
    id
}

/// Polls an order until it leaves RECEIVED/PROCESSING.
pub async fn settle(app: &TestApp, id: &str) -> Reply {
    for _ in 0..200 {
        let r = app.get(&format!("{}/{id}", orders())).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let status = r.text_of("OrderStatus").unwrap();
        if status != "RECEIVED" && status != "PROCESSING" {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("order {id} did not settle");
}

fn numbers_in(body: &str, open: &str) -> Vec<String> {
    body.split(open)
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .map(str::to_string)
        .collect()
}

pub fn completed(r: &Reply) -> Vec<String> {
    numbers_in(&r.body, "<FullNumber>")
        .into_iter()
        .filter(|n| {
            r.body.contains(&format!(
                "<TelephoneNumber><FullNumber>{n}</FullNumber></TelephoneNumber>"
            ))
        })
        .collect()
}

#[tokio::test]
async fn an_existing_number_order_completes_and_has_its_sub_resources() {
    let app = TestApp::spawn().await;
    let (site, peer) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=2").await;
    assert_eq!(tns.len(), 2);
    let id = place(
        &app,
        &existing_order(
            &site,
            &tns,
            "<CustomerOrderId>cust-1</CustomerOrderId><PartialAllowed>false</PartialAllowed>",
        ),
    )
    .await;
    let r = settle(&app, &id).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("CompletedQuantity").as_deref(), Some("2"));
    assert_eq!(r.text_of("FailedQuantity").as_deref(), Some("0"));
    assert_eq!(r.text_of("CreatedByUser").as_deref(), Some("demo"));
    assert_eq!(
        r.text_of("Summary").as_deref(),
        Some("2 numbers ordered in (919)")
    );
    assert_eq!(
        r.text_of("PeerId").as_deref(),
        Some(peer.as_str()),
        "the site's default peer"
    );
    assert_eq!(r.text_of("CustomerOrderId").as_deref(), Some("cust-1"));
    assert!(
        !r.body.contains("<ErrorList>"),
        "a complete order carries no errors: {}",
        r.body
    );
    let mut got = completed(&r);
    got.sort();
    assert_eq!(got, tns);

    // The numbers are gone from search.
    for tn in &tns {
        assert!(!is_offered(&app, tn).await, "{tn} is still offered");
    }

    let base = format!("{}/{id}", orders());
    let r = app.get(&format!("{base}/tns")).await;
    assert_eq!(r.text_of("Count").as_deref(), Some("2"), "{}", r.body);
    assert!(
        r.body
            .contains("<TelephoneNumbers><Count>2</Count><TelephoneNumber>")
    );
    let r = app.get(&format!("{base}/areaCodes")).await;
    assert!(r.body.contains("<TelephoneDetailsReports><TelephoneDetailsReport><AreaCode>919</AreaCode><Count>2</Count></TelephoneDetailsReport></TelephoneDetailsReports>"), "{}", r.body);
    let r = app.get(&format!("{base}/npaNxx")).await;
    assert!(r.body.contains("<NPA-NXX>"), "{}", r.body);
    let r = app.get(&format!("{base}/totals")).await;
    assert!(r.body.contains("<Count>2</Count>"), "{}", r.body);
    let r = app.get(&format!("{base}/history")).await;
    assert!(
        r.body.contains("<Status>RECEIVED</Status>")
            && r.body.contains("<Status>COMPLETE</Status>"),
        "{}",
        r.body
    );

    // Notes: none (204), add (201 + Location), list, update.
    assert_eq!(
        app.get(&format!("{base}/notes")).await.status,
        StatusCode::NO_CONTENT
    );
    let r = app
        .post(
            &format!("{base}/notes"),
            "<Note><UserId>demo</UserId><Description>first</Description></Note>",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let note = last_segment(r.header("location"));
    let r = app.get(&format!("{base}/notes")).await;
    assert!(r.body.contains(&format!("<Note><Id>{note}</Id><UserId>demo</UserId><Description>first</Description><LastDateModifier>")), "{}", r.body);
    assert_eq!(
        app.put(
            &format!("{base}/notes/{note}"),
            "<Note><UserId>demo</UserId><Description>edited</Description></Note>"
        )
        .await
        .status,
        StatusCode::OK
    );
    assert!(
        app.get(&format!("{base}/notes"))
            .await
            .body
            .contains("<Description>edited</Description>")
    );
    app.post(
        &format!("{base}/notes"),
        "<Note><Description>x</Description><UserId></UserId></Note>",
    )
    .await
    .assert_error(400, 12501);
    app.put(
        &format!("{base}/notes/999"),
        "<Note><Description>x</Description></Note>",
    )
    .await
    .assert_error(404, 1005);

    // PUT renames; it cannot close an order that is not back-ordered.
    let r = app
        .put(
            &base,
            "<Order><Name>renamed</Name><CustomerOrderId>cust-2</CustomerOrderId></Order>",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("<OrderResponse/>"));
    let r = app.get(&base).await;
    assert_eq!(r.text_of("Name").as_deref(), Some("renamed"));
    assert_eq!(r.text_of("CustomerOrderId").as_deref(), Some("cust-2"));
    app.put(&base, "<Order><CloseOrder>true</CloseOrder></Order>")
        .await
        .assert_error(400, 5060);

    // Site-scoped views carry a lower-case <siteId>.
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/sites/{site}/orders/{id}"))
        .await;
    assert!(
        r.body.contains(&format!("<siteId>{site}</siteId>")),
        "{}",
        r.body
    );
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/sites/{site}/orders/{id}/tns"))
        .await;
    assert_eq!(r.text_of("Count").as_deref(), Some("2"));
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/sites/{site}/orders"))
        .await;
    assert!(
        r.body.contains(&format!("<orderId>{id}</orderId>")),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_number_just_sold_fails_with_5005_and_partial_orders_report_it() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=2").await;
    let first = place(&app, &existing_order(&site, &tns[..1], "")).await;
    assert_eq!(
        settle(&app, &first).await.text_of("OrderStatus").as_deref(),
        Some("COMPLETE")
    );

    // The same number again: FAILED, 5005, FailedNumbers.
    let again = place(&app, &existing_order(&site, &tns[..1], "")).await;
    let r = settle(&app, &again).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&format!("<ErrorList><Error><Code>5005</Code><Description>The telephone number is unavailable for ordering</Description><TelephoneNumber>{}</TelephoneNumber></Error></ErrorList>", tns[0])), "{}", r.body);
    assert!(
        r.body.contains(&format!(
            "<FailedNumbers><FullNumber>{}</FullNumber></FailedNumbers>",
            tns[0]
        )),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("CompletedQuantity").as_deref(), Some("0"));

    // One sold, one free, partial allowed (the default): PARTIAL.
    let mixed = place(&app, &existing_order(&site, &tns, "")).await;
    let r = settle(&app, &mixed).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("PARTIAL"),
        "{}",
        r.body
    );
    assert_eq!(completed(&r), vec![tns[1].clone()]);
    assert_eq!(
        r.text_of("Summary").as_deref(),
        Some("1 out of 2 numbers ordered in (919)")
    );
}

#[tokio::test]
async fn partial_allowed_false_takes_nothing_when_one_number_fails() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=2").await;
    let sold = place(&app, &existing_order(&site, &tns[..1], "")).await;
    settle(&app, &sold).await;
    // 555-0100 is never for sale; the other is free but must not be taken.
    let id = place(
        &app,
        &existing_order(
            &site,
            &[tns[1].clone(), tns[0].clone()],
            "<PartialAllowed>false</PartialAllowed>",
        ),
    )
    .await;
    let r = settle(&app, &id).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("CompletedQuantity").as_deref(), Some("0"));
    assert!(
        r.body
            .contains(&format!("<FullNumber>{}</FullNumber>", tns[1])),
        "the free number is reported as not ordered: {}",
        r.body
    );
    // … and it is still for sale.
    let ok = place(&app, &existing_order(&site, &tns[1..], "")).await;
    assert_eq!(
        settle(&app, &ok).await.text_of("OrderStatus").as_deref(),
        Some("COMPLETE")
    );
}

async fn search_order(app: &TestApp, site: &str, element: &str, children: &str) -> Reply {
    let body = format!("<Order><SiteId>{site}</SiteId><{element}>{children}</{element}></Order>");
    let id = place(app, &body).await;
    settle(app, &id).await
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
    let r = search_order(
        &app,
        &site,
        "CitySearchAndOrderType",
        "<City>Raleigh</City><State>NC</State><Quantity>2</Quantity>",
    )
    .await;
    check(&r, 2, &|t| t.len() == 10);
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
        "<Lata>426</Lata><Quantity>1</Quantity>",
    )
    .await;
    check(&r, 1, &|t| t.len() == 10);
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
async fn lists_page_by_order_id_with_links_under_the_callers_prefix() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let tn = available(&app, "areaCode=919&quantity=1").await;
        let id = place(
            &app,
            &existing_order(
                &site,
                &tn,
                &format!("<CustomerOrderId>batch-{}</CustomerOrderId>", i % 2),
            ),
        )
        .await;
        settle(&app, &id).await;
        ids.push(id);
    }
    let r = app
        .get(&format!("/v1.0/accounts/{ACCOUNT}/orders?page=1&size=2"))
        .await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("5"), "{}", r.body);
    assert!(r.body.contains(&format!("<first>Link=&lt;{}/v1.0/accounts/{ACCOUNT}/orders?page=1&amp;size=2&gt;;rel=\"first\";</first>", app.address)), "{}", r.body);
    let next = format!(
        "<next>Link=&lt;{}/v1.0/accounts/{ACCOUNT}/orders?page={}&amp;size=2&gt;;rel=\"next\";</next>",
        app.address, ids[2]
    );
    assert!(r.body.contains(&next), "{}", r.body);
    assert!(
        r.body.contains(&format!("<orderId>{}</orderId>", ids[0]))
            && r.body.contains(&format!("<orderId>{}</orderId>", ids[1]))
    );
    let r = app
        .get(&format!(
            "/v1.0/accounts/{ACCOUNT}/orders?page={}&size=2",
            ids[4]
        ))
        .await;
    assert!(
        r.body.contains(&format!("<orderId>{}</orderId>", ids[4])) && !r.body.contains("<next>"),
        "{}",
        r.body
    );
    // Filters.
    let r = app
        .get(&format!("{}?customerOrderId=batch-1", orders()))
        .await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("2"));
    let r = app
        .get(&format!("{}?status=complete&userid=demo", orders()))
        .await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("5"));
    let r = app.get(&format!("{}?status=failed", orders())).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("0"));
    assert!(
        r.body
            .contains("<ListOrderIdUserIdDate><TotalCount>0</TotalCount>")
    );
    let r = app.get(&format!("{}?enddate=2000-01-01", orders())).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("0"));
    let r = app
        .get(&format!("{}/totals?status=complete", orders()))
        .await;
    assert!(r.body.ends_with("<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>5</TotalCount></ListOrderIdUserIdDate></ResponseSelectWrapper>"), "{}", r.body);
}

/// Sells only the given blocks (the embedded inventory off).
pub async fn only_inventory(app: &TestApp, csv: &str) {
    app.hub.set_default_inventory(false).await.unwrap();
    let parsed = tnhub_core::inventory::import::parse_csv(csv.as_bytes(), &|_| {}).unwrap();
    app.hub.import_inventory(&parsed, false).await.unwrap();
}

#[tokio::test]
async fn a_back_order_waits_for_inventory_and_can_be_closed() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    only_inventory(&app, "number,state,city,rate_center\n9192120100,NC,Raleigh,RALEIGH\n9192120101,NC,Raleigh,RALEIGH\n").await;
    let body = |q: u32| {
        format!(
            "<Order><SiteId>{site}</SiteId><BackOrderRequested>true</BackOrderRequested><StateSearchAndOrderType><State>NC</State><Quantity>{q}</Quantity></StateSearchAndOrderType></Order>"
        )
    };
    let id = place(&app, &body(4)).await;
    let r = settle(&app, &id).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("BACKORDERED"),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("CompletedQuantity").as_deref(), Some("2"));
    assert_eq!(r.text_of("PendingQuantity").as_deref(), Some("2"));

    // More inventory arrives; the next retry (a minute later on the sandbox clock) fills the order.
    let more = tnhub_core::inventory::import::parse_csv(
        "number,state\n9192120200,NC\n9192120201,NC\n9192120202,NC\n".as_bytes(),
        &|_| {},
    )
    .unwrap();
    app.hub.import_inventory(&more, false).await.unwrap();
    app.advance_clock(61).await;
    let mut r = app.get(&format!("{}/{id}", orders())).await;
    for _ in 0..100 {
        if r.text_of("OrderStatus").as_deref() == Some("COMPLETE") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
        r = app.get(&format!("{}/{id}", orders())).await;
    }
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    assert_eq!(completed(&r).len(), 4);

    // A back-order closed by its customer ends with what it got.
    let id = place(&app, &body(5)).await;
    let r = settle(&app, &id).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("BACKORDERED"),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("CompletedQuantity").as_deref(), Some("1"));
    assert_eq!(
        app.put(
            &format!("{}/{id}", orders()),
            "<Order><CloseOrder>true</CloseOrder></Order>"
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = app.get(&format!("{}/{id}", orders())).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("PARTIAL"),
        "{}",
        r.body
    );
    assert!(r.text_of("PendingQuantity").is_none());
    // Without a back-order a short search order is PARTIAL (or FAILED with nothing), code 5018.
    let id = place(&app, &format!("<Order><SiteId>{site}</SiteId><StateSearchAndOrderType><State>NC</State><Quantity>3</Quantity></StateSearchAndOrderType></Order>")).await;
    let r = settle(&app, &id).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<Code>5018</Code>"), "{}", r.body);
}

#[tokio::test]
async fn concurrent_orders_never_sell_a_number_twice() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let pool = available(&app, "areaCode=919&quantity=50").await;
    assert_eq!(pool.len(), 50);
    let mut tasks = Vec::new();
    for client in 0..32u64 {
        let (address, site, pool) = (app.address.clone(), site.clone(), pool.clone());
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut ids = Vec::new();
            for round in 0..3u64 {
                // A pseudo-random subset of the 50 numbers, different per client and round.
                let pick: Vec<String> = pool
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (*i as u64 * 7 + client * 13 + round * 5).is_multiple_of(6))
                    .map(|(_, t)| t.clone())
                    .collect();
                let r = http
                    .post(format!("{address}/api/accounts/{ACCOUNT}/orders"))
                    .basic_auth(crate::helpers::USER, Some(crate::helpers::PASSWORD))
                    .body(existing_order(&site, &pick, ""))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::CREATED);
                let body = r.text().await.unwrap();
                let id = body
                    .split("<id>")
                    .nth(1)
                    .unwrap()
                    .split("</id>")
                    .next()
                    .unwrap()
                    .to_string();
                ids.push((id, pick.len()));
            }
            ids
        }));
    }
    let mut orders_placed = Vec::new();
    for t in tasks {
        orders_placed.extend(t.await.unwrap());
    }
    let mut owner: HashMap<String, String> = HashMap::new();
    let mut total_completed = 0;
    for (id, asked) in &orders_placed {
        let r = settle(&app, id).await;
        let got = completed(&r);
        let failed_count: usize = r.text_of("FailedQuantity").unwrap().parse().unwrap();
        assert_eq!(
            got.len() + failed_count,
            *asked,
            "every number of order {id} is either completed or failed: {}",
            r.body
        );
        for tn in got {
            total_completed += 1;
            assert!(
                owner.insert(tn.clone(), id.clone()).is_none(),
                "{tn} was sold twice"
            );
        }
    }
    let sold: HashSet<&String> = owner.keys().collect();
    assert!(sold.len() <= 50);
    assert_eq!(total_completed, sold.len());
    // Every number of the pool that some order asked for is now owned.
    for tn in &pool {
        assert_eq!(is_offered(&app, tn).await, !sold.contains(tn), "{tn}");
    }
}
