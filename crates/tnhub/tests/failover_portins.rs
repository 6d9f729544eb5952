//! Two `tnhub serve` processes on one PostgreSQL database, beyond new-number
//! orders (`scale_out.rs`):
//!
//! - **Port-in failover**: server A holds the due steps of submitted
//!   port-ins (the simulated carrier's answer) in a transaction when it is
//!   killed (SIGKILL); server B answers them (FOC) and completes the ports,
//!   each step exactly once. To catch A holding the work without racing
//!   it, the test holds the lock the carrier step takes on the carrier's
//!   settings (what another server changing them would hold): A claims the
//!   jobs and then waits for that lock, inside its transaction.
//! - **The sandbox clock is shared**: moved through one server's operator
//!   plane, the other follows it (and a server started later starts
//!   there), in both directions.
//!
//! The database is the one `TNHUB_TEST_DATABASE_URL` names (see
//! `scripts/pg-test-db.sh`); each test works in a fresh schema of it.

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use support::{PASSWORD, Server, USER, pg_deployment, site_and_peer, text_of};
use tnhub_core::order::portin::{carrier, foc};
use tnhub_core::{Store, Timestamp};
use tnhub_store_postgres::PgStore;

const ADMIN: &str = "failover-admin-token";

fn serve(dir: &std::path::Path, url: &str) -> Server {
    Server::start(
        dir,
        "unused.db",
        &["--database-url", url, "--admin-token", ADMIN],
    )
}

