//! The sweep that decides which block sells each stretch of numbers, as
//! [`Inventory::block_of`] would: split from `places` to keep it short.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use tnhub_nanp::{Tn, is_offerable};

use crate::inventory::Inventory;

/// A run of numbers one block sells, inside one exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Piece {
    pub(super) first: u64,
    pub(super) last: u64,
    pub(super) block: u32,
}

impl Piece {
    pub(super) fn len(&self) -> u64 {
        self.last - self.first + 1
    }
}

/// Whether an exchange's numbers may be offered (all of them or none).
pub(super) fn exchange_offerable(exchange: u64) -> bool {
    Tn::from_u64(exchange * 10_000).is_some_and(is_offerable)
}

/// Every local number for sale as pieces, in number order: a sweep over
/// the block boundaries picks each stretch's owner like `block_of` does,
/// then excluded ranges and unofferable exchanges are cut out.
pub(super) fn pieces(inv: &Inventory) -> Vec<Piece> {
    let mut events: Vec<(u64, bool, u32)> = Vec::with_capacity(inv.local.len() * 2);
    for &b in &inv.local {
        let blk = inv.blocks[b as usize];
        events.push((blk.first, true, b));
        events.push((blk.last + 1, false, b));
    }
    events.sort_unstable();
    let mut active: BTreeSet<(u64, Reverse<u32>)> = BTreeSet::new();
    let mut out = Vec::with_capacity(inv.local.len());
    let mut k = 0;
    while k < events.len() {
        let at = events[k].0;
        while k < events.len() && events[k].0 == at {
            let (_, start, b) = events[k];
            let key = (inv.blocks[b as usize].len(), Reverse(b));
            if start {
                active.insert(key);
            } else {
                active.remove(&key);
            }
            k += 1;
        }
        // Every start has a later end, so a stretch with an owner has a next event.
        if let (Some(&(_, Reverse(owner))), Some(next)) = (active.first(), events.get(k)) {
            cut(inv, at, next.0 - 1, owner, &mut out);
        }
    }
    out
}

/// Emits `first..=last` of `block` without excluded ranges, one piece per
/// offerable exchange.
fn cut(inv: &Inventory, first: u64, last: u64, block: u32, out: &mut Vec<Piece>) {
    let mut emit = |mut a: u64, b: u64| {
        while a <= b {
            let exchange = a / 10_000;
            let end = b.min(exchange * 10_000 + 9_999);
            if exchange_offerable(exchange) {
                out.push(Piece {
                    first: a,
                    last: end,
                    block,
                });
            }
            a = end + 1;
        }
    };
    let excluded = &inv.excluded;
    let mut i = excluded.partition_point(|&(_, l)| l < first);
    let mut start = first;
    while start <= last {
        match excluded.get(i) {
            Some(&(f, l)) if f <= last => {
                if f > start {
                    emit(start, f - 1);
                }
                start = l.saturating_add(1);
                i += 1;
            }
            _ => {
                emit(start, last);
                break;
            }
        }
    }
}
