//! Local calling areas: which rate centres are "local" to one another.
//!
//! The real service's `LCA` flag (default on) widens NPA-NXX and rate-centre
//! searches to the rate centres local to the ones asked for, and
//! `/coveredRateCenters?embed=LocalRateCenters` lists them (wire-format.md
//! 2.16, 3.3). Local calling areas are tariff data that no free source
//! publishes, so tnhub derives them, and says so: a rate centre's local
//! calling area is itself plus every rate centre of the same state, sharing
//! a LATA with it (when both have one), whose location lies within
//! [`LCA_RADIUS_KM`] of its own. A rate centre's location is the mean of the
//! reference locations (GeoNames, via the embedded exchanges) of the
//! exchanges it sells numbers in, so an operator's own rate centres get one
//! too; a rate centre without any location is local only to itself. For
//! Raleigh this gives Cary, Garner, Knightdale, Apex, Morrisville, Clayton
//! and Wendell, but not Durham (37 km) — close to the real tariff's shape.
//!
//! The same areas answer `GET /tns/{tn}/lca` ([`Inventory::exchange_lca`]):
//! the number's rate centre, the rate centres local to it, and every
//! exchange the inventory sells in them, so that endpoint lists exactly
//! where an `LCA=true` search of the number's exchange may widen to.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use tnhub_nanp::{Geography, LatLon, NpaNxx, compact_key};

use super::Inventory;

/// How far apart two rate centres of one state and LATA may be and still
/// be local to each other (about 15 miles).
pub const LCA_RADIUS_KM: f64 = 25.0;

/// One rate centre of the inventory, as the local calling areas see it.
#[derive(Debug)]
struct Centre {
    state: Arc<str>,
    /// The abbreviation as the inventory spells it most often.
    spelling: Arc<str>,
    location: Option<LatLon>,
    latas: Vec<u32>,
}

/// Every local rate centre of an index with its location.
#[derive(Debug, Default)]
pub struct Areas {
    centres: Vec<Centre>,
    /// (state, compact key of the abbreviation) → centre.
    by_key: HashMap<(Arc<str>, String), usize>,
    by_state: HashMap<Arc<str>, Vec<usize>>,
}

/// A rate centre being tallied.
#[derive(Default)]
struct Tally {
    spellings: HashMap<Arc<str>, u64>,
    exchanges: HashSet<u32>,
    latas: Vec<u32>,
}

impl Areas {
    /// Walks the local blocks once: each block's rate centre gets the
    /// block's exchange (for its location) and LATA.
    fn build(inv: &Inventory) -> Areas {
        let mut tallies: HashMap<(Arc<str>, String), Tally> = HashMap::new();
        for &b in inv.local_blocks() {
            let a = inv.attrs(b);
            let (Some(state), Some(rc)) = (&a.state, &a.rate_center) else {
                continue;
            };
            let key = compact_key(rc);
            if key.is_empty() {
                continue;
            }
            let t = tallies.entry((state.clone(), key)).or_default();
            *t.spellings.entry(rc.clone()).or_default() += inv.blocks[b as usize].len();
            t.exchanges
                .insert((inv.blocks[b as usize].first / 10_000) as u32);
            if let Some(l) = a.lata
                && !t.latas.contains(&l)
            {
                t.latas.push(l);
            }
        }
        let geo = Geography::embedded();
        let mut areas = Areas::default();
        let mut keys: Vec<_> = tallies.into_iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        for ((state, key), t) in keys {
            let located: Vec<LatLon> = t
                .exchanges
                .iter()
                .filter_map(|&e| NpaNxx::parse(&format!("{e:06}")).ok())
                .filter_map(|nn| geo.exchange(nn).and_then(|x| x.location))
                .collect();
            let location = (!located.is_empty()).then(|| {
                let n = located.len() as f64;
                LatLon {
                    lat: located.iter().map(|l| l.lat).sum::<f64>() / n,
                    lon: located.iter().map(|l| l.lon).sum::<f64>() / n,
                }
            });
            let spelling = t
                .spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.clone())
                .expect("a tally has a spelling");
            let mut latas = t.latas;
            latas.sort_unstable();
            let i = areas.centres.len();
            areas.centres.push(Centre {
                state: state.clone(),
                spelling,
                location,
                latas,
            });
            areas.by_key.insert((state.clone(), key), i);
            areas.by_state.entry(state).or_default().push(i);
        }
        areas
    }

    fn local(&self, a: &Centre, b: &Centre) -> bool {
        let lata_ok =
            a.latas.is_empty() || b.latas.is_empty() || a.latas.iter().any(|l| b.latas.contains(l));
        lata_ok
            && match (a.location, b.location) {
                (Some(x), Some(y)) => x.distance_km(y) <= LCA_RADIUS_KM,
                _ => false,
            }
    }

    /// The local calling area of a rate centre: itself first, then every
    /// rate centre local to it, by abbreviation. Empty when the inventory
    /// sells nothing in that rate centre.
    pub fn of(&self, state: &str, rate_center: &str) -> Vec<(Arc<str>, Arc<str>)> {
        let state = state.trim().to_ascii_uppercase();
        let Some((key_state, &i)) = self
            .by_key
            .get_key_value(&(Arc::from(state.as_str()), compact_key(rate_center)))
            .map(|((s, _), i)| (s.clone(), i))
        else {
            return Vec::new();
        };
        let me = &self.centres[i];
        let mut others: Vec<&Centre> = self.by_state[&key_state]
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| &self.centres[j])
            .filter(|c| self.local(me, c))
            .collect();
        others.sort_by(|a, b| a.spelling.cmp(&b.spelling));
        std::iter::once(me)
            .chain(others)
            .map(|c| (c.state.clone(), c.spelling.clone()))
            .collect()
    }
}

