//! Fixtures (`examples/fixtures/sandbox.yaml`, docs/fixtures.md): the
//! example loads through the domain service, everything in it is visible
//! through the API, a second load changes nothing, and a broken fixture is
//! refused with every problem and its place, with nothing stored. Runs on
//! both backends like every HTTP test.

use reqwest::{Method, StatusCode};
use tnhub_core::fixture::{FixtureError, Format};

use crate::helpers::{Reply, TestApp};

const OPS: (&str, &str) = ("ops", "ops-password-123");

fn example() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/fixtures/sandbox.yaml"
    );
    std::fs::read_to_string(path).expect("the example fixture")
}

async fn get(app: &TestApp, path: &str) -> Reply {
    let r = app.request_as(Method::GET, path, None, Some(OPS)).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r
}

fn all_of(body: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    body.split(&open)
        .skip(1)
        .filter_map(|s| s.split(&format!("</{tag}>")).next())
        .map(str::to_string)
        .collect()
}

/// What a client sees of the example's first account.
async fn view(app: &TestApp) -> Vec<String> {
    let acct = "/accounts/9900100";
    let sites = get(app, &format!("{acct}/sites")).await;
    let mut seen = all_of(&sites.body, "Name");
    seen.sort();
    let mut numbers = all_of(
        &get(app, &format!("{acct}/inserviceNumbers")).await.body,
        "TelephoneNumber",
    );
    numbers.sort();
    seen.extend(numbers);
    for tn in ["9192210103", "9192210104"] {
        let r = get(app, &format!("/tns/{tn}")).await;
        seen.push(format!(
            "{tn} {} {}",
            r.text_of("Status").unwrap_or_default(),
            r.text_of("SipPeer")
                .or_else(|| r.text_of("PeerName"))
                .unwrap_or_default()
        ));
    }
    for id in ["acme-port-foc", "acme-port-done"] {
        let r = get(app, &format!("{acct}/portins?customerOrderId={id}")).await;
        seen.push(format!(
            "{id} {}",
            all_of(&r.body, "ProcessingStatus").join(",")
        ));
    }
    let subs = get(app, &format!("{acct}/subscriptions")).await;
    let mut types = all_of(&subs.body, "OrderType");
    types.sort();
    seen.push(format!("subscriptions {}", types.join(",")));
    seen
}

#[tokio::test]
async fn the_example_loads_is_visible_and_loads_again_as_a_no_op() {
    let app = TestApp::spawn().await;
    let loaded = app
        .hub
        .load_fixture(&example(), Format::Yaml)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (loaded.accounts, loaded.users, loaded.sites, loaded.peers),
        (2, 2, 3, 4),
        "{loaded}"
    );
    assert_eq!(
        (
            loaded.numbers,
            loaded.reservations,
            loaded.port_ins,
            loaded.subscriptions
        ),
        (4, 1, 2, 2),
        "{loaded}"
    );
    let seen = view(&app).await;
    assert_eq!(&seen[..2], ["Durham Lab", "Raleigh HQ"], "{seen:?}");
    // In service: the peers' numbers and the completed port-in's.
    assert_eq!(
        &seen[2..6],
        ["9192074511", "9192210101", "9192210102", "9192210103"],
        "{seen:?}"
    );
    assert!(seen[6].starts_with("9192210103 Inservice"), "{seen:?}");
    assert!(seen[7].starts_with("9192210104 Reserved"), "{seen:?}");
    assert_eq!(seen[8], "acme-port-foc FOC", "{seen:?}");
    assert_eq!(seen[9], "acme-port-done COMPLETE", "{seen:?}");
    assert_eq!(seen[10], "subscriptions orders,portins", "{seen:?}");
    // The peer a number was put on.
    let sites = get(&app, "/accounts/9900100/sites").await;
    assert_eq!(all_of(&sites.body, "Id").len(), 2);
    // The second account, reachable by the user granted both, not by the other.
    let r = get(&app, "/accounts/9900200/inserviceNumbers").await;
    assert!(r.body.contains("9192210201"), "{}", r.body);
    let r = app
        .request_as(
            Method::GET,
            "/accounts/9900200/sites",
            None,
            Some(("acme-admin", "acme-admin-password")),
        )
        .await;
    r.assert_error(403, 5051);

    // A second load: nothing created, nothing changed.
    let again = app
        .hub
        .load_fixture(&example(), Format::Yaml)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.is_empty(), "{again}");
    assert_eq!(view(&app).await, seen);

    // Another fixture naming a number the example's account has: refused.
    let other = r#"
