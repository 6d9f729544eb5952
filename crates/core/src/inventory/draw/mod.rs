//! Choosing candidate numbers from the blocks a search matches.
//!
//! Two customers searching the same area code should rarely be offered the
//! same numbers, so candidates are drawn at random across all matching
//! blocks, weighted by their size, rather than taken from the start of the
//! first block. Small inventories (an operator's few thousand numbers) are
//! enumerated instead, so every available number can be found. Vanity
//! searches enumerate the lines that spell the word in each exchange
//! (`tnhub_nanp::vanity_lines`) instead of hoping to hit one at random.
//!
//! A candidate drawn from block `b` is kept only if `b` is the block that
//! sells it (the narrowest containing it, not excluded), so overlapping
//! operator blocks own their numbers and their attributes.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use rand::Rng;
use rand::seq::SliceRandom;
use tnhub_nanp::{Geography, LocalVanity, Npa, Nxx, Tn};

use super::Inventory;
use super::query::{GeoFilter, Protected};

/// Inventories at most this large are enumerated rather than sampled.
pub const ENUMERATE_BELOW: u64 = 20_000;

/// A part of a block to draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub block: u32,
    pub first: u64,
    pub last: u64,
}

impl Span {
    fn len(&self) -> u64 {
        self.last - self.first + 1
    }
}

/// A number that may be offered (unless the store says it is taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub tn: Tn,
    pub block: u32,
}

impl Inventory {
    /// The local spans matching a geographic filter.
    pub fn spans(&self, f: &GeoFilter) -> Vec<Span> {
        if f.is_empty() {
            // Every local block (already in id order, each once).
            return self
                .local_blocks()
                .iter()
                .map(|&b| {
                    let blk = self.blocks[b as usize];
                    Span {
                        block: b,
                        first: blk.first,
                        last: blk.last,
                    }
                })
                .collect();
        }
        let state = f.state.as_deref().unwrap_or("");
        let zip_city = f
            .zip
            .and_then(|z| Geography::embedded().zip(z))
            .and_then(|z| z.prefix_city.clone().map(|c| (z.state.clone(), c)));
        let seed: Vec<u32> = if let Some(x) = f.npa_nxx_x {
            self.exchange_blocks(x.npa_nxx()).to_vec()
        } else if let Some(nn) = f.npa_nxx {
            self.exchange_blocks(nn).to_vec()
        } else if let Some(city) = &f.city {
            self.city_blocks(state, city).to_vec()
        } else if let Some(rc) = &f.rate_center {
            self.rate_center_blocks(state, rc).to_vec()
        } else if let Some(zip) = f.zip {
            let mut v = self.zip_blocks(&zip_text(zip)).to_vec();
            if let Some((s, c)) = &zip_city {
                v.extend_from_slice(self.city_blocks(s, c));
            }
            v
        } else if let Some(lata) = f.lata {
            self.lata_blocks(lata).to_vec()
        } else if let Some(npa) = f.area_code {
            self.npa_blocks(npa).to_vec()
        } else if f.state.is_some() {
            self.state_blocks(state).to_vec()
        } else {
            self.local_blocks().to_vec()
        };
        let window = f
            .npa_nxx_x
            .map(|x| (u64::from(x.get()) * 1_000, u64::from(x.get()) * 1_000 + 999))
            .or_else(|| {
                f.npa_nxx.map(|nn| {
                    (
                        u64::from(nn.get()) * 10_000,
                        u64::from(nn.get()) * 10_000 + 9_999,
                    )
                })
            });
        // `strict`: every criterion; otherwise (blocks that a local calling
        // area adds) all but the NPA-NXX(-X) window and the rate centre,
        // which the local calling area widens.
        let keeps = |b: u32, strict: bool| -> bool {
            let blk = self.blocks[b as usize];
            let a = self.attrs(b);
            !a.toll_free
                && f.area_code
                    .is_none_or(|npa| blk.first / 10_000_000 == u64::from(npa.get()))
                && (!strict || window.is_none_or(|(lo, hi)| blk.first <= hi && lo <= blk.last))
                && f.state.as_deref().is_none_or(|s| {
                    a.state
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(s))
                })
                && f.city.as_deref().is_none_or(|c| self.city_matches(b, c))
                && (!strict
                    || f.rate_center
                        .as_deref()
                        .is_none_or(|rc| self.rate_center_matches(b, rc)))
                && f.lata.is_none_or(|l| a.lata == Some(l))
                && f.zip.is_none_or(|z| {
                    a.zip.as_deref() == Some(zip_text(z).as_str())
                        || zip_city.as_ref().is_some_and(|(s, c)| {
                            a.state.as_deref() == Some(&**s) && self.city_matches(b, c)
                        })
                })
        };
        let mut chosen: Vec<u32> = seed.into_iter().filter(|&b| keeps(b, true)).collect();
        chosen.sort_unstable();
        chosen.dedup();
        let mut spans: Vec<Span> = chosen
            .iter()
            .map(|&b| {
                let blk = self.blocks[b as usize];
                let (lo, hi) = window.unwrap_or((blk.first, blk.last));
                Span {
                    block: b,
                    first: blk.first.max(lo),
                    last: blk.last.min(hi),
                }
            })
            .collect();
        // The local calling area (`LCA`, on by default; wire-format.md 3.3):
        // an NPA-NXX(-X) or rate-centre search also offers the rate centres
        // local to those of the blocks it matched (see `super::lca`), as
        // far as they meet the other criteria.
        if f.lca && (window.is_some() || f.rate_center.is_some()) {
            let mut anchors: Vec<(&str, &str)> = chosen
                .iter()
                .filter_map(|&b| {
                    let a = self.attrs(b);
                    Some((a.state.as_deref()?, a.rate_center.as_deref()?))
                })
                .collect();
            anchors.sort_unstable();
            anchors.dedup();
            let mut areas: Vec<_> = anchors
                .iter()
                .flat_map(|(s, rc)| self.local_calling_area(s, rc))
                .collect();
            areas.sort();
            areas.dedup();
            let mut have: HashSet<u32> = chosen.iter().copied().collect();
            for (s, rc) in areas {
                for &b in self.rate_center_blocks(&s, &rc) {
                    if keeps(b, false) && have.insert(b) {
                        let blk = self.blocks[b as usize];
                        spans.push(Span {
                            block: b,
                            first: blk.first,
                            last: blk.last,
                        });
                    }
                }
            }
        }
        spans
    }

    /// The toll-free spans of the given area codes.
    pub fn toll_free_spans(&self, npas: &[Npa]) -> Vec<Span> {
        npas.iter()
            .flat_map(|&npa| self.npa_blocks(npa).iter().copied())
            .filter(|&b| self.attrs(b).toll_free)
            .map(|b| {
                let blk = self.blocks[b as usize];
                Span {
                    block: b,
                    first: blk.first,
                    last: blk.last,
                }
            })
            .collect()
    }
}

