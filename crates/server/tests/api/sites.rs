use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, TestApp, site_xml};

#[tokio::test]
async fn site_lifecycle_through_every_prefix() {
    let app = TestApp::spawn().await;
    // An empty list still has its wrapper (Node dereferences it).
    let r = app.get(&format!("/accounts/{ACCOUNT}/sites")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "application/xml");
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SitesResponse><Sites/></SitesResponse>"#);

    // Create: 201, Location under the prefix used, no body.
    let r = app
        .post(
            &format!("/v1.0/accounts/{ACCOUNT}/sites"),
            &site_xml("Raleigh HQ"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let location = r.header("location").to_string();
    assert!(
        location.starts_with(&format!("{}/v1.0/accounts/{ACCOUNT}/sites/", app.address)),
        "{location}"
    );
    let id = crate::helpers::last_segment(&location);

    let r = app
        .get(&format!("/api/v1/accounts/{ACCOUNT}/sites/{id}"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SiteResponse><Site><Id>1</Id><Name>Raleigh HQ</Name><Description>test site</Description><Address><HouseNumber>900</HouseNumber><StreetName>Main Campus</StreetName><StreetSuffix>Dr</StreetSuffix><City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip><Country>United States</Country><AddressType>Service</AddressType></Address></Site></SiteResponse>"#);

    // Update only the description: 200 with the site, the rest unchanged.
    let r = app
        .put(
            &format!("/accounts/{ACCOUNT}/sites/{id}"),
            "<Site><Description>moved</Description></Site>",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("Description").as_deref(), Some("moved"));
    assert_eq!(r.text_of("Name").as_deref(), Some("Raleigh HQ"));

    let r = app.get(&format!("/accounts/{ACCOUNT}/sites")).await;
    assert!(
        r.body.contains(&format!(
            "<Site><Id>{id}</Id><Name>Raleigh HQ</Name><Description>moved</Description></Site>"
        )),
        "{}",
        r.body
    );

    let r = app
        .get(&format!("/accounts/{ACCOUNT}/sites/{id}/totaltns"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.ends_with(
            "<SiteTNsResponse><SiteTNs><TotalCount>0</TotalCount></SiteTNs></SiteTNsResponse>"
        ),
        "{}",
        r.body
    );

    // Delete: 200, then it is gone (404, 12016).
    let r = app.delete(&format!("/accounts/{ACCOUNT}/sites/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    app.get(&format!("/accounts/{ACCOUNT}/sites/{id}"))
        .await
        .assert_error(404, 12016);
    app.delete(&format!("/accounts/{ACCOUNT}/sites/{id}"))
        .await
        .assert_error(404, 12016);
}

#[tokio::test]
async fn request_elements_are_read_in_any_case_and_order() {
    let app = TestApp::spawn().await;
    // The seed's camelCase, Python's alphabetical order, an unknown element.
    let body = "<?xml version='1.0' encoding='UTF-8'?><site><address><city>Cary</city><stateCode>nc</stateCode>\
                <streetName>Elm</streetName></address><description>d</description><favouriteColour>blue</favouriteColour><name>Cary</name></site>";
    let r = app.post(&format!("/accounts/{ACCOUNT}/sites"), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .get(&format!(
            "/accounts/{ACCOUNT}/sites/{}",
            crate::helpers::last_segment(r.header("location"))
        ))
        .await;
    assert_eq!(r.text_of("Name").as_deref(), Some("Cary"));
    assert_eq!(r.text_of("StateCode").as_deref(), Some("NC"));
}

#[tokio::test]
async fn site_rules_have_their_codes() {
    let app = TestApp::spawn().await;
    let sites = format!("/accounts/{ACCOUNT}/sites");
    app.post(&sites, "<Site><Name>x</Name></Site>")
        .await
        .assert_error(400, 1003);
    let r = app.post(&sites, "<Site><Name>x</Name></Site>").await;
    assert_eq!(
        r.text_of("Description").as_deref(),
        Some("Address is required")
    );
    assert!(
        r.body
            .contains("<SiteResponse><ResponseStatus><ErrorCode>1003</ErrorCode>"),
        "{}",
        r.body
    );
    app.post(&sites, &site_xml("").replace("<Name></Name>", ""))
        .await
        .assert_error(400, 1003);
    app.post(&sites, &site_xml(&"n".repeat(51)))
        .await
        .assert_error(400, 4015);
    // A name is letters, digits, spaces, '.' and '-' (wire-format.md 2.5);
    // anything else is 4015 too, on create and on update.
    for bad in ["Raleigh_HQ", "HQ/2", "Caf\u{e9}", "a&amp;b", "site#1"] {
        let r = app.post(&sites, &site_xml(bad)).await;
        r.assert_error(400, 4015);
        assert!(
            r.body
                .contains("<SiteResponse><ResponseStatus><ErrorCode>4015</ErrorCode>"),
            "{bad}: {}",
            r.body
        );
    }
    let ok = app.create_site("Raleigh HQ-2 v1.0").await;
    app.put(&format!("{sites}/{ok}"), "<Site><Name>HQ_2</Name></Site>")
        .await
        .assert_error(400, 4015);
    assert_eq!(
        app.get(&format!("{sites}/{ok}"))
            .await
            .text_of("Name")
            .as_deref(),
        Some("Raleigh HQ-2 v1.0"),
        "a refused update changes nothing"
    );
    app.post(
        &sites,
        &site_xml("ok").replace("test site", &"d".repeat(251)),
    )
    .await
    .assert_error(400, 4016);
    app.post(&sites, &site_xml("ok").replace("27606", "2760"))
        .await
        .assert_error(400, 12113);
    app.post(&sites, &site_xml("ok").replace("<City>Raleigh</City>", ""))
        .await
        .assert_error(400, 1003);
    // Unknown ids: 404 with 12016, whether numeric or not.
    app.get(&format!("{sites}/999"))
        .await
        .assert_error(404, 12016);
    app.get(&format!("{sites}/abc"))
        .await
        .assert_error(404, 12016);
    app.put(&format!("{sites}/999"), &site_xml("x"))
        .await
        .assert_error(404, 12016);
    app.get(&format!("{sites}/999/totaltns"))
        .await
        .assert_error(404, 12016);
}

#[tokio::test]
async fn a_site_with_peers_cannot_be_deleted() {
    let app = TestApp::spawn().await;
    let site = app.create_site("busy").await;
    let peer = app.create_peer(&site, "p1").await;
    app.delete(&format!("/accounts/{ACCOUNT}/sites/{site}"))
        .await
        .assert_error(400, 12054);
    assert_eq!(
        app.delete(&format!("/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.delete(&format!("/accounts/{ACCOUNT}/sites/{site}"))
            .await
            .status,
        StatusCode::OK
    );
}
