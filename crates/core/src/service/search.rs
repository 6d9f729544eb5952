//! `availableNumbers`: draw candidates from the index, drop the ones the
//! store says are taken, repeat until there are enough or the inventory is
//! exhausted.

use std::collections::HashSet;

use tnhub_nanp::{Geography, Npa, Tn};

use crate::error::CoreError;
use crate::inventory::draw::{Candidate, Drawer};
use crate::inventory::query::{Params, SearchKind, SearchQuery};
use crate::inventory::{BlockAttrs, Inventory};

use super::Tnhub;

/// How many draw-and-check rounds a search makes before it settles for
/// fewer results (only a nearly sold-out inventory needs more than one).
const ROUNDS: usize = 6;

/// A number that can be ordered now, with what is known about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailableNumber {
    pub tn: Tn,
    pub attrs: BlockAttrs,
}

impl Tnhub {
    /// Runs a search. Errors carry the 4000-range codes of the real service.
    pub async fn search(
        &self,
        params: &(impl Params + ?Sized),
    ) -> Result<(SearchQuery, Vec<AvailableNumber>), CoreError> {
        let inventory = self.inventory();
        let query = SearchQuery::parse_search(params, |npa: Npa| {
            inventory.has_npa(npa) || Geography::embedded().npa(npa).is_some()
        })?;
        let found = self.find_available(&inventory, &query).await?;
        Ok((query, found))
    }

    pub(super) async fn find_available(
        &self,
        inventory: &Inventory,
        q: &SearchQuery,
    ) -> Result<Vec<AvailableNumber>, CoreError> {
        let mut seen = HashSet::new();
        if let SearchKind::TollFreeVanity(v) = &q.kind {
            let candidates: Vec<Candidate> = v
                .tns()
                .into_iter()
                .filter_map(|tn| inventory.block_of(tn).map(|block| Candidate { tn, block }))
                .filter(|c| q.protected.allows(inventory.attrs(c.block).protected))
                .collect();
            return self.keep_available(inventory, candidates, q.quantity).await;
        }
        let Some(drawer) = drawer_for(inventory, q) else {
            return Ok(Vec::new());
        };
        if drawer.is_small() {
            let all = drawer.all(&mut seen);
            return self.keep_available(inventory, all, q.quantity).await;
        }
        let mut found: Vec<AvailableNumber> = Vec::with_capacity(q.quantity);
        for _ in 0..ROUNDS {
            let need = q.quantity - found.len();
            let batch = drawer.draw(need + need / 4 + 8, &mut seen);
            if batch.is_empty() {
                break;
            }
            found.extend(self.keep_available(inventory, batch, need).await?);
            if found.len() >= q.quantity {
                break;
            }
        }
        found.sort_by_key(|a| a.tn);
        Ok(found)
    }

    /// Up to `n` numbers drawn at random for `q` from the index alone,
    /// not checked against the store. The order worker takes them by
    /// inserting their rows, which the key on the number refuses for any
    /// number someone holds, so it needs no separate check (a round trip
    /// inside its write transaction). Empty where random draws do not
    /// apply: toll-free vanity and small inventories.
    pub(super) fn draw_unchecked(
        &self,
        inventory: &Inventory,
        q: &SearchQuery,
        n: usize,
    ) -> Vec<AvailableNumber> {
        match drawer_for(inventory, q) {
            Some(drawer) if !drawer.is_small() => drawer
                .draw(n, &mut HashSet::new())
                .into_iter()
                .map(|c| AvailableNumber {
                    tn: c.tn,
                    attrs: inventory.attrs(c.block).clone(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The first `limit` candidates the store does not hold, in number order.
    async fn keep_available(
        &self,
        inventory: &Inventory,
        candidates: Vec<Candidate>,
        limit: usize,
    ) -> Result<Vec<AvailableNumber>, CoreError> {
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let numbers: Vec<u64> = candidates.iter().map(|c| c.tn.as_u64()).collect();
        let taken: HashSet<u64> = self
            .store
            .read()
            .await?
            .taken(&numbers, self.clock.now())
            .await?
            .into_iter()
            .collect();
        let mut out: Vec<AvailableNumber> = candidates
            .into_iter()
            .filter(|c| !taken.contains(&c.tn.as_u64()))
            .take(limit)
            .map(|c| AvailableNumber {
                tn: c.tn,
                attrs: inventory.attrs(c.block).clone(),
            })
            .collect();
        out.sort_by_key(|a| a.tn);
        Ok(out)
    }
}

/// The drawer over what `q` asks for, keeping the blocks its `protected`
/// wants; `None` for toll-free vanity, whose few candidates are listed,
/// not drawn.
fn drawer_for<'a>(inventory: &'a Inventory, q: &'a SearchQuery) -> Option<Drawer<'a>> {
    let drawer = match &q.kind {
        SearchKind::TollFreeVanity(_) => return None,
        SearchKind::TollFree { npas } => {
            Drawer::new(inventory, inventory.toll_free_spans(npas), None)
        }
        SearchKind::Local { filter, vanity } if filter.is_empty() => {
            Drawer::local(inventory, vanity.as_ref())
        }
        SearchKind::Local { filter, vanity } => {
            Drawer::new(inventory, inventory.spans(filter), vanity.as_ref())
        }
    };
    Some(drawer.protected(q.protected))
}
