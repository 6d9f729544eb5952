//! The geography look-ups: `availableNpaNxx`, `/cities`, `/rateCenters` and
//! `/coveredRateCenters` (wire-format.md 2.1 end and 2.16).
//!
//! They answer from the inventory's [`Places`] — the same index the search
//! draws from, so every exchange, city or rate centre listed can be
//! searched — and ask the store only when a count of available numbers is
//! wanted (`availableNpaNxx`, `available=true`, `embed=AvailableNumberCount`).
//! Such a count is the place's offerable numbers minus those the store
//! holds. Counting hundreds of ranges costs one store call per level of a
//! bisection ([`taken_counts`]): only parts that hold taken numbers are
//! split further, so a mostly free inventory costs a handful of queries.
//!
//! Errors use the search's 4000-range codes: 4000 area code, 4002
//! NPA-NXX(-X), 4005 city, 4006 state (also when it is missing), 4007 ZIP,
//! 4008 LATA, 4010 missing criteria or an invalid flag, tier or embed;
//! 5009 quantity; tnhub's 1004 for `page`/`size` and 1005 for an unknown
//! covered rate centre.

use std::ops::Range;

use tnhub_nanp::{Geography, Lata, Npa, NpaNxx, NpaNxxX, ZipCode, compact_key, place_key};

use crate::error::{CoreError, codes as core_codes};
use crate::inventory::places::{Places, Ranges, RateCenterPlace};
use crate::inventory::query::codes;
use crate::store::{AvailabilityRepo, StoreError};

use super::Tnhub;

/// `availableNpaNxx` lists at most this many exchanges unless `quantity`
/// says otherwise: more than any area code has (≤ 800), so an area-code
/// query is complete, while a whole state stays a bounded answer.
pub const NPA_NXX_DEFAULT_QUANTITY: usize = 1_000;
/// The largest `quantity` accepted (as for `availableNumbers`).
pub const NPA_NXX_MAX_QUANTITY: usize = 5_000;
/// Page size of `/coveredRateCenters` without `size` (what Node sends).
pub const COVERED_DEFAULT_SIZE: usize = 500;
/// The largest page of `/coveredRateCenters`.
pub const COVERED_MAX_SIZE: usize = 5_000;

/// One exchange of an `availableNpaNxx` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpaNxxAvailability {
    pub npa_nxx: NpaNxx,
    /// Upper case, as the real service writes cities.
    pub city: Option<String>,
    pub state: Option<String>,
    /// Numbers that can be ordered there now (never 0: such exchanges are left out).
    pub quantity: u64,
}

/// One city of `/cities` (`rate_center`: the rate centre selling most of
/// its numbers) or rate centre of `/rateCenters` (`rate_center`: its
/// abbreviation; `name`: the city selling most of its numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub name: String,
    pub rate_center: Option<String>,
    /// With `available=true` only.
    pub available: Option<u64>,
}

/// Which optional parts a covered rate centre carries (`embed=`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Embed {
    pub available_number_count: bool,
    pub zip_codes: bool,
    pub cities: bool,
    pub npa_nxx_x: bool,
}

impl Embed {
    /// Everything tnhub can embed (a single covered rate centre's GET).
    pub const ALL: Embed = Embed {
        available_number_count: true,
        zip_codes: true,
        cities: true,
        npa_nxx_x: true,
    };
}

/// A covered rate centre; `None` parts were not asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoveredRateCenter {
    pub id: u64,
    pub name: String,
    pub abbreviation: String,
    pub state: String,
    pub lata: Option<u32>,
    pub available_number_count: Option<u64>,
    pub zip_codes: Option<Vec<String>>,
    pub cities: Option<Vec<String>>,
    /// Always present (the real service lists tiers without `embed`).
    pub tiers: Vec<u32>,
    pub npa_nxx_xs: Option<Vec<String>>,
}

/// One page of `/coveredRateCenters`, ordered by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoveredPage {
    /// How many match the filters (all pages).
    pub total: usize,
    /// The page size used.
    pub size: usize,
    /// The id that starts the next page, if there is one.
    pub next: Option<u64>,
    pub items: Vec<CoveredRateCenter>,
}