fn origin(server: &Server) -> String {
    server.base.split("/api/").next().unwrap().to_string()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// The `offsetMs` of an `/admin/clock` answer (JSON; the offset is all
/// these tests read of it).
fn offset_in(body: &str) -> i64 {
    let after = body
        .split("\"offsetMs\":")
        .nth(1)
        .unwrap_or_else(|| panic!("no offsetMs in {body}"));
    let digits: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits.parse().unwrap()
}

/// The sandbox clock's offset as a server sees it.
async fn offset(http: &reqwest::Client, server: &Server) -> i64 {
    let r = http
        .get(format!("{}/admin/clock", origin(server)))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    offset_in(&r.text().await.unwrap())
}

/// Moves the clock through `server`'s operator plane; returns the new offset.
async fn advance(http: &reqwest::Client, server: &Server, query: &str) -> i64 {
    let r = http
        .post(format!("{}/admin/clock/advance?{query}", origin(server)))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body = r.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    offset_in(&body)
}

/// Waits until `server` sees the clock at `want`.
async fn sees_offset(http: &reqwest::Client, server: &Server, want: i64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got = offset(http, server).await;
        if got == want {
            return;
        }
        assert!(got < want, "the clock went past {want}: {got}");
        assert!(Instant::now() < deadline, "stuck at {got}, not {want}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
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
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let now = status_of(http, server, id).await;
            if now == status {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "port-in {id} is {now}, not {status}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Creates a site with a peer through `server` and submits `count`
/// port-ins of one number each; returns their ids and numbers.
async fn submit_port_ins(
    http: &reqwest::Client,
    server: &Server,
    count: usize,
) -> (Vec<String>, Vec<String>) {
    let post = |url: String, body: String| {
        http.post(url)
            .basic_auth(USER, Some(PASSWORD))
            .body(body)
            .send()
    };
    let site = site_and_peer(http, &server.base, "failover", "edge").await;

    // A FOC date ten days out, on a business day.
    let mut requested =
        Timestamp::from_system(std::time::SystemTime::now()).plus_millis(10 * 86_400_000);
    while !foc::is_business_day(foc::date_of(requested)) {
        requested = requested.plus_millis(86_400_000);
    }
    let requested = foc::at_foc_time(foc::date_of(requested));
    let (mut ids, mut tns) = (Vec::new(), Vec::new());
    for i in 0..count {
        let tn = format!("919207{:04}", 4100 + i);
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
        let status = r.status();
        let text = r.text().await.unwrap();
        assert_eq!(status, 201, "{text}");
        ids.push(text_of(&text, "OrderId").unwrap());
        tns.push(tn);
    }
    (ids, tns)
}

/// The ids of the jobs some transaction holds right now: those a claim
/// of every job (due or not) skips.
async fn held_jobs(store: &PgStore) -> HashSet<i64> {
    let all = store.read().await.unwrap().jobs(10_000).await.unwrap();
    let mut probe = store.write().await.unwrap();
    let free: HashSet<i64> = probe
        .claim_due_jobs(Timestamp::from_millis(i64::MAX / 4), 10_000)
        .await
        .unwrap()
        .iter()
        .map(|j| j.id)
        .collect();
    drop(probe); // releases what the probe took
    all.iter()
        .map(|j| j.id)
        .filter(|id| !free.contains(id))
        .collect()
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
async fn a_killed_server_s_port_in_steps_are_finished_by_the_other() {
    let (url, store) = pg_deployment("portin_failover").await;
    let dir = tempfile::tempdir().unwrap();
    let http = client();
    let mut a = serve(dir.path(), &url);
    let (ids, tns) = submit_port_ins(&http, &a, 3).await;
    wait_for(&http, &a, &ids, "SUBMITTED").await;
    let jobs: HashSet<i64> = store
        .read()
        .await
        .unwrap()
        .jobs(100)
        .await
        .unwrap()
        .iter()
        .filter(|j| ids.contains(&j.subject))
        .map(|j| j.id)
        .collect();
    assert_eq!(jobs.len(), 3, "one carrier step queued per port-in");

    // Hold the carrier settings' lock, then make the carrier's answers due
    // through A: A claims the steps and waits for the lock, holding them.
    let mut lock = store.write().await.unwrap();
    lock.setting(carrier::SETTING).await.unwrap();
    let moved = advance(&http, &a, "seconds=3601").await;
    assert_eq!(moved, 3_601_000);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !jobs.is_subset(&held_jobs(&store).await) {
        assert!(Instant::now() < deadline, "A never took the port-in steps");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // B starts at the shared clock, with the steps still held by A.
    let mut b = serve(dir.path(), &url);
    assert_eq!(
        offset(&http, &b).await,
        moved,
        "B starts at the shared clock"
    );
    for id in &ids {
        assert_eq!(status_of(&http, &b, id).await, "SUBMITTED");
    }

    // Kill A: its transaction dies with its connection (once its wait for
    // the lock ends), and B takes the steps over.
    a.signal("KILL");
    drop(lock);
    wait_for(&http, &b, &ids, "FOC").await;
    for (id, tn) in ids.iter().zip(&tns) {
        let history = store.read().await.unwrap().history(id).await.unwrap();
        let focs = history.iter().filter(|h| h.status == "FOC").count();
        assert_eq!(focs, 1, "{id} reached FOC {focs} times: {history:?}");
        assert_eq!(tn_status(&http, &b, tn).await, "PortInPendingFoc");
    }

    // And B completes the ports on their date.
    advance(&http, &b, "days=12").await;
    wait_for(&http, &b, &ids, "COMPLETE").await;
    for (id, tn) in ids.iter().zip(&tns) {
        assert_eq!(tn_status(&http, &b, tn).await, "Inservice");
        let history = store.read().await.unwrap().history(id).await.unwrap();
        assert_eq!(history.iter().filter(|h| h.status == "COMPLETE").count(), 1);
    }
    let left = store.read().await.unwrap().jobs(100).await.unwrap();
    assert!(
        left.iter().all(|j| !ids.contains(&j.subject)),
        "jobs left behind: {left:?}"
    );
    b.signal("TERM");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_clock_moved_on_one_server_is_seen_by_the_other() {
    let (url, _store) = pg_deployment("shared_clock").await;
    let dir = tempfile::tempdir().unwrap();
    let http = client();
    let mut a = serve(dir.path(), &url);
    let mut b = serve(dir.path(), &url);
    assert_eq!((offset(&http, &a).await, offset(&http, &b).await), (0, 0));

    let three_days = advance(&http, &a, "days=3").await;
    assert_eq!(three_days, 3 * 86_400_000);
    sees_offset(&http, &b, three_days).await;

    // The other way, and adding up: B moves it from where A left it.
    let later = advance(&http, &b, "hours=1").await;
    assert_eq!(later, three_days + 3_600_000);
    sees_offset(&http, &a, later).await;

    // A server started now starts there.
    let mut c = serve(dir.path(), &url);
    assert_eq!(offset(&http, &c).await, later);
    for s in [&mut a, &mut b, &mut c] {
        s.signal("TERM");
    }
}
