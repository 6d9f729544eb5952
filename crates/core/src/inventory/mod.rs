//! The inventory: which numbers this deployment may sell.
//!
//! Numbers are sold from **blocks** — a whole exchange (NPA-NXX), a
//! thousands-block (NPA-NXX-X) or a single number — never stored one row per
//! available number. The embedded default inventory is every exchange of the
//! reference geography plus the active toll-free codes; an operator's
//! imported blocks add to it (or replace it) and override its attributes.
//! A number is *available* when it lies in a block, may be offered at all
//! (`tnhub_nanp::is_offerable`), is not in an excluded range, and has no row
//! in the numbers table (reserved, in service, aging, porting …) — that last
//! check is the store's, made by the search service.
//!
//! An operator may mark blocks *protected* (the import's `protected`
//! column): their numbers are offered only to searches that ask for them
//! (`protected=ONLY` or `MIXED`), never to ordinary searches and orders.
//!
//! Layout: this module holds the in-memory index ([`Inventory`]) and its
//! record types; [`query`] parses `availableNumbers` searches; [`draw`]
//! picks candidate numbers from the matching blocks; [`lca`] derives each
//! rate centre's local calling area; [`import`] reads an operator's CSV
//! into block records.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use tnhub_nanp::{Geography, Npa, NpaNxx, TOLL_FREE_NPAS, Tn, compact_key, place_key};

pub mod coverage;
pub mod draw;
pub mod import;
pub mod lca;
pub mod places;
pub mod query;

pub use lca::LocalCallingArea;

/// Vendor shown for numbers whose block does not name one (the real
/// service's own CLEC, so sandbox responses look like production ones).
pub const DEFAULT_VENDOR_ID: u32 = 49;
/// See [`DEFAULT_VENDOR_ID`].
pub const DEFAULT_VENDOR_NAME: &str = "Bandwidth CLEC";

/// Where a block came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The embedded reference geography (the sandbox default).
    Embedded,
    /// An operator's import.
    Operator,
}

/// What is known about the numbers of a block: the billing geography and
/// the vendor, as shown in search details and `/tns`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockAttrs {
    pub state: Option<Arc<str>>,
    pub city: Option<Arc<str>>,
    pub rate_center: Option<Arc<str>>,
    pub lata: Option<u32>,
    pub zip: Option<Arc<str>>,
    pub tier: u32,
    pub vendor_id: u32,
    pub vendor_name: Arc<str>,
    pub toll_free: bool,
    /// Offered only to searches that ask for protected numbers.
    pub protected: bool,
    pub origin: Origin,
}

/// A block as an import stores it: a range and the attributes the operator
/// gave (missing ones fall back to the reference geography).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockRecord {
    /// First number of the range (10 digits as an integer).
    pub first: u64,
    /// Last number of the range, inclusive.
    pub last: u64,
    /// An excluded range is never sold, whatever other block covers it.
    pub excluded: bool,
    pub state: Option<String>,
    pub city: Option<String>,
    pub rate_center: Option<String>,
    pub lata: Option<u32>,
    pub zip: Option<String>,
    pub tier: Option<u32>,
    pub vendor_id: Option<u32>,
    pub vendor_name: Option<String>,
    /// Whether the block's numbers are protected (see the module docs).
    pub protected: bool,
}

/// One block of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub first: u64,
    pub last: u64,
    attrs: u32,
}

impl Block {
    /// How many numbers the range holds.
    pub fn len(&self) -> u64 {
        self.last - self.first + 1
    }

    /// Never true: a block holds at least one number.
    pub fn is_empty(&self) -> bool {
        false
    }
}

type Index<K> = HashMap<K, Vec<u32>>;

