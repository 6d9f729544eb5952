//! A SIP peer's numbers (`…/sippeers/{p}/tns[/{tn}]`, `totaltns`) and
//! moving numbers between peers (`…/movetns`): atomic, recorded, and only
//! for numbers in service on the account.

use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, TestApp, redact};
use crate::tns::{TNS, full_numbers, three_in_service_one_reserved};

fn peer_path(site: &str, peer: &str) -> String {
    format!("/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}")
}

/// What Node's `sipPeer.moveTns` sends.
fn node_move(tns: &[&str]) -> String {
    let list: String = tns
        .iter()
        .map(|t| format!("\n  <FullNumber>{t}</FullNumber>"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<SipPeerTelephoneNumbers>{list}\n</SipPeerTelephoneNumbers>"
    )
}

async fn peer_tns(app: &TestApp, site: &str, peer: &str) -> Vec<String> {
    let r = app
        .get(&format!("{}/tns?page=1&size=5000", peer_path(site, peer)))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    full_numbers(&r.body)
}

#[tokio::test]
async fn a_peers_numbers_are_listed_counted_and_moved() {
    let app = TestApp::spawn().await;
    let (site, peer_a) = three_in_service_one_reserved(&app).await;
    let peer_b = app.create_peer(&site, "backup").await;

    // What Node's sipPeer.getTns sends.
    let r = app
        .get(&format!(
            "{}/tns?page=1&size=5000",
            peer_path(&site, &peer_a)
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerTelephoneNumbersResponse><SipPeerTelephoneNumbers><SipPeerTelephoneNumber><FullNumber>9192120100</FullNumber></SipPeerTelephoneNumber><SipPeerTelephoneNumber><FullNumber>9192120101</FullNumber></SipPeerTelephoneNumber><SipPeerTelephoneNumber><FullNumber>9192120102</FullNumber></SipPeerTelephoneNumber></SipPeerTelephoneNumbers></SipPeerTelephoneNumbersResponse>"#);
    let r = app.get(&format!("{}/tns", peer_path(&site, &peer_b))).await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerTelephoneNumbersResponse><SipPeerTelephoneNumbers/></SipPeerTelephoneNumbersResponse>"#);
    // Paging: from a number on, at most `size`.
    let r = app
        .get(&format!(
            "{}/tns?page={}&size=1",
            peer_path(&site, &peer_a),
            TNS[1]
        ))
        .await;
    assert_eq!(full_numbers(&r.body), [TNS[1]]);

    let r = app
        .get(&format!("{}/tns/{}", peer_path(&site, &peer_a), TNS[0]))
        .await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerTelephoneNumberResponse><SipPeerTelephoneNumber><FullNumber>9192120100</FullNumber></SipPeerTelephoneNumber></SipPeerTelephoneNumberResponse>"#);
    let r = app
        .get(&format!("{}/totaltns", peer_path(&site, &peer_a)))
        .await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerTelephoneNumbersCountResponse><SipPeerTelephoneNumbersCounts><SipPeerTelephoneNumbersCount>3</SipPeerTelephoneNumbersCount></SipPeerTelephoneNumbersCounts></SipPeerTelephoneNumbersCountResponse>"#);

    // Move one number to peer B (Node's body): 200, no body.
    let r = app
        .post(
            &format!("{}/movetns", peer_path(&site, &peer_b)),
            &node_move(&[TNS[0]]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.is_empty(), "{}", r.body);
    assert_eq!(peer_tns(&app, &site, &peer_b).await, [TNS[0]]);
    assert_eq!(peer_tns(&app, &site, &peer_a).await, TNS[1..3]);
    let r = app.get(&format!("/tns/{}/sippeers", TNS[0])).await;
    assert_eq!(r.text_of("Id"), Some(peer_b.clone()));
    let r = app
        .get(&format!("{}/totaltns", peer_path(&site, &peer_b)))
        .await;
    assert_eq!(
        r.text_of("SipPeerTelephoneNumbersCount").as_deref(),
        Some("1")
    );
    // The number is no longer on A.
    app.get(&format!("{}/tns/{}", peer_path(&site, &peer_a), TNS[0]))
        .await
        .assert_error(404, 13536);

    // The move is in the number's history.
    let r = app.get(&format!("/tns/{}/history", TNS[0])).await;
    insta::assert_snapshot!(redact(&r.body, &app.address), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TelephoneNumberResponse><TelephoneNumberStatuses><TelephoneNumberStatus><AccountId>9900001</AccountId><LastModifiedDate>[ts]</LastModifiedDate><OrderId>[uuid]</OrderId><Status>Inservice</Status><UserId>demo</UserId><OrderType>NEW_NUMBER_ORDER</OrderType></TelephoneNumberStatus><TelephoneNumberStatus><AccountId>9900001</AccountId><LastModifiedDate>[ts]</LastModifiedDate><Status>Inservice</Status><UserId>demo</UserId><OrderType>SIP_PEER_MOVE</OrderType></TelephoneNumberStatus></TelephoneNumberStatuses></TelephoneNumberResponse>"#);

    // Python's body (one line, single-quoted declaration), two numbers at
    // once, one of them already there: both end on A.
    let python = format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<SipPeerTelephoneNumbers><FullNumber>{}</FullNumber><FullNumber>{}</FullNumber></SipPeerTelephoneNumbers>",
        TNS[0], TNS[1]
    );
    let r = app
        .post(&format!("{}/movetns", peer_path(&site, &peer_a)), &python)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(peer_tns(&app, &site, &peer_a).await, TNS[..3]);
    assert!(peer_tns(&app, &site, &peer_b).await.is_empty());

    // Across sites: the number follows the peer to its site.
    let other_site = app.create_site("branch").await;
    let peer_c = app.create_peer(&other_site, "branchedge").await;
    let r = app
        .post(
            &format!("{}/movetns", peer_path(&other_site, &peer_c)),
            &node_move(&[TNS[2]]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.get(&format!("/tns/{}/tndetails", TNS[2])).await;
    assert!(
        r.body.contains(&format!(
            "<Site><Id>{other_site}</Id><Name>branch</Name></Site>"
        )),
        "{}",
        r.body
    );
    let r = app.get(&format!("/tns?siteId={other_site}")).await;
    assert_eq!(full_numbers(&r.body), [TNS[2]]);
    assert_eq!(peer_tns(&app, &other_site, &peer_c).await, [TNS[2]]);
}

#[tokio::test]
async fn a_bad_move_moves_nothing_and_says_why() {
    let app = TestApp::spawn().await;
    let (site, peer_a) = three_in_service_one_reserved(&app).await;
    let peer_b = app.create_peer(&site, "backup").await;
    let moves = format!("{}/movetns", peer_path(&site, &peer_b));

    // One good number and one reserved (not in service): nothing moves.
    let r = app.post(&moves, &node_move(&[TNS[0], TNS[3]])).await;
    r.assert_error(400, 13518);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerTelephoneNumberMoveResponse><ResponseStatus><ErrorCode>13518</ErrorCode><Description>Telephone number '9192120103' is not in service</Description></ResponseStatus></SipPeerTelephoneNumberMoveResponse>"#);
    assert_eq!(peer_tns(&app, &site, &peer_a).await, TNS[..3]);

    for (body, code) in [
        ("<SipPeerTelephoneNumbers/>".to_string(), 13505),
        (node_move(&["919212"]), 13512),
        (node_move(&[TNS[0], TNS[0]]), 13511),
        (node_move(&["9192129999"]), 13520),
        ("<SipPeerTelephoneNumbers><FullNumber>".to_string(), 1002),
        ("<Numbers/>".to_string(), 1002),
    ] {
        let r = app.post(&moves, &body).await;
        r.assert_error(400, code);
        assert!(
            r.body
                .contains("<SipPeerTelephoneNumberMoveResponse><ResponseStatus>"),
            "{body}: {}",
            r.body
        );
    }
    // Over 5000 numbers (too big for the test server's body limit, so
    // straight to the domain).
    let too_many: Vec<String> = (0..5001).map(|i| format!("91921{i:05}")).collect();
    let e = app
        .hub
        .move_numbers(
            &tnhub_core::ids::AccountId::parse(ACCOUNT).unwrap(),
            &site,
            &peer_b,
            &too_many,
            "demo",
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, Some(1004), "{e}");

    // Another account's numbers are "not on account", like numbers nobody holds.
    app.other_tenant("9900002", "other", "other-password").await;
    let other = Some(("other", "other-password"));
    let r = app
        .request_as(
            reqwest::Method::POST,
            "/accounts/9900002/sites",
            Some(&crate::helpers::site_xml("theirs")),
            other,
        )
        .await;
    let their_site = crate::helpers::last_segment(r.header("location"));
    let r = app
        .request_as(
            reqwest::Method::POST,
            &format!("/accounts/9900002/sites/{their_site}/sippeers"),
            Some("<SipPeer><PeerName>theirs</PeerName></SipPeer>"),
            other,
        )
        .await;
    let their_peer = crate::helpers::last_segment(r.header("location"));
    let r = app
        .request_as(
            reqwest::Method::POST,
            &format!("/accounts/9900002/sites/{their_site}/sippeers/{their_peer}/movetns"),
            Some(&node_move(&[TNS[0]])),
            other,
        )
        .await;
    r.assert_error(400, 13520);
    assert_eq!(peer_tns(&app, &site, &peer_a).await, TNS[..3]);
    // Nor can they see our peers.
    app.request_as(
        reqwest::Method::GET,
        &format!("{}/tns", peer_path(&site, &peer_a)),
        None,
        other,
    )
    .await
    .assert_error(403, 5051);

    // Unknown site or peer: 404 with their codes.
    app.post(
        &format!("{}/movetns", peer_path(&site, "999")),
        &node_move(&[TNS[0]]),
    )
    .await
    .assert_error(404, 13563);
    app.post(
        &format!("{}/movetns", peer_path("999", &peer_a)),
        &node_move(&[TNS[0]]),
    )
    .await
    .assert_error(404, 12016);
    app.get(&format!("{}/tns", peer_path(&site, "999")))
        .await
        .assert_error(404, 13563);
    app.get(&format!("{}/totaltns", peer_path("999", &peer_a)))
        .await
        .assert_error(404, 12016);
    app.get(&format!("{}/tns/919", peer_path(&site, &peer_a)))
        .await
        .assert_error(400, 13512);
    app.get(&format!("{}/tns?page=x", peer_path(&site, &peer_a)))
        .await
        .assert_error(400, 15516);
    // After all that, nothing moved.
    assert_eq!(peer_tns(&app, &site, &peer_a).await, TNS[..3]);
    assert!(peer_tns(&app, &site, &peer_b).await.is_empty());
}
