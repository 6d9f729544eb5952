//! Unit tests of the inventory index (the embedded blocks, operator
//! blocks and exclusions, the default inventory off), kept in their own
//! file so the module stays short.

use super::*;

fn record(first: u64, last: u64) -> BlockRecord {
    BlockRecord {
        first,
        last,
        excluded: false,
        state: None,
        city: None,
        rate_center: None,
        lata: None,
        zip: None,
        tier: None,
        vendor_id: None,
        vendor_name: None,
        protected: false,
    }
}

#[test]
fn embedded_inventory_covers_exchanges_and_toll_free() {
    let geo = Geography::embedded();
    let start = std::time::Instant::now();
    let inv = Inventory::build(Some(geo), &[], 0);
    println!(
        "index of {} blocks built in {:?} (debug build)",
        inv.blocks().len(),
        start.elapsed()
    );
    assert!(inv.blocks().len() > 200_000);
    let b = inv
        .block_of(Tn::parse("9192126710").unwrap())
        .expect("Raleigh is for sale");
    assert_eq!(inv.attrs(b).state.as_deref(), Some("NC"));
    assert!(
        inv.block_of(Tn::parse("8885551234").unwrap()).is_none(),
        "555 is never offered"
    );
    let tf = inv.block_of(Tn::parse("8882345678").unwrap()).unwrap();
    assert!(inv.attrs(tf).toll_free);
    assert!(!inv.city_blocks("nc", "raleigh").is_empty());
    assert!(!inv.rate_center_blocks("NC", "RALEIGH").is_empty());
}

#[test]
fn operator_blocks_override_and_exclusions_win() {
    let mut exact = record(9_192_120_000, 9_192_129_999);
    exact.rate_center = Some("RALEIGHX".into());
    let mut narrow = record(9_192_121_000, 9_192_121_999);
    narrow.vendor_name = Some("Acme".into());
    let mut excluded = record(9_192_122_000, 9_192_122_099);
    excluded.excluded = true;
    let inv = Inventory::build(Some(Geography::embedded()), &[exact, narrow, excluded], 3);
    assert_eq!(inv.generation, 3);
    let b = inv.block_of(Tn::parse("9192125000").unwrap()).unwrap();
    assert_eq!(inv.attrs(b).rate_center.as_deref(), Some("RALEIGHX"));
    assert_eq!(
        inv.attrs(b).city.as_deref(),
        Some("Raleigh"),
        "missing values come from the reference data"
    );
    assert_eq!(inv.attrs(b).origin, Origin::Operator);
    let b = inv.block_of(Tn::parse("9192121234").unwrap()).unwrap();
    assert_eq!(&*inv.attrs(b).vendor_name, "Acme");
    assert!(inv.block_of(Tn::parse("9192122050").unwrap()).is_none());
    assert!(inv.block_of(Tn::parse("9192122100").unwrap()).is_some());
}

#[test]
fn without_the_default_only_imported_blocks_sell() {
    let inv = Inventory::build(
        None,
        &[
            record(2_125_550_100, 2_125_550_100),
            record(3_125_521_000, 3_125_521_999),
        ],
        1,
    );
    assert_eq!(inv.span(), 1_001);
    assert!(inv.block_of(Tn::parse("9192126710").unwrap()).is_none());
    assert!(inv.block_of(Tn::parse("3125521500").unwrap()).is_some());
}
