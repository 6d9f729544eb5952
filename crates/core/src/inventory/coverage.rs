//! What the inventory covers, for operators (`tnhub inventory status`,
//! `GET /admin/inventory`): how many geographic US/CA area codes, exchanges
//! and numbers are offered, and every such area code that offers nothing,
//! with the reason. Read from the index as built, so it shows what searches
//! really see (the default inventory, imports and exclusions included).

use std::collections::HashSet;

use tnhub_nanp::{Geography, Npa, NpaKind, NpaService};

use super::{Inventory, Origin};

/// The coverage of an inventory index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Geographic US/CA area codes of the reference plan.
    pub area_codes_total: usize,
    /// Of those, how many offer numbers.
    pub area_codes_offered: usize,
    /// Of those offered, how many sell exchanges derived from the area they
    /// overlay (opened after the assignment data's date).
    pub area_codes_derived: usize,
    /// Distinct exchanges (NPA-NXX) with numbers for sale.
    pub exchanges: usize,
    /// Local numbers the blocks span (before excluded ranges and numbers
    /// already taken, which the store knows).
    pub local_numbers: u64,
    /// Toll-free numbers the blocks span.
    pub toll_free_numbers: u64,
    /// Whether any block of the embedded default inventory is sold.
    pub default_inventory: bool,
    /// Geographic US/CA area codes with nothing for sale, ascending.
    pub empty: Vec<EmptyAreaCode>,
}

/// An area code that offers no numbers, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyAreaCode {
    pub npa: Npa,
    /// State or province, when known.
    pub state: Option<String>,
    pub reason: &'static str,
}

/// Why an area code of the reference plan has nothing for sale.
fn reason(service: NpaService, default_sold: bool) -> &'static str {
    match service {
        NpaService::NotInService => "not in service (see the generator's NOT_IN_SERVICE list)",
        _ if !default_sold => {
            "the embedded default inventory is not sold and no imported block covers it"
        }
        _ => "every exchange of it is excluded or replaced by imported blocks elsewhere",
    }
}

impl Inventory {
    /// The coverage of this index against the reference plan.
    pub fn coverage(&self, geography: &Geography) -> Coverage {
        let mut npas: HashSet<u16> = HashSet::new();
        let mut exchanges: HashSet<u32> = HashSet::new();
        let (mut local_numbers, mut toll_free_numbers) = (0u64, 0u64);
        let mut default_inventory = false;
        for b in &self.blocks {
            let a = &self.attrs[b.attrs as usize];
            default_inventory |= a.origin == Origin::Embedded;
            if a.toll_free {
                toll_free_numbers += b.len();
                continue;
            }
            local_numbers += b.len();
            let (first, last) = (b.first / 10_000, b.last / 10_000);
            if last - first < 10_000 {
                exchanges.extend((first..=last).map(|e| e as u32));
            }
            npas.extend((b.first / 10_000_000..=b.last / 10_000_000).map(|n| n as u16));
        }
        let mut c = Coverage {
            area_codes_total: 0,
            area_codes_offered: 0,
            area_codes_derived: 0,
            exchanges: exchanges.len(),
            local_numbers,
            toll_free_numbers,
            default_inventory,
            empty: Vec::new(),
        };
        for info in geography.npas() {
            if info.kind != NpaKind::Geographic || !matches!(&*info.region_code, "US" | "CA") {
                continue;
            }
            c.area_codes_total += 1;
            if npas.contains(&info.npa.get()) {
                c.area_codes_offered += 1;
                c.area_codes_derived += usize::from(info.service == NpaService::Derived);
            } else {
                c.empty.push(EmptyAreaCode {
                    npa: info.npa,
                    state: info.state.as_deref().map(str::to_owned),
                    reason: reason(info.service, default_inventory),
                });
            }
        }
        c
    }
}

#[cfg(test)]
mod tests;
