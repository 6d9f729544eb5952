//! New-number orders over HTTP: an existing-number order and its
//! sub-resources, sold and partial orders, and the order lists; also the
//! helpers other test modules use to place and settle orders. Search
//! orders and bad orders are in `orders_search`, back-orders and
//! concurrency in `orders_backorder`.

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

/// Polls an order until it leaves RECEIVED/PROCESSING (giving up after
/// half a minute: a bound for a broken worker, not a timing expectation).
pub async fn settle(app: &TestApp, id: &str) -> Reply {
    for _ in 0..1_200 {
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
