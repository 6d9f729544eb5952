//! `/coveredRateCenters`: parsing its filters and `embed`, and building
//! each covered rate centre with the parts asked for. Split from the other
//! geography look-ups to keep each file short.

use tnhub_nanp::{Geography, Lata, NpaNxx, NpaNxxX, ZipCode, compact_key, place_key};

use crate::error::{CoreError, codes as core_codes};
use crate::inventory::Inventory;
use crate::inventory::places::{Places, Ranges, RateCenterPlace};
use crate::inventory::query::codes;
use crate::service::Tnhub;

use super::{
    COVERED_DEFAULT_SIZE, COVERED_MAX_SIZE, CoveredPage, CoveredRateCenter, Embed,
    LIMITED_AVAILABLE_CAP, Vendor, bounded, get, invalid, npa, state,
};

impl Tnhub {
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
        let inventory = self.inventory();
        let items = self.covered(&inventory, &places, page, embed).await?;
        Ok(CoveredPage {
            total: matching.len(),
            size,
            next,
            items,
        })
    }

    /// `GET /coveredRateCenters/{id}`: one covered rate centre with every part.
    pub async fn covered_rate_center(&self, id: &str) -> Result<CoveredRateCenter, CoreError> {
        let inventory = self.inventory();
        let places = Places::of(&inventory);
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
        let mut one = self.covered(&inventory, &places, &[rc], Embed::ALL).await?;
        one.pop()
            .ok_or_else(|| CoreError::internal("a covered rate center vanished"))
    }

    async fn covered(
        &self,
        inventory: &Inventory,
        places: &Places,
        list: &[&RateCenterPlace],
        embed: Embed,
    ) -> Result<Vec<CoveredRateCenter>, CoreError> {
        let groups: Vec<_> = list.iter().map(|r| (&r.ranges, r.numbers)).collect();
        let counts = self
            .available_if(
                embed.available_number_count || embed.limited_available_number_count,
                &groups,
            )
            .await?;
        Ok(list
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let count = counts.as_ref().map(|n| n[i]);
                CoveredRateCenter {
                    id: r.id,
                    name: r.name.clone(),
                    abbreviation: r.abbreviation.to_string(),
                    state: r.state.to_string(),
                    lata: r.lata,
                    available_number_count: count.filter(|_| embed.available_number_count),
                    limited_available_number_count: count
                        .filter(|_| embed.limited_available_number_count)
                        .map(|n| n.min(LIMITED_AVAILABLE_CAP)),
                    zip_codes: embed.zip_codes.then(|| places.zip_codes(r)),
                    cities: embed
                        .cities
                        .then(|| r.cities.iter().map(|c| c.to_string()).collect()),
                    tiers: r.tiers.clone(),
                    npa_nxx_xs: embed.npa_nxx_x.then(|| npa_nxx_xs(&r.ranges)),
                    npas: embed.npa.then(|| npas(&r.ranges)),
                    vendors: embed.vendors.then(|| {
                        r.vendors
                            .iter()
                            .map(|(id, name)| Vendor {
                                id: *id,
                                name: name.to_string(),
                            })
                            .collect()
                    }),
                    local_rate_centers: embed
                        .local_rate_centers
                        .then(|| local_rate_centers(inventory, places, r)),
                }
            })
            .collect())
    }
}

/// The ids of the covered rate centres local to `r` (its local calling
/// area, `crate::inventory::lca`, without itself), ascending.
fn local_rate_centers(inventory: &Inventory, places: &Places, r: &RateCenterPlace) -> Vec<u64> {
    let mut ids: Vec<u64> = inventory
        .local_calling_area(&r.state, &r.abbreviation)
        .iter()
        .filter_map(|(state, rc)| places.rate_center_named(state, rc))
        .map(|p| p.id)
        .filter(|&id| id != r.id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The area codes a set of ranges touches, as three digits.
fn npas(ranges: &Ranges) -> Vec<String> {
    let mut out: Vec<u64> = Vec::new();
    for &(a, b) in ranges {
        for npa in a / 10_000_000..=b / 10_000_000 {
            if !out.contains(&npa) {
                out.push(npa);
            }
        }
    }
    out.sort_unstable();
    out.into_iter().map(|n| format!("{n:03}")).collect()
}

/// The thousands-blocks (NPA-NXX-X) a set of ranges touches.
pub(super) fn npa_nxx_xs(ranges: &Ranges) -> Vec<String> {
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
            "limitedavailablenumbercount" => e.limited_available_number_count = true,
            "zipcodes" => e.zip_codes = true,
            "cities" => e.cities = true,
            "npanxxx" => e.npa_nxx_x = true,
            "npa" => e.npa = true,
            "vendors" => e.vendors = true,
            "localratecenters" => e.local_rate_centers = true,
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

/// Whether any of the sorted ranges overlaps `lo..=hi`.
fn overlaps(ranges: &Ranges, lo: u64, hi: u64) -> bool {
    let i = ranges.partition_point(|&(_, last)| last < lo);
    ranges.get(i).is_some_and(|&(first, _)| first <= hi)
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
