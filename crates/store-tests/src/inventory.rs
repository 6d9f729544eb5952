//! The operator's inventory blocks, the inventory generation and the
//! default-inventory flag, settings, and the sandbox clock kept in them.

use std::sync::Arc;

use tnhub_core::inventory::BlockRecord;
use tnhub_core::store::InventoryMeta;
use tnhub_core::{SandboxClock, Store, Tnhub};

use crate::{T0, at};

fn block(first: u64, last: u64, excluded: bool, city: Option<&str>) -> BlockRecord {
    BlockRecord {
        first,
        last,
        excluded,
        state: city.map(|_| "NC".to_string()),
        city: city.map(str::to_string),
        rate_center: city.map(|c| c.to_uppercase()),
        lata: city.map(|_| 426),
        zip: city.map(|_| "27606".to_string()),
        tier: city.map(|_| 0),
        vendor_id: city.map(|_| 49),
        vendor_name: city.map(|_| "Bandwidth CLEC".to_string()),
        // Some blocks protected, so the flag's round trip is checked too.
        protected: city == Some("Raleigh") || city == Some("Cary"),
    }
}

/// Every stored block, in range order (a range can be stored both for sale
/// and excluded: those two compare by the flag).
async fn blocks(store: &Arc<dyn Store>) -> Vec<BlockRecord> {
    let mut got = store
        .read()
        .await
        .unwrap()
        .inventory_blocks()
        .await
        .unwrap();
    got.sort_by_key(|b| (b.first, b.last, b.excluded));
    got
}

/// A new store sells the embedded default inventory at generation 0 and
/// has no blocks; stored blocks come back with every attribute (set or
/// not), a range for sale and the same range excluded being two blocks.
pub async fn inventory_blocks_round_trip(store: Arc<dyn Store>) {
    let mut r = store.read().await.unwrap();
    assert_eq!(
        r.inventory_meta().await.unwrap(),
        InventoryMeta {
            generation: 0,
            default_inventory: true
        }
    );
    assert!(r.inventory_blocks().await.unwrap().is_empty());
    drop(r);

    let stored = vec![
        block(9_195_550_000, 9_195_559_999, false, Some("Raleigh")),
        block(9_195_550_100, 9_195_550_199, true, None),
        block(9_195_550_000, 9_195_559_999, true, None),
        block(2_125_550_000, 2_125_550_000, false, None),
        // The largest ranges a NANP number allows.
        block(2_002_000_000, 9_899_999_999, false, Some("Everywhere")),
    ];
    let mut tx = store.write().await.unwrap();
    assert_eq!(tx.upsert_blocks(&stored, T0).await.unwrap(), 5);
    tx.commit().await.unwrap();
    let mut want = stored.clone();
    want.sort_by_key(|b| (b.first, b.last, b.excluded));
    assert_eq!(blocks(&store).await, want);

    // A rolled-back import leaves nothing.
    let mut tx = store.write().await.unwrap();
    tx.upsert_blocks(&[block(3_035_550_000, 3_035_550_999, false, None)], T0)
        .await
        .unwrap();
    drop(tx);
    assert_eq!(blocks(&store).await, want);
}

/// Importing a file again changes nothing; importing a changed file
/// replaces the attributes of the blocks it names (by range and flag) and
/// keeps the others; a block named twice in one file ends as its last
/// line says, written once. Many blocks go in one call.
pub async fn reimporting_blocks_changes_nothing(store: Arc<dyn Store>) {
    let file: Vec<BlockRecord> = (0..2_500u64)
        .map(|i| {
            let first = 9_195_000_000 + i * 100;
            block(
                first,
                first + 99,
                i % 10 == 0,
                (i % 3 == 0).then_some("Raleigh"),
            )
        })
        .collect();
    for _ in 0..2 {
        let mut tx = store.write().await.unwrap();
        assert_eq!(tx.upsert_blocks(&file, T0).await.unwrap(), 2_500);
        tx.commit().await.unwrap();
        assert_eq!(blocks(&store).await, file);
    }

    let changed = block(9_195_000_100, 9_195_000_199, false, Some("Cary"));
    let added = block(9_195_000_100, 9_195_000_199, true, None);
    let named_twice = [
        block(3_035_550_000, 3_035_550_999, false, Some("Denver")),
        block(3_035_550_000, 3_035_550_999, false, Some("Boulder")),
    ];
    let mut tx = store.write().await.unwrap();
    let written = tx
        .upsert_blocks(
            &[
                changed.clone(),
                added.clone(),
                named_twice[0].clone(),
                named_twice[1].clone(),
            ],
            at(1),
        )
        .await
        .unwrap();
    assert_eq!(written, 3, "each distinct block is written once");
    tx.commit().await.unwrap();
    let mut want = file.clone();
    want[1] = changed;
    want.insert(2, added);
    want.insert(0, named_twice[1].clone());
    assert_eq!(blocks(&store).await, want);
}

