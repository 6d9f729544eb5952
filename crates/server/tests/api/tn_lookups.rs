//! `POST /tns` (many numbers at once) and `GET /tns/{tn}/lca` (a number's
//! local calling area): the user's numbers only, under every prefix.

use reqwest::{Method, StatusCode};

use crate::helpers::{ACCOUNT, TestApp};
use crate::orders::only_inventory;
use crate::tns::{TNS, full_numbers, put_in_service, three_in_service_one_reserved};

const PREFIXES: [&str; 3] = ["/api", "/api/v1", "/v1.0"];

fn tn_list(tns: &[&str]) -> String {
    let items: String = tns.iter().map(|t| format!("<Tn>{t}</Tn>")).collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><TnList>{items}</TnList>")
}

/// The `(code, number)` of each `<Error>` of an `ErrorList`.
fn errors(body: &str) -> Vec<(String, String)> {
    body.split("<Error>")
        .skip(1)
        .map(|e| {
            let text = |tag: &str| {
                e.split(&format!("<{tag}>"))
                    .nth(1)
                    .and_then(|s| s.split(&format!("</{tag}>")).next())
                    .unwrap_or_default()
                    .to_string()
            };
            (text("Code"), text("TelephoneNumber"))
        })
        .collect()
}

#[tokio::test]
async fn post_tns_lists_the_users_numbers_and_reports_the_others() {
    let app = TestApp::spawn().await;
    three_in_service_one_reserved(&app).await;
    let body = tn_list(&[TNS[1], TNS[0], "9192129999", "12345", TNS[3], TNS[0]]);
    for prefix in PREFIXES {
        let r = app.post(&format!("{prefix}/tns"), &body).await;
        assert_eq!(r.status, StatusCode::OK, "{prefix}: {}", r.body);
        assert!(
            r.body.starts_with(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><TelephoneNumbersResponse><TelephoneNumberCount>3</TelephoneNumberCount><TelephoneNumbers><TelephoneNumber>"
            ),
            "{prefix}: {}",
            r.body
        );
        // In the order sent, each once; the reserved number is the user's too.
        assert_eq!(full_numbers(&r.body), [TNS[1], TNS[0], TNS[3]]);
        assert!(r.body.contains("<Status>Reserved</Status>"), "{}", r.body);
        assert!(
            r.body
                .contains(&format!("<AccountId>{ACCOUNT}</AccountId>")),
            "{}",
            r.body
        );
        assert_eq!(
            errors(&r.body),
            [
                ("15610".to_string(), "9192129999".to_string()),
                ("15608".to_string(), "12345".to_string()),
            ],
            "{}",
            r.body
        );
    }

    // All found: the ErrorList is there, empty.
    let r = app.post("/tns", &tn_list(&[TNS[2]])).await;
    assert!(
        r.body
            .ends_with("</TelephoneNumbers><ErrorList/></TelephoneNumbersResponse>"),
        "{}",
        r.body
    );

    // Another account's numbers are reported exactly like numbers nobody holds.
    app.other_tenant("9900002", "other", "other-password").await;
    let r = app
        .request_as(
            Method::POST,
            "/tns",
            Some(&tn_list(&[TNS[0], "9192129999"])),
            Some(("other", "other-password")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("<TelephoneNumberCount>0</TelephoneNumberCount><TelephoneNumbers/>"),
        "{}",
        r.body
    );
    let reported = errors(&r.body);
    assert_eq!(reported.len(), 2, "{}", r.body);
    assert!(reported.iter().all(|(code, _)| code == "15610"));
    let (a, b) = (
        r.body.find("9192120100").unwrap(),
        r.body.find("9192129999").unwrap(),
    );
    let described = |at: usize| {
        let start = r.body[..at].rfind("<Description>").unwrap();
        r.body[start..at].replace(char::is_numeric, "")
    };
    assert_eq!(described(a), described(b), "{}", r.body);
}

#[tokio::test]
async fn post_tns_takes_at_most_2500_numbers_and_needs_one() {
    let app = TestApp::spawn().await;
    let many: Vec<String> = (0..2_501).map(|i| format!("919212{i:04}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let r = app.post("/tns", &tn_list(&refs)).await;
    r.assert_error(400, 15607);
    assert!(
        r.body
            .contains("<TelephoneNumbersResponse><ResponseStatus><ErrorCode>15607</ErrorCode>"),
        "{}",
        r.body
    );
    let r = app.post("/tns", &tn_list(&refs[..2_500])).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(errors(&r.body).len(), 2_500);
    app.post("/tns", "<TnList/>").await.assert_error(400, 1003);
    app.post("/tns", "<TnList><Tn>")
        .await
        .assert_error(400, 1002);
    app.post("/tns", "<Other/>").await.assert_error(400, 1002);
}

/// Two exchanges billed in Raleigh, one in Cary.
const LCA_INVENTORY: &str = "number,state,city,rate_center,lata\n\
    9192120100,NC,Raleigh,RALEIGH,426\n\
    9192120101,NC,Raleigh,RALEIGH,426\n\
    9192130100,NC,Raleigh,RALEIGH,426\n\
    9194600100,NC,Cary,CARY,426\n\
    9194600101,NC,Cary,CARY,426\n\
    9194610100,NC,Cary,ELSEWHERE,999\n";

#[tokio::test]
async fn lca_lists_the_rate_centre_and_the_exchanges_an_lca_search_widens_to() {
    let app = TestApp::spawn().await;
    only_inventory(&app, LCA_INVENTORY).await;
    let site = app.create_site("hq").await;
    let peer = app.create_peer(&site, "edge").await;
    put_in_service(&app, &site, &peer, &["9192120100", "9194600100"]).await;

    let raleigh = app.get("/tns/9192120100/lca").await;
    assert_eq!(raleigh.status, StatusCode::OK, "{}", raleigh.body);
    insta::assert_snapshot!(raleigh.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SearchResult><ListofNPANXX><NPANXX>919212</NPANXX><NPANXX>919213</NPANXX><NPANXX>919460</NPANXX></ListofNPANXX><Location><RateCenters><State>NC</State><RCs><RC>RALEIGH</RC><RC>CARY</RC></RCs></RateCenters></Location></SearchResult>"#);
    for prefix in &PREFIXES[1..] {
        let r = app.get(&format!("{prefix}/tns/9192120100/lca")).await;
        assert_eq!(r.body, raleigh.body, "{prefix}");
    }
    let r = app.get("/tns/9194600100/lca").await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SearchResult><ListofNPANXX><NPANXX>919212</NPANXX><NPANXX>919213</NPANXX><NPANXX>919460</NPANXX></ListofNPANXX><Location><RateCenters><State>NC</State><RCs><RC>CARY</RC><RC>RALEIGH</RC></RCs></RateCenters></Location></SearchResult>"#);

    // The same area the search's LCA option widens an npaNxx search to.
    let r = app
        .get(&format!(
            "/accounts/{ACCOUNT}/availableNumbers?npaNxx=919212&LCA=true&quantity=10"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Every number still available in those exchanges (Raleigh's and its
    // neighbour Cary's), and nothing from the rate centre of another LATA
    // next door.
    let mut offered = all_of(&r.body, "TelephoneNumber");
    offered.sort();
    assert_eq!(
        offered,
        ["9192120101", "9192130100", "9194600101"],
        "{}",
        r.body
    );
    let r = app
        .get(&format!(
            "/accounts/{ACCOUNT}/availableNumbers?npaNxx=919212&LCA=false&quantity=10"
        ))
        .await;
    assert_eq!(
        all_of(&r.body, "TelephoneNumber"),
        ["9192120101"],
        "{}",
        r.body
    );

    // Errors as for the other /tns/{tn} sub-resources.
    app.get("/tns/12345/lca").await.assert_error(400, 12512);
    let r = app.get("/tns/9192130100/lca").await;
    r.assert_error(404, 15506);
    assert!(
        r.body
            .contains("<TelephoneNumberResponse><ResponseStatus><ErrorCode>15506</ErrorCode>"),
        "{}",
        r.body
    );
    app.other_tenant("9900002", "other", "other-password").await;
    app.request_as(
        Method::GET,
        "/tns/9192120100/lca",
        None,
        Some(("other", "other-password")),
    )
    .await
    .assert_error(404, 15506);
    app.request_as(Method::GET, "/tns/9192120100/lca", None, None)
        .await
        .assert_error(401, 1001);
}

/// The texts of every `<name>` element of a body, in order.
fn all_of(body: &str, name: &str) -> Vec<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    body.split(&open)
        .skip(1)
        .filter_map(|p| p.split(&close).next())
        .map(str::to_string)
        .collect()
}