/// The blocks for sale, indexed by every search key.
#[derive(Debug, Default)]
pub struct Inventory {
    blocks: Vec<Block>,
    attrs: Vec<BlockAttrs>,
    excluded: Vec<(u64, u64)>,
    by_npa: Index<u16>,
    by_exchange: Index<u32>,
    /// Per area code, its blocks that span more than one exchange (few:
    /// usually none, one for a toll-free code). With `by_exchange` they
    /// find a number's owner without scanning the whole area code.
    wide_by_npa: Index<u16>,
    by_state: Index<Arc<str>>,
    by_city: Index<String>,
    by_rate_center: Index<String>,
    by_lata: Index<u32>,
    by_zip: Index<String>,
    local: Vec<u32>,
    /// The local blocks that are not protected, and those that are (an
    /// unfiltered local search draws from one list or both).
    local_open: Vec<u32>,
    local_protected: Vec<u32>,
    /// Rate centres' locations for local calling areas, built on first use.
    lca: OnceLock<lca::Areas>,
    /// The store's inventory generation this index was built from.
    pub generation: i64,
}

fn arc(s: &Option<String>) -> Option<Arc<str>> {
    s.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(Arc::from)
}

fn exchange_of(n: u64) -> u32 {
    (n / 10_000) as u32
}

impl Inventory {
    /// An index that sells nothing and was built from no generation (so the
    /// first refresh always rebuilds it).
    pub fn empty() -> Inventory {
        Inventory {
            generation: -1,
            ..Inventory::default()
        }
    }

    /// Builds the index: the embedded default (when `geography` is given)
    /// plus the operator's records, whose missing attributes come from the
    /// same geography. See [`Inventory::build_with_reference`].
    pub fn build(
        geography: Option<&Geography>,
        records: &[BlockRecord],
        generation: i64,
    ) -> Inventory {
        Self::build_with_reference(geography, geography, records, generation)
    }

    /// Builds the index: the embedded default (when `default` is given)
    /// plus the operator's records. An operator block covering exactly an
    /// embedded exchange replaces it; narrower operator blocks take
    /// precedence for the numbers they cover. An operator row that leaves
    /// out state, city, rate centre or LATA gets its exchange's from
    /// `reference` — also when the default inventory is not sold, so an
    /// operator's own numbers are still found by place.
    pub fn build_with_reference(
        default: Option<&Geography>,
        reference: Option<&Geography>,
        records: &[BlockRecord],
        generation: i64,
    ) -> Inventory {
        let geography = default;
        let mut inv = Inventory {
            generation,
            ..Inventory::default()
        };
        let vendor: Arc<str> = Arc::from(DEFAULT_VENDOR_NAME);
        let mut keys = KeyCache::default();
        let operator_ranges: std::collections::HashSet<(u64, u64)> = records
            .iter()
            .filter(|r| !r.excluded)
            .map(|r| (r.first, r.last))
            .collect();
        if let Some(geo) = geography {
            // ~235k blocks: size the big tables once.
            let n = geo.exchanges().len() + TOLL_FREE_NPAS.len() + records.len();
            inv.blocks.reserve(n);
            inv.local.reserve(n);
            inv.local_open.reserve(n);
            inv.by_exchange.reserve(n);
            for e in geo.exchanges() {
                let first = u64::from(e.npa_nxx.get()) * 10_000;
                if !operator_ranges.is_empty() && operator_ranges.contains(&(first, first + 9_999))
                {
                    continue;
                }
                inv.push(
                    &mut keys,
                    first,
                    first + 9_999,
                    BlockAttrs {
                        state: Some(e.state.clone()),
                        city: Some(e.city.clone()),
                        rate_center: Some(e.rate_center.clone()),
                        lata: e.lata.map(|l| l.get()),
                        zip: None,
                        tier: 0,
                        vendor_id: DEFAULT_VENDOR_ID,
                        vendor_name: vendor.clone(),
                        toll_free: false,
                        protected: false,
                        origin: Origin::Embedded,
                    },
                );
            }
            for npa in TOLL_FREE_NPAS {
                let base = u64::from(npa.get()) * 10_000_000;
                if operator_ranges.contains(&(base + 2_000_000, base + 9_999_999)) {
                    continue;
                }
                inv.push(
                    &mut keys,
                    base + 2_000_000,
                    base + 9_999_999,
                    toll_free_attrs(&vendor, Origin::Embedded),
                );
            }
        }
        for r in records {
            if r.excluded {
                inv.excluded.push((r.first, r.last));
                continue;
            }
            let npa = Npa::new((r.first / 10_000_000) as u16);
            let toll_free = npa.is_some_and(tnhub_nanp::is_toll_free);
            let reference = reference.and_then(|g| {
                NpaNxx::parse(&format!("{:06}", exchange_of(r.first)))
                    .ok()
                    .and_then(|nn| g.exchange(nn))
            });
            let attrs = if toll_free {
                BlockAttrs {
                    tier: r.tier.unwrap_or(0),
                    vendor_id: r.vendor_id.unwrap_or(DEFAULT_VENDOR_ID),
                    vendor_name: arc(&r.vendor_name).unwrap_or_else(|| vendor.clone()),
                    protected: r.protected,
                    ..toll_free_attrs(&vendor, Origin::Operator)
                }
            } else {
                BlockAttrs {
                    state: arc(&r.state)
                        .map(|s| Arc::from(s.to_ascii_uppercase()))
                        .or_else(|| reference.map(|e| e.state.clone())),
                    city: arc(&r.city).or_else(|| reference.map(|e| e.city.clone())),
                    rate_center: arc(&r.rate_center)
                        .or_else(|| reference.map(|e| e.rate_center.clone())),
                    lata: r
                        .lata
                        .or_else(|| reference.and_then(|e| e.lata.map(|l| l.get()))),
                    zip: arc(&r.zip),
                    tier: r.tier.unwrap_or(0),
                    vendor_id: r.vendor_id.unwrap_or(DEFAULT_VENDOR_ID),
                    vendor_name: arc(&r.vendor_name).unwrap_or_else(|| vendor.clone()),
                    toll_free: false,
                    protected: r.protected,
                    origin: Origin::Operator,
                }
            };
            inv.push(&mut keys, r.first, r.last, attrs);
        }
        inv.excluded = merge(std::mem::take(&mut inv.excluded));
        inv
    }

