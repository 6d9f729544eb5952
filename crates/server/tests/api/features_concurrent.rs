//! Feature orders for one number, accepted one after another and so
//! processed side by side when several job runners (PostgreSQL's default)
//! or servers take them: each reads the number's row, changes it and writes
//! it back under its version, and one that finds the row changed under it
//! reads it again. Every order completes and every change is kept.

use std::time::Duration;

use crate::disconnects::in_service;
use crate::helpers::{ACCOUNT, TestApp, last_segment};
use crate::orders::site_and_peer;

#[tokio::test]
async fn feature_orders_for_one_number_all_complete_and_all_apply() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tn = in_service(&app, &site, 1).await.remove(0);
    let number =
        format!("<TelephoneNumbers><TelephoneNumber>{tn}</TelephoneNumber></TelephoneNumbers>");
    let mut orders = Vec::new();
    for round in 0..4 {
        let forward = format!("91955501{round:02}");
        for (path, body) in [
            (
                "tnoptions",
                format!(
                    "<TnOptionOrder><TnOptionGroups><TnOptionGroup><CallForward>{forward}</CallForward>{number}</TnOptionGroup></TnOptionGroups></TnOptionOrder>"
                ),
            ),
            (
                "lidbs",
                format!(
                    "<LidbOrder><LidbTnGroups><LidbTnGroup>{number}<SubscriberInformation>Acme {round}</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility></LidbTnGroup></LidbTnGroups></LidbOrder>"
                ),
            ),
            (
                "dldas",
                format!(
                    "<DldaOrder><DldaTnGroups><DldaTnGroup>{number}<SubscriberType>BUSINESS</SubscriberType><ListingType>LISTED</ListingType><ListingName><LastName>Acme {round}</LastName></ListingName></DldaTnGroup></DldaTnGroups></DldaOrder>"
                ),
            ),
        ] {
            let r = app
                .post(&format!("/accounts/{ACCOUNT}/{path}"), &body)
                .await;
            assert_eq!(r.status.as_u16(), 201, "{path}: {}", r.body);
            orders.push((path, last_segment(r.header("location"))));
        }
    }
    for (path, id) in &orders {
        let mut status = String::new();
        for _ in 0..400 {
            let r = app.get(&format!("/accounts/{ACCOUNT}/{path}/{id}")).await;
            status = r.text_of("ProcessingStatus").unwrap_or_default();
            if !matches!(status.as_str(), "RECEIVED" | "PROCESSING") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert_eq!(status, "COMPLETE", "{path}/{id}");
    }
    // The number shows one of the orders' settings of each kind (which one
    // depends on which runner finished last), and each order is in its
    // history once.
    let details = app.get(&format!("/tns/{tn}/tndetails")).await.body;
    let shown = |open: &str, close: &str| -> String {
        details
            .split(open)
            .nth(1)
            .and_then(|s| s.split(close).next())
            .unwrap_or_default()
            .to_string()
    };
    let rounds: Vec<String> = (0..4).map(|r| format!("{r}")).collect();
    let forward = shown("<CallForward>", "</CallForward>");
    assert!(
        rounds.iter().any(|r| forward == format!("919555010{r}")),
        "{details}"
    );
    let lidb = shown("<SubscriberInformation>", "</SubscriberInformation>");
    assert!(
        rounds.iter().any(|r| lidb == format!("Acme {r}")),
        "{details}"
    );
    let dlda = shown("<LastName>", "</LastName>");
    assert!(
        rounds.iter().any(|r| dlda == format!("Acme {r}")),
        "{details}"
    );
    let history = app.get(&format!("/tns/{tn}/history")).await.body;
    for (_, id) in &orders {
        assert_eq!(
            history.matches(&format!("<OrderId>{id}</OrderId>")).count(),
            1,
            "{id}: {history}"
        );
    }
}
