//! Named snapshots and the reset on the whole database.

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_core::number::NumberStatus;
use tnhub_core::store::{NumberQuery, ResetKeep};
use tnhub_core::user::{PasswordHashString, Username};

use crate::{T0, account, account_id, at, insert_numbers, number, seeded_with_peer};

fn all_of(accounts: &[&str]) -> NumberQuery {
    NumberQuery {
        accounts: accounts.iter().map(|a| account_id(a)).collect(),
        ..NumberQuery::default()
    }
}

/// A snapshot brings back every row as saved (and the one added after it
/// is gone), ids continue after a restore, the inventory generation moves
/// past every value seen; a name saved again is replaced, listed once,
/// and deleted. A reset keeps exactly what it is told to keep.
pub async fn snapshots_restore_every_row_and_reset_keeps_what_it_is_told(store: Arc<dyn Store>) {
    let (acct, site, peer) = seeded_with_peer(&store).await;
    insert_numbers(
        &store,
        &[tnhub_core::number::NumberRecord {
            site_id: Some(site),
            peer_id: Some(peer),
            ..number("9195550101", Some("9900001"), NumberStatus::Inservice)
        }],
    )
    .await;
    let user = Username::parse("u1").unwrap();
    let mut tx = store.write().await.unwrap();
    tx.insert_user(&user, &PasswordHashString("h".into()), T0)
        .await
        .unwrap();
    tx.grant(&user, &acct).await.unwrap();
    tx.set_setting("s", "saved").await.unwrap();
    tx.commit().await.unwrap();
    let generation = store
        .read()
        .await
        .unwrap()
        .inventory_meta()
        .await
        .unwrap()
        .generation;

    store.save_snapshot("base", T0).await.unwrap();
    let info = store.save_snapshot("base", at(1)).await.unwrap();
    assert!(info.bytes > 100);
    let list = store.snapshots().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].name.as_str(), list[0].created_at), ("base", at(1)));

    // Change things after the save.
    let mut tx = store.write().await.unwrap();
    tx.insert_account(&account("9900003")).await.unwrap();
    tx.set_setting("s", "changed").await.unwrap();
    let bumped = tx.bump_inventory_generation().await.unwrap();
    assert!(bumped > generation);
    let later_site = tx
        .insert_site(&acct, &crate::site_fields("later"), T0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    insert_numbers(
        &store,
        &[number(
            "9195550102",
            Some("9900002"),
            NumberStatus::Inservice,
        )],
    )
    .await;

    let state = vec!["s".to_string()];
    let mut tx = store.write().await.unwrap();
    tx.set_setting("key", "made after the save").await.unwrap();
    tx.commit().await.unwrap();
    assert!(store.restore_snapshot("base", &state).await.unwrap());
    assert!(!store.restore_snapshot("nothing", &state).await.unwrap());
    let mut r = store.read().await.unwrap();
    assert!(r.account(&account_id("9900003")).await.unwrap().is_none());
    assert_eq!(r.setting("s").await.unwrap().as_deref(), Some("saved"));
    // A setting that is not state and that the snapshot lacks stays.
    assert_eq!(
        r.setting("key").await.unwrap().as_deref(),
        Some("made after the save")
    );
    assert_eq!(
        r.count_numbers(&all_of(&["9900001", "9900002"]))
            .await
            .unwrap(),
        1
    );
    let n = r.number("9195550101").await.unwrap().expect("restored");
    assert_eq!((n.site_id, n.peer_id), (Some(site), Some(peer)));
    assert_eq!(
        r.user(&user).await.unwrap().unwrap().accounts,
        vec![acct.clone()]
    );
    assert_eq!(r.sites(&acct).await.unwrap().len(), 1);
    assert!(r.inventory_meta().await.unwrap().generation > bumped);
    drop(r);
    // New ids continue after the restored ones.
    let mut tx = store.write().await.unwrap();
    let next = tx
        .insert_site(&acct, &crate::site_fields("next"), T0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(
        next.get() > site.get(),
        "{next:?} after {site:?} ({later_site:?} was undone)"
    );

    // A reset keeps the named account (emptied) and user, the inventory
    // flag if asked, and the snapshots.
    let mut tx = store.write().await.unwrap();
    tx.set_default_inventory(false).await.unwrap();
    tx.commit().await.unwrap();
    let keep = ResetKeep {
        accounts: vec![acct.clone()],
        users: vec![user.clone()],
        inventory: true,
        state_settings: state.clone(),
    };
    store.reset(&keep).await.unwrap();
    let mut r = store.read().await.unwrap();
    assert!(r.account(&acct).await.unwrap().is_some());
    assert!(r.account(&account_id("9900002")).await.unwrap().is_none());
    assert_eq!(
        r.user(&user).await.unwrap().unwrap().accounts,
        vec![acct.clone()]
    );
    assert!(r.sites(&acct).await.unwrap().is_empty());
    assert_eq!(r.count_numbers(&all_of(&["9900001"])).await.unwrap(), 0);
    assert_eq!(r.setting("s").await.unwrap(), None);
    assert!(r.setting("key").await.unwrap().is_some());
    assert!(!r.inventory_meta().await.unwrap().default_inventory);
    drop(r);
    store
        .reset(&ResetKeep {
            inventory: false,
            ..ResetKeep::default()
        })
        .await
        .unwrap();
    let mut r = store.read().await.unwrap();
    assert!(r.accounts().await.unwrap().is_empty());
    assert!(r.users().await.unwrap().is_empty());
    assert!(r.inventory_meta().await.unwrap().default_inventory);
    drop(r);
    assert_eq!(store.snapshots().await.unwrap().len(), 1);
    assert!(store.delete_snapshot("base").await.unwrap());
    assert!(!store.delete_snapshot("base").await.unwrap());
}
