//! The storage areas of orders: orders of every kind with their history
//! and notes, the durable job queue, shared settings, and the documents of
//! port-ins. Split from `store/mod.rs` to keep each file short.

use async_trait::async_trait;

use crate::ids::AccountId;
use crate::order::{DayCount, HistoryEntry, Job, Note, OrderFilter, OrderRow, StatusCount};
use crate::timestamp::Timestamp;

use super::StoreError;

/// Orders of every kind, their history and notes.
#[async_trait]
pub trait OrderRepo {
    /// Inserts an order.
    async fn insert_order(&mut self, order: &OrderRow) -> Result<(), StoreError>;
    /// One order of an account (any kind).
    async fn order(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<Option<OrderRow>, StoreError>;
    /// One order by id alone (for the worker).
    async fn order_by_id(&mut self, id: &str) -> Result<Option<OrderRow>, StoreError>;
    /// Replaces an order's mutable fields (status, name, customer order id,
    /// peer, counts, request, result, times).
    async fn update_order(&mut self, order: &OrderRow) -> Result<(), StoreError>;
    /// An account's orders matching a filter, oldest first, from `from_id` on.
    async fn orders(
        &mut self,
        account: &AccountId,
        filter: &OrderFilter,
        from_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<OrderRow>, StoreError>;
    /// How many orders match a filter.
    async fn count_orders(
        &mut self,
        account: &AccountId,
        filter: &OrderFilter,
    ) -> Result<u64, StoreError>;
    /// How many orders match a filter, counting no further than `limit`
    /// (so at most `limit`): a bounded cost however many orders an account
    /// has, for pages that only need to say "more than so many".
    async fn count_orders_upto(
        &mut self,
        account: &AccountId,
        filter: &OrderFilter,
        limit: u64,
    ) -> Result<u64, StoreError>;
    /// Like [`OrderRepo::orders`], but only the orders whose request names
    /// the number `tn` (a feature order's groups, a disconnect's numbers,
    /// an existing-number order's list): the `tn` filter of the feature
    /// order lists, applied by the query so that paging and counts see it.
    async fn orders_naming(
        &mut self,
        account: &AccountId,
        filter: &OrderFilter,
        tn: &str,
        from_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<OrderRow>, StoreError>;
    /// How many orders match a filter and name the number `tn`.
    async fn count_orders_naming(
        &mut self,
        account: &AccountId,
        filter: &OrderFilter,
        tn: &str,
    ) -> Result<u64, StoreError>;
    /// How many orders of each kind and status these accounts have (every
    /// account's when `None`): one grouped scan of an index, so the
    /// console's overview stays fast with many orders.
    async fn order_status_counts(
        &mut self,
        accounts: Option<&[AccountId]>,
    ) -> Result<Vec<StatusCount>, StoreError>;
    /// How many orders of each status were created on each day from
    /// `since` on, for these accounts (every account's when `None`).
    async fn order_days(
        &mut self,
        accounts: Option<&[AccountId]>,
        since: Timestamp,
    ) -> Result<Vec<DayCount>, StoreError>;
    /// Appends to an order's history.
    async fn add_history(&mut self, order_id: &str, entry: &HistoryEntry)
    -> Result<(), StoreError>;
    /// An order's history, oldest first.
    async fn history(&mut self, order_id: &str) -> Result<Vec<HistoryEntry>, StoreError>;
    /// Adds a note and returns its id.
    async fn add_note(
        &mut self,
        order_id: &str,
        user: &str,
        description: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError>;
    /// An order's notes, oldest first.
    async fn notes(&mut self, order_id: &str) -> Result<Vec<Note>, StoreError>;
    /// Changes a note's text; false if there is no such note on the order.
    async fn update_note(
        &mut self,
        order_id: &str,
        note_id: i64,
        description: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
}

/// The durable job queue.
#[async_trait]
pub trait JobRepo {
    /// Schedules a job; if one exists for the same kind and subject, it is
    /// kept and runs at the earlier of the two times.
    async fn enqueue_job(
        &mut self,
        kind: &str,
        subject: &str,
        run_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), StoreError>;
    /// Takes up to `limit` jobs due at `now` for this transaction: no other
    /// transaction gets them until this one ends (commit deletes or
    /// reschedules them; a crash or rollback returns them).
    async fn claim_due_jobs(&mut self, now: Timestamp, limit: u32) -> Result<Vec<Job>, StoreError>;
    /// Takes one job, if it is still there and due at `now`.
    async fn claim_job(&mut self, id: i64, now: Timestamp) -> Result<Option<Job>, StoreError>;
    /// Removes a finished job.
    async fn delete_job(&mut self, id: i64) -> Result<(), StoreError>;
    /// Removes the jobs of a subject (an order closed by its customer).
    async fn delete_jobs_of(&mut self, kind: &str, subject: &str) -> Result<(), StoreError>;
    /// Moves a job to a later time, recording an error if it failed.
    async fn reschedule_job(
        &mut self,
        id: i64,
        run_at: Timestamp,
        error: Option<&str>,
    ) -> Result<(), StoreError>;
    /// When the next job is due, if any.
    async fn next_job_due(&mut self) -> Result<Option<Timestamp>, StoreError>;
    /// Pending jobs, soonest first.
    async fn jobs(&mut self, limit: u32) -> Result<Vec<Job>, StoreError>;
    /// One pending job (finished jobs are deleted, so they are gone).
    async fn job(&mut self, id: i64) -> Result<Option<Job>, StoreError>;
}

/// Settings every server sharing the database agrees on.
#[async_trait]
pub trait SettingsRepo {
    /// A setting's value.
    async fn setting(&mut self, name: &str) -> Result<Option<String>, StoreError>;
    /// Sets a setting.
    async fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError>;
}
/// A document attached to a port-in (`…/portins/{id}/loas`), without its
/// bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoaFile {
    pub order_id: String,
    /// `<orderId>-<epochMillis>.<ext>`, unique per order.
    pub name: String,
    pub content_type: String,
    /// The size of the content in bytes.
    pub size: u64,
    pub document_name: Option<String>,
    /// `LOA`, `INVOICE`, `CSR` or `OTHER`.
    pub document_type: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What port-ins store besides their order row: their documents, kept in
/// the database with the bytes exactly as uploaded, and the removal of a
/// draft.
#[async_trait]
pub trait PortInRepo {
    /// Stores a document; `Duplicate` if the order already has one of that
    /// name (the transaction stays usable).
    async fn insert_loa(&mut self, file: &LoaFile, content: &[u8]) -> Result<(), StoreError>;
    /// One document of an order, without its bytes.
    async fn loa(&mut self, order_id: &str, name: &str) -> Result<Option<LoaFile>, StoreError>;
    /// The bytes of a document.
    async fn loa_content(
        &mut self,
        order_id: &str,
        name: &str,
    ) -> Result<Option<Vec<u8>>, StoreError>;
    /// An order's documents, oldest first.
    async fn loas(&mut self, order_id: &str) -> Result<Vec<LoaFile>, StoreError>;
    /// Replaces a document's bytes and content type (its metadata stays);
    /// false if there is no such document.
    async fn replace_loa(
        &mut self,
        order_id: &str,
        name: &str,
        content_type: &str,
        content: &[u8],
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// Sets (or, with `None`s, clears) a document's name and type; false if
    /// there is no such document.
    async fn update_loa_metadata(
        &mut self,
        order_id: &str,
        name: &str,
        document_name: Option<&str>,
        document_type: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// Deletes a document; false if there was none.
    async fn delete_loa(&mut self, order_id: &str, name: &str) -> Result<bool, StoreError>;
    /// Deletes an order with its history, notes and documents (a port-in
    /// draft cancelled by its customer); false if there was none.
    async fn delete_order(&mut self, order_id: &str) -> Result<bool, StoreError>;
}
