//! Port-ins over HTTP: create and read, the list, the numbers' holds, and
//! every validation error. The lifecycle, documents and the operator plane
//! are in `portins_lifecycle.rs`, `portins_docs.rs` and `portins_operator.rs`;
//! the helpers here are shared by all of them.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use tnhub_core::Timestamp;
use tnhub_core::order::portin::carrier::losing_carrier_of;
use tnhub_core::order::portin::foc;

use crate::helpers::{ACCOUNT, Reply, TestApp, last_segment};
use crate::orders::{existing_order, is_offered, settle, site_and_peer};

pub fn portins() -> String {
    format!("/accounts/{ACCOUNT}/portins")
}

/// `n` numbers of one exchange (one losing carrier), from line `first` on.
pub fn numbers(exchange: &str, first: u16, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{exchange}{:04}", first as usize + i))
        .collect()
}

/// A complete `<LnpOrder>` for these numbers; `extra` goes inside it.
pub fn lnp_order(site: &str, tns: &[String], extra: &str) -> String {
    let list: String = tns
        .iter()
        .map(|t| format!("<PhoneNumber>{t}</PhoneNumber>"))
        .collect();
    format!(
        "<LnpOrder><CustomerOrderId>port-1</CustomerOrderId><SiteId>{site}</SiteId>\
         <BillingTelephoneNumber>{}</BillingTelephoneNumber><LoaAuthorizingPerson>Jane Doe</LoaAuthorizingPerson>\
         <Subscriber><SubscriberType>BUSINESS</SubscriberType><BusinessName>Acme Corporation</BusinessName>\
         <ServiceAddress><HouseNumber>1623</HouseNumber><StreetName>Brockton Ave</StreetName><City>Raleigh</City>\
         <StateCode>NC</StateCode><Zip>27606</Zip><Country>United States</Country></ServiceAddress></Subscriber>\
         <ListOfPhoneNumbers>{list}</ListOfPhoneNumbers><BillingType>PORTIN</BillingType>{extra}</LnpOrder>",
        tns[0]
    )
}

