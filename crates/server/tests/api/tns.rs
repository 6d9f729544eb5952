//! `/tns` and its sub-resources, and the seed's `/accounts/{a}/tns[/{tn}]`:
//! what a user's accounts hold, filtered and paged, and nothing of anyone
//! else's.

use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, TestApp, redact};
use crate::orders::{existing_order, only_inventory, place, settle};

/// Four numbers of one rate centre, and nothing else for sale.
pub const INVENTORY: &str = "number,state,city,rate_center,lata\n\
    9192120100,NC,Raleigh,RALEIGH,426\n\
    9192120101,NC,Raleigh,RALEIGH,426\n\
    9192120102,NC,Raleigh,RALEIGH,426\n\
    9192120103,NC,Raleigh,RALEIGH,426\n";

/// The inventory's numbers.
pub const TNS: [&str; 4] = ["9192120100", "9192120101", "9192120102", "9192120103"];

/// Orders numbers onto a site and peer and waits until they are in service.
pub async fn put_in_service(app: &TestApp, site: &str, peer: &str, tns: &[&str]) {
    let tns: Vec<String> = tns.iter().map(|t| t.to_string()).collect();
    let id = place(
        app,
        &existing_order(site, &tns, &format!("<PeerId>{peer}</PeerId>")),
    )
    .await;
    let r = settle(app, &id).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
}

