//! What SQLite cannot show: several transactions (as several servers would
//! hold them) working on the same rows at once.

mod common;

use std::sync::Arc;
use std::time::Duration;

use sqlx::Connection;
use tnhub_core::account::Account;
use tnhub_core::ids::AccountId;
use tnhub_core::number::{NumberRecord, NumberStatus};
use tnhub_core::site::SiteFields;
use tnhub_core::{Store, StoreError, Timestamp};
use tnhub_store_postgres::PgStore;

const T0: Timestamp = Timestamp::from_millis(1_700_000_000_000);

fn account(id: &str) -> Account {
    Account {
        id: AccountId::parse(id).unwrap(),
        company_name: format!("company {id}"),
        created_at: T0,
    }
}

fn number(tn: &str, owner: &str, status: NumberStatus) -> NumberRecord {
    NumberRecord {
        tn: tnhub_nanp::Tn::parse(tn).unwrap(),
        status,
        account_id: Some(AccountId::parse(owner).unwrap()),
        site_id: None,
        peer_id: None,
        order_id: None,
        order_type: None,
        reservation_id: None,
        hold_until: None,
        in_service_at: None,
        created_at: T0,
        updated_at: T0,
        geo: Default::default(),
        attributes: Vec::new(),
        features: Default::default(),
        version: 0,
    }
}

async fn store_with_accounts(ids: &[&str]) -> Arc<dyn Store> {
    let store: Arc<dyn Store> = Arc::new(common::open_fresh().await);
    let mut tx = store.write().await.unwrap();
    for id in ids {
        tx.insert_account(&account(id)).await.unwrap();
    }
    tx.commit().await.unwrap();
    store
}

/// Waits for a task that must be blocked now and finish later.
async fn still_blocked<T>(task: &tokio::task::JoinHandle<T>) -> bool {
    tokio::time::sleep(Duration::from_millis(300)).await;
    !task.is_finished()
}

