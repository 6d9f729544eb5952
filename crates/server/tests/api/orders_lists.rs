//! The order lists over HTTP: every filter (`userid`, `startdate`,
//! `enddate`, `status`, `customerOrderId`) narrowing exactly what it
//! should, orders of every kind in `…/orders` as in the real list, and
//! `TnAttributes` landing on the numbers. Split from `orders` to keep each
//! file short.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use tnhub_core::ids::AccountId;
use tnhub_core::user::{Password, Username};

use crate::disconnects::{disconnect_body, in_service};
use crate::helpers::{ACCOUNT, Reply, TestApp};
use crate::orders::{available, existing_order, orders, place, settle, site_and_peer};

/// The order ids of a list page, in order.
fn ids(r: &Reply) -> Vec<String> {
    r.body
        .split("<orderId>")
        .skip(1)
        .filter_map(|s| s.split("</orderId>").next())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn every_list_filter_narrows_to_exactly_its_orders() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    // A second user of the same account.
    app.hub
        .create_user(
            &Username::parse("erin").unwrap(),
            &Password::parse("erin-password").unwrap(),
            &[AccountId::parse(ACCOUNT).unwrap()],
        )
        .await
        .unwrap();
    let erin = Some(("erin", "erin-password"));

    // Day 0: demo's complete order, demo's failed one (the same number
    // again), erin's order. Day 3: demo's last order.
    let tns = available(&app, "areaCode=919&quantity=3").await;
    let complete = place(
        &app,
        &existing_order(
            &site,
            &tns[..1],
            "<CustomerOrderId>batch-1</CustomerOrderId>",
        ),
    )
    .await;
    let day0 = settle(&app, &complete)
        .await
        .text_of("OrderCreateDate")
        .unwrap()[..10]
        .to_string();
    let failed = place(
        &app,
        &existing_order(
            &site,
            &tns[..1],
            "<CustomerOrderId>batch-10</CustomerOrderId>",
        ),
    )
    .await;
    assert_eq!(
        settle(&app, &failed)
            .await
            .text_of("OrderStatus")
            .as_deref(),
        Some("FAILED")
    );
    let r = app
        .request_as(
            Method::POST,
            &orders(),
            Some(&existing_order(&site, &tns[1..2], "")),
            erin,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let erins = r.text_of("id").unwrap();
    settle(&app, &erins).await;
    app.advance_clock(3 * 86_400).await;
    let late = place(&app, &existing_order(&site, &tns[2..], "")).await;
    let day3 = settle(&app, &late)
        .await
        .text_of("OrderCreateDate")
        .unwrap()[..10]
        .to_string();
    assert!(day3 > day0);

    let list = |q: String| {
        let app = &app;
        async move {
            let r = app.get(&format!("{}?{q}", orders())).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
            r
        }
    };
    let expect = |r: &Reply, want: &[&String]| {
        assert_eq!(
            ids(r),
            want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{}",
            r.body
        );
        assert_eq!(
            r.text_of("TotalCount"),
            Some(want.len().to_string()),
            "{}",
            r.body
        );
    };
    expect(
        &list(String::new()).await,
        &[&complete, &failed, &erins, &late],
    );
    // userid: the user who placed the order; someone else's name, nobody's.
    expect(&list("userid=erin".into()).await, &[&erins]);
    expect(
        &list("userid=demo".into()).await,
        &[&complete, &failed, &late],
    );
    expect(&list("userid=mallory".into()).await, &[]);
    // Dates: a start date after every order, an end date before the last.
    let future = (app.hub.clock().now().plus_millis(10 * 86_400_000)).iso()[..10].to_string();
    expect(&list(format!("startdate={future}")).await, &[]);
    expect(&list(format!("startdate={day3}")).await, &[&late]);
    expect(
        &list(format!("enddate={day0}")).await,
        &[&complete, &failed, &erins],
    );
    expect(
        &list(format!("startdate={day0}&enddate={day0}")).await,
        &[&complete, &failed, &erins],
    );
    // status, one or several.
    expect(&list("status=failed".into()).await, &[&failed]);
    expect(
        &list("status=complete".into()).await,
        &[&complete, &erins, &late],
    );
    expect(
        &list("status=FAILED,complete".into()).await,
        &[&complete, &failed, &erins, &late],
    );
    expect(&list("status=backordered".into()).await, &[]);
    // customerOrderId: exact, not a prefix.
    expect(&list("customerOrderId=batch-1".into()).await, &[&complete]);
    expect(&list("customerOrderId=batch".into()).await, &[]);
    // Together.
    expect(
        &list(format!("userid=demo&enddate={day0}&status=complete")).await,
        &[&complete],
    );
    let r = app
        .get(&format!("{}/totals?userid=demo&status=complete", orders()))
        .await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("2"), "{}", r.body);
}

