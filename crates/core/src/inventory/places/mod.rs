//! Places: every exchange, rate centre and city the inventory sells
//! numbers in, with the exact ranges of numbers each one sells.
//!
//! The geography look-ups (`availableNpaNxx`, `/cities`, `/rateCenters`,
//! `/coveredRateCenters`) answer from the same index the search draws from,
//! so a place is listed exactly when a search there can find numbers
//! (before the store's taken numbers are subtracted), and an operator's
//! import adds its cities and rate centres. Building walks every block
//! once, so it is done once per index and shared ([`Places::of`]).
//!
//! Ownership follows [`Inventory::block_of`]: where blocks overlap, the
//! narrowest one sells the numbers (on a tie, the one added last), and an
//! excluded range sells nothing. Whether a number may be offered at all
//! (`tnhub_nanp::is_offerable`) depends only on its area code and exchange
//! code, so it is decided once per exchange: an exchange's 10,000 lines are
//! all offerable or none are (a test in `tests.rs` beside this file checks
//! this).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use tnhub_nanp::{Geography, compact_key, place_key};

use super::Inventory;
use sweep::{Piece, pieces};

/// The numbers a place sells: sorted, disjoint, inclusive ranges.
pub type Ranges = Vec<(u64, u64)>;

/// An exchange (NPA-NXX) with numbers for sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangePlace {
    /// The six digits as an integer (`919212`).
    pub npa_nxx: u32,
    /// State of the block that sells most of it.
    pub state: Option<Arc<str>>,
    /// City of the block that sells most of it.
    pub city: Option<Arc<str>>,
    /// What it sells.
    pub ranges: Ranges,
    /// How many numbers that is.
    pub numbers: u64,
}

/// A rate centre of a state with numbers for sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateCenterPlace {
    /// Stable id, see [`rate_center_id`].
    pub id: u64,
    /// Two-letter state code.
    pub state: Arc<str>,
    /// The abbreviation as the inventory spells it (as in search details).
    pub abbreviation: Arc<str>,
    /// Upper-case name: the city selling most of its numbers, else the abbreviation.
    pub name: String,
    /// The LATA selling most of its numbers.
    pub lata: Option<u32>,
    /// Every LATA it has numbers in, ascending.
    pub latas: Vec<u32>,
    /// Its cities, upper case, sorted.
    pub cities: Vec<Arc<str>>,
    /// ZIP codes operators gave its blocks, sorted (see [`Places::zip_codes`]).
    pub block_zips: Vec<Arc<str>>,
    /// Tiers of its blocks, ascending.
    pub tiers: Vec<u32>,
    /// The vendors (id, name) of its blocks, by id.
    pub vendors: Vec<(u32, Arc<str>)>,
    /// What it sells.
    pub ranges: Ranges,
    /// How many numbers that is.
    pub numbers: u64,
}

/// A city of a state with numbers for sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityPlace {
    /// Two-letter state code.
    pub state: Arc<str>,
    /// Upper-case name, as the real service writes cities.
    pub name: String,
    /// The rate centre selling most of its numbers.
    pub rate_center: Option<Arc<str>>,
    /// What it sells.
    pub ranges: Ranges,
    /// How many numbers that is.
    pub numbers: u64,
}

/// The places of one inventory index.
#[derive(Debug, Default)]
pub struct Places {
    exchanges: Vec<ExchangePlace>,
    rate_centers: Vec<RateCenterPlace>,
    rc_by_state: HashMap<Arc<str>, Vec<u32>>,
    /// (state, compact key of the abbreviation) → rate centre.
    rc_by_key: HashMap<(Arc<str>, String), u32>,
    cities: Vec<CityPlace>,
    city_by_state: HashMap<Arc<str>, Range<usize>>,
}

/// Ids are below this (40 bits): exact as a JavaScript number, so Node's
/// value coercion cannot round them.
pub const ID_SPACE: u64 = 1 << 40;