impl Inventory {
    /// The local calling area of a rate centre of this inventory: itself
    /// first, then the rate centres local to it (see the module docs).
    pub fn local_calling_area(&self, state: &str, rate_center: &str) -> Vec<(Arc<str>, Arc<str>)> {
        self.lca
            .get_or_init(|| Areas::build(self))
            .of(state, rate_center)
    }
}

/// What [`Inventory::exchange_lca`] answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalCallingArea {
    /// The exchanges (six digits as an integer, `919212`), ascending; the
    /// exchange asked about is always one of them.
    pub exchanges: Vec<u32>,
    /// The rate centres as `(state, rate centre)`: the exchange's own first,
    /// then those local to them, each once.
    pub rate_centers: Vec<(String, String)>,
}

impl Inventory {
    /// The `(state, rate centre)` pairs of the given blocks, sorted and
    /// de-duplicated (blocks without either are skipped).
    pub(crate) fn rate_centers_of(&self, blocks: &[u32]) -> Vec<(String, String)> {
        let mut areas: Vec<(String, String)> = blocks
            .iter()
            .filter_map(|&b| {
                let a = self.attrs(b);
                Some((
                    a.state.as_deref()?.to_string(),
                    a.rate_center.as_deref()?.to_string(),
                ))
            })
            .collect();
        areas.sort();
        areas.dedup();
        areas
    }

