use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, TestApp};

fn peers(site: &str) -> String {
    format!("/accounts/{ACCOUNT}/sites/{site}/sippeers")
}

#[tokio::test]
async fn peer_lifecycle_and_the_default_rule() {
    let app = TestApp::spawn().await;
    let site = app.create_site("s").await;
    let r = app.get(&peers(&site)).await;
    assert!(
        r.body
            .ends_with("<TNSipPeersResponse><SipPeers/></TNSipPeersResponse>"),
        "{}",
        r.body
    );

    // Node sends <SiteId> inside <SipPeer> and repeats <VoiceHosts> per host.
    let body = "<SipPeer><SiteId>1</SiteId><PeerName>edge-1</PeerName><Description>first</Description><IsDefaultPeer>false</IsDefaultPeer>\
        <VoiceHosts><Host><HostName>192.0.2.10</HostName></Host></VoiceHosts><VoiceHosts><Host><HostName>192.0.2.11</HostName><Port>5080</Port></Host></VoiceHosts>\
        <TerminationHosts><TerminationHost><HostName>192.0.2.12</HostName><Port>5060</Port><CustomerTrafficAllowed>DOMESTIC</CustomerTrafficAllowed><DataAllowed>true</DataAllowed></TerminationHost></TerminationHosts>\
        <CallingName><Display>true</Display><Enforced>false</Enforced></CallingName></SipPeer>";
    let r = app.post(&peers(&site), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body, "");
    let first = crate::helpers::last_segment(r.header("location"));

    // The first peer is the default even though it asked not to be.
    let r = app.get(&format!("{}/{first}", peers(&site))).await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerResponse><SipPeer><PeerId>1</PeerId><PeerName>edge-1</PeerName><Description>first</Description><IsDefaultPeer>true</IsDefaultPeer><VoiceHosts><Host><HostName>192.0.2.10</HostName></Host><Host><HostName>192.0.2.11</HostName><Port>5080</Port></Host></VoiceHosts><VoiceHostGroups/><SmsHosts/><TerminationHosts><TerminationHost><HostName>192.0.2.12</HostName><Port>5060</Port><CustomerTrafficAllowed>DOMESTIC</CustomerTrafficAllowed><DataAllowed>true</DataAllowed></TerminationHost></TerminationHosts><CallingName><Display>true</Display><Enforced>false</Enforced></CallingName></SipPeer></SipPeerResponse>"#);

    // A second peer asking to be default takes over; exactly one default remains.
    let r = app
        .post(
            &peers(&site),
            "<SipPeer><PeerName>edge-2</PeerName><IsDefaultPeer>true</IsDefaultPeer></SipPeer>",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let second = crate::helpers::last_segment(r.header("location"));
    let list = app.get(&peers(&site)).await;
    assert_eq!(
        list.body
            .matches("<IsDefaultPeer>true</IsDefaultPeer>")
            .count(),
        1,
        "{}",
        list.body
    );
    assert!(list.body.contains(&format!("<PeerId>{second}</PeerId><PeerName>edge-2</PeerName><IsDefaultPeer>true</IsDefaultPeer>")), "{}", list.body);

    // The default cannot be switched off (13522); names stay unique (409, 13524).
    app.put(
        &format!("{}/{second}", peers(&site)),
        "<SipPeer><IsDefaultPeer>false</IsDefaultPeer></SipPeer>",
    )
    .await
    .assert_error(400, 13522);
    app.post(
        &peers(&site),
        "<SipPeer><PeerName>edge-1</PeerName></SipPeer>",
    )
    .await
    .assert_error(409, 13524);
    app.put(
        &format!("{}/{second}", peers(&site)),
        "<SipPeer><PeerName>edge-1</PeerName></SipPeer>",
    )
    .await
    .assert_error(409, 13524);

    // Update: 200 with the peer; a PUT without CallingName resets it.
    let r = app
        .put(
            &format!("{}/{first}", peers(&site)),
            "<SipPeer><PeerName>edge-one</PeerName><Description>renamed</Description></SipPeer>",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("<PeerName>edge-one</PeerName><Description>renamed</Description><IsDefaultPeer>false</IsDefaultPeer>"), "{}", r.body);
    assert!(
        r.body.contains("<CallingName><Display>false</Display>"),
        "{}",
        r.body
    );

    // Deleting the default promotes the remaining peer.
    assert_eq!(
        app.delete(&format!("{}/{second}", peers(&site)))
            .await
            .status,
        StatusCode::OK
    );
    let r = app.get(&format!("{}/{first}", peers(&site))).await;
    assert_eq!(r.text_of("IsDefaultPeer").as_deref(), Some("true"));
    app.get(&format!("{}/{second}", peers(&site)))
        .await
        .assert_error(404, 13563);
}

#[tokio::test]
async fn peer_rules_have_their_codes() {
    let app = TestApp::spawn().await;
    let site = app.create_site("s").await;
    let p = peers(&site);
    app.post(&p, "<SipPeer><Description>no name</Description></SipPeer>")
        .await
        .assert_error(400, 13500);
    app.post(
        &p,
        &format!("<SipPeer><PeerName>{}</PeerName></SipPeer>", "x".repeat(51)),
    )
    .await
    .assert_error(400, 13501);
    app.post(&p, "<SipPeer><PeerName>bad/name</PeerName></SipPeer>")
        .await
        .assert_error(400, 13502);
    app.post(
        &p,
        &format!(
            "<SipPeer><PeerName>ok</PeerName><Description>{}</Description></SipPeer>",
            "d".repeat(51)
        ),
    )
    .await
    .assert_error(400, 13503);
    app.post(&p, "<SipPeer><PeerName>ok</PeerName><VoiceHosts><Host><HostName>192.0.2.1</HostName></Host></VoiceHosts><VoiceHostGroups><VoiceHostGroup><Host><HostName>192.0.2.2</HostName></Host></VoiceHostGroup></VoiceHostGroups></SipPeer>").await.assert_error(400, 13504);
    let eleven: String = (1..=11)
        .map(|i| format!("<Host><HostName>192.0.2.{i}</HostName></Host>"))
        .collect();
    app.post(
        &p,
        &format!("<SipPeer><PeerName>ok</PeerName><VoiceHosts>{eleven}</VoiceHosts></SipPeer>"),
    )
    .await
    .assert_error(400, 13506);
    app.post(&p, "<SipPeer><PeerName>ok</PeerName><VoiceHosts><Host><HostName>not a host</HostName></Host></VoiceHosts></SipPeer>").await.assert_error(400, 13506);
    app.post(
        &p,
        "<SipPeer><PeerName>ok</PeerName><IsDefaultPeer>perhaps</IsDefaultPeer></SipPeer>",
    )
    .await
    .assert_error(400, 1004);
    app.get(&format!("{p}/77")).await.assert_error(404, 13563);
    app.get(&format!("{p}/x")).await.assert_error(404, 13563);
    app.get(&format!("/accounts/{ACCOUNT}/sites/999/sippeers"))
        .await
        .assert_error(404, 12016);
    app.post(
        &format!("/accounts/{ACCOUNT}/sites/999/sippeers"),
        "<SipPeer><PeerName>ok</PeerName></SipPeer>",
    )
    .await
    .assert_error(404, 12016);
    // A peer of another site is not reachable through this one.
    let other = app.create_site("other").await;
    let peer = app.create_peer(&other, "elsewhere").await;
    app.get(&format!("{p}/{peer}"))
        .await
        .assert_error(404, 13563);
}

#[tokio::test]
async fn a_peer_with_numbers_cannot_be_deleted() {
    use crate::orders::{available, existing_order, place, settle};
    let app = TestApp::spawn().await;
    let site = app.create_site("numbers").await;
    let _default = app.create_peer(&site, "first").await;
    let busy = app.create_peer(&site, "busy").await;
    let tns = available(&app, "areaCode=919&quantity=1").await;
    let id = place(
        &app,
        &existing_order(&site, &tns, &format!("<PeerId>{busy}</PeerId>")),
    )
    .await;
    assert_eq!(
        settle(&app, &id).await.text_of("OrderStatus").as_deref(),
        Some("COMPLETE")
    );

    // The real service's error table has no code for this; tnhub's 13614
    // (README, error table) in the peer's own envelope.
    let one = format!("{}/{busy}", peers(&site));
    let r = app.delete(&one).await;
    r.assert_error(400, 13614);
    assert!(
        r.body
            .contains("<SipPeerResponse><ResponseStatus><ErrorCode>13614</ErrorCode>"),
        "{}",
        r.body
    );
    // The peer survives with its number.
    let r = app.get(&one).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("PeerName").as_deref(), Some("busy"));
    let r = app.get(&format!("{one}/tns")).await;
    assert!(
        r.body
            .contains(&format!("<FullNumber>{}</FullNumber>", tns[0])),
        "{}",
        r.body
    );
    // Its site, which has peers, cannot go either; a peer without numbers can.
    app.delete(&format!("/accounts/{ACCOUNT}/sites/{site}"))
        .await
        .assert_error(400, 12054);
    let idle = app.create_peer(&site, "idle").await;
    assert_eq!(
        app.delete(&format!("{}/{idle}", peers(&site))).await.status,
        StatusCode::OK
    );
}