/// The id a rate centre gets unless another already has it: FNV-1a (64-bit)
/// of `STATE|KEY` (`KEY` = the abbreviation's compact key, so spellings
/// agree) reduced to `2..2^40`. It depends on nothing but the name, so it
/// survives restarts, rebuilds and other imports; 0 and 1 are never used,
/// so `page=1` can never be mistaken for an id.
pub fn rate_center_id(state: &str, abbreviation: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!(
        "{}|{}",
        state.trim().to_ascii_uppercase(),
        compact_key(abbreviation)
    );
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    2 + h % (ID_SPACE - 2)
}

impl Places {
    /// The places of an index, built on first use and shared while the
    /// index lives. Keyed by the index itself rather than its generation,
    /// because separate servers in one process (tests) can have different
    /// inventories with the same generation.
    pub fn of(inventory: &Arc<Inventory>) -> Arc<Places> {
        type Cache = Mutex<Vec<(Weak<Inventory>, Arc<Places>)>>;
        static CACHE: Cache = Mutex::new(Vec::new());
        let key = Arc::downgrade(inventory);
        let find = |cache: &mut Vec<(Weak<Inventory>, Arc<Places>)>| {
            cache.retain(|(w, _)| w.strong_count() > 0);
            cache
                .iter()
                .find(|(w, _)| w.ptr_eq(&key))
                .map(|(_, p)| p.clone())
        };
        if let Some(p) = find(&mut CACHE.lock().unwrap_or_else(PoisonError::into_inner)) {
            return p;
        }
        let built = Arc::new(Places::build(inventory));
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(p) = find(&mut cache) {
            return p;
        }
        cache.push((key, built.clone()));
        built
    }

    /// Every exchange with numbers for sale, in NPA-NXX order.
    pub fn exchanges(&self) -> &[ExchangePlace] {
        &self.exchanges
    }

    /// The exchanges of one area code.
    pub fn exchanges_in_npa(&self, npa: u16) -> &[ExchangePlace] {
        let lo = u32::from(npa) * 1_000;
        let start = self.exchanges.partition_point(|e| e.npa_nxx < lo);
        let end = self.exchanges.partition_point(|e| e.npa_nxx < lo + 1_000);
        &self.exchanges[start..end]
    }

    /// Every rate centre, in id order.
    pub fn rate_centers(&self) -> &[RateCenterPlace] {
        &self.rate_centers
    }

    /// The rate centre with this id.
    pub fn rate_center(&self, id: u64) -> Option<&RateCenterPlace> {
        self.rate_centers
            .binary_search_by_key(&id, |r| r.id)
            .ok()
            .map(|i| &self.rate_centers[i])
    }

    /// The rate centre of a state with this abbreviation (any spelling the
    /// inventory's compact key agrees with).
    pub fn rate_center_named(&self, state: &str, abbreviation: &str) -> Option<&RateCenterPlace> {
        let key = (
            Arc::from(state.trim().to_ascii_uppercase().as_str()),
            compact_key(abbreviation),
        );
        self.rc_by_key
            .get(&key)
            .map(|&i| &self.rate_centers[i as usize])
    }

    /// The rate centres of a state, by abbreviation.
    pub fn rate_centers_in(&self, state: &str) -> impl Iterator<Item = &RateCenterPlace> {
        self.rc_by_state
            .get(state.trim().to_ascii_uppercase().as_str())
            .into_iter()
            .flatten()
            .map(|&i| &self.rate_centers[i as usize])
    }

    /// The cities of a state, by name.
    pub fn cities_in(&self, state: &str) -> &[CityPlace] {
        self.city_by_state
            .get(state.trim().to_ascii_uppercase().as_str())
            .map_or(&[], |r| &self.cities[r.clone()])
    }