/// Every change to the inventory bumps the generation (so every server
/// rebuilds its index), inside the transaction that changes it; the
/// default inventory is turned off and on again.
pub async fn inventory_generation_and_default_flag(store: Arc<dyn Store>) {
    let meta = async || store.read().await.unwrap().inventory_meta().await.unwrap();
    let mut tx = store.write().await.unwrap();
    tx.upsert_blocks(&[block(9_195_550_000, 9_195_550_999, false, None)], T0)
        .await
        .unwrap();
    tx.set_default_inventory(false).await.unwrap();
    assert_eq!(tx.bump_inventory_generation().await.unwrap(), 1);
    assert_eq!(
        tx.inventory_meta().await.unwrap(),
        InventoryMeta {
            generation: 1,
            default_inventory: false
        }
    );
    // Not visible until committed.
    assert_eq!(meta().await.generation, 0);
    tx.commit().await.unwrap();
    assert_eq!(
        meta().await,
        InventoryMeta {
            generation: 1,
            default_inventory: false
        }
    );

    let mut tx = store.write().await.unwrap();
    tx.set_default_inventory(true).await.unwrap();
    assert_eq!(tx.bump_inventory_generation().await.unwrap(), 2);
    drop(tx);
    assert_eq!(meta().await.generation, 1, "a rolled-back bump is undone");

    let mut tx = store.write().await.unwrap();
    tx.set_default_inventory(true).await.unwrap();
    tx.set_default_inventory(true).await.unwrap();
    assert_eq!(tx.bump_inventory_generation().await.unwrap(), 2);
    assert_eq!(tx.bump_inventory_generation().await.unwrap(), 3);
    tx.commit().await.unwrap();
    assert_eq!(
        meta().await,
        InventoryMeta {
            generation: 3,
            default_inventory: true
        }
    );
}

/// Settings: absent until set, then their latest value, text kept exactly;
/// a setting written in a rolled-back transaction keeps its old value.
pub async fn settings_round_trip(store: Arc<dyn Store>) {
    let get = async |name: &str| store.read().await.unwrap().setting(name).await.unwrap();
    assert_eq!(get("portin_carrier").await, None);
    let json = r#"{"defaultDelaySeconds":3600,"carriers":{"ünï":"✓"}}"#;
    let mut tx = store.write().await.unwrap();
    assert_eq!(tx.setting("portin_carrier").await.unwrap(), None);
    tx.set_setting("portin_carrier", "{}").await.unwrap();
    tx.set_setting("portin_carrier", json).await.unwrap();
    tx.set_setting("other", "").await.unwrap();
    assert_eq!(
        tx.setting("portin_carrier").await.unwrap().as_deref(),
        Some(json)
    );
    tx.commit().await.unwrap();
    assert_eq!(get("portin_carrier").await.as_deref(), Some(json));
    assert_eq!(get("other").await.as_deref(), Some(""));

    let mut tx = store.write().await.unwrap();
    tx.set_setting("portin_carrier", "lost").await.unwrap();
    drop(tx);
    assert_eq!(get("portin_carrier").await.as_deref(), Some(json));
}

/// The sandbox clock is a setting every server shares: two servers (two
/// services on one store) moving it forward at the same time lose no
/// advance, a third that starts later follows the sum, and it never moves
/// back.
pub async fn the_sandbox_clock_is_shared_and_loses_no_advance(store: Arc<dyn Store>) {
    let server = || Tnhub::sandbox(store.clone(), Arc::new(SandboxClock::default()));
    let (a, b) = (server(), server());
    let mut tasks = Vec::new();
    for i in 0..12 {
        let hub = if i % 2 == 0 { a.clone() } else { b.clone() };
        let by = if i % 2 == 0 { 1_000 } else { 10 };
        tasks.push(tokio::spawn(
            async move { hub.advance_clock(by).await.unwrap() },
        ));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let c = server();
    assert_eq!(c.clock_state().offset_ms, Some(0), "not synced yet");
    c.sync_clock().await.unwrap();
    assert_eq!(c.clock_state().offset_ms, Some(6_060));
    a.sync_clock().await.unwrap();
    b.sync_clock().await.unwrap();
    assert_eq!(a.clock_state().offset_ms, Some(6_060));
    assert_eq!(b.clock_state().offset_ms, Some(6_060));
    assert!(a.advance_clock(0).await.is_err(), "it only moves forward");
    assert!(b.advance_clock(-5).await.is_err());
    let after = c.advance_clock(40).await.unwrap();
    assert_eq!(after.offset_ms, Some(6_100));
    a.sync_clock().await.unwrap();
    assert_eq!(a.clock_state().offset_ms, Some(6_100));
}
