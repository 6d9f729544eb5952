//! A number put into any taken state — reserved, in service, aging,
//! pending a port-in — disappears from every search that offered it:
//! each place search, the NPA-NXX(-X) ones, local vanity and toll-free.

use reqwest::StatusCode;

use super::numbers;
use crate::disconnects::disconnect_body;
use crate::helpers::{ACCOUNT, TestApp};
use crate::orders::{existing_order, place, settle, site_and_peer};

/// A thousands-block and a toll-free one, replacing the default, so every
/// search below enumerates the whole inventory and absence is certain.
const INVENTORY: &str = "\
number,state,rate_center,city,lata,zip,tier
9192131,NC,RALEIGH,Raleigh,426,27601,0
8882225,,,,,,
";

/// Every search that offers all of 919-213-1xxx.
const LOCAL_SEARCHES: [&str; 10] = [
    "areaCode=919",
    "npaNxx=919213",
    "npaNxxx=9192131",
    "npaNxxx=9192131&LCA=false",
    "rateCenter=RALEIGH&state=NC",
    "city=Raleigh&state=NC",
    "state=NC",
    "zip=27601",
    "lata=426",
    "areaCode=919&zip=27601&lata=426",
];

/// The local vanity searches that offer one local number: its last four
/// digits anywhere, at the end, and with the vanity search's companions.
fn vanity_searches(tn: &str) -> Vec<String> {
    let last4 = &tn[6..];
    vec![
        format!("localVanity={last4}"),
        format!("localVanity={last4}&endsIn=true"),
        format!("localVanity={last4}&areaCode=919&state=NC"),
    ]
}

async fn offered_everywhere(app: &TestApp, tn: &str) -> Vec<String> {
    let mut offered_by = Vec::new();
    let searches: Vec<String> = if let Some(line) = tn.strip_prefix("888") {
        vec![
            "tollFreeWildCardPattern=88*".into(),
            "tollFreeWildCardPattern=8**".into(),
            format!("tollFreeVanity={line}"),
        ]
    } else {
        LOCAL_SEARCHES
            .iter()
            .map(|s| s.to_string())
            .chain(vanity_searches(tn))
            .collect()
    };
    for q in searches {
        if numbers(app, &format!("{q}&quantity=5000"))
            .await
            .iter()
            .any(|t| t == tn)
        {
            offered_by.push(q);
        }
    }
    offered_by
}

#[tokio::test]
async fn a_taken_number_disappears_from_every_search_that_offered_it() {
    let app = TestApp::spawn().await;
    app.import_inventory(INVENTORY, true).await;
    for q in LOCAL_SEARCHES {
        assert_eq!(
            numbers(&app, &format!("{q}&quantity=5000")).await.len(),
            1_000,
            "{q} offers the whole block"
        );
    }
    let (site, _) = site_and_peer(&app).await;
    let reserved = "9192131001";
    let sold = "9192131002";
    let disconnected = "9192131003";
    let porting = "9192131004";
    let toll_free = "8882225555";
    let taken = [reserved, sold, disconnected, porting, toll_free];
    for tn in taken {
        assert_eq!(
            offered_everywhere(&app, tn).await.len(),
            if tn == toll_free { 3 } else { 13 },
            "{tn} is offered by every search before"
        );
    }

    // Reserved.
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/tnreservation"),
            &format!("<Reservation><ReservedTn>{reserved}</ReservedTn></Reservation>"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // In service (local and toll-free), then one of them disconnected
    // (aging: offered to nobody).
    let tns: Vec<String> = [sold, disconnected, toll_free]
        .iter()
        .map(|t| t.to_string())
        .collect();
    let id = place(&app, &existing_order(&site, &tns, "")).await;
    assert_eq!(
        settle(&app, &id).await.text_of("OrderStatus").as_deref(),
        Some("COMPLETE")
    );
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/disconnects"),
            &disconnect_body(&[disconnected.to_string()], ""),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for _ in 0..200 {
        let _ = app.hub.run_due_jobs().await;
        let r = app.get(&format!("/tns/{disconnected}")).await;
        if r.text_of("Status").as_deref() == Some("Aging") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    // Held by a pending port-in.
    let (_, r) = crate::portins::create(
        &app,
        &crate::portins::lnp_order(&site, &[porting.to_string()], ""),
    )
    .await;
    assert_eq!(r.text_of("ProcessingStatus").as_deref(), Some("SUBMITTED"));
    assert_eq!(
        crate::portins::tn_status(&app, porting).await.as_deref(),
        Some("PortInPendingFoc")
    );
    assert_eq!(
        crate::portins::tn_status(&app, disconnected)
            .await
            .as_deref(),
        Some("Aging")
    );

    for tn in taken {
        assert_eq!(
            offered_everywhere(&app, tn).await,
            Vec::<String>::new(),
            "{tn} is taken: no search may offer it"
        );
    }
    for q in LOCAL_SEARCHES {
        assert_eq!(
            numbers(&app, &format!("{q}&quantity=5000")).await.len(),
            996,
            "{q} offers the rest of the block"
        );
    }
}
