//! Feature orders over HTTP: line options, caller name, directory listings,
//! and the seed's single-number feature order.

use std::time::Duration;

use reqwest::StatusCode;

use crate::disconnects::in_service;
use crate::helpers::{ACCOUNT, Reply, TestApp, last_segment};
use crate::orders::{available, site_and_peer};

async fn finished(app: &TestApp, path: &str, status_tag: &str) -> Reply {
    for _ in 0..200 {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let s = r.text_of(status_tag).unwrap_or_default();
        if s != "RECEIVED" && s != "PROCESSING" {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{path} did not finish");
}

#[tokio::test]
async fn line_options_apply_and_show_in_tndetails() {
    let app = TestApp::spawn().await;
    let (site, peer) = site_and_peer(&app).await;
    // SMS on a number needs messaging on its peer.
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}/products/messaging/features/sms"),
            "<SipPeerSmsFeature><SipPeerSmsFeatureSettings><Protocol>HTTP</Protocol></SipPeerSmsFeatureSettings></SipPeerSmsFeature>",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let tns = in_service(&app, &site, 2).await;
    let foreign = available(&app, "areaCode=919&quantity=1").await.remove(0);
    let body = format!(
        "<TnOptionOrder><CustomerOrderId>opt-1</CustomerOrderId><TnOptionGroups>\
         <TnOptionGroup><CallingNameDisplay>on</CallingNameDisplay><Sms>off</Sms><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers></TnOptionGroup>\
         <TnOptionGroup><CallForward>9195550199</CallForward><Sms>on</Sms><RPIDFormat>e164</RPIDFormat><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber><TelephoneNumber>{foreign}</TelephoneNumber></TelephoneNumbers></TnOptionGroup>\
         </TnOptionGroups></TnOptionOrder>",
        tns[0], tns[1]
    );
    let r = app
        .post(&format!("/accounts/{ACCOUNT}/tnoptions"), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(
        r.body.contains(
            "<TnOptionOrderResponse><TnOptionOrder><CustomerOrderId>opt-1</CustomerOrderId>"
        ),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("ProcessingStatus").as_deref(), Some("RECEIVED"));
    let id = last_segment(r.header("location"));
    let r = finished(
        &app,
        &format!("/accounts/{ACCOUNT}/tnoptions/{id}"),
        "ProcessingStatus",
    )
    .await;
    assert!(
        r.body.contains(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><TnOptionOrder>"
        ),
        "a bare TnOptionOrder: {}",
        r.body
    );
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("PARTIAL"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&format!("<Error><Code>5071</Code><Description>Telephone number is not available on the system.</Description><TelephoneNumber>{foreign}</TelephoneNumber></Error>")), "{}", r.body);
    assert!(
        r.body
            .contains("<CallingNameDisplay>on</CallingNameDisplay>")
            && r.body.contains("<RPIDFormat>e164</RPIDFormat>"),
        "{}",
        r.body
    );

    // Each group's settings on its own numbers, by their exact elements.
    let details = app.get(&format!("/tns/{}/tndetails", tns[1])).await;
    assert!(
        details.body.contains(
            "<Features><CallForward>9195550199</CallForward><RPIDFormat>e164</RPIDFormat></Features>"
        ),
        "{}",
        details.body
    );
    assert!(
        details
            .body
            .contains("<MessagingSettings><SmsEnabled>true</SmsEnabled></MessagingSettings>")
            && details.body.contains(
                "<ServiceTypes><ServiceType>Voice</ServiceType><ServiceType>Messaging</ServiceType></ServiceTypes>"
            ),
        "Sms on: {}",
        details.body
    );
    let details = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(
        details
            .body
            .contains("<Features><CallingNameDisplay>true</CallingNameDisplay></Features>"),
        "{}",
        details.body
    );
    // Its own group's Sms off wins over its peer's messaging.
    assert!(
        details
            .body
            .contains("<MessagingSettings><SmsEnabled>false</SmsEnabled></MessagingSettings>")
            && details
                .body
                .contains("<ServiceTypes><ServiceType>Voice</ServiceType></ServiceTypes>"),
        "the other group's Sms is not this number's: {}",
        details.body
    );

    let r = app
        .get(&format!(
            "/accounts/{ACCOUNT}/tnoptions?customerOrderId=opt-1"
        ))
        .await;
    assert!(
        r.body
            .contains("<TnOptionOrders><TotalCount>1</TotalCount><TnOptionOrderSummary>"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(&format!("<OrderId>{id}</OrderId>"))
            && r.body.contains("<OrderType>tn_option</OrderType>")
    );
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/tnoptions?tn={}", tns[0]))
        .await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("1"), "{}", r.body);
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/tnoptions/{id}/history"))
        .await;
    assert!(r.body.contains("<Status>PARTIAL</Status>"), "{}", r.body);

    // Bad values are refused before anything happens.
    let bad = |group: &str| {
        format!(
            "<TnOptionOrder><TnOptionGroups><TnOptionGroup>{group}<TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>",
            tns[0]
        )
    };
    let opts = format!("/accounts/{ACCOUNT}/tnoptions");
    app.post(&opts, &bad("<CallingNameDisplay>loud</CallingNameDisplay>"))
        .await
        .assert_error(400, 5081);
    app.post(&opts, &bad("<Sms>perhaps</Sms>"))
        .await
        .assert_error(400, 5081);
    app.post(&opts, &bad("<CallForward>123</CallForward>"))
        .await
        .assert_error(400, 5081);
    app.post(&opts, &bad("")).await.assert_error(400, 5081);
    app.post(&opts, "<TnOptionOrder><TnOptionGroups/></TnOptionOrder>")
        .await
        .assert_error(400, 1003);
    app.get(&format!("{opts}/nope"))
        .await
        .assert_error(404, 1005);
}

#[tokio::test]
async fn caller_name_and_directory_listing_orders() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 2).await;
    // Node writes arrays of plain values as repeated <TelephoneNumbers>text</TelephoneNumbers>.
    let lidb = format!(
        "<LidbOrder><CustomerOrderId>cnam-1</CustomerOrderId><LidbTnGroups><LidbTnGroup><TelephoneNumbers>{}</TelephoneNumbers><TelephoneNumbers>{}</TelephoneNumbers>\
         <SubscriberInformation>Joes Garage</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility></LidbTnGroup></LidbTnGroups></LidbOrder>",
        tns[0], tns[1]
    );
    let r = app.post(&format!("/accounts/{ACCOUNT}/lidbs"), &lidb).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = last_segment(r.header("location"));
    let r = finished(
        &app,
        &format!("/accounts/{ACCOUNT}/lidbs/{id}"),
        "ProcessingStatus",
    )
    .await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&format!("<LidbTnGroup><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers><SubscriberInformation>Joes Garage</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility></LidbTnGroup>", tns[0], tns[1])), "{}", r.body);
    for tn in &tns {
        let r = app.get(&format!("/tns/{tn}/tndetails")).await;
        assert!(
            r.body.contains("<Features><Lidb><Status>Success</Status><SubscriberInformation>Joes Garage</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility></Lidb></Features>"),
            "{}",
            r.body
        );
    }
    let r = app.get(&format!("/accounts/{ACCOUNT}/lidbs")).await;
    assert!(
        r.body.contains(&format!("<OrderId>{id}</OrderId>"))
            && r.body.contains("<OrderType>lidb</OrderType>"),
        "{}",
        r.body
    );
    let lidbs = format!("/accounts/{ACCOUNT}/lidbs");
    app.post(
        &lidbs,
        &lidb.replace("Joes Garage", "A name far too long for caller ID"),
    )
    .await
    .assert_error(400, 1004);
    app.post(&lidbs, &lidb.replace("<UseType>BUSINESS</UseType>", ""))
        .await
        .assert_error(400, 1003);

    let dlda = format!(
        "<DldaOrder><CustomerOrderId>dl-1</CustomerOrderId><DldaTnGroups><DldaTnGroup><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers>\
         <SubscriberType>RESIDENTIAL</SubscriberType><ListingType>LISTED</ListingType><ListingName><FirstName>John</FirstName><LastName>Smith</LastName></ListingName>\
         <ListAddress>true</ListAddress><Address><HouseNumber>123</HouseNumber><StreetName>Elm</StreetName><City>Carpinteria</City><StateCode>CA</StateCode><Zip>93013</Zip><AddressType>Dlda</AddressType></Address>\
         </DldaTnGroup></DldaTnGroups></DldaOrder>",
        tns[0]
    );
    let dldas = format!("/accounts/{ACCOUNT}/dldas");
    let r = app.post(&dldas, &dlda).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(
        r.body.contains("<DldaOrderResponse><DldaOrder>"),
        "Python parses this body: {}",
        r.body
    );
    let id = last_segment(r.header("location"));
    let r = finished(&app, &format!("{dldas}/{id}"), "ProcessingStatus").await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<ListingName><FirstName>John</FirstName><LastName>Smith</LastName></ListingName><ListAddress>true</ListAddress>"), "{}", r.body);
    // `<Id>` repeats the order id: Node's dlda.getHistory needs it.
    assert!(
        r.body
            .contains(&format!("</DldaTnGroups><Id>{id}</Id></DldaOrder>")),
        "{}",
        r.body
    );
    let r = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(
        r.body.contains("<Dlda><Status>Success</Status><SubscriberType>RESIDENTIAL</SubscriberType><ListingType>LISTED</ListingType><ListingName><FirstName>John</FirstName><LastName>Smith</LastName></ListingName><ListAddress>true</ListAddress><Address>"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("<City>Carpinteria</City>") && r.body.contains("<Zip>93013</Zip>"),
        "{}",
        r.body
    );
    // PUT replaces the listing and processes it again.
    let r = app
        .put(&format!("{dldas}/{id}"), &dlda.replace("Smith", "Jones"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = finished(&app, &format!("{dldas}/{id}"), "ProcessingStatus").await;
    assert!(r.body.contains("<LastName>Jones</LastName>"), "{}", r.body);
    let r = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(
        r.body.contains(
            "<ListingName><FirstName>John</FirstName><LastName>Jones</LastName></ListingName>"
        ) && !r.body.contains("Smith"),
        "{}",
        r.body
    );
    let r = app.get(&format!("{dldas}/{id}/history")).await;
    assert!(
        r.body.matches("<Status>COMPLETE</Status>").count() >= 2,
        "{}",
        r.body
    );
    assert!(
        app.get(&dldas)
            .await
            .body
            .contains("<OrderType>dlda</OrderType>")
    );
    app.post(&dldas, &dlda.replace("LISTED", "HIDDEN"))
        .await
        .assert_error(400, 1004);
    app.post(
        &dldas,
        &dlda.replace("<FirstName>John</FirstName><LastName>Smith</LastName>", ""),
    )
    .await
    .assert_error(400, 1003);
    app.post(&dldas, &dlda.replace("93013", "9301"))
        .await
        .assert_error(400, 12113);
}

#[tokio::test]
async fn the_seeds_single_number_feature_order() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 1).await;
    let path = format!("/accounts/{ACCOUNT}/tns/{}/tnfeatureorder", tns[0]);
    let r = app
        .post(&path, "<FeatureOrder><CallingNameDisplay>on</CallingNameDisplay><Lidb><SubscriberInformation>Acme</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PRIVATE</Visibility></Lidb></FeatureOrder>")
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let location = r.header("location").to_string();
    assert!(location.contains("/tnoptions/"), "{location}");
    let r = finished(
        &app,
        &format!("/accounts/{ACCOUNT}/tnoptions/{}", last_segment(&location)),
        "ProcessingStatus",
    )
    .await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    let r = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(
        r.body.contains("<Features><CallingNameDisplay>true</CallingNameDisplay><Lidb><Status>Success</Status><SubscriberInformation>Acme</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PRIVATE</Visibility></Lidb></Features>"),
        "{}",
        r.body
    );
    // Not one of the account's numbers in service: 404.
    let free = available(&app, "areaCode=919&quantity=1").await.remove(0);
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/tns/{free}/tnfeatureorder"),
            "<FeatureOrder><Sms>on</Sms></FeatureOrder>",
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    app.post(&path, "<FeatureOrder/>")
        .await
        .assert_error(400, 1003);
    app.post(&path, "<FeatureOrder><Sms>sometimes</Sms></FeatureOrder>")
        .await
        .assert_error(400, 5081);
}
