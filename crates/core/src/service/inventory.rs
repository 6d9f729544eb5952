//! Loading the inventory index and importing an operator's blocks, and
//! what operators read about it: coverage and one number's facts.

use std::sync::Arc;

use tnhub_nanp::{Carrier, Exchange, Geography, Tn};

use crate::error::CoreError;
use crate::inventory::Inventory;
use crate::inventory::coverage::Coverage;
use crate::inventory::import::ParsedImport;

use super::Tnhub;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Data rows read.
    pub rows: u64,
    /// Numbers made available.
    pub available_numbers: u64,
    /// Numbers excluded from sale.
    pub excluded_numbers: u64,
    /// Block rows stored (after merging runs).
    pub blocks: usize,
    /// The inventory generation after the import.
    pub generation: i64,
}

/// What the reference data and the index say about one number, for
/// operators (`tnhub inventory number`, `GET /admin/inventory/numbers/{tn}`).
#[derive(Debug, Clone)]
pub struct NumberFacts {
    pub tn: Tn,
    /// Whether a block of the index sells it (taken or not).
    pub in_inventory: bool,
    /// Its exchange in the reference geography.
    pub exchange: Option<&'static Exchange>,
    /// The carrier holding it (its block's holder, else the code holder):
    /// the losing carrier of a port-in.
    pub carrier: Option<&'static Carrier>,
    /// Whether its exchange is pooled (blocks assigned one by one).
    pub pooled: bool,
    /// Whether `carrier` holds its thousands-block (else the whole code).
    pub block_holder: bool,
}

impl Tnhub {
    /// The current index's coverage of the reference plan, after picking up
    /// any import another server made.
    pub async fn inventory_coverage(&self) -> Result<(Coverage, i64), CoreError> {
        self.refresh_inventory().await?;
        let inv = self.inventory();
        Ok((inv.coverage(Geography::embedded()), inv.generation))
    }

    /// One number's facts (see [`NumberFacts`]); an invalid number is
    /// refused with the parser's message.
    pub async fn number_facts(&self, tn: &str) -> Result<NumberFacts, CoreError> {
        let tn = Tn::parse(tn.trim()).map_err(|e| CoreError::invalid(0, e.to_string()))?;
        self.refresh_inventory().await?;
        let geo = Geography::embedded();
        Ok(NumberFacts {
            tn,
            in_inventory: self.inventory().block_of(tn).is_some(),
            exchange: geo.exchange(tn.npa_nxx()),
            carrier: geo.carrier_of(tn),
            pooled: geo.is_pooled(tn.npa_nxx()),
            block_holder: geo.block_carrier(tn).is_some(),
        })
    }

    /// The current inventory index.
    pub fn inventory(&self) -> Arc<Inventory> {
        self.inventory
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Rebuilds the index if the store's inventory changed since it was
    /// built (or it was never built); returns whether it did. Every server
    /// calls this periodically, so an import on one is seen by all.
    pub async fn refresh_inventory(&self) -> Result<bool, CoreError> {
        let mut repo = self.store.read().await?;
        let meta = repo.inventory_meta().await?;
        if self.inventory().generation == meta.generation {
            return Ok(false);
        }
        let records = repo.inventory_blocks().await?;
        drop(repo);
        // The reference geography fills in what an operator's rows leave
        // out even when the embedded default is not for sale.
        let default = meta.default_inventory.then(Geography::embedded);
        let built = Inventory::build_with_reference(
            default,
            Some(Geography::embedded()),
            &records,
            meta.generation,
        );
        tracing::info!(
            generation = meta.generation,
            default_inventory = meta.default_inventory,
            imported_blocks = records.len(),
            blocks = built.blocks().len(),
            "inventory index built"
        );
        Ok(install(&self.inventory, built))
    }

    /// Stores an operator's parsed file in one transaction (all or nothing)
    /// and bumps the inventory generation. With `replace_default` the
    /// embedded default inventory stops being sold.
    pub async fn import_inventory(
        &self,
        parsed: &ParsedImport,
        replace_default: bool,
    ) -> Result<ImportSummary, CoreError> {
        let mut tx = self.store.write().await?;
        tx.upsert_blocks(&parsed.blocks, self.clock.now()).await?;
        if replace_default {
            tx.set_default_inventory(false).await?;
        }
        let generation = tx.bump_inventory_generation().await?;
        tx.commit().await?;
        self.refresh_inventory().await?;
        Ok(ImportSummary {
            rows: parsed.rows,
            available_numbers: parsed.available_numbers,
            excluded_numbers: parsed.excluded_numbers,
            blocks: parsed.blocks.len(),
            generation,
        })
    }

    /// Turns the embedded default inventory on or off.
    pub async fn set_default_inventory(&self, enabled: bool) -> Result<(), CoreError> {
        let mut tx = self.store.write().await?;
        tx.set_default_inventory(enabled).await?;
        tx.bump_inventory_generation().await?;
        tx.commit().await?;
        self.refresh_inventory().await?;
        Ok(())
    }
}

/// Makes `built` the current index unless the current one is as new.
/// Two refreshes can overlap (the periodic one and an import's own): the
/// one that read an older generation must not replace a newer index that
/// finished first, or searches would sell from the old inventory until the
/// next refresh.
fn install(slot: &std::sync::RwLock<Arc<Inventory>>, built: Inventory) -> bool {
    let mut current = slot
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if current.generation >= built.generation {
        return false;
    }
    *current = Arc::new(built);
    true
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, RwLock};

    use super::install;
    use crate::inventory::Inventory;

    #[test]
    fn an_older_index_never_replaces_a_newer_one() {
        let slot = RwLock::new(Arc::new(Inventory::build(None, &[], 3)));
        assert!(!install(&slot, Inventory::build(None, &[], 2)), "older");
        assert!(!install(&slot, Inventory::build(None, &[], 3)), "as new");
        assert_eq!(slot.read().unwrap().generation, 3);
        assert!(install(&slot, Inventory::build(None, &[], 4)));
        assert_eq!(slot.read().unwrap().generation, 4);
    }
}