accounts:
  - id: "9900500"
    sites:
      - name: S
        address: { houseNumber: "1", streetName: Main St, city: Raleigh, stateCode: NC, zip: "27601" }
        peers: [{ name: p, numbers: ["9192210101"] }]
"#;
    let e = app.hub.load_fixture(other, Format::Yaml).await.unwrap_err();
    assert!(
        e.to_string().contains(
            "accounts[0].sites[0].peers[0].numbers[0]: number 9192210101 is Inservice for another account"
        ),
        "{e}"
    );
}

#[tokio::test]
async fn a_broken_fixture_is_refused_with_every_problem_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let broken = r#"
accounts:
  - id: "9900300"
    companyName: Fine Co
    sites:
      - name: One
        address: { houseNumber: "1", streetName: Main St, city: Raleigh, stateCode: NC, zip: "27601" }
        peers:
          - name: x
            numbers: ["9192210301", "12345"]
          - name: x
            numbers: ["9192210301"]
      - name: Two
        address: { houseNumber: "1", streetName: Main St, city: Raleigh, stateCode: North Carolina, zip: "27601" }
    portIns:
      - customerOrderId: p1
        site: Nowhere
        numbers: ["9192074601"]
        loaAuthorizingPerson: Jane Doe
        subscriber: { businessName: Acme, serviceAddress: { houseNumber: "1", streetName: Elm, city: Raleigh, stateCode: NC, zip: "27601" } }
        state: LOST
    subscriptions:
      - orderType: orders
        url: not a url
users:
  - name: someone
    password: short
    accounts: ["9900999"]
"#;
    let e = app
        .hub
        .load_fixture(broken, Format::Yaml)
        .await
        .expect_err("a broken fixture");
    let FixtureError::Refused(problems) = &e else {
        panic!("refused before loading, not {e}")
    };
    let text = e.to_string();
    for place in [
        "accounts[0].sites[0].peers[0].numbers[1]: '12345' is not a valid number",
        "accounts[0].sites[0].peers[1].name: duplicate name \"x\"",
        "accounts[0].sites[0].peers[1].numbers[0]: number 9192210301 is already named at accounts[0].sites[0].peers[0].numbers[0]",
        "accounts[0].sites[1]:",
        "accounts[0].portIns[0].state: 'LOST' is not a state",
        "accounts[0].portIns[0].site: account '9900300' has no site \"Nowhere\"",
        "accounts[0].subscriptions[0]:",
        "users[0].password:",
        "users[0].accounts[0]: account '9900999' is neither in this file nor in the database",
    ] {
        assert!(text.contains(place), "{place} missing from:\n{text}");
    }
    assert!(problems.len() >= 9, "{text}");
    // Nothing stored: not the account, not its number.
    let r = app.admin(Method::GET, "/admin/accounts/9900300").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app.get("/tns/9192210301").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // A syntax error: its line.
    let e = app
        .hub
        .load_fixture("accounts:\n  - id: 1\n    sites: [\n", Format::Yaml)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("line"), "{e}");
    // A number another account holds.
    let e = app
        .hub
        .load_fixture(&example().replace("9192210201", "9192210101"), Format::Yaml)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("9192210101 is already named"), "{e}");
}