    fn push(&mut self, keys: &mut KeyCache, first: u64, last: u64, attrs: BlockAttrs) {
        let id = self.blocks.len() as u32;
        let a = &attrs;
        self.by_npa
            .entry((first / 10_000_000) as u16)
            .or_default()
            .push(id);
        if exchange_of(first) == exchange_of(last) {
            self.by_exchange
                .entry(exchange_of(first))
                .or_default()
                .push(id);
        } else {
            self.wide_by_npa
                .entry((first / 10_000_000) as u16)
                .or_default()
                .push(id);
        }
        if !a.toll_free {
            self.local.push(id);
            if a.protected {
                self.local_protected.push(id);
            } else {
                self.local_open.push(id);
            }
        }
        if let Some(state) = &a.state {
            match self.by_state.get_mut(state) {
                Some(v) => v.push(id),
                None => {
                    self.by_state.insert(state.clone(), vec![id]);
                }
            }
            let (city_keys, rc_keys) = keys.get(a);
            for key in city_keys {
                add_to(&mut self.by_city, key, id);
            }
            for key in rc_keys {
                add_to(&mut self.by_rate_center, key, id);
            }
        }
        if let Some(lata) = a.lata {
            self.by_lata.entry(lata).or_default().push(id);
        }
        if let Some(zip) = &a.zip {
            self.by_zip.entry(zip.to_string()).or_default().push(id);
        }
        let attrs = keys.attrs_id(&mut self.attrs, attrs);
        self.blocks.push(Block { first, last, attrs });
    }

    /// Every block.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// How many numbers the inventory spans (before exclusions and taken ones).
    pub fn span(&self) -> u64 {
        self.blocks.iter().map(Block::len).sum()
    }

    /// The attributes of a block.
    pub fn attrs(&self, block: u32) -> &BlockAttrs {
        &self.attrs[self.blocks[block as usize].attrs as usize]
    }

