//! Every validation error of a port-in, with its code.

use reqwest::StatusCode;
use tnhub_core::order::portin::carrier::losing_carrier_of;
use tnhub_core::order::portin::foc;

use crate::helpers::{ACCOUNT, TestApp};
use crate::orders::{existing_order, settle, site_and_peer};
use crate::portins::{assert_codes, foc_in, lnp_order, now, numbers, portins};

#[tokio::test]
async fn every_validation_error_has_its_code() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = numbers("919207", 4400, 1);
    let good = lnp_order(&site, &tns, "");
    let post = |body: String| {
        let app = &app;
        async move { app.post(&portins(), &body).await }
    };
    // Missing parts: numbers, billing number, subscriber, LOA person, all at once.
    let r = post(format!("<LnpOrder><SiteId>{site}</SiteId></LnpOrder>")).await;
    assert_codes(&r, 400, &[7101, 7103, 7104, 7115]);
    assert!(r.body.contains("<Status><Code>400</Code><Description>Validation Failed. Please check your input parameters.</Description></Status>"), "{}", r.body);
    let r = post(good.replace(
        "<PhoneNumber>9192074400</PhoneNumber>",
        "<PhoneNumber>12345</PhoneNumber>",
    ))
    .await;
    assert_codes(&r, 400, &[7201]);
    assert!(r.body.contains("<Description>12345 is not a valid NANP telephone number.</Description><TelephoneNumbers><Tn>12345</Tn></TelephoneNumbers>"), "{}", r.body);
    let r = post(good.replace(
        "<BillingTelephoneNumber>9192074400</BillingTelephoneNumber>",
        "<BillingTelephoneNumber>55</BillingTelephoneNumber>",
    ))
    .await;
    assert_codes(&r, 400, &[7203]);
    // Subscriber parts.
    let sub = |s: &str| {
        good.replace(
            &good[good.find("<Subscriber>").unwrap()..good.find("</Subscriber>").unwrap() + 13],
            s,
        )
    };
    assert_codes(&post(sub("<Subscriber><SubscriberType>BUSINESS</SubscriberType><ServiceAddress><HouseNumber>1</HouseNumber><StreetName>Main</StreetName><City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip></ServiceAddress></Subscriber>")).await, 400, &[7105]);
    assert_codes(&post(sub("<Subscriber><SubscriberType>GOVERNMENT</SubscriberType><BusinessName>A</BusinessName></Subscriber>")).await, 400, &[7106, 7107]);
    assert_codes(&post(sub("<Subscriber><SubscriberType>BUSINESS</SubscriberType><BusinessName>A</BusinessName><ServiceAddress><Country>US</Country></ServiceAddress></Subscriber>")).await, 400, &[7108, 7109, 7110, 7111, 7112]);
    assert_codes(&post(sub("<Subscriber><SubscriberType>RESIDENTIAL</SubscriberType><BusinessName>A</BusinessName><FirstName>J</FirstName><LastName>D</LastName><ServiceAddress><HouseNumber>1</HouseNumber><StreetName>Main</StreetName><City>Raleigh</City><StateCode>ZZ</StateCode><Zip>2760</Zip></ServiceAddress></Subscriber>")).await, 400, &[7111, 7214, 7211]);
    assert_codes(
        &post(good.replace("<LoaAuthorizingPerson>Jane Doe</LoaAuthorizingPerson>", "")).await,
        400,
        &[7115],
    );
    assert_codes(&post(good.replace("port-1", "bad*id")).await, 400, &[7318]);
    // Site and peer.
    assert_codes(
        &post(good.replace(&format!("<SiteId>{site}</SiteId>"), "<SiteId>999</SiteId>")).await,
        400,
        &[7309],
    );
    assert_codes(
        &post(good.replace(&format!("<SiteId>{site}</SiteId>"), "")).await,
        400,
        &[7309],
    );
    assert_codes(
        &post(lnp_order(&site, &tns, "<PeerId>999</PeerId>")).await,
        400,
        &[7312],
    );
    let bare = app.create_site("no peers").await;
    assert_codes(&post(lnp_order(&bare, &tns, "")).await, 400, &[7312]);
    // FOC dates: past, a weekend, too soon for the carrier, too far.
    let past = now(&app).plus_millis(-86_400_000);
    assert_codes(
        &post(lnp_order(
            &site,
            &tns,
            &format!("<RequestedFocDate>{}</RequestedFocDate>", past.iso()),
        ))
        .await,
        400,
        &[7208],
    );
    let mut weekend = foc_in(&app, 10);
    while foc::is_business_day(foc::date_of(weekend)) {
        weekend = weekend.plus_millis(86_400_000);
    }
    assert_codes(
        &post(lnp_order(
            &site,
            &tns,
            &format!("<RequestedFocDate>{}</RequestedFocDate>", weekend.iso()),
        ))
        .await,
        400,
        &[7208],
    );
    // Too soon: a minute from now on a Monday morning is a business day in
    // the future but before any carrier's earliest FOC (at least one
    // business day out), so only 7209 applies. Move the clock to the next
    // Monday at 10:00 UTC first, so the day of the week is not left to
    // chance.
    let mut monday = foc::date_of(now(&app)).next_day().unwrap();
    while monday.weekday().number_from_monday() != 1 {
        monday = monday.next_day().unwrap();
    }
    let ten = foc::start_of(monday).plus_millis(10 * 3_600_000);
    app.advance_clock((ten.millis() - now(&app).millis()) / 1_000)
        .await;
    let soon = now(&app).plus_millis(60_000);
    assert_eq!(foc::date_of(soon), monday);
    assert_codes(
        &post(lnp_order(
            &site,
            &tns,
            &format!("<RequestedFocDate>{}</RequestedFocDate>", soon.iso()),
        ))
        .await,
        400,
        &[7209],
    );
    assert_codes(
        &post(lnp_order(
            &site,
            &tns,
            &format!(
                "<RequestedFocDate>{}</RequestedFocDate>",
                foc_in(&app, 40).iso()
            ),
        ))
        .await,
        400,
        &[7210],
    );
    // Numbers: several losing carriers, toll-free with local, unknown exchange, too many.
    let mut two = tns.clone();
    let mine = losing_carrier_of(&tns[0]).unwrap();
    two.push(
        crate::orders::available(&app, "areaCode=919&quantity=100")
            .await
            .into_iter()
            .find(|t| losing_carrier_of(t).unwrap() != mine)
            .expect("a number of another losing carrier"),
    );
    assert_codes(&post(lnp_order(&site, &two, "")).await, 400, &[7204]);
    let mixed = vec![tns[0].clone(), "8882074400".into()];
    assert_codes(&post(lnp_order(&site, &mixed, "")).await, 400, &[7386]);
    // 958 is a test exchange: in no inventory and no reference geography.
    let unknown = "9199580100".to_string();
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/lnpchecker"),
            &format!("<NumberPortabilityRequest><TnList><Tn>{unknown}</Tn></TnList></NumberPortabilityRequest>"),
        )
        .await;
    assert!(
        r.body.contains(&format!(
            "<UnsupportedRateCenters><RateCenterGroup><TnList><Tn>{unknown}</Tn>"
        )),
        "{}",
        r.body
    );
    assert_codes(&post(lnp_order(&site, &[unknown], "")).await, 400, &[7216]);
    // Over 5000 numbers (too large a body for this test server's limit, so
    // straight to the service; over HTTP the body limit answers 413 first).
    let many = numbers("919207", 0, 5_001);
    assert_eq!(
        app.post(&portins(), &lnp_order(&site, &many, ""))
            .await
            .status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let account = tnhub_core::ids::AccountId::parse(ACCOUNT).unwrap();
    let draft = tnhub_core::order::portin::PortInDraft {
        site_id: Some(site.clone()),
        tns: Some(many.clone()),
        processing_status: Some("DRAFT".into()),
        ..Default::default()
    };
    let e = app
        .hub
        .create_port_in(&account, "demo", draft)
        .await
        .unwrap_err();
    assert_eq!(e.errors.iter().map(|e| e.code).collect::<Vec<_>>(), [7314]);
    // Already in service here.
    let order = crate::orders::place(&app, &existing_order(&site, &tns, "")).await;
    settle(&app, &order).await;
    assert_codes(&post(good.clone()).await, 400, &[7206]);
    // A body that is not a port-in.
    let r = post("<Site/>".into()).await;
    assert_codes(&r, 400, &[1002]);
    assert!(
        r.body
            .contains("<LnpOrderResponse><Status><Code>400</Code>"),
        "{}",
        r.body
    );
    // Nothing was created along the way.
    assert_eq!(
        app.get(&format!("{}?status=draft,submitted", portins()))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn more_than_999_numbers_are_ported_manually_on_net() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    // One thousand numbers of one exchange (one losing carrier).
    let tns = numbers("919207", 3000, 1_000);
    let list: String = tns.iter().map(|t| format!("<Tn>{t}</Tn>")).collect();
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/lnpchecker"),
            &format!(
                "<NumberPortabilityRequest><TnList>{list}</TnList></NumberPortabilityRequest>"
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("PortType").as_deref(), Some("MANUAL_ONNET"));
    // 999 of them are still automated.
    let list: String = tns[..999].iter().map(|t| format!("<Tn>{t}</Tn>")).collect();
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/lnpchecker"),
            &format!(
                "<NumberPortabilityRequest><TnList>{list}</TnList></NumberPortabilityRequest>"
            ),
        )
        .await;
    assert_eq!(r.text_of("PortType").as_deref(), Some("AUTOMATED"));
    // The port-in of all thousand says so too.
    let r = app.post(&portins(), &lnp_order(&site, &tns, "")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.text_of("OrderId").expect("an order id");
    let r = app.get(&format!("{}/{id}", portins())).await;
    assert_eq!(
        r.text_of("PortType").as_deref(),
        Some("MANUAL_ONNET"),
        "{}",
        &r.body[..r.body.len().min(2000)]
    );
}