fn invalid(code: u32, message: impl Into<String>) -> CoreError {
    CoreError::invalid(code, message)
}

/// The first value of a parameter (any case), trimmed; `None` when empty.
fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// An area code, with the search's code 4000 when it is not one.
fn npa(v: &str) -> Result<Npa, CoreError> {
    Npa::parse(v).map_err(|_| {
        invalid(
            codes::AREA_CODE,
            format!("Please verify that your Area Code search input parameters are correct: '{v}' is not a valid area code"),
        )
    })
}

fn flag(pairs: &[(String, String)], key: &str) -> Result<bool, CoreError> {
    match get(pairs, key) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(invalid(
            codes::COMBINATION,
            format!("{key} must be true or false, not '{v}'"),
        )),
    }
}

/// A count parameter: `default` when absent, else 1 to `max`.
fn bounded(
    pairs: &[(String, String)],
    key: &str,
    (default, max): (usize, usize),
    bad: impl Fn(&str) -> CoreError,
) -> Result<usize, CoreError> {
    match get(pairs, key) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| bad(v)),
    }
}

fn state(value: &str) -> Result<String, CoreError> {
    if tnhub_nanp::state_info(value).is_none() {
        return Err(invalid(
            codes::STATE,
            format!(
                "The State search parameters are incorrect: '{value}' is not a two-letter US state or Canadian province code"
            ),
        ));
    }
    Ok(value.to_ascii_uppercase())
}

fn required_state(pairs: &[(String, String)]) -> Result<String, CoreError> {
    match get(pairs, "state") {
        None => Err(invalid(codes::STATE, "state is required")),
        Some(v) => state(v),
    }
}

/// Whether any of the sorted ranges overlaps `lo..=hi`.
fn overlaps(ranges: &Ranges, lo: u64, hi: u64) -> bool {
    let i = ranges.partition_point(|&(_, last)| last < lo);
    ranges.get(i).is_some_and(|&(first, _)| first <= hi)
}

/// How many numbers of each group of ranges the store holds, with one
/// store call per bisection level: each call asks about the bounding range
/// of every part still in doubt, and a part is split only when its bounding
/// range holds taken numbers. The groups' ranges must be pairwise disjoint.
pub(crate) async fn taken_counts<R: AvailabilityRepo + Send + ?Sized>(
    repo: &mut R,
    groups: &[&Ranges],
) -> Result<Vec<u64>, StoreError> {
    let mut flat: Vec<(u64, u64, usize)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, ranges)| ranges.iter().map(move |&(a, b)| (a, b, g)))
        .collect();
    flat.sort_unstable();
    let mut totals = vec![0; groups.len()];
    let mut level: Vec<Range<usize>> = Vec::new();
    if !flat.is_empty() {
        level.push(0..flat.len());
    }
    while !level.is_empty() {
        let bounds: Vec<(u64, u64)> = level
            .iter()
            .map(|r| (flat[r.start].0, flat[r.end - 1].1))
            .collect();
        let counts = repo.count_taken_in_ranges(&bounds).await?;
        let mut next = Vec::new();
        for (r, n) in level.into_iter().zip(counts) {
            if n == 0 {
                continue;
            }
            if r.len() == 1 {
                totals[flat[r.start].2] += n;
                continue;
            }
            let mid = r.start + r.len() / 2;
            next.push(r.start..mid);
            next.push(mid..r.end);
        }
        level = next;
    }
    Ok(totals)
}

impl Tnhub {
    /// Numbers available now in each group of ranges (when `wanted`; the
    /// store is not asked otherwise).
    async fn available_if(
        &self,
        wanted: bool,
        groups: &[(&Ranges, u64)],
    ) -> Result<Option<Vec<u64>>, CoreError> {
        if !wanted {
            return Ok(None);
        }
        let ranges: Vec<&Ranges> = groups.iter().map(|(r, _)| *r).collect();
        let mut repo = self.store.read().await?;
        let taken = taken_counts(&mut *repo, &ranges).await?;
        Ok(Some(
            groups
                .iter()
                .zip(taken)
                .map(|((_, n), t)| n.saturating_sub(t))
                .collect(),
        ))
    }