    /// The block that sells `tn`: the narrowest block containing it, or
    /// `None` when no block does, the number may never be offered, or it
    /// lies in an excluded range.
    pub fn block_of(&self, tn: Tn) -> Option<u32> {
        let n = tn.as_u64();
        if !tnhub_nanp::is_offerable(tn) || self.is_excluded(n) {
            return None;
        }
        let in_exchange = self.by_exchange.get(&exchange_of(n)).into_iter().flatten();
        let npa_wide = self
            .wide_by_npa
            .get(&((n / 10_000_000) as u16))
            .into_iter()
            .flatten();
        in_exchange
            .chain(npa_wide)
            .copied()
            .filter(|&b| {
                let blk = self.blocks[b as usize];
                blk.first <= n && n <= blk.last
            })
            .min_by_key(|&b| (self.blocks[b as usize].len(), std::cmp::Reverse(b)))
    }

    /// Whether `n` lies in an excluded range.
    pub fn is_excluded(&self, n: u64) -> bool {
        // The ranges are merged and sorted: only the last one starting at or
        // before `n` can contain it.
        let i = self.excluded.partition_point(|&(first, _)| first <= n);
        i > 0 && self.excluded[i - 1].1 >= n
    }

    /// Whether the inventory sells anything in an area code.
    pub fn has_npa(&self, npa: Npa) -> bool {
        self.by_npa.contains_key(&npa.get())
    }