/// Posts a port-in, checks the 201 answer, returns its id and the answer.
pub async fn create(app: &TestApp, body: &str) -> (String, Reply) {
    let r = app.post(&portins(), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.text_of("OrderId").expect("OrderId in the create answer");
    assert_eq!(last_segment(r.header("location")), id);
    assert!(r.body.contains("<Status><Code>201</Code><Description>Order request received. Please use the order id to check the status of your order later.</Description></Status>"), "{}", r.body);
    (id, r)
}

/// The port-in as GET shows it.
pub async fn get(app: &TestApp, id: &str) -> Reply {
    let r = app.get(&format!("{}/{id}", portins())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r
}

/// Polls (running due jobs meanwhile) until the port-in is in `status`.
pub async fn wait_for(app: &TestApp, id: &str, status: &str) -> Reply {
    let mut last = String::new();
    for _ in 0..200 {
        let _ = app.hub.run_due_jobs().await;
        let r = get(app, id).await;
        last = r.text_of("ProcessingStatus").unwrap_or_default();
        if last == status {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("port-in {id} stayed {last}, never {status}");
}

/// The sandbox clock's time.
pub fn now(app: &TestApp) -> Timestamp {
    app.hub.clock().now()
}

/// A business day at least `days` days out (and within the carriers'
/// intervals for `days` ≥ 6), at 15:00 UTC.
pub fn foc_in(app: &TestApp, days: i64) -> Timestamp {
    let mut t = now(app).plus_millis(days * 86_400_000);
    while !foc::is_business_day(foc::date_of(t)) {
        t = t.plus_millis(86_400_000);
    }
    let start = foc::start_of(foc::date_of(t));
    start.plus_millis(15 * 3_600_000)
}

/// The status of a number as `/tns/{tn}` shows it (none: no row).
pub async fn tn_status(app: &TestApp, tn: &str) -> Option<String> {
    let r = app.get(&format!("/tns/{tn}")).await;
    (r.status == StatusCode::OK).then(|| r.text_of("Status").unwrap_or_default())
}

/// Asserts a port-in error answer (envelope C) with these codes, in order.
pub fn assert_codes(r: &Reply, status: u16, codes: &[u32]) {
    assert_eq!(r.status.as_u16(), status, "{}", r.body);
    let got: Vec<u32> = r
        .body
        .split("<Errors><Code>")
        .skip(1)
        .filter_map(|s| s.split("</Code>").next())
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(got, codes, "{}", r.body);
    if r.body.contains("<LnpOrderResponse>") {
        assert!(
            r.body
                .contains("<ProcessingStatus>EXCEPTION</ProcessingStatus>"),
            "{}",
            r.body
        );
    }
}

#[tokio::test]
async fn a_port_in_is_created_read_listed_and_holds_its_numbers() {
    let app = TestApp::spawn().await;
    let (site, peer) = site_and_peer(&app).await;
    let tns = numbers("919207", 4100, 2);
    let requested = foc_in(&app, 10);
    let (id, r) = create(
        &app,
        &lnp_order(
            &site,
            &tns,
            &format!("<RequestedFocDate>{}</RequestedFocDate>", requested.iso()),
        ),
    )
    .await;
    assert_eq!(r.text_of("ProcessingStatus").as_deref(), Some("SUBMITTED"));
    assert_eq!(r.text_of("PeerId"), Some(peer.clone()), "default peer");

    let carrier = losing_carrier_of(&tns[0]).unwrap();
    let r = get(&app, &id).await;
    assert!(
        r.text_of("OrderId").is_none(),
        "GET has no OrderId: {}",
        r.body
    );
    assert!(r.text_of("Status").is_none(), "{}", r.body);
    for (tag, value) in [
        ("ProcessingStatus", "SUBMITTED"),
        ("CustomerOrderId", "port-1"),
        ("LoaAuthorizingPerson", "Jane Doe"),
        ("BillingTelephoneNumber", tns[0].as_str()),
        ("SiteId", site.as_str()),
        ("LosingCarrierSPID", carrier.spid),
        ("LosingCarrierName", carrier.name),
        ("PortType", "AUTOMATED"),
        ("BillingType", "PORTIN"),
        ("Triggered", "false"),
        ("AccountId", ACCOUNT),
        ("userId", "demo"),
    ] {
        assert_eq!(
            r.text_of(tag).as_deref(),
            Some(value),
            "{tag} in {}",
            r.body
        );
    }
    assert_eq!(r.text_of("RequestedFocDate"), Some(requested.iso()));
    assert!(r.body.contains(&format!(
        "<ListOfPhoneNumbers><PhoneNumber>{}</PhoneNumber><PhoneNumber>{}</PhoneNumber></ListOfPhoneNumbers>",
        tns[0], tns[1]
    )));
    assert!(r.body.contains(
        "<ServiceAddress><HouseNumber>1623</HouseNumber><StreetName>Brockton Ave</StreetName>"
    ));
    assert!(r.body.contains("<Subscriber><SubscriberType>BUSINESS</SubscriberType><BusinessName>Acme Corporation</BusinessName>"));

    // The numbers are held: shown as PortInPendingFoc, offered to nobody,
    // not orderable, not portable again.
    assert_eq!(
        tn_status(&app, &tns[0]).await.as_deref(),
        Some("PortInPendingFoc")
    );
    assert!(!is_offered(&app, &tns[0]).await);
    let order = crate::orders::place(&app, &existing_order(&site, &tns[..1], "")).await;
    let r = settle(&app, &order).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        r.body
    );
    let r = app.post(&portins(), &lnp_order(&site, &tns, "")).await;
    assert_codes(&r, 400, &[7205]);
    assert!(
        r.body.contains(&format!(
            "<TelephoneNumbers><Tn>{}</Tn><Tn>{}</Tn></TelephoneNumbers>",
            tns[0], tns[1]
        )),
        "{}",
        r.body
    );
    app.other_tenant("7700001", "carol", "carol-password").await;
    let other_site = {
        let r = app
            .request_as(
                Method::POST,
                "/accounts/7700001/sites",
                Some(&crate::helpers::site_xml("c")),
                Some(("carol", "carol-password")),
            )
            .await;
        last_segment(r.header("location"))
    };
    app.request_as(
        Method::POST,
        &format!("/accounts/7700001/sites/{other_site}/sippeers"),
        Some("<SipPeer><PeerName>p</PeerName></SipPeer>"),
        Some(("carol", "carol-password")),
    )
    .await;
    let r = app
        .request_as(
            Method::POST,
            "/accounts/7700001/portins",
            Some(&lnp_order(&other_site, &tns, "")),
            Some(("carol", "carol-password")),
        )
        .await;
    assert_codes(&r, 400, &[7205]);
    // Another account cannot see it.
    let r = app
        .request_as(
            Method::GET,
            &format!("/accounts/7700001/portins/{id}"),
            None,
            Some(("carol", "carol-password")),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // Its numbers and reports.
    let r = app.get(&format!("{}/{id}/tns", portins())).await;
    assert!(r.body.ends_with(&format!("<TelephoneNumbers><Count>2</Count><TelephoneNumber>{}</TelephoneNumber><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers>", tns[0], tns[1])), "{}", r.body);
    let r = app.get(&format!("{}/{id}/areaCodes", portins())).await;
    assert!(r.body.ends_with("<TelephoneDetailsReports><TelephoneDetailsReport><AreaCode>919</AreaCode><Count>2</Count></TelephoneDetailsReport></TelephoneDetailsReports>"), "{}", r.body);
    let r = app.get(&format!("{}/{id}/npaNxx", portins())).await;
    assert!(r.body.ends_with("<TelephoneDetailsReports><TelephoneDetailsReport><NPA-NXX>919207</NPA-NXX><Count>2</Count></TelephoneDetailsReport></TelephoneDetailsReports>"), "{}", r.body);
    // `<Quantity><Count>` for Python, the report line for Node's getTotals.
    let r = app.get(&format!("{}/{id}/totals", portins())).await;
    assert!(
        r.body.ends_with("<Quantity><Count>2</Count><TelephoneDetailsReport><Count>2</Count></TelephoneDetailsReport></Quantity>"),
        "{}",
        r.body
    );
    let r = app.get(&format!("{}/nope", portins())).await;
    r.assert_error(404, 1005);
}

#[tokio::test]
async fn the_list_filters_pages_and_answers_204_when_empty() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let list = |q: &str| format!("{}?{q}", portins());
    assert_eq!(
        app.get(&list("page=1&size=10")).await.status,
        StatusCode::NO_CONTENT
    );
    let mut ids = Vec::new();
    for i in 0..3u16 {
        let body = lnp_order(&site, &numbers("919207", 4200 + i * 10, 1), "")
            .replace("port-1", &format!("port-{i}"));
        ids.push(create(&app, &body).await.0);
    }
    let draft = lnp_order(
        &site,
        &numbers("919207", 4300, 1),
        "<ProcessingStatus>DRAFT</ProcessingStatus>",
    );
    let (draft_id, _) = create(&app, &draft).await;

    let r = app.get(&list("page=1&size=2")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("<LNPResponseWrapper><TotalCount>3</TotalCount><Links><first>"),
        "drafts are not listed: {}",
        r.body
    );
    assert_eq!(r.body.matches("<lnpPortInfoForGivenStatus>").count(), 2);
    assert!(r.body.contains(&format!(
        "<OrderId>{}</OrderId><OrderType>port_in</OrderType>",
        ids[0]
    )));
    assert!(r.body.contains("<accountId>9900001</accountId><CountOfTNs>1</CountOfTNs><CustomerOrderId>port-0</CustomerOrderId><userId>demo</userId>"), "{}", r.body);
    assert!(
        r.body
            .contains("<ProcessingStatus>SUBMITTED</ProcessingStatus>")
    );
    assert!(r.body.contains("<LNPLosingCarrierId>"));
    assert!(
        r.body.contains(&format!(
            "page={}&amp;size=2&gt;;rel=&quot;next&quot;;</next>",
            ids[2]
        )) || r.body.contains(&format!(
            "page={}&amp;size=2&gt;;rel=\"next\";</next>",
            ids[2]
        )),
        "{}",
        r.body
    );
    let r = app.get(&list(&format!("page={}&size=2", ids[2]))).await;
    assert_eq!(r.body.matches("<lnpPortInfoForGivenStatus>").count(), 1);
    assert!(!r.body.contains("<next>"));

    let r = app.get(&list("status=draft")).await;
    assert!(
        r.body.contains(&draft_id) && r.body.contains("<TotalCount>1</TotalCount>"),
        "{}",
        r.body
    );
    let r = app.get(&list("customerOrderId=port-1")).await;
    assert!(
        r.body.contains(&ids[1]) && r.body.contains("<TotalCount>1</TotalCount>"),
        "{}",
        r.body
    );
    let r = app
        .get(&list(&format!("orderTn={}", numbers("919207", 4220, 1)[0])))
        .await;
    assert!(
        r.body.contains(&ids[2]) && r.body.contains("<TotalCount>1</TotalCount>"),
        "{}",
        r.body
    );
    let r = app
        .get(&list(&format!("tn={}", numbers("919207", 4200, 1)[0])))
        .await;
    assert!(
        r.body.contains(&ids[0]) && r.body.contains("<TotalCount>1</TotalCount>"),
        "{}",
        r.body
    );
    assert_eq!(
        app.get(&list("status=foc")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&list("pon=X1")).await.status,
        StatusCode::NO_CONTENT
    );
    app.get(&list("status=bogus"))
        .await
        .assert_error(400, 15518);
    app.get(&list("startdate=yesterday"))
        .await
        .assert_error(400, 15501);
    let today = now(&app).iso()[..10].to_string();
    let r = app.get(&list(&format!("date={today}"))).await;
    assert!(r.body.contains("<TotalCount>3</TotalCount>"), "{}", r.body);

    let r = app.get(&format!("{}/totals", portins())).await;
    assert!(
        r.body.ends_with("<Quantity><Count>3</Count></Quantity>"),
        "{}",
        r.body
    );
    let r = app.get(&format!("{}/totals?status=draft", portins())).await;
    assert!(
        r.body.ends_with("<Quantity><Count>1</Count></Quantity>"),
        "{}",
        r.body
    );

    let other = app.create_site("other").await;
    app.create_peer(&other, "p").await;
    let r = app
        .get(&format!(
            "/accounts/{ACCOUNT}/sites/{site}/portins?page=1&size=10"
        ))
        .await;
    assert!(r.body.contains("<TotalCount>3</TotalCount>"), "{}", r.body);
    assert!(
        r.body.contains(&format!("/sites/{site}/portins?page=1")),
        "{}",
        r.body
    );
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/sites/{other}/portins"))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    app.get(&format!("/accounts/{ACCOUNT}/sites/999/portins"))
        .await
        .assert_error(404, 12016);
}

#[tokio::test]
async fn the_seeds_simplified_request_is_accepted_and_the_losing_carrier_is_the_systems() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = numbers("919207", 4500, 2);
    let body = format!(
        "<PortInRequest><siteId>{site}</siteId><billingTelephoneNumber>{}</billingTelephoneNumber>\
         <loaAuthorizingPerson>Jo Seed</loaAuthorizingPerson><subscriber><subscriberType>RESIDENTIAL</subscriberType>\
         <firstName>Jo</firstName><lastName>Seed</lastName><serviceAddress><houseNumber>1</houseNumber><streetName>Main</streetName>\
         <city>Raleigh</city><stateCode>NC</stateCode><zip>27606</zip></serviceAddress></subscriber>\
         <losingCarrierName>Whoever I Say</losingCarrierName>\
         <listOfPhoneNumbers>{}</listOfPhoneNumbers><listOfPhoneNumbers>{}</listOfPhoneNumbers>\
         <requestedFocDate>{}</requestedFocDate></PortInRequest>",
        tns[0],
        tns[0],
        tns[1],
        &foc_in(&app, 10).iso()[..10]
    );
    let (id, _) = create(&app, &body).await;
    let r = get(&app, &id).await;
    assert_eq!(r.text_of("CountOfTNs"), None);
    assert!(
        r.body.contains(&format!(
            "<PhoneNumber>{}</PhoneNumber><PhoneNumber>{}</PhoneNumber>",
            tns[0], tns[1]
        )),
        "{}",
        r.body
    );
    assert_eq!(
        r.text_of("LosingCarrierName").as_deref(),
        Some(losing_carrier_of(&tns[0]).unwrap().name)
    );
    assert!(r.body.contains("<SubscriberType>RESIDENTIAL</SubscriberType><FirstName>Jo</FirstName><LastName>Seed</LastName>"), "{}", r.body);
}