#[tokio::test]
async fn a_claimed_job_is_skipped_by_every_other_transaction() {
    let store = store_with_accounts(&[]).await;
    let mut tx = store.write().await.unwrap();
    tx.enqueue_job("order", "o-1", T0, T0).await.unwrap();
    tx.commit().await.unwrap();

    let mut first = store.write().await.unwrap();
    let claimed = first.claim_due_jobs(T0, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    // Another server: skips it at once rather than waiting, and does not
    // count it as due work it could do.
    let mut second = store.write().await.unwrap();
    assert!(second.claim_due_jobs(T0, 10).await.unwrap().is_empty());
    drop(second);
    let mut r = store.read().await.unwrap();
    assert_eq!(r.next_job_due().await.unwrap(), None);
    assert_eq!(r.jobs(10).await.unwrap().len(), 1, "still listed");
    drop(r);
    // Asking for it by id waits for the holder, then sees it is gone.
    let s = store.clone();
    let id = claimed[0].id;
    let by_id = tokio::spawn(async move {
        let mut tx = s.write().await.unwrap();
        tx.claim_job(id, T0).await.unwrap()
    });
    assert!(still_blocked(&by_id).await);

    first.delete_job(claimed[0].id).await.unwrap();
    first.commit().await.unwrap();
    assert!(by_id.await.unwrap().is_none());
    let mut third = store.write().await.unwrap();
    assert!(third.claim_due_jobs(T0, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn racing_claimers_split_the_due_jobs_between_them() {
    let store = store_with_accounts(&[]).await;
    let mut tx = store.write().await.unwrap();
    for i in 0..10 {
        tx.enqueue_job("order", &format!("o-{i}"), T0, T0)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let mut a = store.write().await.unwrap();
    let mut b = store.write().await.unwrap();
    let got_a = a.claim_due_jobs(T0, 4).await.unwrap();
    let got_b = b.claim_due_jobs(T0, 100).await.unwrap();
    assert_eq!((got_a.len(), got_b.len()), (4, 6));
    assert!(got_a.iter().all(|j| got_b.iter().all(|k| k.id != j.id)));
}

#[tokio::test]
async fn a_claim_rolled_back_returns_the_job() {
    let store = store_with_accounts(&[]).await;
    let mut tx = store.write().await.unwrap();
    tx.enqueue_job("order", "o-1", T0, T0).await.unwrap();
    tx.commit().await.unwrap();

    let mut first = store.write().await.unwrap();
    let claimed = first.claim_due_jobs(T0, 10).await.unwrap();
    first.delete_job(claimed[0].id).await.unwrap();
    drop(first); // rolls back: the job is back, undeleted
    // By id at once (the claim waits for the rollback to land) …
    let mut second = store.write().await.unwrap();
    let again = second.claim_job(claimed[0].id, T0).await.unwrap();
    assert_eq!(again.map(|j| j.id), Some(claimed[0].id));
    drop(second);
    // … and among the due jobs as soon as the rollback has landed.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let mut third = store.write().await.unwrap();
        let due = third.claim_due_jobs(T0, 10).await.unwrap();
        if due.len() == 1 {
            assert_eq!(due[0].id, claimed[0].id);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the job never came back"
        );
        drop(third);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_claimer_that_dies_returns_the_job() {
    let url = common::database_url();
    let schema = common::fresh_schema();
    let store = PgStore::open_in_schema(&url, &schema, &|_| {})
        .await
        .unwrap();
    let mut tx = store.write().await.unwrap();
    tx.enqueue_job("order", "o-1", T0, T0).await.unwrap();
    tx.commit().await.unwrap();

    // A server's connection, claiming the job the way the store does, then
    // vanishing without a rollback (the process was killed).
    let options: sqlx::postgres::PgConnectOptions = url.parse().unwrap();
    let mut doomed =
        sqlx::PgConnection::connect_with(&options.options([("search_path", schema.as_str())]))
            .await
            .unwrap();
    sqlx::query("BEGIN").execute(&mut doomed).await.unwrap();
    let held: Vec<i64> = sqlx::query_scalar("SELECT id FROM jobs FOR UPDATE SKIP LOCKED")
        .fetch_all(&mut doomed)
        .await
        .unwrap();
    assert_eq!(held.len(), 1);
    let mut other = store.write().await.unwrap();
    assert!(other.claim_due_jobs(T0, 10).await.unwrap().is_empty());
    drop(other);
    drop(doomed); // the socket closes; PostgreSQL aborts its transaction

    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let mut tx = store.write().await.unwrap();
        let got = tx.claim_due_jobs(T0, 10).await.unwrap();
        if got.len() == 1 {
            assert_eq!(got[0].id, held[0]);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the job never came back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn two_transactions_inserting_one_number_exactly_one_wins() {
    let store = store_with_accounts(&["1000001", "1000002"]).await;
    let tn = "9195550100";
    for commit_first in [true, false] {
        let tn = if commit_first { tn } else { "9195550101" };
        let mut first = store.write().await.unwrap();
        assert!(
            first
                .insert_number_if_absent(&number(tn, "1000001", NumberStatus::Inservice))
                .await
                .unwrap()
        );
        let s = store.clone();
        let second = tokio::spawn(async move {
            let mut tx = s.write().await.unwrap();
            let won = tx
                .insert_number_if_absent(&number(tn, "1000002", NumberStatus::Inservice))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            won
        });
        // The second waits for the first to decide.
        assert!(still_blocked(&second).await);
        if commit_first {
            first.commit().await.unwrap();
        } else {
            drop(first);
        }
        let second_won = second.await.unwrap();
        assert_eq!(second_won, !commit_first);
        let owner = store
            .read()
            .await
            .unwrap()
            .number(tn)
            .await
            .unwrap()
            .unwrap();
        let expected = if commit_first { "1000001" } else { "1000002" };
        assert_eq!(owner.account_id.unwrap().as_str(), expected);
    }
}

#[tokio::test]
async fn a_change_based_on_a_stale_read_loses() {
    let store = store_with_accounts(&["1000001", "1000002", "1000003"]).await;
    let tn = "9195550100";
    let mut tx = store.write().await.unwrap();
    tx.insert_number_if_absent(&number(tn, "1000001", NumberStatus::Reserved))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let seen = store
        .read()
        .await
        .unwrap()
        .number(tn)
        .await
        .unwrap()
        .unwrap();

    let mut first = store.write().await.unwrap();
    assert!(
        first
            .update_number(
                &number(tn, "1000002", NumberStatus::Inservice),
                seen.version
            )
            .await
            .unwrap()
    );
    let s = store.clone();
    let version = seen.version;
    let second = tokio::spawn(async move {
        let mut tx = s.write().await.unwrap();
        let updated = tx
            .update_number(&number(tn, "1000003", NumberStatus::Inservice), version)
            .await
            .unwrap();
        let deleted = tx.delete_number(tn, version).await.unwrap();
        tx.commit().await.unwrap();
        (updated, deleted)
    });
    assert!(still_blocked(&second).await);
    first.commit().await.unwrap();
    assert_eq!(second.await.unwrap(), (false, false));
    let now = store
        .read()
        .await
        .unwrap()
        .number(tn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.account_id.unwrap().as_str(), "1000002");
    assert_eq!(now.version, seen.version + 1);
}

/// Many claimants, one transaction each, overlapping numbers: every number
/// ends with exactly one owner, and exactly one claimant was told it won.
#[tokio::test]
async fn many_claimants_never_share_a_number() {
    let ids: Vec<String> = (0..16).map(|i| format!("20000{i:02}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let store = store_with_accounts(&refs).await;
    let tns: Vec<String> = (0..40).map(|i| format!("91955501{i:02}")).collect();
    let mut tasks = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        let (store, id, mut mine) = (store.clone(), id.clone(), tns.clone());
        mine.rotate_left(k * 5 % tns.len());
        tasks.push(tokio::spawn(async move {
            let mut won = Vec::new();
            for tn in mine {
                let mut tx = store.write().await.unwrap();
                if tx
                    .insert_number_if_absent(&number(&tn, &id, NumberStatus::Inservice))
                    .await
                    .unwrap()
                {
                    tx.commit().await.unwrap();
                    won.push((tn, id.clone()));
                }
            }
            won
        }));
    }
    let mut winners = std::collections::HashMap::new();
    for t in tasks {
        for (tn, id) in t.await.unwrap() {
            assert!(winners.insert(tn.clone(), id).is_none(), "{tn} sold twice");
        }
    }
    assert_eq!(winners.len(), tns.len());
    let mut r = store.read().await.unwrap();
    for (tn, id) in &winners {
        let row = r.number(tn).await.unwrap().unwrap();
        assert_eq!(row.account_id.unwrap().as_str(), id);
    }
}

#[tokio::test]
async fn releasing_skips_rows_another_server_is_releasing() {
    let store = store_with_accounts(&["1000001"]).await;
    let mut tx = store.write().await.unwrap();
    for (i, tn) in ["9195550100", "9195550101", "9195550102"]
        .iter()
        .enumerate()
    {
        let mut n = number(tn, "1000001", NumberStatus::Reserved);
        n.hold_until = Some(T0.plus_millis(i as i64));
        tx.insert_number_if_absent(&n).await.unwrap();
    }
    tx.commit().await.unwrap();
    let later = T0.plus_millis(10);
    let mut first = store.write().await.unwrap();
    let got_first = first.release_expired(later, 1).await.unwrap();
    assert_eq!(got_first.len(), 1);
    let mut second = store.write().await.unwrap();
    let got_second =
        tokio::time::timeout(Duration::from_secs(5), second.release_expired(later, 10))
            .await
            .expect("a locked row is skipped, not waited for")
            .unwrap();
    assert_eq!(got_second.len(), 2);
    assert!(got_second.iter().all(|n| n.tn != got_first[0].tn));
    first.commit().await.unwrap();
    second.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert!(
        r.taken(&[9195550100, 9195550101, 9195550102], later)
            .await
            .unwrap()
            .is_empty()
    );
}

/// On PostgreSQL a failed statement aborts the transaction, and `COMMIT`
/// then silently rolls back: the store must say so rather than report a
/// commit that did not happen.
#[tokio::test]
async fn a_transaction_broken_by_an_error_refuses_to_commit() {
    let store = store_with_accounts(&[]).await;
    let mut tx = store.write().await.unwrap();
    tx.insert_account(&account("3000001")).await.unwrap();
    let unknown = AccountId::parse("3999999").unwrap();
    let site = SiteFields {
        name: "s".into(),
        description: None,
        customer_name: None,
        customer_provided_id: None,
        address: Default::default(),
    };
    assert!(matches!(
        tx.insert_site(&unknown, &site, T0).await,
        Err(StoreError::Other(_))
    ));
    assert!(tx.commit().await.is_err());
    let mut r = store.read().await.unwrap();
    assert!(
        r.account(&AccountId::parse("3000001").unwrap())
            .await
            .unwrap()
            .is_none()
    );
}

/// A `Duplicate` does not break the transaction: what came before and
/// after it commits.
#[tokio::test]
async fn a_duplicate_leaves_the_transaction_usable() {
    let store = store_with_accounts(&["3000001"]).await;
    let mut tx = store.write().await.unwrap();
    assert!(matches!(
        tx.insert_account(&account("3000001")).await,
        Err(StoreError::Duplicate(_))
    ));
    tx.insert_account(&account("3000002")).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.read().await.unwrap().accounts().await.unwrap().len(),
        2
    );
}

/// A setting read inside a write transaction is held until it ends, so two
/// servers moving the sandbox clock at once both count.
#[tokio::test]
async fn read_modify_write_of_a_setting_loses_nothing() {
    let store = store_with_accounts(&[]).await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..5 {
                let mut tx = store.write().await.unwrap();
                let n: i64 = tx
                    .setting("counter")
                    .await
                    .unwrap()
                    .map_or(0, |v| v.parse().unwrap());
                tx.set_setting("counter", &(n + 1).to_string())
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let value = store
        .read()
        .await
        .unwrap()
        .setting("counter")
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some("40"));
}