    /// `GET A/availableNpaNxx?areaCode=&state=&quantity=`: the exchanges
    /// with numbers available now, in NPA-NXX order, at most `quantity`
    /// (default [`NPA_NXX_DEFAULT_QUANTITY`]). Local numbers only.
    pub async fn available_npa_nxx(
        &self,
        pairs: &[(String, String)],
    ) -> Result<Vec<NpaNxxAvailability>, CoreError> {
        let inventory = self.inventory();
        let quantity = bounded(
            pairs,
            "quantity",
            (NPA_NXX_DEFAULT_QUANTITY, NPA_NXX_MAX_QUANTITY),
            |q| {
                invalid(
                    codes::QUANTITY,
                    format!(
                        "The quantity specified {q} is invalid. It must be 1 to {NPA_NXX_MAX_QUANTITY}."
                    ),
                )
            },
        )?;
        let area_code = get(pairs, "areacode").map(npa).transpose()?;
        if let Some(n) = area_code
            && !inventory.has_npa(n)
            && Geography::embedded().npa(n).is_none()
        {
            return Err(invalid(
                codes::AREA_CODE,
                format!(
                    "The area code specified {n} is not present as a valid entry in our system"
                ),
            ));
        }
        let state = get(pairs, "state").map(state).transpose()?;
        if area_code.is_none() && state.is_none() {
            return Err(invalid(
                codes::COMBINATION,
                "One or more required search parameters are null or empty, please refer to the api documentation (give areaCode or state)",
            ));
        }
        let places = Places::of(&inventory);
        let exchanges = match area_code {
            Some(npa) => places.exchanges_in_npa(npa.get()),
            None => places.exchanges(),
        };
        let matching: Vec<_> = exchanges
            .iter()
            .filter(|e| {
                state.as_deref().is_none_or(|s| {
                    e.state
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(s))
                })
            })
            .collect();
        let groups: Vec<(&Ranges, u64)> = matching.iter().map(|e| (&e.ranges, e.numbers)).collect();
        let counts = self.available_if(true, &groups).await?.unwrap_or_default();
        Ok(matching
            .into_iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .take(quantity)
            .filter_map(|(e, quantity)| {
                Some(NpaNxxAvailability {
                    npa_nxx: NpaNxx::parse(&format!("{:06}", e.npa_nxx)).ok()?,
                    city: e.city.as_deref().map(str::to_uppercase),
                    state: e.state.as_deref().map(str::to_string),
                    quantity,
                })
            })
            .collect())
    }

    /// `GET /cities?state=[&available=true][&supported=true]`: the cities
    /// of a state the inventory sells numbers in, by name. `available=true`
    /// keeps those with numbers available now and adds the count;
    /// `supported` changes nothing (every block is the operator's own).
    pub async fn cities(&self, pairs: &[(String, String)]) -> Result<Vec<Listing>, CoreError> {
        self.listing(pairs, false).await
    }

    /// `GET /rateCenters?state=[&available=true][&supported=true]`: the
    /// rate centres of a state, by abbreviation; flags as for [`Tnhub::cities`].
    pub async fn rate_centers(
        &self,
        pairs: &[(String, String)],
    ) -> Result<Vec<Listing>, CoreError> {
        self.listing(pairs, true).await
    }

    async fn listing(
        &self,
        pairs: &[(String, String)],
        rate_centers: bool,
    ) -> Result<Vec<Listing>, CoreError> {
        let state = required_state(pairs)?;
        let available = flag(pairs, "available")?;
        flag(pairs, "supported")?;
        let places = Places::of(&self.inventory());
        let list: Vec<(Listing, &Ranges, u64)> = if rate_centers {
            places
                .rate_centers_in(&state)
                .map(|r| {
                    let l = Listing {
                        name: r.name.clone(),
                        rate_center: Some(r.abbreviation.to_string()),
                        available: None,
                    };
                    (l, &r.ranges, r.numbers)
                })
                .collect()
        } else {
            places
                .cities_in(&state)
                .iter()
                .map(|c| {
                    let l = Listing {
                        name: c.name.clone(),
                        rate_center: c.rate_center.as_deref().map(str::to_string),
                        available: None,
                    };
                    (l, &c.ranges, c.numbers)
                })
                .collect()
        };
        let groups: Vec<_> = list.iter().map(|(_, r, n)| (*r, *n)).collect();
        let counts = self.available_if(available, &groups).await?;
        Ok(list
            .into_iter()
            .enumerate()
            .map(|(i, (l, _, _))| Listing {
                available: counts.as_ref().map(|n| n[i]),
                ..l
            })
            .filter(|l| l.available != Some(0))
            .collect())
    }

    /// `GET /coveredRateCenters`: the rate centres matching every filter
    /// given, ordered by id, one page of them. `page` is `1` or the id the
    /// page starts at (the next page's id is in [`CoveredPage::next`]).
    pub async fn covered_rate_centers(
        &self,
        pairs: &[(String, String)],
    ) -> Result<CoveredPage, CoreError> {
        let filter = CoveredFilter::parse(pairs)?;
        let embed = parse_embed(pairs)?;
        let start = match get(pairs, "page") {
            None | Some("1") => 0,
            Some(v) => v.parse::<u64>().ok().filter(|&id| id >= 2).ok_or_else(|| {
                invalid(
                    core_codes::INVALID_VALUE,
                    format!("page '{v}' is invalid: it is 1 or the id of the first covered rate center of the page"),
                )
            })?,
        };
        let size = bounded(
            pairs,
            "size",
            (COVERED_DEFAULT_SIZE, COVERED_MAX_SIZE),
            |v| {
                invalid(
                    core_codes::INVALID_VALUE,
                    format!("size '{v}' is invalid: it must be 1 to {COVERED_MAX_SIZE}"),
                )
            },
        )?;
        let places = Places::of(&self.inventory());
        let matching: Vec<&RateCenterPlace> = places
            .rate_centers()
            .iter()
            .filter(|r| filter.matches(r))
            .collect();
        let from = matching.partition_point(|r| r.id < start);
        let page = &matching[from..matching.len().min(from + size)];
        let next = matching.get(from + size).map(|r| r.id);
        let items = self.covered(&places, page, embed).await?;
        Ok(CoveredPage {
            total: matching.len(),
            size,
            next,
            items,
        })
    }

    /// `GET /coveredRateCenters/{id}`: one covered rate centre with every part.
    pub async fn covered_rate_center(&self, id: &str) -> Result<CoveredRateCenter, CoreError> {
        let places = Places::of(&self.inventory());
        let rc = id
            .trim()
            .parse::<u64>()
            .ok()
            .and_then(|id| places.rate_center(id))
            .ok_or_else(|| {
                CoreError::not_found(
                    core_codes::NOT_FOUND,
                    format!("Covered rate center '{id}' does not exist"),
                )
            })?;
        let mut one = self.covered(&places, &[rc], Embed::ALL).await?;
        one.pop()
            .ok_or_else(|| CoreError::internal("a covered rate center vanished"))
    }

    async fn covered(
        &self,
        places: &Places,
        list: &[&RateCenterPlace],
        embed: Embed,
    ) -> Result<Vec<CoveredRateCenter>, CoreError> {
        let groups: Vec<_> = list.iter().map(|r| (&r.ranges, r.numbers)).collect();
        let counts = self
            .available_if(embed.available_number_count, &groups)
            .await?;
        Ok(list
            .iter()
            .enumerate()
            .map(|(i, r)| CoveredRateCenter {
                id: r.id,
                name: r.name.clone(),
                abbreviation: r.abbreviation.to_string(),
                state: r.state.to_string(),
                lata: r.lata,
                available_number_count: counts.as_ref().map(|n| n[i]),
                zip_codes: embed.zip_codes.then(|| places.zip_codes(r)),
                cities: embed
                    .cities
                    .then(|| r.cities.iter().map(|c| c.to_string()).collect()),
                tiers: r.tiers.clone(),
                npa_nxx_xs: embed.npa_nxx_x.then(|| npa_nxx_xs(&r.ranges)),
            })
            .collect())
    }
}