fn zip_text(z: tnhub_nanp::ZipCode) -> String {
    format!("{:05}", z.get())
}

/// The spans a drawer draws from: a list, or every local block read from
/// the index in place (an unfiltered local search such as `localVanity`
/// alone would otherwise copy ~30,000 spans for every request).
enum Spans<'a> {
    List(Vec<Span>),
    Local(&'a [u32]),
}

/// Draws candidates from a set of spans.
pub struct Drawer<'a> {
    inventory: &'a Inventory,
    spans: Spans<'a>,
    /// Running totals of the spans' sizes, for weighted draws (computed on
    /// first use: vanity draws and small enumerations never need them).
    ends: OnceCell<Vec<u64>>,
    vanity: Option<&'a LocalVanity>,
}

impl<'a> Drawer<'a> {
    /// A drawer over `spans`, keeping only numbers that spell `vanity` if given.
    pub fn new(
        inventory: &'a Inventory,
        spans: Vec<Span>,
        vanity: Option<&'a LocalVanity>,
    ) -> Self {
        Self::over(inventory, Spans::List(spans), vanity)
    }

    /// A drawer over every local block: the same as
    /// `Drawer::new(inventory, inventory.spans(&GeoFilter::default()), vanity)`
    /// without copying the spans.
    pub fn local(inventory: &'a Inventory, vanity: Option<&'a LocalVanity>) -> Self {
        Self::over(inventory, Spans::Local(inventory.local_blocks()), vanity)
    }

    /// Keeps only the spans whose numbers `protected` wants (an operator's
    /// protected blocks are offered only to `protected=ONLY`/`MIXED`).
    pub fn protected(mut self, protected: Protected) -> Self {
        let inventory = self.inventory;
        self.spans = match self.spans {
            Spans::List(mut list) => {
                list.retain(|s| protected.allows(inventory.attrs(s.block).protected));
                Spans::List(list)
            }
            Spans::Local(_) => Spans::Local(match protected {
                Protected::Mixed => inventory.local_blocks(),
                Protected::None => inventory.local_blocks_protected(false),
                Protected::Only => inventory.local_blocks_protected(true),
            }),
        };
        self.ends = OnceCell::new();
        self
    }

    fn over(inventory: &'a Inventory, spans: Spans<'a>, vanity: Option<&'a LocalVanity>) -> Self {
        Drawer {
            inventory,
            spans,
            ends: OnceCell::new(),
            vanity,
        }
    }

    fn span_count(&self) -> usize {
        match &self.spans {
            Spans::List(list) => list.len(),
            Spans::Local(blocks) => blocks.len(),
        }
    }

    fn span(&self, i: usize) -> Span {
        match &self.spans {
            Spans::List(list) => list[i],
            Spans::Local(blocks) => {
                let blk = self.inventory.blocks[blocks[i] as usize];
                Span {
                    block: blocks[i],
                    first: blk.first,
                    last: blk.last,
                }
            }
        }
    }

    fn ends(&self) -> &[u64] {
        self.ends.get_or_init(|| {
            let mut total = 0;
            (0..self.span_count())
                .map(|i| {
                    total += self.span(i).len();
                    total
                })
                .collect()
        })
    }

