//! Who holds each exchange and thousands-block: NANPA's code and block
//! assignments (facts only, see `data/SOURCES.md`), for the losing carrier
//! of a port-in and the portability check. Parsed on first use, like the
//! ZIP table: only port-ins and operator reports need it.

use super::load;
use super::model::{Carrier, Ocn};
use crate::error::NanpError;
use crate::hash::FxHashMap as HashMap;
use crate::number::NpaNxx;

/// The block holders of pooled exchanges and the carriers by OCN.
#[derive(Debug, Default)]
pub(crate) struct CarrierTable {
    blocks: HashMap<NpaNxx, load::BlockHolders>,
    carriers: HashMap<Ocn, Carrier>,
}

impl CarrierTable {
    pub(crate) fn embedded() -> CarrierTable {
        Self::parse_embedded().expect("embedded carrier data parses (checked by tests)")
    }

    fn parse_embedded() -> Result<CarrierTable, NanpError> {
        let mut names = load::Interner::default();
        let blocks = load::blocks(&load::gunzip("blocks.csv.gz", load::BLOCKS_GZ)?)?;
        let carriers = load::carriers(
            &load::gunzip("carriers.csv.gz", load::CARRIERS_GZ)?,
            &mut names,
        )?;
        Ok(CarrierTable {
            blocks: blocks.into_iter().collect(),
            carriers: carriers.into_iter().map(|c| (c.ocn, c)).collect(),
        })
    }

    /// The holder of thousands-block `x` (0-9) of a pooled exchange: `None`
    /// when the exchange is not pooled or that block is not assigned.
    pub(crate) fn block_holder(&self, npa_nxx: NpaNxx, x: usize) -> Option<Ocn> {
        self.blocks
            .get(&npa_nxx)
            .and_then(|b| b.get(x).copied().flatten())
    }

    /// Whether the exchange is pooled (its blocks are assigned one by one).
    pub(crate) fn is_pooled(&self, npa_nxx: NpaNxx) -> bool {
        self.blocks.contains_key(&npa_nxx)
    }

    pub(crate) fn carrier(&self, ocn: Ocn) -> Option<&Carrier> {
        self.carriers.get(&ocn)
    }

    pub(crate) fn len(&self) -> usize {
        self.carriers.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Carrier> {
        self.carriers.values()
    }
}