/// The thousands-blocks (NPA-NXX-X) a set of ranges touches.
fn npa_nxx_xs(ranges: &Ranges) -> Vec<String> {
    let mut out: Vec<u64> = Vec::new();
    for &(a, b) in ranges {
        for x in a / 1_000..=b / 1_000 {
            if out.last() != Some(&x) {
                out.push(x);
            }
        }
    }
    out.into_iter().map(|x| format!("{x:07}")).collect()
}

fn parse_embed(pairs: &[(String, String)]) -> Result<Embed, CoreError> {
    let mut e = Embed::default();
    let values = pairs
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("embed"))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty());
    for v in values {
        match v.to_ascii_lowercase().as_str() {
            "availablenumbercount" => e.available_number_count = true,
            "zipcodes" => e.zip_codes = true,
            "cities" => e.cities = true,
            "npanxxx" => e.npa_nxx_x = true,
            // Accepted, but tnhub has nothing to add for them.
            "limitedavailablenumbercount" | "localratecenters" | "npa" | "vendors" => {}
            _ => {
                return Err(invalid(
                    codes::COMBINATION,
                    format!(
                        "embed '{v}' is invalid; valid values are Cities, ZipCodes, NpaNxxX, AvailableNumberCount, LimitedAvailableNumberCount, LocalRateCenters, Npa, Vendors"
                    ),
                ));
            }
        }
    }
    Ok(e)
}

