//! Stories of applications and of the products kept in a SIP peer's
//! settings document (docs/applications-and-products.md).

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_core::application::{Application, ApplicationFields, ServiceType};
use tnhub_core::products::{PeerProducts, SmsFeature, VoiceSettings};
use tnhub_core::store::StoreError;

use crate::{T0, account_id, at, seeded_with_peer};

fn app(id: &str, owner: &str, name: &str) -> Application {
    Application {
        id: id.into(),
        account_id: account_id(owner),
        fields: ApplicationFields {
            service_type: ServiceType::Messaging,
            app_name: name.into(),
            msg_callback_url: Some("https://example.com/m".into()),
            inbound_callback_url: None,
            outbound_callback_url: None,
            inbound_callback_creds: None,
            outbound_callback_creds: None,
            call_initiated_callback_url: None,
            call_initiated_method: None,
            call_status_callback_url: None,
            call_status_method: None,
            callback_creds: None,
        },
        created_at: T0,
        updated_at: T0,
    }
}

/// An application round-trips, is seen only by its account, is updated and
/// deleted, its id is unique; a peer's products round-trip in its settings;
/// deleting the account deletes its applications and nobody else's.
pub async fn applications_and_peer_products_round_trip(store: Arc<dyn Store>) {
    let (acct, site, peer) = seeded_with_peer(&store).await;
    let mut tx = store.write().await.unwrap();
    tx.insert_application(&app("a-1", "9900001", "one"))
        .await
        .unwrap();
    tx.insert_application(&app("a-2", "9900001", "two"))
        .await
        .unwrap();
    tx.insert_application(&app("b-1", "9900002", "theirs"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // A taken id is a Duplicate (on PostgreSQL it also ends the transaction).
    let mut tx = store.write().await.unwrap();
    assert!(matches!(
        tx.insert_application(&app("a-1", "9900001", "again")).await,
        Err(StoreError::Duplicate(_))
    ));
    drop(tx);

    let mut tx = store.write().await.unwrap();
    assert_eq!(
        tx.application(&acct, "a-1").await.unwrap(),
        Some(app("a-1", "9900001", "one"))
    );
    assert_eq!(tx.application(&acct, "b-1").await.unwrap(), None);
    let ids: Vec<String> = tx
        .applications(&acct)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, ["a-1", "a-2"]);
    let mut changed = app("a-2", "9900001", "renamed");
    changed.updated_at = at(60);
    assert!(tx.update_application(&changed).await.unwrap());
    assert_eq!(tx.application(&acct, "a-2").await.unwrap(), Some(changed));
    assert!(tx.delete_application(&acct, "a-1").await.unwrap());
    assert!(!tx.delete_application(&acct, "a-1").await.unwrap());
    assert!(
        !tx.update_application(&app("a-1", "9900001", "gone"))
            .await
            .unwrap()
    );

    let mut fields = tx.peer(site, peer).await.unwrap().unwrap().fields;
    fields.settings.products = PeerProducts {
        sms: Some(SmsFeature {
            toll_free: true,
            short_code: false,
            protocol: "HTTP".into(),
            zones: [true, false, false, false, true],
            proxy_peer_id: Some("539692".into()),
        }),
        mms: None,
        messaging_application: Some("a-2".into()),
        origination: Some(VoiceSettings {
            voice_protocol: "SIP".into(),
            http_voice_v2_app_id: None,
        }),
        termination: None,
    };
    tx.update_peer(site, peer, &fields, at(60)).await.unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert_eq!(r.peer(site, peer).await.unwrap().unwrap().fields, fields);
    drop(r);

    let mut tx = store.write().await.unwrap();
    tx.delete_account(&acct)
        .await
        .unwrap()
        .expect("the account existed");
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert!(r.applications(&acct).await.unwrap().is_empty());
    assert_eq!(
        r.applications(&account_id("9900002")).await.unwrap().len(),
        1
    );
}