    /// A rate centre's ZIP codes: those operators gave its blocks, plus the
    /// reference ZIPs whose prefix city is one of its cities (the same rule
    /// a `zip=` search uses), sorted.
    pub fn zip_codes(&self, rc: &RateCenterPlace) -> Vec<String> {
        let mut out: BTreeSet<String> = rc.block_zips.iter().map(|z| z.to_string()).collect();
        for city in &rc.cities {
            if let Some(zips) = reference_zips().get(&(rc.state.to_string(), place_key(city))) {
                out.extend(zips.iter().cloned());
            }
        }
        out.into_iter().collect()
    }

    /// Builds the places of an index.
    pub fn build(inv: &Inventory) -> Places {
        let pieces = pieces(inv);
        let mut places = Places::default();
        for group in pieces.chunk_by(|a, b| a.first / 10_000 == b.first / 10_000) {
            let main = group
                .iter()
                .max_by_key(|p| (p.len(), Reverse(p.first)))
                .expect("chunks are not empty");
            let a = inv.attrs(main.block);
            let mut ranges = Vec::new();
            for p in group {
                push_range(&mut ranges, p.first, p.last);
            }
            places.exchanges.push(ExchangePlace {
                npa_nxx: (main.first / 10_000) as u32,
                state: a.state.clone(),
                city: a.city.clone(),
                ranges,
                numbers: group.iter().map(Piece::len).sum(),
            });
        }
        let mut t = Tallies::default();
        for p in &pieces {
            t.add(inv, p);
        }
        places.finish_rate_centers(t.rcs);
        places.finish_cities(t.cities);
        places
    }

    fn finish_rate_centers(&mut self, tallies: BTreeMap<(Arc<str>, String), RcTally>) {
        let mut used = HashSet::new();
        let mut keys = Vec::with_capacity(tallies.len());
        for ((state, key), t) in tallies {
            let abbreviation = dominant(&t.spellings).expect("a tally has a spelling");
            let mut id = rate_center_id(&state, &abbreviation);
            while !used.insert(id) {
                // A collision (rare in 2^40): the later key in key order probes on.
                id = if id + 1 >= ID_SPACE { 2 } else { id + 1 };
            }
            keys.push((id, (state.clone(), key)));
            self.rate_centers.push(RateCenterPlace {
                id,
                name: dominant(&t.cities)
                    .map_or_else(|| abbreviation.to_uppercase(), |c| c.to_string()),
                abbreviation,
                state,
                lata: dominant(&t.latas),
                latas: t.latas.into_keys().collect(),
                cities: t.cities.into_keys().collect(),
                block_zips: t.zips.into_iter().collect(),
                tiers: t.tiers.into_iter().collect(),
                vendors: t.vendors.into_iter().collect(),
                ranges: t.ranges,
                numbers: t.numbers,
            });
        }
        self.rate_centers.sort_by_key(|r| r.id);
        for (id, key) in keys {
            let i = self.rate_centers.partition_point(|r| r.id < id);
            self.rc_by_key.insert(key, i as u32);
        }
        for (i, r) in self.rate_centers.iter().enumerate() {
            self.rc_by_state
                .entry(r.state.clone())
                .or_default()
                .push(i as u32);
        }
        for list in self.rc_by_state.values_mut() {
            list.sort_by(|&a, &b| {
                let (a, b) = (
                    &self.rate_centers[a as usize],
                    &self.rate_centers[b as usize],
                );
                a.abbreviation.cmp(&b.abbreviation).then(a.id.cmp(&b.id))
            });
        }
    }

    fn finish_cities(&mut self, tallies: BTreeMap<(Arc<str>, String), CityTally>) {
        self.cities = tallies
            .into_iter()
            .map(|((state, _), t)| CityPlace {
                state,
                name: dominant(&t.spellings)
                    .expect("a tally has a spelling")
                    .to_string(),
                rate_center: dominant(&t.rate_centers),
                ranges: t.ranges,
                numbers: t.numbers,
            })
            .collect();
        self.cities
            .sort_by(|a, b| (&a.state, &a.name).cmp(&(&b.state, &b.name)));
        let mut start = 0;
        for group in self.cities.chunk_by(|a, b| a.state == b.state) {
            self.city_by_state
                .insert(group[0].state.clone(), start..start + group.len());
            start += group.len();
        }
    }
}