/// The filters of `/coveredRateCenters`, combined by intersection.
#[derive(Debug, Default)]
struct CoveredFilter {
    state: Option<String>,
    abbreviation: Option<Vec<String>>,
    name: Option<String>,
    city: Option<String>,
    zip: Option<ZipCode>,
    lata: Option<u32>,
    tier: Option<u32>,
    window: Option<(u64, u64)>,
}

impl CoveredFilter {
    fn parse(pairs: &[(String, String)]) -> Result<CoveredFilter, CoreError> {
        let given = |k: &str| get(pairs, k);
        let mut f = CoveredFilter {
            state: given("state").map(state).transpose()?,
            name: given("name").map(place_key),
            city: given("city").map(place_key),
            ..CoveredFilter::default()
        };
        if let Some(a) = given("abbreviation") {
            let compact = compact_key(a);
            let truncated = compact.chars().take(10).collect();
            f.abbreviation = Some(vec![place_key(a), truncated, compact]);
        }
        if let Some(v) = given("zip") {
            f.zip = Some(ZipCode::parse(v).map_err(|_| invalid(codes::ZIP, format!("The Zip search parameters are incorrect: '{v}' is not a 5- or 9-digit ZIP code")))?);
        }
        if let Some(v) = given("lata") {
            f.lata = Some(
                Lata::parse(v)
                    .map_err(|_| {
                        invalid(
                            codes::LATA,
                            format!(
                                "The LATA search parameters are incorrect: '{v}' is not a LATA code"
                            ),
                        )
                    })?
                    .get(),
            );
        }
        if let Some(v) = given("tier") {
            let tier = v.parse::<u32>().ok().filter(|t| *t <= 5);
            f.tier = Some(tier.ok_or_else(|| {
                invalid(
                    codes::COMBINATION,
                    format!("tier '{v}' is invalid; it is 0 to 5"),
                )
            })?);
        }
        let nxx_error = |e: tnhub_nanp::NanpError| {
            let why = e.message();
            invalid(
                codes::NPA_NXX,
                format!("The NPA-NXX search parameters are incorrect: {why}"),
            )
        };
        let mut windows = Vec::new();
        if let Some(v) = given("npa") {
            windows.push((u64::from(npa(v)?.get()) * 10_000_000, 9_999_999));
        }
        if let Some(v) = given("npanxx") {
            windows.push((
                u64::from(NpaNxx::parse(v).map_err(nxx_error)?.get()) * 10_000,
                9_999,
            ));
        }
        if let Some(v) = given("npanxxx") {
            windows.push((
                u64::from(NpaNxxX::parse(v).map_err(nxx_error)?.get()) * 1_000,
                999,
            ));
        }
        // Windows intersect: nested ones to the narrowest, disjoint ones to
        // an empty window that matches nothing.
        for (lo, span) in windows {
            let hi = lo + span;
            f.window = Some(f.window.map_or((lo, hi), |(a, b)| (a.max(lo), b.min(hi))));
        }
        Ok(f)
    }

