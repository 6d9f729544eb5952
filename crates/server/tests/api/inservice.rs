//! In-service numbers: the account's and a site's `<TNs>` lists, totals,
//! the per-number check, 204 when empty and 404 for invalid filters.

use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, TestApp, redact};
use crate::tns::{TNS, link_url, three_in_service_one_reserved};

fn in_service() -> String {
    format!("/accounts/{ACCOUNT}/inserviceNumbers")
}

fn numbers(body: &str) -> Vec<String> {
    body.split("<TelephoneNumber>")
        .skip(1)
        .filter_map(|s| s.split("</TelephoneNumber>").next())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_accounts_numbers_in_service_page_by_number() {
    let app = TestApp::spawn().await;
    let (site, _) = three_in_service_one_reserved(&app).await;

    // What Node's InServiceNumber.list sends; the reserved number is not listed.
    let r = app
        .get(&format!("{}?areacode=919&page=1&size=2", in_service()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(redact(&r.body, &app.address), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TNs><TotalCount>3</TotalCount><Links><first>Link=&lt;http://[host]/api/accounts/9900001/inserviceNumbers?areacode=919&amp;page=1&amp;size=2&gt;;rel="first";</first><next>Link=&lt;http://[host]/api/accounts/9900001/inserviceNumbers?areacode=919&amp;page=9192120102&amp;size=2&gt;;rel="next";</next></Links><TelephoneNumbers><Count>2</Count><TelephoneNumber>9192120100</TelephoneNumber><TelephoneNumber>9192120101</TelephoneNumber></TelephoneNumbers></TNs>"#);
    let r = app.get(&link_url(&r.body, "next").unwrap()).await;
    assert_eq!(numbers(&r.body), [TNS[2]]);
    assert_eq!(r.text_of("Count").as_deref(), Some("1"));
    assert!(link_url(&r.body, "next").is_none());

    // Defaults (page 1, size 300), and the filters.
    let r = app.get(&in_service()).await;
    assert_eq!(numbers(&r.body), TNS[..3]);
    for q in [
        "npanxx=919212",
        "npanxxx=9192120",
        "state=nc",
        "lata=426",
        "state=NC&ratecenter=raleigh",
        "startdate=2000-01-01",
        "enddate=2999-12-31",
    ] {
        let r = app.get(&format!("{}?{q}", in_service())).await;
        assert_eq!(numbers(&r.body), TNS[..3], "{q}: {}", r.body);
    }
    // Nothing matches: 204 with no body.
    for q in ["npanxx=919213", "state=VA", "enddate=2000-01-01", "lata=1"] {
        let r = app.get(&format!("{}?{q}", in_service())).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{q}: {}", r.body);
        assert!(r.body.is_empty());
    }

    // A site's numbers; a site without numbers answers 204; an unknown one 404.
    let r = app
        .get(&format!(
            "/accounts/{ACCOUNT}/sites/{site}/inserviceNumbers?page=1&size=10"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(numbers(&r.body), TNS[..3]);
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("3"));
    assert!(
        link_url(&r.body, "first")
            .unwrap()
            .contains(&format!("/sites/{site}/inserviceNumbers?page=1&size=10"))
    );
    let empty = app.create_site("empty").await;
    let r = app
        .get(&format!(
            "/accounts/{ACCOUNT}/sites/{empty}/inserviceNumbers"
        ))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    app.get(&format!("/accounts/{ACCOUNT}/sites/999/inserviceNumbers"))
        .await
        .assert_error(404, 12016);

    // Totals and the per-number check.
    let r = app.get(&format!("{}/totals", in_service())).await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Quantity><Count>3</Count></Quantity>"#);
    let r = app.get(&format!("{}/{}", in_service(), TNS[0])).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.is_empty());
    // Reserved, or not the account's: 404.
    app.get(&format!("{}/{}", in_service(), TNS[3]))
        .await
        .assert_error(404, 13518);
    app.get(&format!("{}/9192129999", in_service()))
        .await
        .assert_error(404, 13518);
    app.get(&format!("{}/12", in_service()))
        .await
        .assert_error(400, 12512);

    // Another account sees nothing of ours.
    app.other_tenant("9900002", "other", "other-password").await;
    let other = Some(("other", "other-password"));
    let r = app
        .request_as(
            reqwest::Method::GET,
            "/accounts/9900002/inserviceNumbers",
            None,
            other,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app
        .request_as(
            reqwest::Method::GET,
            &format!("/accounts/9900002/inserviceNumbers/{}", TNS[0]),
            None,
            other,
        )
        .await;
    r.assert_error(404, 13518);
    let r = app
        .request_as(
            reqwest::Method::GET,
            "/accounts/9900002/inserviceNumbers/totals",
            None,
            other,
        )
        .await;
    assert_eq!(r.text_of("Count").as_deref(), Some("0"));
}

#[tokio::test]
async fn invalid_filters_are_404s_with_codes() {
    let app = TestApp::spawn().await;
    for (q, code) in [
        ("areacode=19", 15510),
        ("npanxx=91921", 15511),
        ("npanxxx=919212", 15512),
        ("state=XX", 12535),
        ("ratecenter=RALEIGH", 15508),
        ("startdate=yesterday", 15503),
        ("startdate=2024-02-01&enddate=2024-01-01", 15501),
        ("page=2", 15516),
        ("size=x", 13057),
        ("size=-1", 13058),
        ("lata=x", 1004),
    ] {
        let r = app.get(&format!("{}?{q}", in_service())).await;
        r.assert_error(404, code);
        assert!(r.body.contains("<TNs><ResponseStatus>"), "{q}: {}", r.body);
    }
}