#[derive(Default)]
struct RcTally {
    spellings: BTreeMap<Arc<str>, u64>,
    cities: BTreeMap<Arc<str>, u64>,
    latas: BTreeMap<u32, u64>,
    zips: BTreeSet<Arc<str>>,
    tiers: BTreeSet<u32>,
    vendors: BTreeSet<(u32, Arc<str>)>,
    ranges: Ranges,
    numbers: u64,
}

#[derive(Default)]
struct CityTally {
    spellings: BTreeMap<Arc<str>, u64>,
    rate_centers: BTreeMap<Arc<str>, u64>,
    ranges: Ranges,
    numbers: u64,
}

/// The tallies of every rate centre and city, by state and name key.
#[derive(Default)]
struct Tallies {
    rcs: BTreeMap<(Arc<str>, String), RcTally>,
    cities: BTreeMap<(Arc<str>, String), CityTally>,
}

impl Tallies {
    fn add(&mut self, inv: &Inventory, p: &Piece) {
        let a = inv.attrs(p.block);
        let Some(state) = &a.state else { return };
        let n = p.len();
        let city: Option<Arc<str>> = a.city.as_deref().map(|c| Arc::from(c.to_uppercase()));
        let rc_key = a.rate_center.as_deref().map(compact_key);
        if let (Some(rc), Some(key)) = (&a.rate_center, rc_key.filter(|k| !k.is_empty())) {
            let t = self.rcs.entry((state.clone(), key)).or_default();
            *t.spellings.entry(rc.clone()).or_default() += n;
            if let Some(c) = &city {
                *t.cities.entry(c.clone()).or_default() += n;
            }
            if let Some(l) = a.lata {
                *t.latas.entry(l).or_default() += n;
            }
            t.zips.extend(a.zip.clone());
            t.tiers.insert(a.tier);
            t.vendors.insert((a.vendor_id, a.vendor_name.clone()));
            push_range(&mut t.ranges, p.first, p.last);
            t.numbers += n;
        }
        let city_key = city.as_deref().map(place_key);
        if let (Some(c), Some(key)) = (city, city_key.filter(|k| !k.is_empty())) {
            let t = self.cities.entry((state.clone(), key)).or_default();
            if let Some(rc) = &a.rate_center {
                *t.rate_centers.entry(rc.clone()).or_default() += n;
            }
            *t.spellings.entry(c).or_default() += n;
            push_range(&mut t.ranges, p.first, p.last);
            t.numbers += n;
        }
    }
}

/// The key with the largest count (the first in key order on a tie).
fn dominant<K: Clone>(counts: &BTreeMap<K, u64>) -> Option<K> {
    let mut best: Option<(&K, u64)> = None;
    for (k, &n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k.clone())
}

/// Appends a range, merging it into the last one when they touch.
fn push_range(ranges: &mut Ranges, first: u64, last: u64) {
    match ranges.last_mut() {
        Some(prev) if prev.1 + 1 == first => prev.1 = last,
        _ => ranges.push((first, last)),
    }
}

/// Reference ZIP codes by (state, place key of their prefix city).
fn reference_zips() -> &'static HashMap<(String, String), Vec<String>> {
    static ZIPS: OnceLock<HashMap<(String, String), Vec<String>>> = OnceLock::new();
    ZIPS.get_or_init(|| {
        let mut map: HashMap<(String, String), Vec<String>> = HashMap::new();
        for z in Geography::embedded().zips() {
            if let Some(city) = &z.prefix_city {
                map.entry((z.state.to_string(), place_key(city)))
                    .or_default()
                    .push(format!("{:05}", z.zip.get()));
            }
        }
        map
    })
}

mod sweep;
#[cfg(test)]
mod tests;
