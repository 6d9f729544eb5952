//! Orders against scarce inventory over HTTP: a back-order waits for
//! numbers and can be closed, and concurrent orders never sell a number
//! twice. Split from `orders` to keep each file short.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, TestApp};
use crate::orders::{
    available, completed, existing_order, is_offered, only_inventory, orders, place, settle,
    site_and_peer,
};

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