/// The test inventory, a site "hq" (1) with peer "edge" (1), three numbers
/// in service on it and the fourth reserved; returns (site, peer).
pub async fn three_in_service_one_reserved(app: &TestApp) -> (String, String) {
    only_inventory(app, INVENTORY).await;
    let site = app.create_site("hq").await;
    let peer = app.create_peer(&site, "edge").await;
    put_in_service(app, &site, &peer, &TNS[..3]).await;
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/tnreservation"),
            &format!(
                "<Reservation><ReservedTn>{}</ReservedTn></Reservation>",
                TNS[3]
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    (site, peer)
}

/// The `<FullNumber>`s of a body, in order.
pub fn full_numbers(body: &str) -> Vec<String> {
    body.split("<FullNumber>")
        .skip(1)
        .filter_map(|s| s.split("</FullNumber>").next())
        .map(str::to_string)
        .collect()
}

/// The URL inside a `<first>`/`<next>` link.
pub fn link_url(body: &str, rel: &str) -> Option<String> {
    let start = body.find(&format!("<{rel}>"))?;
    let text = &body[start..];
    let open = text.find("Link=&lt;")? + "Link=&lt;".len();
    let close = text[open..].find("&gt;")? + open;
    Some(text[open..close].replace("&amp;", "&"))
}

#[tokio::test]
async fn tns_lists_the_users_numbers_with_filters_and_links() {
    let app = TestApp::spawn().await;
    let (site, peer) = three_in_service_one_reserved(&app).await;

    // What Node's Tn.list sends.
    let r = app.get("/tns?npa=919&page=1&size=500").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(redact(&r.body, &app.address), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TelephoneNumbersResponse><TelephoneNumberCount>4</TelephoneNumberCount><Links><first>Link=&lt;http://[host]/api/tns?npa=919&amp;page=1&amp;size=500&gt;;rel="first";</first></Links><TelephoneNumbers><TelephoneNumber><City>RALEIGH</City><Lata>426</Lata><State>NC</State><FullNumber>9192120100</FullNumber><Tier>0</Tier><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName><RateCenter>RALEIGH</RateCenter><Status>Inservice</Status><AccountId>9900001</AccountId><LastModified>[ts]</LastModified><InServiceDate>[ts]</InServiceDate></TelephoneNumber><TelephoneNumber><City>RALEIGH</City><Lata>426</Lata><State>NC</State><FullNumber>9192120101</FullNumber><Tier>0</Tier><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName><RateCenter>RALEIGH</RateCenter><Status>Inservice</Status><AccountId>9900001</AccountId><LastModified>[ts]</LastModified><InServiceDate>[ts]</InServiceDate></TelephoneNumber><TelephoneNumber><City>RALEIGH</City><Lata>426</Lata><State>NC</State><FullNumber>9192120102</FullNumber><Tier>0</Tier><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName><RateCenter>RALEIGH</RateCenter><Status>Inservice</Status><AccountId>9900001</AccountId><LastModified>[ts]</LastModified><InServiceDate>[ts]</InServiceDate></TelephoneNumber><TelephoneNumber><City>RALEIGH</City><Lata>426</Lata><State>NC</State><FullNumber>9192120103</FullNumber><Tier>0</Tier><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName><RateCenter>RALEIGH</RateCenter><Status>Reserved</Status><AccountId>9900001</AccountId><LastModified>[ts]</LastModified></TelephoneNumber></TelephoneNumbers></TelephoneNumbersResponse>"#);

    // Paging: the page key is the number that starts the next page; the
    // links keep the filters as sent and the caller's prefix.
    let r = app
        .get("/v1.0/tns?accountId=9900001&npaNxx=919212&page=1&size=3")
        .await;
    assert_eq!(r.text_of("TelephoneNumberCount").as_deref(), Some("4"));
    assert_eq!(full_numbers(&r.body), TNS[..3]);
    let next = link_url(&r.body, "next").expect("a next link");
    assert_eq!(
        next,
        format!(
            "{}/v1.0/tns?accountId=9900001&npaNxx=919212&page=9192120103&size=3",
            app.address
        )
    );
    let r = app.get(&next).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(full_numbers(&r.body), TNS[3..]);
    assert!(link_url(&r.body, "next").is_none(), "{}", r.body);
    assert!(
        link_url(&r.body, "first")
            .unwrap()
            .ends_with("page=1&size=3")
    );

    // Without page/size: the first page of 500.
    let r = app.get("/tns").await;
    assert_eq!(full_numbers(&r.body).len(), 4);
    assert!(
        link_url(&r.body, "first")
            .unwrap()
            .ends_with("/api/tns?page=1&size=500")
    );

    // Filters, alone and combined.
    let count = |q: String| {
        let app = &app;
        async move {
            let r = app.get(&format!("/tns?{q}")).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
            full_numbers(&r.body)
        }
    };
    assert_eq!(count("status=Reserved".into()).await, [TNS[3]]);
    assert_eq!(count("status=inservice".into()).await, TNS[..3]);
    assert_eq!(count("status=Inservice,Reserved".into()).await.len(), 4);
    assert!(count("status=Available".into()).await.is_empty());
    assert_eq!(count("fullNumber=9192120101".into()).await, [TNS[1]]);
    assert_eq!(count("npaNxxX=9192120".into()).await.len(), 4);
    assert!(count("npaNxx=919213".into()).await.is_empty());
    assert!(count("npa=919&npaNxx=212555".into()).await.is_empty());
    assert_eq!(
        count("city=raleigh&state=nc&rateCenter=Raleigh".into())
            .await
            .len(),
        4
    );
    assert!(count("city=Cary".into()).await.is_empty());
    assert_eq!(count("lata=426&tier=0".into()).await.len(), 4);
    assert!(count("lata=427".into()).await.is_empty());
    assert_eq!(count(format!("siteId={site}")).await, TNS[..3]);
    assert_eq!(count(format!("sippeerId={peer}")).await, TNS[..3]);
    assert!(count("siteId=99".into()).await.is_empty());

    // The seed's account-scoped list: the same document, its own links.
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/tns?state=NC&page=1&size=2"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("TelephoneNumberCount").as_deref(), Some("4"));
    assert_eq!(full_numbers(&r.body), TNS[..2]);
    assert_eq!(
        link_url(&r.body, "next").unwrap(),
        format!(
            "{}/api/accounts/{ACCOUNT}/tns?state=NC&page=9192120102&size=2",
            app.address
        )
    );
}

#[tokio::test]
async fn one_number_and_its_sub_resources() {
    let app = TestApp::spawn().await;
    let (site, peer) = three_in_service_one_reserved(&app).await;
    let tn = TNS[0];

    let r = app.get(&format!("/tns/{tn}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(redact(&r.body, &app.address), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TelephoneNumberResponse><TelephoneNumber>9192120100</TelephoneNumber><Status>Inservice</Status><LastModifiedDate>[ts]</LastModifiedDate><OrderCreateDate>[ts]</OrderCreateDate><OrderId>[uuid]</OrderId><OrderType>NEW_NUMBER_ORDER</OrderType><InServiceDate>[ts]</InServiceDate><SiteId>1</SiteId><AccountId>9900001</AccountId></TelephoneNumberResponse>"#);

    let r = app.get(&format!("/tns/{tn}/tndetails")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(redact(&r.body, &app.address), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TelephoneNumberResponse><TelephoneNumberDetails><City>RALEIGH</City><Lata>426</Lata><State>NC</State><FullNumber>9192120100</FullNumber><Tier>0</Tier><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName><OnNetVendor>true</OnNetVendor><RateCenter>RALEIGH</RateCenter><Status>Inservice</Status><AccountId>9900001</AccountId><Site><Id>1</Id><Name>hq</Name></Site><SipPeer><PeerId>1</PeerId><PeerName>edge</PeerName><IsDefaultPeer>true</IsDefaultPeer></SipPeer><ServiceTypes><ServiceType>Voice</ServiceType></ServiceTypes><LastModified>[ts]</LastModified><InServiceDate>[ts]</InServiceDate><Features/></TelephoneNumberDetails></TelephoneNumberResponse>"#);

    // The seed's getPhoneNumber answers with the same details.
    let seed = app.get(&format!("/accounts/{ACCOUNT}/tns/{tn}")).await;
    assert_eq!(seed.status, StatusCode::OK, "{}", seed.body);
    assert_eq!(seed.body, r.body);

    let r = app.get(&format!("/tns/{tn}/sites")).await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Site><Id>1</Id><Name>hq</Name></Site>"#);
    assert_eq!(r.text_of("Id"), Some(site.clone()));
    let r = app.get(&format!("/tns/{tn}/sippeers")).await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeer><Id>1</Id><Name>edge</Name></SipPeer>"#);
    assert_eq!(r.text_of("Id"), Some(peer.clone()));
    let r = app.get(&format!("/tns/{tn}/ratecenter")).await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TelephoneNumberResponse><TelephoneNumberDetails><State>NC</State><RateCenter>RALEIGH</RateCenter></TelephoneNumberDetails></TelephoneNumberResponse>"#);
    let r = app.get(&format!("/tns/{tn}/lata")).await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TelephoneNumberResponse><TelephoneNumberDetails><Lata>426</Lata></TelephoneNumberDetails></TelephoneNumberResponse>"#);
    let r = app.get(&format!("/tns/{tn}/history")).await;
    insta::assert_snapshot!(redact(&r.body, &app.address), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TelephoneNumberResponse><TelephoneNumberStatuses><TelephoneNumberStatus><AccountId>9900001</AccountId><LastModifiedDate>[ts]</LastModifiedDate><OrderId>[uuid]</OrderId><Status>Inservice</Status><UserId>demo</UserId><OrderType>NEW_NUMBER_ORDER</OrderType></TelephoneNumberStatus></TelephoneNumberStatuses></TelephoneNumberResponse>"#);

    // Literal segments in any case, under every prefix.
    let r = app.get(&format!("/api/v1/TNS/{tn}/TnDetails")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("FullNumber").as_deref(), Some(tn));

    // A reserved number has no site or peer yet.
    let r = app.get(&format!("/tns/{}", TNS[3])).await;
    assert_eq!(r.text_of("Status").as_deref(), Some("Reserved"));
    assert!(r.text_of("SiteId").is_none(), "{}", r.body);
    app.get(&format!("/tns/{}/sites", TNS[3]))
        .await
        .assert_error(404, 1005);
    app.get(&format!("/tns/{}/sippeers", TNS[3]))
        .await
        .assert_error(404, 1005);
    let d = app.get(&format!("/tns/{}/tndetails", TNS[3])).await;
    assert_eq!(d.text_of("Status").as_deref(), Some("Reserved"));
    assert!(!d.body.contains("<Site>"), "{}", d.body);
}

#[tokio::test]
async fn numbers_of_other_accounts_do_not_exist() {
    let app = TestApp::spawn().await;
    three_in_service_one_reserved(&app).await;
    app.other_tenant("9900002", "other", "other-password").await;
    let get = |path: String| {
        let app = &app;
        async move {
            app.request_as(
                reqwest::Method::GET,
                &path,
                None,
                Some(("other", "other-password")),
            )
            .await
        }
    };

    // The list is empty but keeps its wrapper (Node dereferences it).
    let r = get("/tns?npa=919&page=1&size=500".into()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(redact(&r.body, &app.address), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TelephoneNumbersResponse><TelephoneNumberCount>0</TelephoneNumberCount><Links><first>Link=&lt;http://[host]/api/tns?npa=919&amp;page=1&amp;size=500&gt;;rel="first";</first></Links><TelephoneNumbers/></TelephoneNumbersResponse>"#);

    // Another account's number is a 404 like a number nobody holds.
    for path in [
        format!("/tns/{}", TNS[0]),
        format!("/tns/{}/tndetails", TNS[0]),
        format!("/tns/{}/sites", TNS[0]),
        format!("/tns/{}/history", TNS[0]),
        format!("/tns/{}", TNS[3]),
        "/tns/9192129999".to_string(),
    ] {
        let r = get(path.clone()).await;
        r.assert_error(404, 15506);
        assert!(
            r.body
                .contains("<TelephoneNumberResponse><ResponseStatus><ErrorCode>15506</ErrorCode>"),
            "{path}: {}",
            r.body
        );
    }
    let r = get(format!("/tns/{}", TNS[0])).await;
    assert!(r.body.contains("9192120100"), "{}", r.body);
    assert!(r.body.contains("does not exist"), "{}", r.body);
    get(format!("/accounts/9900002/tns/{}", TNS[0]))
        .await
        .assert_error(404, 15506);
    // An account not granted: 403, whether as a filter or in the path.
    get(format!("/tns?accountId={ACCOUNT}"))
        .await
        .assert_error(403, 5051);
    get(format!("/accounts/{ACCOUNT}/tns"))
        .await
        .assert_error(403, 5051);

    // The owner still sees them.
    let r = app.get(&format!("/tns/{}", TNS[0])).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_filters_and_numbers_have_their_codes() {
    let app = TestApp::spawn().await;
    for (query, code) in [
        ("npaNxx=9192384", 15511),
        ("npa=19", 15510),
        ("npaNxxX=919212", 15512),
        ("fullNumber=919", 12512),
        ("status=Sold", 15513),
        ("state=ZZ", 12535),
        ("siteId=abc", 12527),
        ("sippeerId=abc", 1004),
        ("lata=LATA", 1004),
        ("tier=x", 1004),
        ("page=2", 15516),
        ("size=lots", 13057),
        ("size=0", 13058),
        ("accountId=9900001&siteId=1", 15507),
    ] {
        let r = app.get(&format!("/tns?{query}")).await;
        r.assert_error(400, code);
        assert!(
            r.body
                .contains("<TelephoneNumbersResponse><ResponseStatus><ErrorCode>"),
            "{query}: {}",
            r.body
        );
    }
    let r = app.get("/tns?npaNxx=9192384").await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TelephoneNumbersResponse><ResponseStatus><ErrorCode>15511</ErrorCode><Description>The NPA_NXX '9192384' is invalid</Description></ResponseStatus></TelephoneNumbersResponse>"#);
    let r = app.get("/tns/919555").await;
    r.assert_error(400, 12512);
    assert!(r.body.contains("<TelephoneNumberResponse><ResponseStatus>"));
    app.get("/tns/abc/tndetails").await.assert_error(400, 12512);
    app.get("/tns/9192120100").await.assert_error(404, 15506);
    app.get(&format!("/accounts/{ACCOUNT}/tns/9192120100"))
        .await
        .assert_error(404, 15506);
    app.get(&format!("/accounts/{ACCOUNT}/tns?state=XX"))
        .await
        .assert_error(400, 12535);
    // Unauthenticated: 401 as everywhere.
    app.request_as(reqwest::Method::GET, "/tns", None, None)
        .await
        .assert_error(401, 1001);
}
