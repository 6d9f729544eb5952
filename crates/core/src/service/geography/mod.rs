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
//! 4008 LATA, 4010 missing criteria or an invalid flag, tier or embed (an
//! unknown `embed` value is refused, not ignored);
//! 5009 quantity; tnhub's 1004 for `page`/`size` and 1005 for an unknown
//! covered rate centre.
//!
//! This module holds the shared types and parameter checks and answers
//! `availableNpaNxx`, `/cities` and `/rateCenters`; `covered` answers
//! `/coveredRateCenters` and `taken` counts the numbers the store holds.

use tnhub_nanp::{Geography, Npa, NpaNxx};

use crate::error::CoreError;
use crate::inventory::places::{Places, Ranges};
use crate::inventory::query::codes;

use super::Tnhub;

mod covered;
mod taken;
#[cfg(test)]
mod tests;

pub(crate) use taken::taken_counts;

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
    pub limited_available_number_count: bool,
    pub zip_codes: bool,
    pub cities: bool,
    pub npa_nxx_x: bool,
    pub npa: bool,
    pub vendors: bool,
    pub local_rate_centers: bool,
}

impl Embed {
    /// Every part (a single covered rate centre's GET).
    pub const ALL: Embed = Embed {
        available_number_count: true,
        limited_available_number_count: true,
        zip_codes: true,
        cities: true,
        npa_nxx_x: true,
        npa: true,
        vendors: true,
        local_rate_centers: true,
    };
}

/// `LimitedAvailableNumberCount` counts available numbers up to this many
/// (the real service offers it as the cheap, capped form of
/// `AvailableNumberCount`; the cap is tnhub's, the element's only known
/// meaning is "limited").
pub const LIMITED_AVAILABLE_CAP: u64 = 1_000;

/// A vendor selling numbers in a covered rate centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    pub id: u32,
    pub name: String,
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
    /// `LimitedAvailableNumberCount`: the available count, at most
    /// [`LIMITED_AVAILABLE_CAP`].
    pub limited_available_number_count: Option<u64>,
    /// `Npa`: the area codes it has numbers in, ascending.
    pub npas: Option<Vec<String>>,
    /// `Vendors`: who sells its numbers, by id.
    pub vendors: Option<Vec<Vendor>>,
    /// `LocalRateCenters`: the ids of the covered rate centres in its local
    /// calling area (itself left out), ascending.
    pub local_rate_centers: Option<Vec<u64>>,
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
}
