//! The journal's notes on what tnhub accepted that the real service would
//! not: element names spelled in another case than the real one, and an
//! order or reservation of a number no search of the account offered.

use serde_json::Value;

use crate::helpers::{ACCOUNT, TestApp};
use crate::journal::journal;
use crate::orders::{available, existing_order, place, site_and_peer};

/// The diagnostics of the last journaled request on paths containing `path`.
async fn notes_of_last(app: &TestApp, path: &str) -> Vec<String> {
    let entries = journal(app, &format!("account={ACCOUNT}&path={path}")).await;
    let e: &Value = entries.last().expect("the request is journaled");
    e["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn element_names_in_another_case_are_noted_with_the_real_spelling() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=1").await;
    let body = existing_order(&site, &tns, "")
        .replace("<SiteId>", "<siteid>")
        .replace("</SiteId>", "</siteid>")
        .replace("TelephoneNumberList>", "telephoneNumberList>");
    place(&app, &body).await;
    let notes = notes_of_last(&app, "/orders").await;
    let cased: Vec<&String> = notes
        .iter()
        .filter(|n| n.contains("case-sensitive"))
        .collect();
    assert_eq!(cased.len(), 2, "{notes:?}");
    assert!(
        cased[0].contains("<siteid> was accepted as <SiteId>"),
        "{notes:?}"
    );
    assert!(
        cased[1].contains("<telephoneNumberList> was accepted as <TelephoneNumberList>"),
        "{notes:?}"
    );
    // Spelled as the real service spells it: no such note.
    place(&app, &existing_order(&site, &tns, "")).await;
    let notes = notes_of_last(&app, "/orders").await;
    assert!(
        notes.iter().all(|n| !n.contains("case-sensitive")),
        "{notes:?}"
    );
}

#[tokio::test]
async fn ordering_a_number_no_search_offered_is_noted() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let offered = available(&app, "areaCode=919&quantity=2").await;
    assert_eq!(offered.len(), 2);
    // Found by searching: no note.
    place(&app, &existing_order(&site, &offered[..1], "")).await;
    let notes = notes_of_last(&app, "/orders").await;
    assert!(notes.iter().all(|n| !n.contains("no search")), "{notes:?}");

    // One offered number and one the app made up.
    let made_up = if offered[1] == "9195550123" {
        "9195550124"
    } else {
        "9195550123"
    };
    let tns = vec![offered[1].clone(), made_up.to_string()];
    place(&app, &existing_order(&site, &tns, "")).await;
    let notes = notes_of_last(&app, "/orders").await;
    let note = notes
        .iter()
        .find(|n| n.contains("no search of this account offered"))
        .unwrap_or_else(|| panic!("{notes:?}"));
    assert!(note.contains("names 1 of 2 numbers"), "{note}");
    assert!(
        note.contains(made_up) && !note.contains(&offered[1]),
        "{note}"
    );

    // A reservation of a number never offered is noted too.
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/tnreservation"),
            &format!("<Reservation><ReservedTn>{made_up}</ReservedTn></Reservation>"),
        )
        .await;
    assert!(
        r.status.is_client_error() || r.status.is_success(),
        "{}",
        r.body
    );
    let notes = notes_of_last(&app, "/tnreservation").await;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("the reservation names 1 of 1")),
        "{notes:?}"
    );

    // Offers count for a day of sandbox time.
    app.advance_clock(25 * 3_600).await;
    place(&app, &existing_order(&site, &offered[..1], "")).await;
    let notes = notes_of_last(&app, "/orders").await;
    assert!(notes.iter().any(|n| n.contains("no search")), "{notes:?}");
}
