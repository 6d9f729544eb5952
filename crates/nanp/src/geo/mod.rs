//! The reference geography: exchanges (NPA-NXX) with their city, state,
//! rate centre, LATA, location and time zone, plus area codes, ZIP codes and
//! LATAs, with the indices the search endpoints need.
//!
//! The embedded copy ([`Geography::embedded`]) is parsed once, lazily, from
//! gzip-compressed CSV compiled into the binary; the ZIP table, needed only
//! by `zip=` searches, and the carrier table (`carriers.rs`), needed only by
//! port-ins and reports, are parsed on their first use. Timings: run
//! `cargo run --release -p tnhub-nanp --example parse_time`.

mod carriers;
mod load;
mod model;

use std::sync::{Arc, OnceLock};

pub use model::{
    Carrier, Exchange, LatLon, Lata, LataAnchor, LataInfo, NpaInfo, NpaKind, NpaService, Ocn,
    Source, ZipCode, ZipInfo,
};

use crate::error::NanpError;
use crate::hash::FxHashMap as HashMap;
use crate::number::{Npa, NpaNxx, Tn};
use crate::text::{compact_key, enclosing_city, keys, place_key};
use carriers::CarrierTable;

/// Reference geography with lookup indices. Exists so every search filter
/// (`areaCode`, `npaNxx`, `state`, `city`, `rateCenter`, `lata`, `zip`) maps
/// to a set of exchanges in one hash lookup.
#[derive(Debug)]
pub struct Geography {
    exchanges: Vec<Exchange>,
    npas: Vec<NpaInfo>,
    /// ZIP codes are parsed on first use: they are half of the embedded
    /// data and only `zip=` searches need them.
    zips: OnceLock<ZipTable>,
    /// Code and block holders, parsed on first use (port-ins, reports).
    carriers: OnceLock<CarrierTable>,
    latas: Vec<LataInfo>,
    states: Vec<Arc<str>>,
    by_npa: HashMap<Npa, Vec<u32>>,
    by_state: HashMap<Arc<str>, Vec<u32>>,
    /// `STATE|KEY` → exchanges, for city keys (canonical and compact).
    by_city: HashMap<String, Vec<u32>>,
    /// `STATE|KEY` → exchanges, for rate-centre keys.
    by_rate_center: HashMap<String, Vec<u32>>,
    by_lata: HashMap<Lata, Vec<u32>>,
    npa_index: HashMap<Npa, u32>,
    lata_index: HashMap<Lata, u32>,
}

/// A city of a state, for `GET /cities`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CityEntry {
    /// City name as published (mixed case).
    pub name: Arc<str>,
    /// Its rate centre abbreviation.
    pub rate_center: Arc<str>,
    /// How many exchanges it has.
    pub exchange_count: usize,
}

/// A rate centre of a state, for `GET /rateCenters` and covered rate centres.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateCenterEntry {
    /// The abbreviation, e.g. `RALEIGH`.
    pub abbreviation: Arc<str>,
    /// A readable name (the city of its first exchange).
    pub name: Arc<str>,
    /// Its LATA, if known.
    pub lata: Option<Lata>,
    /// How many exchanges it has.
    pub exchange_count: usize,
}

/// Iterator over a set of exchanges (in NPA-NXX order).
#[derive(Clone, Debug)]
pub struct Exchanges<'a> {
    all: &'a [Exchange],
    idx: std::slice::Iter<'a, u32>,
}

impl<'a> Iterator for Exchanges<'a> {
    type Item = &'a Exchange;

    fn next(&mut self) -> Option<&'a Exchange> {
        self.idx.next().map(|&i| &self.all[i as usize])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.idx.size_hint()
    }
}

impl ExactSizeIterator for Exchanges<'_> {}

static EMBEDDED: OnceLock<Geography> = OnceLock::new();

/// The ZIP records and their index.
#[derive(Debug, Default)]
struct ZipTable {
    zips: Vec<ZipInfo>,
    index: HashMap<ZipCode, u32>,
}

impl ZipTable {
    fn new(mut zips: Vec<ZipInfo>) -> ZipTable {
        zips.sort_by_key(|z| z.zip);
        let index = zips
            .iter()
            .enumerate()
            .map(|(i, z)| (z.zip, i as u32))
            .collect();
        ZipTable { zips, index }
    }

    fn embedded() -> ZipTable {
        let parse = || {
            load::zips(
                &load::gunzip("zips.csv.gz", load::ZIPS_GZ)?,
                &mut load::Interner::default(),
            )
        };
        ZipTable::new(parse().expect("embedded ZIP data parses (checked by tests)"))
    }
}

