//! The order worker driven directly, without a server, so a test can change
//! things between an order's acceptance and its processing — which a
//! running server's worker would not leave time for.

use std::sync::Arc;

use tnhub_core::address::Address;
use tnhub_core::ids::AccountId;
use tnhub_core::order::OrderStatus;
use tnhub_core::order::number_order::NumberOrderDraft;
use tnhub_core::sippeer::PeerPatch;
use tnhub_core::site::SitePatch;
use tnhub_core::user::Username;
use tnhub_core::{SandboxClock, Tnhub};

use crate::helpers::{ACCOUNT, PASSWORD, TestStore, USER};

#[tokio::test]
async fn an_order_whose_peer_is_deleted_before_it_runs_fails_with_5023() {
    let dir = tempfile::tempdir().unwrap();
    let store = TestStore::open(&dir.path().join("worker.db")).await;
    let hub = Tnhub::sandbox(store.shared(), Arc::new(SandboxClock::default()));
    hub.refresh_inventory().await.unwrap();
    let account = AccountId::parse(ACCOUNT).unwrap();
    hub.ensure_demo(&account, &Username::parse(USER).unwrap(), Some(PASSWORD))
        .await
        .unwrap();
    let site = hub
        .create_site(
            &account,
            SitePatch {
                name: Some("doomed".into()),
                address: Some(Address {
                    street_name: Some("Main".into()),
                    city: Some("Raleigh".into()),
                    state_code: Some("NC".into()),
                    ..Address::default()
                }),
                ..SitePatch::default()
            },
        )
        .await
        .unwrap();
    let site_id = site.id.to_string();
    let peer = hub
        .create_peer(
            &account,
            &site_id,
            PeerPatch {
                name: Some("doomed".into()),
                ..PeerPatch::default()
            },
        )
        .await
        .unwrap();
    let params = [("areaCode".to_string(), "919".to_string())];
    let (_, found) = hub.search(&params[..]).await.unwrap();
    let tn = found[0].tn.to_string();

    // Accepted against the site and its default peer…
    let order = hub
        .create_number_order(
            &account,
            USER,
            NumberOrderDraft {
                site_id: Some(site_id.clone()),
                existing: Some((vec![tn.clone()], Vec::new())),
                ..NumberOrderDraft::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(order.status(), OrderStatus::Received);
    // …which are deleted before the worker gets to it.
    hub.delete_peer(&account, &site_id, &peer.id.to_string())
        .await
        .unwrap();
    hub.delete_site(&account, &site_id).await.unwrap();
    assert_eq!(hub.run_due_jobs().await.unwrap(), 1);

    let done = hub.number_order(&account, &order.row.id).await.unwrap();
    assert_eq!(done.status(), OrderStatus::Failed);
    assert_eq!(done.result.errors.len(), 1, "{:?}", done.result);
    assert_eq!(done.result.errors[0].code, 5023);
    assert!(done.result.completed.is_empty());
    // The thousands-block holds 1,000 numbers: a search of it (without the
    // local calling area's other exchanges) lists every available one.
    let block = [
        ("npaNxxx".to_string(), tn[..7].to_string()),
        ("LCA".to_string(), "false".to_string()),
        ("quantity".to_string(), "5000".to_string()),
    ];
    let (_, still) = hub.search(&block[..]).await.unwrap();
    assert!(
        still.iter().any(|a| a.tn.to_string() == tn),
        "the number was not sold to a deleted peer: {tn} not among {} found",
        still.len()
    );
}