    /// The local calling area of an exchange: its rate centres (or `known`,
    /// the number's own state and rate centre, when the inventory does not
    /// sell the exchange, as for a number ported in), the rate centres local
    /// to those, and every local exchange the inventory has in them.
    pub fn exchange_lca(&self, exchange: NpaNxx, known: Option<(&str, &str)>) -> LocalCallingArea {
        let own: Vec<u32> = self
            .exchange_blocks(exchange)
            .iter()
            .copied()
            .filter(|&b| !self.attrs(b).toll_free)
            .collect();
        let mut anchors = self.rate_centers_of(&own);
        if anchors.is_empty()
            && let Some((state, rc)) = known
        {
            anchors.push((state.trim().to_ascii_uppercase(), rc.trim().to_string()));
        }
        let mut rate_centers: Vec<(String, String)> = Vec::new();
        let mut push = |pair: (String, String)| {
            if !rate_centers.contains(&pair) {
                rate_centers.push(pair);
            }
        };
        for (state, rc) in &anchors {
            push((state.clone(), rc.clone()));
        }
        for (state, rc) in &anchors {
            for (s, r) in self.local_calling_area(state, rc) {
                push((s.to_string(), r.to_string()));
            }
        }
        let mut exchanges = BTreeSet::from([exchange.get()]);
        for (state, rc) in &rate_centers {
            for &b in self.rate_center_blocks(state, rc) {
                if self.attrs(b).toll_free {
                    continue;
                }
                let blk = self.blocks[b as usize];
                exchanges.extend((blk.first / 10_000) as u32..=(blk.last / 10_000) as u32);
            }
        }
        LocalCallingArea {
            exchanges: exchanges.into_iter().collect(),
            rate_centers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::BlockRecord;

    fn block(first: u64, rc: &str, lata: u32) -> BlockRecord {
        BlockRecord {
            first,
            last: first + 999,
            excluded: false,
            state: Some("NC".into()),
            city: None,
            rate_center: Some(rc.into()),
            lata: Some(lata),
            zip: None,
            tier: None,
            vendor_id: None,
            vendor_name: None,
            protected: false,
        }
    }

    #[test]
    fn near_rate_centres_of_one_state_and_lata_are_local() {
        let inv = Inventory::build(
            None,
            &[
                block(9_192_121_000, "RALEIGH", 426),
                block(9_194_601_000, "CARY", 426),
                block(9_192_071_000, "BENSON", 426),
                // Cary's location, but another LATA: not local.
                block(9_194_611_000, "ELSEWHERE", 999),
            ],
            1,
        );
        let names = |rc: &str| -> Vec<String> {
            inv.local_calling_area("nc", rc)
                .iter()
                .map(|(_, r)| r.to_string())
                .collect()
        };
        assert_eq!(names("RALEIGH"), ["RALEIGH", "CARY"]);
        assert_eq!(names("cary"), ["CARY", "RALEIGH"]);
        assert_eq!(names("BENSON"), ["BENSON"], "45 km from Raleigh");
        assert_eq!(names("ELSEWHERE"), ["ELSEWHERE"]);
        assert!(names("NOWHERE").is_empty());
        assert!(inv.local_calling_area("VA", "RALEIGH").is_empty());
    }

    #[test]
    fn the_default_inventory_gives_raleigh_its_neighbours() {
        let inv = Inventory::build(Some(Geography::embedded()), &[], 1);
        let area: Vec<String> = inv
            .local_calling_area("NC", "RALEIGH")
            .iter()
            .map(|(_, r)| r.to_string())
            .collect();
        assert_eq!(area[0], "RALEIGH");
        for near in ["CARY", "GARNER", "KNIGHTDALE"] {
            assert!(area.iter().any(|r| r == near), "{near} in {area:?}");
        }
        assert!(!area.iter().any(|r| r == "DURHAM"), "{area:?}");
    }

    #[test]
    fn an_exchange_calls_its_rate_centres_and_their_local_ones() {
        let inv = Inventory::build(
            None,
            &[
                block(9_192_121_000, "RALEIGH", 426),
                block(9_192_131_000, "RALEIGH", 426),
                block(9_842_231_000, "RALEIGH", 426),
                block(9_194_601_000, "CARY", 426),
                // Near Raleigh but in another LATA: not local.
                block(9_194_611_000, "ELSEWHERE", 999),
            ],
            1,
        );
        let lca = inv.exchange_lca(NpaNxx::parse("919212").unwrap(), None);
        assert_eq!(
            lca,
            LocalCallingArea {
                exchanges: vec![919212, 919213, 919460, 984223],
                rate_centers: vec![
                    ("NC".into(), "RALEIGH".into()),
                    ("NC".into(), "CARY".into())
                ],
            }
        );
        let elsewhere = inv.exchange_lca(NpaNxx::parse("919461").unwrap(), None);
        assert_eq!(elsewhere.exchanges, vec![919461]);
        assert_eq!(
            elsewhere.rate_centers,
            vec![("NC".into(), "ELSEWHERE".into())]
        );
    }

    #[test]
    fn an_exchange_the_inventory_does_not_sell_uses_the_numbers_own_rate_centre() {
        let inv = Inventory::build(None, &[block(9_192_121_000, "RALEIGH", 426)], 1);
        let ported = NpaNxx::parse("919555").unwrap();
        let lca = inv.exchange_lca(ported, Some(("nc", "RALEIGH")));
        assert_eq!(lca.exchanges, vec![919212, 919555]);
        assert_eq!(lca.rate_centers, vec![("NC".into(), "RALEIGH".into())]);
        let unknown = inv.exchange_lca(ported, None);
        assert_eq!(unknown.exchanges, vec![919555]);
        assert!(unknown.rate_centers.is_empty());
    }
}
