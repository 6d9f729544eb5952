//! The local calling area (`LCA`, on by default): an NPA-NXX(-X) or
//! rate-centre search also offers the rate centres local to the one asked
//! for (wire-format.md 2.1, 3.3); `LCA=false` offers the exact one only.
//! Other searches are never widened. The local rate centres are the same
//! ones `/coveredRateCenters?embed=LocalRateCenters` lists.

use std::collections::BTreeSet;

use super::{all_of, details, numbers};
use crate::helpers::TestApp;

/// Raleigh (two exchanges), Cary (13 km away: local to Raleigh) and
/// Benson (45 km: local to neither), one thousands-block each, instead of
/// the default inventory: every search is enumerated, so counts are exact.
const INVENTORY: &str = "\
number,state,rate_center,city,lata
9192121,NC,RALEIGH,Raleigh,426
9192311,NC,RALEIGH,Raleigh,426
9194601,NC,CARY,Cary,426
9192071,NC,BENSON,Benson,426
";

/// The thousands-blocks (NPA-NXX-X) a search offers numbers from.
async fn blocks(app: &TestApp, query: &str) -> BTreeSet<String> {
    numbers(app, &format!("{query}&quantity=5000"))
        .await
        .iter()
        .map(|t| t[..7].to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn lca_widens_npa_nxx_and_rate_center_searches_to_local_rate_centers() {
    let app = TestApp::spawn().await;
    app.import_inventory(INVENTORY, true).await;
    let raleigh_area = set(&["9192121", "9192311", "9194601"]);

    // NPA-NXX and NPA-NXX-X: the exact exchange or block without LCA; with
    // it (also by default) the rest of the rate centre and Cary, never Benson.
    for q in ["npaNxx=919212&LCA=false", "npaNxxx=9192121&LCA=false"] {
        assert_eq!(blocks(&app, q).await, set(&["9192121"]), "{q}");
    }
    for q in [
        "npaNxx=919212",
        "npaNxx=919212&LCA=true",
        "npaNxxx=9192121",
        "npaNxx=919231&lca=TRUE",
    ] {
        assert_eq!(blocks(&app, q).await, raleigh_area, "{q}");
        assert_eq!(
            numbers(&app, &format!("{q}&quantity=5000")).await.len(),
            3_000,
            "{q}: every number of the three blocks"
        );
    }

    // Rate centres the same way.
    assert_eq!(
        blocks(&app, "rateCenter=RALEIGH&state=NC&LCA=false").await,
        set(&["9192121", "9192311"])
    );
    assert_eq!(
        blocks(&app, "rateCenter=RALEIGH&state=NC").await,
        raleigh_area
    );
    assert_eq!(
        blocks(&app, "rateCenter=CARY&state=NC").await,
        raleigh_area,
        "Raleigh is local to Cary too"
    );
    assert_eq!(
        blocks(&app, "rateCenter=CARY&state=NC&LCA=false").await,
        set(&["9194601"])
    );
    assert_eq!(
        blocks(&app, "rateCenter=BENSON&state=NC").await,
        set(&["9192071"]),
        "nothing is local to Benson"
    );
    // The widened numbers still meet the other criteria.
    assert_eq!(
        blocks(&app, "rateCenter=RALEIGH&state=NC&zip=27513").await,
        BTreeSet::new(),
        "no block has that ZIP's city"
    );
    assert_eq!(
        blocks(&app, "npaNxx=919212&city=Raleigh&state=NC").await,
        set(&["9192121", "9192311"]),
        "the city keeps Cary out"
    );

    // The detailed form names the rate centre each number is really in.
    let rcs: BTreeSet<String> = details(&app, "rateCenter=RALEIGH&state=NC&quantity=5000")
        .await
        .into_iter()
        .map(|d| d[2].clone())
        .collect();
    assert_eq!(rcs, set(&["CARY", "RALEIGH"]));

    // Other searches are not widened.
    for (q, want) in [
        ("city=Raleigh&state=NC", set(&["9192121", "9192311"])),
        ("city=Cary&state=NC&LCA=true", set(&["9194601"])),
        (
            "state=NC",
            set(&["9192071", "9192121", "9192311", "9194601"]),
        ),
    ] {
        assert_eq!(blocks(&app, q).await, want, "{q}");
    }
}

#[tokio::test]
async fn the_widened_rate_centers_are_the_covered_rate_centers_local_ones() {
    // On the default inventory: a draw from Raleigh's exchange with LCA
    // comes from Raleigh and the rate centres listed as local to it.
    let app = TestApp::spawn().await;
    let r = app
        .get("/coveredRateCenters?state=NC&abbreviation=RALEIGH&embed=LocalRateCenters")
        .await;
    let ids = all_of(&r.body, "RateCenterId");
    assert!(ids.len() >= 3, "Raleigh has neighbours: {}", r.body);
    let mut local = set(&["RALEIGH"]);
    for id in &ids {
        let r = app.get(&format!("/coveredRateCenters/{id}")).await;
        local.insert(r.text_of("Abbreviation").expect("an abbreviation"));
    }
    assert!(
        local.contains("CARY") && !local.contains("DURHAM"),
        "{local:?}"
    );

    let found = details(&app, "npaNxx=919212&quantity=300").await;
    assert_eq!(found.len(), 300);
    let offered: BTreeSet<String> = found.iter().map(|d| d[2].clone()).collect();
    assert!(offered.is_subset(&local), "{offered:?} ⊄ {local:?}");
    assert!(
        found.iter().any(|d| !d[4].starts_with("919212")),
        "other exchanges are offered"
    );
    let exact = details(&app, "npaNxx=919212&LCA=false&quantity=300").await;
    assert!(exact.iter().all(|d| d[4].starts_with("919212")));
}
