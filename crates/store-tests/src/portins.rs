//! Port-in documents: bytes kept exactly, one name per order, metadata
//! changes, and everything going with a deleted draft.

use std::sync::Arc;

use tnhub_core::order::{OrderKind, OrderRow};
use tnhub_core::store::LoaFile;
use tnhub_core::{Store, StoreError, Timestamp};

use crate::{T0, seeded};

/// Port-in documents keep their bytes exactly, a name is unique per order
/// (and a `Duplicate` leaves the transaction usable), replacing keeps the
/// metadata, and deleting the order deletes its documents.
pub async fn port_in_documents_round_trip(store: Arc<dyn Store>) {
    let (acct, _) = seeded(&store).await;
    let order = OrderRow {
        id: "0190a0a0-0000-7000-8000-000000000001".into(),
        account_id: acct.clone(),
        kind: OrderKind::PortIn,
        status: "SUBMITTED".into(),
        customer_order_id: None,
        name: None,
        created_by: "u".into(),
        site_id: None,
        peer_id: None,
        tn_count: 1,
        request: "{}".into(),
        result: "{}".into(),
        created_at: T0,
        updated_at: T0,
        completed_at: None,
    };
    let bytes: Vec<u8> = (0..=255u8).chain([0, 0, 255]).collect();
    let file = LoaFile {
        order_id: order.id.clone(),
        name: format!("{}-1700000000000.pdf", order.id),
        content_type: "application/pdf".into(),
        size: bytes.len() as u64,
        document_name: None,
        document_type: Some("LOA".into()),
        created_at: T0,
        updated_at: T0,
    };
    let mut tx = store.write().await.unwrap();
    tx.insert_order(&order).await.unwrap();
    tx.insert_loa(&file, &bytes).await.unwrap();
    assert!(matches!(
        tx.insert_loa(&file, b"other").await,
        Err(StoreError::Duplicate(_))
    ));
    let second = LoaFile {
        name: format!("{}-1700000000001.txt", order.id),
        content_type: "text/plain".into(),
        size: 2,
        ..file.clone()
    };
    tx.insert_loa(&second, b"hi").await.unwrap();
    tx.commit().await.unwrap();

    let mut r = store.read().await.unwrap();
    assert_eq!(
        r.loa(&order.id, &file.name).await.unwrap(),
        Some(file.clone())
    );
    assert_eq!(
        r.loa_content(&order.id, &file.name).await.unwrap(),
        Some(bytes.clone())
    );
    assert_eq!(
        r.loas(&order.id).await.unwrap(),
        vec![file.clone(), second.clone()]
    );
    assert_eq!(r.loa(&order.id, "nope.pdf").await.unwrap(), None);
    assert_eq!(
        r.loa_content("other-order", &file.name).await.unwrap(),
        None
    );
    drop(r);

    let later = Timestamp::from_millis(T0.millis() + 1_000);
    let mut tx = store.write().await.unwrap();
    assert!(
        tx.update_loa_metadata(&order.id, &file.name, Some("loa.pdf"), Some("CSR"), later)
            .await
            .unwrap()
    );
    assert!(
        tx.replace_loa(&order.id, &file.name, "image/tiff", b"II*\0", later)
            .await
            .unwrap()
    );
    assert!(
        !tx.replace_loa(&order.id, "nope.pdf", "image/tiff", b"x", later)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let got = r.loa(&order.id, &file.name).await.unwrap().unwrap();
    assert_eq!(
        (
            got.content_type.as_str(),
            got.size,
            got.document_name.as_deref(),
            got.document_type.as_deref(),
            got.updated_at
        ),
        ("image/tiff", 4, Some("loa.pdf"), Some("CSR"), later)
    );
    assert_eq!(
        r.loa_content(&order.id, &file.name).await.unwrap(),
        Some(b"II*\0".to_vec())
    );
    drop(r);

    let mut tx = store.write().await.unwrap();
    assert!(
        tx.update_loa_metadata(&order.id, &file.name, None, None, later)
            .await
            .unwrap()
    );
    assert!(tx.delete_loa(&order.id, &second.name).await.unwrap());
    assert!(!tx.delete_loa(&order.id, &second.name).await.unwrap());
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let got = r.loa(&order.id, &file.name).await.unwrap().unwrap();
    assert_eq!((got.document_name, got.document_type), (None, None));
    assert_eq!(r.loas(&order.id).await.unwrap().len(), 1);
    drop(r);

    let mut tx = store.write().await.unwrap();
    tx.add_note(&order.id, "u", "a note", T0).await.unwrap();
    assert!(tx.delete_order(&order.id).await.unwrap());
    assert!(!tx.delete_order(&order.id).await.unwrap());
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert!(r.order_by_id(&order.id).await.unwrap().is_none());
    assert!(r.loas(&order.id).await.unwrap().is_empty());
    assert!(r.notes(&order.id).await.unwrap().is_empty());
}
