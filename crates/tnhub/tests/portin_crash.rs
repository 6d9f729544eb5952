//! Port-ins survive SIGKILL: port-ins acknowledged just before the kill are
//! there after a restart, still holding their numbers, and carry on through
//! their lifecycle (FOC, then completion) on the sandbox clock, even when the
//! server is killed again between two steps.

mod support;

use std::time::Duration;

use support::{PASSWORD, Server, USER, site_and_peer, text_of};
use tnhub_core::Timestamp;
use tnhub_core::order::portin::foc;

const ADMIN: &str = "portin-crash-admin-token";

fn origin(server: &Server) -> String {
    server.base.split("/api/").next().unwrap().to_string()
}

async fn advance(http: &reqwest::Client, server: &Server, query: &str) {
    let r = http
        .post(format!("{}/admin/clock/advance?{query}", origin(server)))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

async fn status_of(http: &reqwest::Client, server: &Server, id: &str) -> String {
    let r = http
        .get(format!("{}/portins/{id}", server.base))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "port-in {id} is missing");
    text_of(&r.text().await.unwrap(), "ProcessingStatus").unwrap()
}

async fn wait_for(http: &reqwest::Client, server: &Server, ids: &[String], status: &str) {
    for id in ids {
        let mut last = String::new();
        for _ in 0..400 {
            last = status_of(http, server, id).await;
            if last == status {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert_eq!(last, status, "port-in {id}");
    }
}

async fn tn_status(http: &reqwest::Client, server: &Server, tn: &str) -> String {
    let r = http
        .get(format!("{}/api/tns/{tn}", origin(server)))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    text_of(&r.text().await.unwrap(), "Status").unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn port_ins_acknowledged_before_a_sigkill_carry_on_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--admin-token", ADMIN];
    let mut server = Server::start(dir.path(), "portins.db", &args);
    let http = reqwest::Client::new();
    let post = |url: String, body: String| {
        http.post(url)
            .basic_auth(USER, Some(PASSWORD))
            .body(body)
            .send()
    };
    let site = site_and_peer(&http, &server.base, "crash", "edge").await;

    // A FOC date ten days out, on a business day.
    let mut requested =
        Timestamp::from_system(std::time::SystemTime::now()).plus_millis(10 * 86_400_000);
    while !foc::is_business_day(foc::date_of(requested)) {
        requested = requested.plus_millis(86_400_000);
    }
    let requested = foc::at_foc_time(foc::date_of(requested));
    let mut ids = Vec::new();
    let mut tns = Vec::new();
    for i in 0..3 {
        let tn = format!("919207{:04}", 3100 + i);
        let body = format!(
            "<LnpOrder><SiteId>{site}</SiteId><BillingTelephoneNumber>{tn}</BillingTelephoneNumber>\
             <LoaAuthorizingPerson>Jane Doe</LoaAuthorizingPerson><Subscriber><SubscriberType>BUSINESS</SubscriberType>\
             <BusinessName>Acme</BusinessName><ServiceAddress><HouseNumber>1</HouseNumber><StreetName>Main</StreetName>\
             <City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip></ServiceAddress></Subscriber>\
             <ListOfPhoneNumbers><PhoneNumber>{tn}</PhoneNumber></ListOfPhoneNumbers>\
             <RequestedFocDate>{}</RequestedFocDate></LnpOrder>",
            requested.iso()
        );
        let r = post(format!("{}/portins", server.base), body)
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        ids.push(text_of(&r.text().await.unwrap(), "OrderId").unwrap());
        tns.push(tn);
    }
    server.signal("KILL");

    // After the restart: all there, numbers still held, and the carrier answers.
    let mut server = Server::start(dir.path(), "portins.db", &args);
    wait_for(&http, &server, &ids, "SUBMITTED").await;
    for tn in &tns {
        assert_eq!(tn_status(&http, &server, tn).await, "PortInPendingFoc");
    }
    advance(&http, &server, "seconds=3601").await;
    wait_for(&http, &server, &ids, "FOC").await;
    server.signal("KILL");

    // Killed again at FOC: the restarted server completes the ports on the date.
    let mut server = Server::start(dir.path(), "portins.db", &args);
    advance(&http, &server, "days=12").await;
    wait_for(&http, &server, &ids, "COMPLETE").await;
    for tn in &tns {
        assert_eq!(tn_status(&http, &server, tn).await, "Inservice");
    }
    server.signal("TERM");
}