#[tokio::test]
async fn the_order_list_holds_every_kind_of_order() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 2).await;
    let order_list = app.get(&orders()).await;
    let new_number = ids(&order_list).remove(0);

    let mut created = vec![(new_number.clone(), "new_number")];
    let a = &tns[0];
    for (path, body, kind) in [
        (
            "tnoptions",
            format!(
                "<TnOptionOrder><TnOptionGroups><TnOptionGroup><CallingNameDisplay>on</CallingNameDisplay><TelephoneNumbers><TelephoneNumber>{a}</TelephoneNumber></TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>"
            ),
            "tn_option",
        ),
        (
            "lidbs",
            format!(
                "<LidbOrder><LidbTnGroups><LidbTnGroup><TelephoneNumbers><TelephoneNumber>{a}</TelephoneNumber></TelephoneNumbers><SubscriberInformation>Acme</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility></LidbTnGroup></LidbTnGroups></LidbOrder>"
            ),
            "lidb",
        ),
        (
            "dldas",
            format!(
                "<DldaOrder><DldaTnGroups><DldaTnGroup><TelephoneNumbers><TelephoneNumber>{a}</TelephoneNumber></TelephoneNumbers><SubscriberType>BUSINESS</SubscriberType><ListingType>LISTED</ListingType><ListingName><LastName>Acme</LastName></ListingName></DldaTnGroup></DldaTnGroups></DldaOrder>"
            ),
            "dlda",
        ),
        ("disconnects", disconnect_body(&tns[1..], ""), "disconnect"),
    ] {
        let r = app
            .post(&format!("/accounts/{ACCOUNT}/{path}"), &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{path}: {}", r.body);
        created.push((crate::helpers::last_segment(r.header("location")), kind));
    }
    // Wait until every one is done.
    let mut r = app.get(&orders()).await;
    for _ in 0..400 {
        if !r.body.contains("<OrderStatus>RECEIVED</OrderStatus>")
            && !r.body.contains("<OrderStatus>PROCESSING</OrderStatus>")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
        r = app.get(&orders()).await;
    }
    assert_eq!(
        ids(&r),
        created.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        "every kind, oldest first: {}",
        r.body
    );
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("5"), "{}", r.body);
    for (id, kind) in &created {
        let item = r
            .body
            .split("<OrderIdUserIdDate>")
            .find(|s| s.contains(&format!("<orderId>{id}</orderId>")))
            .unwrap();
        assert!(
            item.contains(&format!("<OrderType>{kind}</OrderType>"))
                && item.contains("<OrderStatus>COMPLETE</OrderStatus>"),
            "{kind}: {item}"
        );
        // Only new-number orders have numbers to break down by place.
        assert_eq!(
            item.contains("<TelephoneNumberDetails>"),
            *kind == "new_number",
            "{kind}: {item}"
        );
    }
    assert_eq!(
        app.get(&format!("{}/totals", orders()))
            .await
            .text_of("TotalCount")
            .as_deref(),
        Some("5")
    );
    // The lists of one kind still hold only that kind.
    let r = app.get(&format!("/accounts/{ACCOUNT}/disconnects")).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("1"), "{}", r.body);
    // Each is read at its own path: a disconnect is not a new-number order.
    app.get(&format!("{}/{}", orders(), created[4].0))
        .await
        .assert_error(404, 1005);
    // Paging runs across the kinds.
    let r = app.get(&format!("{}?page=1&size=2", orders())).await;
    assert!(
        r.body
            .contains(&format!("page={}&amp;size=2", created[2].0)),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn tn_attributes_land_on_the_numbers() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=2").await;
    let id = place(
        &app,
        &existing_order(
            &site,
            &tns[..1],
            "<TnAttributes><TnAttribute>protected</TnAttribute></TnAttributes>",
        ),
    )
    .await;
    let r = settle(&app, &id).await;
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("COMPLETE"));
    assert!(
        r.body
            .contains("<TnAttributes><TnAttribute>Protected</TnAttribute></TnAttributes>"),
        "echoed in the real spelling: {}",
        r.body
    );
    let r = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(
        r.body
            .contains("<TnAttributes><TnAttribute>Protected</TnAttribute></TnAttributes>"),
        "{}",
        r.body
    );
    // An order without attributes gives its numbers none.
    let id = place(&app, &existing_order(&site, &tns[1..], "")).await;
    settle(&app, &id).await;
    let r = app.get(&format!("/tns/{}/tndetails", tns[1])).await;
    assert!(!r.body.contains("<TnAttributes>"), "{}", r.body);
    // Anything but the real values is refused before anything happens.
    for bad in ["Hidden", "Protected, External", "Hosting"] {
        let r = app
            .post(
                &orders(),
                &existing_order(
                    &site,
                    &tns[..1],
                    &format!("<TnAttributes><TnAttribute>{bad}</TnAttribute></TnAttributes>"),
                ),
            )
            .await;
        r.assert_error(400, 1004);
        assert!(
            r.body
                .contains("<OrderResponse><ErrorList><Error><Code>1004</Code>"),
            "{bad}: {}",
            r.body
        );
    }
    let r = app.get(&orders()).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("2"), "{}", r.body);
}