    fn matches(&self, r: &RateCenterPlace) -> bool {
        let city_keys = || r.cities.iter().map(|c| place_key(c));
        self.state.as_deref().is_none_or(|s| &*r.state == s)
            && self.abbreviation.as_ref().is_none_or(|want| {
                let have = [place_key(&r.abbreviation), compact_key(&r.abbreviation)];
                have.iter().any(|k| want.contains(k))
            })
            && self.name.as_ref().is_none_or(|n| place_key(&r.name) == *n)
            && self
                .city
                .as_ref()
                .is_none_or(|c| city_keys().any(|k| k == *c))
            && self.lata.is_none_or(|l| r.latas.contains(&l))
            && self.tier.is_none_or(|t| r.tiers.contains(&t))
            && self
                .window
                .is_none_or(|(lo, hi)| lo <= hi && overlaps(&r.ranges, lo, hi))
            && self.zip.is_none_or(|z| {
                let text = format!("{:05}", z.get());
                r.block_zips.iter().any(|b| **b == *text)
                    || Geography::embedded().zip(z).is_some_and(|info| {
                        *info.state == *r.state
                            && info.prefix_city.as_deref().is_some_and(|c| {
                                let key = place_key(c);
                                city_keys().any(|k| k == key)
                            })
                    })
            })
    }
}

#[cfg(test)]
mod tests {
    use async_trait::async_trait;

    use super::*;
    use crate::timestamp::Timestamp;

    /// A store that holds `taken` and counts its calls.
    struct Fake {
        taken: Vec<u64>,
        calls: usize,
    }

    #[async_trait]
    impl AvailabilityRepo for Fake {
        async fn taken(&mut self, _: &[u64], _: Timestamp) -> Result<Vec<u64>, StoreError> {
            Ok(Vec::new())
        }
        async fn count_taken_in_ranges(
            &mut self,
            ranges: &[(u64, u64)],
        ) -> Result<Vec<u64>, StoreError> {
            self.calls += 1;
            Ok(ranges
                .iter()
                .map(|&(a, b)| self.taken.iter().filter(|&&n| a <= n && n <= b).count() as u64)
                .collect())
        }
    }

    #[tokio::test]
    async fn taken_counts_split_only_where_numbers_are_taken() {
        // 300 exchanges with gaps between them, dealt round-robin to 3 groups.
        let exchange = |i: u64| (2_002_000_000 + i * 20_000, 2_002_009_999 + i * 20_000);
        let groups: Vec<Ranges> = (0..3)
            .map(|g| (0..300).filter(|i| i % 3 == g).map(exchange).collect())
            .collect();
        let refs: Vec<&Ranges> = groups.iter().collect();
        let mut none = Fake {
            taken: vec![],
            calls: 0,
        };
        assert_eq!(taken_counts(&mut none, &refs).await.unwrap(), vec![0, 0, 0]);
        assert_eq!(none.calls, 1, "a free inventory costs one query");
        let gap = exchange(7).1 + 5;
        let mut some = Fake {
            taken: vec![exchange(0).0, exchange(0).1, exchange(4).0 + 17, gap],
            calls: 0,
        };
        assert_eq!(taken_counts(&mut some, &refs).await.unwrap(), vec![2, 1, 0]);
        assert!(some.calls <= 11, "one query per level: {}", some.calls);
        assert_eq!(
            npa_nxx_xs(&vec![(9_192_120_500, 9_192_121_000)]),
            vec!["9192120", "9192121"]
        );
    }
}