fn state_key(state: &str) -> String {
    state.trim().to_ascii_uppercase()
}

/// Adds exchanges under `STATE|KEY` for each distinct, non-empty key.
fn extend(map: &mut HashMap<String, Vec<u32>>, state: &str, keys: &[String; 2], idx: &[u32]) {
    for (n, key) in keys.iter().enumerate() {
        if !key.is_empty() && (n == 0 || *key != keys[0]) {
            let mut k = String::with_capacity(state.len() + 1 + key.len());
            k.push_str(state);
            k.push('|');
            k.push_str(key);
            map.entry(k).or_default().extend_from_slice(idx);
        }
    }
}

impl Geography {
    /// The geography compiled into the binary, parsed on first use and
    /// shared for the life of the process.
    pub fn embedded() -> &'static Geography {
        EMBEDDED.get_or_init(|| {
            Geography::parse_embedded().expect("embedded NANP data parses (checked by tests)")
        })
    }

    /// Parses the embedded data into a new, independent value. Exists for
    /// tests and benchmarks; servers use [`Geography::embedded`]. The ZIP
    /// table is still parsed lazily, on the first ZIP lookup.
    pub fn parse_embedded() -> Result<Geography, NanpError> {
        let mut names = load::Interner::default();
        let exchanges = load::exchanges(
            &load::gunzip("places.csv.gz", load::PLACES_GZ)?,
            &load::gunzip("exchanges.csv.gz", load::EXCHANGES_GZ)?,
            &mut names,
        )?;
        let npas = load::npas(&load::gunzip("npas.csv.gz", load::NPAS_GZ)?, &mut names)?;
        let latas = load::latas(load::LATAS_CSV, &mut names)?;
        Ok(Geography::build(exchanges, npas, OnceLock::new(), latas))
    }

    /// Builds a geography (and its indices) from records, e.g. the embedded
    /// ones overlaid with an operator's import. Exchanges are sorted by
    /// NPA-NXX; a duplicate NPA-NXX keeps the last record given.
    pub fn from_parts(
        exchanges: Vec<Exchange>,
        npas: Vec<NpaInfo>,
        zips: Vec<ZipInfo>,
        latas: Vec<LataInfo>,
    ) -> Geography {
        Geography::build(exchanges, npas, OnceLock::from(ZipTable::new(zips)), latas)
    }

    fn build(
        mut exchanges: Vec<Exchange>,
        mut npas: Vec<NpaInfo>,
        zips: OnceLock<ZipTable>,
        mut latas: Vec<LataInfo>,
    ) -> Geography {
        if !exchanges.is_sorted_by(|a, b| a.npa_nxx < b.npa_nxx) {
            exchanges.reverse();
            exchanges.sort_by_key(|e| e.npa_nxx); // stable: the last given comes first
            exchanges.dedup_by_key(|e| e.npa_nxx);
        }
        npas.sort_by_key(|n| n.npa);
        latas.sort_by_key(|l| l.lata);

        let mut g = Geography {
            states: Vec::new(),
            by_npa: HashMap::default(),
            by_state: HashMap::default(),
            by_city: HashMap::default(),
            by_rate_center: HashMap::default(),
            by_lata: HashMap::default(),
            npa_index: npas
                .iter()
                .enumerate()
                .map(|(i, n)| (n.npa, i as u32))
                .collect(),
            lata_index: latas
                .iter()
                .enumerate()
                .map(|(i, l)| (l.lata, i as u32))
                .collect(),
            exchanges: Vec::new(),
            npas,
            zips,
            carriers: OnceLock::new(),
            latas,
        };
        // Group first, so name keys are computed and hashed once per city or
        // rate centre instead of once per exchange. Groups are keyed by the
        // strings' addresses (shared when interned, as the embedded data is);
        // equal strings at different addresses just make more groups, which
        // merge again under the same name key below.
        let addr = |s: &Arc<str>| Arc::as_ptr(s).cast::<u8>() as usize;
        let mut cities: HashMap<(usize, usize), (u32, Vec<u32>)> = HashMap::default();
        let mut rate_centers: HashMap<(usize, usize), (u32, Vec<u32>)> = HashMap::default();
        for (i, e) in exchanges.iter().enumerate() {
            let i = i as u32;
            g.by_npa.entry(e.npa()).or_default().push(i);
            if let Some(lata) = e.lata {
                g.by_lata.entry(lata).or_default().push(i);
            }
            let key = (addr(&e.state), addr(&e.city));
            cities
                .entry(key)
                .or_insert_with(|| (i, Vec::new()))
                .1
                .push(i);
            let key = (addr(&e.state), addr(&e.rate_center));
            rate_centers
                .entry(key)
                .or_insert_with(|| (i, Vec::new()))
                .1
                .push(i);
        }
        let mut states: HashMap<String, Vec<u32>> = HashMap::default();
        for (first, idx) in cities.into_values() {
            let e = &exchanges[first as usize];
            let state = state_key(&e.state);
            states.entry(state.clone()).or_default().extend(&idx);
            let (canonical, compact) = keys(&e.city);
            extend(&mut g.by_city, &state, &[canonical, compact], &idx);
            if let Some(city) = enclosing_city(&state, &e.city) {
                let (canonical, compact) = keys(city);
                extend(&mut g.by_city, &state, &[canonical, compact], &idx);
            }
        }
        for (first, idx) in rate_centers.into_values() {
            let e = &exchanges[first as usize];
            let (canonical, compact) = keys(&e.rate_center);
            extend(
                &mut g.by_rate_center,
                &state_key(&e.state),
                &[compact, canonical],
                &idx,
            );
        }
        for map in [&mut g.by_city, &mut g.by_rate_center] {
            for v in map.values_mut() {
                v.sort_unstable();
                v.dedup();
            }
        }
        g.by_state = states
            .into_iter()
            .map(|(state, mut idx)| {
                idx.sort_unstable();
                (Arc::from(state), idx)
            })
            .collect();
        g.states = g.by_state.keys().cloned().collect();
        g.states.sort();
        g.exchanges = exchanges;
        g
    }

    fn select<'a>(&'a self, idx: Option<&'a Vec<u32>>) -> Exchanges<'a> {
        Exchanges {
            all: &self.exchanges,
            idx: idx.map_or(&[][..], |v| v.as_slice()).iter(),
        }
    }

    /// Every exchange, in NPA-NXX order.
    pub fn exchanges(&self) -> &[Exchange] {
        &self.exchanges
    }

    /// The exchange record for an NPA-NXX, if it is in the geography.
    pub fn exchange(&self, npa_nxx: NpaNxx) -> Option<&Exchange> {
        let i = self
            .exchanges
            .binary_search_by_key(&npa_nxx, |e| e.npa_nxx)
            .ok()?;
        Some(&self.exchanges[i])
    }

    /// Exchanges of an area code.
    pub fn exchanges_in_npa(&self, npa: Npa) -> Exchanges<'_> {
        self.select(self.by_npa.get(&npa))
    }

    /// Exchanges of a state or province (two-letter code, any case).
    pub fn exchanges_in_state(&self, state: &str) -> Exchanges<'_> {
        self.select(self.by_state.get(state_key(state).as_str()))
    }

    /// Exchanges of a city in a state. The city is matched ignoring case,
    /// spaces, punctuation and accents, and `Saint`/`St.`, `Fort`/`Ft.`
    /// spellings (`RALEIGH`, `Raleigh`, `winston salem`, `Ft. Myers`).
    pub fn exchanges_in_city(&self, state: &str, city: &str) -> Exchanges<'_> {
        let state = state_key(state);
        let hit = [place_key(city), compact_key(city)]
            .into_iter()
            .find_map(|k| self.by_city.get(&format!("{state}|{k}")));
        self.select(hit)
    }

    /// Exchanges of a rate centre in a state, matched like cities; a
    /// full name longer than an abbreviation's 10 characters also matches
    /// it (`NORTH CHARLESTON` finds `NORTHCHARL`).
    pub fn exchanges_in_rate_center(&self, state: &str, rate_center: &str) -> Exchanges<'_> {
        let state = state_key(state);
        let compact = compact_key(rate_center);
        let truncated: String = compact.chars().take(10).collect();
        let hit = [place_key(rate_center), compact, truncated]
            .into_iter()
            .find_map(|k| self.by_rate_center.get(&format!("{state}|{k}")));
        self.select(hit)
    }

    /// Exchanges of a LATA (approximate in the embedded data).
    pub fn exchanges_in_lata(&self, lata: Lata) -> Exchanges<'_> {
        self.select(self.by_lata.get(&lata))
    }

    /// Exchanges serving a ZIP code: those of its prefix city (empty if the
    /// ZIP is unknown or has no prefix city).
    pub fn exchanges_for_zip(&self, zip: ZipCode) -> Exchanges<'_> {
        match self.zip(zip) {
            Some(ZipInfo {
                state,
                prefix_city: Some(city),
                ..
            }) => self.exchanges_in_city(state, city),
            _ => self.select(None),
        }
    }

    /// Facts about an area code, if libphonenumber knows it.
    pub fn npa(&self, npa: Npa) -> Option<&NpaInfo> {
        self.npa_index.get(&npa).map(|&i| &self.npas[i as usize])
    }

    /// Every known NANP area code, ascending.
    pub fn npas(&self) -> &[NpaInfo] {
        &self.npas
    }

    fn zip_table(&self) -> &ZipTable {
        self.zips.get_or_init(ZipTable::embedded)
    }

    /// A US ZIP code's record.
    pub fn zip(&self, zip: ZipCode) -> Option<&ZipInfo> {
        let table = self.zip_table();
        table.index.get(&zip).map(|&i| &table.zips[i as usize])
    }

    /// Every US ZIP code, ascending. The first call on the embedded
    /// geography parses the ZIP table (a server may call this at start-up,
    /// off the request path, to warm it).
    pub fn zips(&self) -> &[ZipInfo] {
        &self.zip_table().zips
    }

    fn carrier_table(&self) -> &CarrierTable {
        self.carriers.get_or_init(CarrierTable::embedded)
    }

    /// The carrier that holds a number: the holder of its thousands-block
    /// when the exchange is pooled and the block assigned, else the holder
    /// of the exchange's code (NANPA's assignments as of the data's date).
    /// `None` for an exchange with no known holder (not in the geography,
    /// or derived for an area code opened later). The first call parses
    /// the embedded carrier table.
    pub fn carrier_of(&self, tn: Tn) -> Option<&Carrier> {
        self.block_carrier(tn).or_else(|| {
            let ocn = self.exchange(tn.npa_nxx())?.ocn?;
            self.carrier_table().carrier(ocn)
        })
    }

    /// The holder of a number's thousands-block, when its exchange is
    /// pooled and that block assigned (`None` otherwise).
    pub fn block_carrier(&self, tn: Tn) -> Option<&Carrier> {
        let table = self.carrier_table();
        let x = usize::from(tn.line() / 1000);
        table.carrier(table.block_holder(tn.npa_nxx(), x)?)
    }

    /// Whether an exchange's numbers are assigned per thousands-block
    /// (number pooling), so different blocks may have different carriers.
    pub fn is_pooled(&self, npa_nxx: NpaNxx) -> bool {
        self.carrier_table().is_pooled(npa_nxx)
    }

    /// A carrier by its OCN.
    pub fn carrier(&self, ocn: Ocn) -> Option<&Carrier> {
        self.carrier_table().carrier(ocn)
    }

    /// How many carriers the embedded carrier table lists.
    pub fn carrier_count(&self) -> usize {
        self.carrier_table().len()
    }

    /// Every carrier of the embedded carrier table (in no particular order).
    pub fn carriers(&self) -> impl Iterator<Item = &Carrier> {
        self.carrier_table().iter()
    }

    /// A LATA's record (name and anchors).
    pub fn lata(&self, lata: Lata) -> Option<&LataInfo> {
        self.lata_index.get(&lata).map(|&i| &self.latas[i as usize])
    }

    /// Every LATA of the anchor table, ascending.
    pub fn latas(&self) -> &[LataInfo] {
        &self.latas
    }

    /// The states and provinces that have exchanges, sorted.
    pub fn states(&self) -> &[Arc<str>] {
        &self.states
    }

    /// The cities of a state with their rate centres, sorted by name.
    pub fn cities(&self, state: &str) -> Vec<CityEntry> {
        let mut map: HashMap<&Arc<str>, CityEntry> = HashMap::default();
        for e in self.exchanges_in_state(state) {
            map.entry(&e.city)
                .or_insert_with(|| CityEntry {
                    name: e.city.clone(),
                    rate_center: e.rate_center.clone(),
                    exchange_count: 0,
                })
                .exchange_count += 1;
        }
        let mut out: Vec<CityEntry> = map.into_values().collect();
        out.sort_by(|a, b| {
            a.name
                .to_uppercase()
                .cmp(&b.name.to_uppercase())
                .then(a.name.cmp(&b.name))
        });
        out
    }

    /// The rate centres of a state, sorted by abbreviation.
    pub fn rate_centers(&self, state: &str) -> Vec<RateCenterEntry> {
        let mut map: HashMap<&Arc<str>, RateCenterEntry> = HashMap::default();
        for e in self.exchanges_in_state(state) {
            map.entry(&e.rate_center)
                .or_insert_with(|| RateCenterEntry {
                    abbreviation: e.rate_center.clone(),
                    name: e.city.clone(),
                    lata: e.lata,
                    exchange_count: 0,
                })
                .exchange_count += 1;
        }
        let mut out: Vec<RateCenterEntry> = map.into_values().collect();
        out.sort_by(|a, b| a.abbreviation.cmp(&b.abbreviation));
        out
    }
}