    /// How many numbers the spans cover.
    pub fn total(&self) -> u64 {
        self.ends().last().copied().unwrap_or(0)
    }

    /// Whether the spans are small enough to enumerate.
    pub fn is_small(&self) -> bool {
        // Every span holds at least one number.
        self.span_count() as u64 <= ENUMERATE_BELOW && self.total() <= ENUMERATE_BELOW
    }

    fn accept(&self, n: u64, block: u32, seen: &mut HashSet<u64>) -> Option<Candidate> {
        let tn = Tn::from_u64(n)?;
        // Kept only from the block that sells it (the index finds a
        // number's owner from its exchange's few blocks and its area code's
        // multi-exchange ones).
        if self.inventory.block_of(tn) != Some(block) {
            return None;
        }
        if let Some(v) = self.vanity
            && !v.matches(tn)
        {
            return None;
        }
        seen.insert(n).then_some(Candidate { tn, block })
    }

    /// Up to `n` new candidates (not in `seen`), spread at random.
    pub fn draw(&self, n: usize, seen: &mut HashSet<u64>) -> Vec<Candidate> {
        if self.vanity.is_some() {
            return self.draw_vanity(n, seen);
        }
        let total = self.total();
        let mut out = Vec::with_capacity(n);
        if total == 0 {
            return out;
        }
        let mut rng = rand::rng();
        let mut attempts = 0;
        while out.len() < n && attempts < n * 4 + 64 {
            attempts += 1;
            let r = rng.random_range(0..total);
            let ends = self.ends();
            let i = ends.partition_point(|&end| end <= r);
            let span = self.span(i);
            let number = span.first + (r - (ends[i] - span.len()));
            if let Some(c) = self.accept(number, span.block, seen) {
                out.push(c);
            }
        }
        out
    }

    /// Every candidate of the spans (for small inventories), in random order.
    pub fn all(&self, seen: &mut HashSet<u64>) -> Vec<Candidate> {
        let mut out = Vec::new();
        for i in 0..self.span_count() {
            let span = self.span(i);
            for number in self.lines(&span) {
                if let Some(c) = self.accept(number, span.block, seen) {
                    out.push(c);
                }
            }
        }
        out.shuffle(&mut rand::rng());
        out
    }

    /// The numbers of a span worth trying: all of them, or only those that
    /// spell the vanity word.
    fn lines(&self, span: &Span) -> Box<dyn Iterator<Item = u64> + '_> {
        let span = *span;
        match self.vanity {
            None => Box::new(span.first..=span.last),
            Some(v) => Box::new((span.first / 10_000..=span.last / 10_000).flat_map(
                move |exchange| {
                    let nxx = Nxx::new((exchange % 1_000) as u16);
                    nxx.into_iter()
                        .flat_map(move |nxx| v.lines(nxx))
                        .map(move |line| exchange * 10_000 + u64::from(line))
                        .filter(move |n| span.first <= *n && *n <= span.last)
                },
            )),
        }
    }

    /// Vanity draws: spans in random order, at most a fair share from each
    /// on the first pass, starting at a random line, so results spread.
    fn draw_vanity(&self, n: usize, seen: &mut HashSet<u64>) -> Vec<Candidate> {
        let mut rng = rand::rng();
        let count = self.span_count();
        let share = n.div_ceil(count.max(1)).max(1);
        let mut out = Vec::with_capacity(n);
        // The spans in a random order, drawn one step of a Fisher-Yates
        // shuffle at a time and remembering only the positions moved: a
        // search over every exchange usually stops after a few dozen of its
        // ~30,000 spans.
        let mut moved: HashMap<usize, usize> = HashMap::new();
        let mut order: Vec<usize> = Vec::new();
        for pos in 0..count {
            if out.len() >= n {
                return out;
            }
            let j = rng.random_range(pos..count);
            let at_j = moved.get(&j).copied().unwrap_or(j);
            let at_pos = moved.get(&pos).copied().unwrap_or(pos);
            moved.insert(j, at_pos);
            order.push(at_j);
            self.take_vanity(at_j, share, n, &mut out, seen, &mut rng);
        }
        // Every span was visited: a second pass without the fair share.
        for &i in &order {
            if out.len() >= n {
                break;
            }
            self.take_vanity(i, usize::MAX, n, &mut out, seen, &mut rng);
        }
        out
    }

    /// Up to `cap` candidates from span `i`, starting at a random line.
    fn take_vanity(
        &self,
        i: usize,
        cap: usize,
        n: usize,
        out: &mut Vec<Candidate>,
        seen: &mut HashSet<u64>,
        rng: &mut impl Rng,
    ) {
        let span = self.span(i);
        let lines: Vec<u64> = self.lines(&span).collect();
        if lines.is_empty() {
            return;
        }
        let start = rng.random_range(0..lines.len());
        let mut taken = 0;
        for k in 0..lines.len() {
            if taken >= cap || out.len() >= n {
                break;
            }
            if let Some(c) = self.accept(lines[(start + k) % lines.len()], span.block, seen) {
                out.push(c);
                taken += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests;
