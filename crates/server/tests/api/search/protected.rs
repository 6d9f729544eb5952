//! Protected numbers: blocks an operator imports with `protected=true` are
//! offered only to searches that ask for them (`protected=ONLY` or
//! `MIXED`); the default (`NONE`) and orders never see them.

use super::{numbers, search};
use crate::helpers::TestApp;
use crate::orders::{completed, place, settle, site_and_peer};

const INVENTORY: &str = "\
number,state,rate_center,city,lata,protected
9192121,NC,RALEIGH,Raleigh,426,false
9192122,NC,RALEIGH,Raleigh,426,true
8882225,,,,,true
";

/// How many numbers a search offers from each block: (919-212-1, 919-212-2, 888-222-5).
async fn counts(app: &TestApp, query: &str) -> (usize, usize, usize) {
    let tns = numbers(app, &format!("{query}&quantity=5000")).await;
    let n = |p: &str| tns.iter().filter(|t| t.starts_with(p)).count();
    (n("9192121"), n("9192122"), n("8882225"))
}

#[tokio::test]
async fn protected_numbers_are_offered_only_when_asked_for() {
    let app = TestApp::spawn().await;
    app.import_inventory(INVENTORY, true).await;
    for (query, want) in [
        ("areaCode=919", (1_000, 0, 0)),
        ("areaCode=919&protected=NONE", (1_000, 0, 0)),
        ("areaCode=919&protected=only", (0, 1_000, 0)),
        ("areaCode=919&protected=MIXED", (1_000, 1_000, 0)),
        ("npaNxx=919212&LCA=false", (1_000, 0, 0)),
        ("npaNxxx=9192122&protected=ONLY", (0, 1_000, 0)),
        ("npaNxxx=9192122&LCA=false", (0, 0, 0)),
        // The local calling area (the rest of Raleigh) still offers the
        // unprotected block.
        ("npaNxxx=9192122", (1_000, 0, 0)),
        (
            "rateCenter=RALEIGH&state=NC&protected=MIXED",
            (1_000, 1_000, 0),
        ),
        ("state=NC&protected=ONLY", (0, 1_000, 0)),
        // 919-212-1001 spells 1001, the protected 919-212-2001 spells 2001.
        ("localVanity=1001", (1, 0, 0)),
        ("localVanity=2001", (0, 0, 0)),
        ("localVanity=2001&protected=MIXED", (0, 1, 0)),
        ("localVanity=2001&endsIn=true&protected=ONLY", (0, 1, 0)),
        ("localVanity=1001&protected=ONLY", (0, 0, 0)),
        ("tollFreeWildCardPattern=88*", (0, 0, 0)),
        ("tollFreeWildCardPattern=88*&protected=ONLY", (0, 0, 1_000)),
        ("tollFreeVanity=2225555", (0, 0, 0)),
        ("tollFreeVanity=2225555&protected=MIXED", (0, 0, 1)),
    ] {
        assert_eq!(counts(&app, query).await, want, "{query}");
    }
    search(&app, "areaCode=919&protected=SOME")
        .await
        .assert_error(400, 4022);

    // A search order (no protected parameter) takes unprotected numbers only.
    let (site, _) = site_and_peer(&app).await;
    let body = format!(
        "<Order><SiteId>{site}</SiteId><AreaCodeSearchAndOrderType><AreaCode>919</AreaCode><Quantity>1000</Quantity></AreaCodeSearchAndOrderType></Order>"
    );
    let id = place(&app, &body).await;
    let r = settle(&app, &id).await;
    let got = completed(&r);
    assert_eq!(got.len(), 1_000, "{}", r.body);
    assert!(got.iter().all(|t| t.starts_with("9192121")), "{got:?}");
    assert_eq!(
        counts(&app, "areaCode=919&protected=MIXED").await,
        (0, 1_000, 0)
    );
}
