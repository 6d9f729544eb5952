//! `tnhub serve --reservation-hours` and `--aging-days` reach the service:
//! with half an hour and two days, a reservation ends after 30 minutes and
//! a disconnected number returns to inventory after two days on the
//! sandbox clock (the defaults are four hours and thirty days).

mod support;

use std::time::Duration;

use support::{PASSWORD, Server, USER, admin_post, all_of, text_of};

const ADMIN: &str = "hold-settings-admin-token";

async fn get(http: &reqwest::Client, url: String) -> (u16, String) {
    let r = http
        .get(url)
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn post(http: &reqwest::Client, url: String, body: String) -> reqwest::Response {
    http.post(url)
        .basic_auth(USER, Some(PASSWORD))
        .body(body)
        .send()
        .await
        .unwrap()
}

fn last_segment(r: &reqwest::Response) -> String {
    r.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// Polls `url` until `tag` leaves RECEIVED/PROCESSING; returns it.
async fn settled(http: &reqwest::Client, url: String, tag: &str) -> String {
    for _ in 0..400 {
        let (_, body) = get(http, url.clone()).await;
        let s = text_of(&body, tag).unwrap_or_default();
        if s != "RECEIVED" && s != "PROCESSING" {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{url} did not finish");
}

#[tokio::test]
async fn the_reservation_hold_and_aging_period_flags_take_effect() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(
        dir.path(),
        "holds.db",
        &[
            "--admin-token",
            ADMIN,
            "--reservation-hours",
            "0.5",
            "--aging-days",
            "2",
        ],
    );
    let http = reqwest::Client::new();
    let base = server.base.clone();
    let origin = server.origin();
    let (_, body) = get(
        &http,
        format!("{base}/availableNumbers?areaCode=919&quantity=2"),
    )
    .await;
    let tns = all_of(&body, "TelephoneNumber");
    assert_eq!(tns.len(), 2);

    // Reserved for 1,800 seconds, gone after 31 minutes.
    let r = post(
        &http,
        format!("{base}/tnreservation"),
        format!(
            "<Reservation><ReservedTn>{}</ReservedTn></Reservation>",
            tns[0]
        ),
    )
    .await;
    assert_eq!(r.status(), 201);
    let reservation = format!("{base}/tnreservation/{}", last_segment(&r));
    let (code, body) = get(&http, reservation.clone()).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(
        text_of(&body, "ReservationExpires").as_deref(),
        Some("1800")
    );
    admin_post(&http, &server, ADMIN, "/admin/clock/advance?minutes=29").await;
    let (code, body) = get(&http, reservation.clone()).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(text_of(&body, "ReservationExpires").as_deref(), Some("60"));
    admin_post(&http, &server, ADMIN, "/admin/clock/advance?minutes=2").await;
    let (code, body) = get(&http, reservation).await;
    assert_eq!(code, 404, "{body}");

    // In service, disconnected, aging for two days.
    let r = post(&http, format!("{base}/sites"), "<Site><Name>holds</Name><Address><StreetName>Main</StreetName><City>Raleigh</City><StateCode>NC</StateCode></Address></Site>".into()).await;
    assert_eq!(r.status(), 201);
    let site = last_segment(&r);
    let r = post(
        &http,
        format!("{base}/sites/{site}/sippeers"),
        "<SipPeer><PeerName>p</PeerName></SipPeer>".into(),
    )
    .await;
    assert_eq!(r.status(), 201);
    let r = post(&http, format!("{base}/orders"), format!("<Order><SiteId>{site}</SiteId><ExistingTelephoneNumberOrderType><TelephoneNumberList><TelephoneNumber>{}</TelephoneNumber></TelephoneNumberList></ExistingTelephoneNumberOrderType></Order>", tns[1])).await;
    assert_eq!(r.status(), 201);
    let order = last_segment(&r);
    assert_eq!(
        settled(&http, format!("{base}/orders/{order}"), "OrderStatus").await,
        "COMPLETE"
    );
    let r = post(&http, format!("{base}/disconnects"), format!("<DisconnectTelephoneNumberOrder><name>bye</name><DisconnectTelephoneNumberOrderType><TelephoneNumberList><TelephoneNumber>{}</TelephoneNumber></TelephoneNumberList></DisconnectTelephoneNumberOrderType></DisconnectTelephoneNumberOrder>", tns[1])).await;
    assert_eq!(r.status(), 201);
    let disconnect = last_segment(&r);
    assert_eq!(
        settled(
            &http,
            format!("{base}/disconnects/{disconnect}"),
            "OrderStatus"
        )
        .await,
        "COMPLETE"
    );
    let number = format!("{origin}/api/tns/{}", tns[1]);
    admin_post(&http, &server, ADMIN, "/admin/clock/advance?hours=47").await;
    let (code, body) = get(&http, number.clone()).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(text_of(&body, "Status").as_deref(), Some("Aging"));
    admin_post(&http, &server, ADMIN, "/admin/clock/advance?hours=2").await;
    let (code, body) = get(&http, number).await;
    assert_eq!(code, 404, "released after two days, not thirty: {body}");
    server.signal("TERM");
}