    /// Block ids by index.
    pub(crate) fn npa_blocks(&self, npa: Npa) -> &[u32] {
        self.by_npa.get(&npa.get()).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn exchange_blocks(&self, nn: NpaNxx) -> &[u32] {
        self.by_exchange.get(&nn.get()).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn state_blocks(&self, state: &str) -> &[u32] {
        self.by_state
            .get(state.to_ascii_uppercase().as_str())
            .map_or(&[], Vec::as_slice)
    }

    pub(crate) fn city_blocks(&self, state: &str, city: &str) -> &[u32] {
        lookup(&self.by_city, state, &name_keys(Some(city)))
    }

    pub(crate) fn rate_center_blocks(&self, state: &str, rc: &str) -> &[u32] {
        let mut keys = name_keys(Some(rc));
        keys.push(compact_key(rc).chars().take(10).collect());
        lookup(&self.by_rate_center, state, &keys)
    }

    pub(crate) fn lata_blocks(&self, lata: u32) -> &[u32] {
        self.by_lata.get(&lata).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn zip_blocks(&self, zip: &str) -> &[u32] {
        self.by_zip.get(zip).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn local_blocks(&self) -> &[u32] {
        &self.local
    }

    /// The local blocks that are (`true`) or are not protected.
    pub(crate) fn local_blocks_protected(&self, protected: bool) -> &[u32] {
        if protected {
            &self.local_protected
        } else {
            &self.local_open
        }
    }

    /// Whether a block's city matches a requested name (any spelling; a
    /// borough also matches its enclosing city).
    pub(crate) fn city_matches(&self, block: u32, city: &str) -> bool {
        let want = name_keys(Some(city));
        let attrs = self.attrs(block);
        let enclosing = match (&attrs.state, &attrs.city) {
            (Some(s), Some(c)) => tnhub_nanp::enclosing_city(s, c),
            _ => None,
        };
        name_keys(attrs.city.as_deref())
            .into_iter()
            .chain(name_keys(enclosing))
            .any(|k| want.contains(&k))
    }

    /// Whether a block's rate centre matches a requested name.
    pub(crate) fn rate_center_matches(&self, block: u32, rc: &str) -> bool {
        let mut want = name_keys(Some(rc));
        want.push(compact_key(rc).chars().take(10).collect());
        name_keys(self.attrs(block).rate_center.as_deref())
            .iter()
            .any(|k| want.contains(k))
    }
}

/// What the blocks of one place share while the index is built: the
/// `STATE|KEY` index keys of its city (and the city enclosing it: a borough
/// is also found under New York) and rate centre, and, for the embedded
/// default, one attribute record. The embedded blocks of a place share their
/// strings, so places are keyed by the strings' addresses (235k blocks, ~11k
/// places: this keeps the index build and its memory small).
#[derive(Default)]
struct KeyCache {
    map: HashMap<PlaceId, PlaceKeys>,
    shared: HashMap<(PlaceId, Option<u32>), u32>,
}

/// A place by its strings' addresses: state, city, rate centre.
type PlaceId = (usize, usize, usize);
/// A place's city keys and rate-centre keys (`STATE|KEY`).
type PlaceKeys = (Vec<String>, Vec<String>);

fn addr(s: &Option<Arc<str>>) -> usize {
    s.as_ref()
        .map_or(0, |s| Arc::as_ptr(s).cast::<u8>() as usize)
}

impl KeyCache {
    /// The id of `attrs` in `all`: shared by the embedded local blocks of a
    /// place (identical but for their range), else a record of its own.
    fn attrs_id(&mut self, all: &mut Vec<BlockAttrs>, attrs: BlockAttrs) -> u32 {
        let mut push = |attrs| {
            all.push(attrs);
            (all.len() - 1) as u32
        };
        if attrs.origin != Origin::Embedded || attrs.toll_free {
            return push(attrs);
        }
        let key = (
            (
                addr(&attrs.state),
                addr(&attrs.city),
                addr(&attrs.rate_center),
            ),
            attrs.lata,
        );
        *self.shared.entry(key).or_insert_with(|| push(attrs))
    }

    fn get(&mut self, a: &BlockAttrs) -> &PlaceKeys {
        let id = (addr(&a.state), addr(&a.city), addr(&a.rate_center));
        self.map.entry(id).or_insert_with(|| {
            let state = a.state.as_deref().unwrap_or("");
            let enclosing = a
                .city
                .as_deref()
                .and_then(|c| tnhub_nanp::enclosing_city(state, c));
            let full = |keys: Vec<String>| -> Vec<String> {
                keys.into_iter().map(|k| format!("{state}|{k}")).collect()
            };
            let mut city = full(name_keys(a.city.as_deref()));
            city.extend(full(name_keys(enclosing)));
            (city, full(name_keys(a.rate_center.as_deref())))
        })
    }
}

fn add_to(index: &mut Index<String>, key: &str, id: u32) {
    match index.get_mut(key) {
        Some(v) => v.push(id),
        None => {
            index.insert(key.to_owned(), vec![id]);
        }
    }
}

/// Sorts ranges and merges overlapping or adjacent ones.
fn merge(mut ranges: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    ranges.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
    for (first, last) in ranges {
        match out.last_mut() {
            Some(prev) if first <= prev.1.saturating_add(1) => prev.1 = prev.1.max(last),
            _ => out.push((first, last)),
        }
    }
    out
}

fn toll_free_attrs(vendor: &Arc<str>, origin: Origin) -> BlockAttrs {
    BlockAttrs {
        state: None,
        city: None,
        rate_center: None,
        lata: None,
        zip: None,
        tier: 0,
        vendor_id: DEFAULT_VENDOR_ID,
        vendor_name: vendor.clone(),
        toll_free: true,
        protected: false,
        origin,
    }
}

/// The keys a place name is indexed and looked up under.
fn name_keys(name: Option<&str>) -> Vec<String> {
    let Some(name) = name else { return Vec::new() };
    let (a, b) = (place_key(name), compact_key(name));
    let mut keys = vec![a];
    if b != keys[0] {
        keys.push(b);
    }
    keys.retain(|k| !k.is_empty());
    keys
}

fn lookup<'a>(index: &'a Index<String>, state: &str, keys: &[String]) -> &'a [u32] {
    let state = state.trim().to_ascii_uppercase();
    keys.iter()
        .find_map(|k| index.get(&format!("{state}|{k}")))
        .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests;
