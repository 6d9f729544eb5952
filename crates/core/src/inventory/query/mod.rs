//! `availableNumbers` searches: which parameters combine, which values are
//! valid, and the 4000-range codes the real service answers otherwise
//! (wire-format.md 2.1 and 3.3).
//!
//! Geographic filters (`areaCode`, `npaNxx`, `npaNxxx`, `rateCenter`+`state`,
//! `city`+`state`, `state`, `zip`, `lata`) combine by intersection.
//! `localVanity` combines only with `state`, `areaCode` and `endsIn`; the
//! toll-free searches (`tollFreeVanity`, `tollFreeWildCardPattern`) with
//! nothing but `quantity`, `orderBy` and `enableTNDetail`. The search
//! endpoint also applies the real service's table of which criteria go
//! together ([`combos`]); orders, which intersect whatever their search
//! type carries, use [`SearchQuery::parse`] without it.

use tnhub_nanp::{LocalVanity, Npa, NpaNxx, NpaNxxX, TollFreePattern, TollFreeVanity, ZipCode};

use crate::error::CoreError;

pub mod combos;
#[cfg(test)]
mod fuzz_tests;

/// The most numbers one search may return (and the default).
pub const MAX_QUANTITY: usize = 5_000;

/// Bandwidth's search error codes.
pub mod codes {
    pub const AREA_CODE: u32 = 4000;
    pub const RATE_CENTER: u32 = 4001;
    pub const NPA_NXX: u32 = 4002;
    pub const TOLL_FREE_VANITY: u32 = 4003;
    pub const TOLL_FREE_WILDCARD: u32 = 4004;
    pub const CITY: u32 = 4005;
    pub const STATE: u32 = 4006;
    pub const ZIP: u32 = 4007;
    pub const LATA: u32 = 4008;
    pub const COMBINATION: u32 = 4010;
    pub const ORDER_BY: u32 = 4020;
    pub const PROTECTED: u32 = 4022;
    /// The real service's "The quantity specified %s is invalid." (its
    /// search codes 4000-4026 have none for the quantity).
    pub const QUANTITY: u32 = 5009;
}

/// Whether protected numbers are offered (`protected=`): an operator marks
/// inventory blocks protected at import (`protected` column); they are
/// held back from ordinary searches and orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protected {
    /// `NONE` (the default): unprotected numbers only.
    #[default]
    None,
    /// `ONLY`: protected numbers only.
    Only,
    /// `MIXED`: both.
    Mixed,
}

impl Protected {
    /// Whether a number of a block with this protection is wanted.
    pub fn allows(self, protected: bool) -> bool {
        match self {
            Protected::None => !protected,
            Protected::Only => protected,
            Protected::Mixed => true,
        }
    }
}

/// Geographic criteria, all optional, combined by intersection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeoFilter {
    pub area_code: Option<Npa>,
    pub npa_nxx: Option<NpaNxx>,
    pub npa_nxx_x: Option<NpaNxxX>,
    pub state: Option<String>,
    pub city: Option<String>,
    pub rate_center: Option<String>,
    pub lata: Option<u32>,
    pub zip: Option<ZipCode>,
    /// Widen `npaNxx`/`npaNxxx` and `rateCenter` searches to the rate
    /// centres of the local calling area (`super::lca`).
    pub lca: bool,
}

impl GeoFilter {
    /// Whether any criterion is set.
    pub fn is_empty(&self) -> bool {
        self.area_code.is_none()
            && self.npa_nxx.is_none()
            && self.npa_nxx_x.is_none()
            && self.state.is_none()
            && self.city.is_none()
            && self.rate_center.is_none()
            && self.lata.is_none()
            && self.zip.is_none()
    }
}

/// What kind of search it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchKind {
    /// Local numbers matching the geography, optionally spelling a word.
    Local {
        filter: GeoFilter,
        vanity: Option<LocalVanity>,
    },
    /// Toll-free numbers in the area codes a wildcard pattern matches.
    TollFree { npas: Vec<Npa> },
    /// The toll-free numbers that spell a word.
    TollFreeVanity(TollFreeVanity),
}

/// How results are ordered (all orders sort by the number's digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderBy {
    #[default]
    FullNumber,
    NpaNxxx,
    NpaNxx,
    AreaCode,
}

/// A validated search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub kind: SearchKind,
    pub quantity: usize,
    pub detail: bool,
    pub order_by: OrderBy,
    pub protected: Protected,
}

fn invalid(code: u32, message: impl Into<String>) -> CoreError {
    CoreError::invalid(code, message)
}

fn bool_param(value: Option<&str>, name: &str, default: bool) -> Result<bool, CoreError> {
    match value.map(str::trim) {
        None | Some("") => Ok(default),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(invalid(
            codes::COMBINATION,
            format!("{name} must be true or false, not '{v}'"),
        )),
    }
}

/// The parameters of a search, looked up without regard to case.
pub trait Params {
    /// The value of a parameter (key in lower case), if present.
    fn param(&self, lower_key: &str) -> Option<&str>;
}

impl Params for [(String, String)] {
    fn param(&self, lower_key: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(lower_key))
            .map(|(_, v)| v.as_str())
    }
}

const LOCAL_KEYS: &[&str] = &[
    "areacode",
    "npanxx",
    "npanxxx",
    "ratecenter",
    "city",
    "state",
    "zip",
    "lata",
];

impl SearchQuery {
    /// Validates an `availableNumbers` search: first which criteria are
    /// sent together (the real service's table, [`combos::check`]), then
    /// every value ([`SearchQuery::parse`]).
    pub fn parse_search(
        p: &(impl Params + ?Sized),
        npa_known: impl Fn(Npa) -> bool,
    ) -> Result<SearchQuery, CoreError> {
        combos::check(p)?;
        Self::parse(p, npa_known)
    }

    /// Validates a search. `npa_known` says whether an area code exists at
    /// all (in the reference data or the inventory): an unknown one is a
    /// 4000 like the real service's "not present as a valid entry".
    pub fn parse(
        p: &(impl Params + ?Sized),
        npa_known: impl Fn(Npa) -> bool,
    ) -> Result<SearchQuery, CoreError> {
        let get = |k: &str| p.param(k).map(str::trim);
        let quantity = match get("quantity") {
            None | Some("") => MAX_QUANTITY,
            Some(q) => q
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_QUANTITY).contains(n))
                .ok_or_else(|| {
                    invalid(
                        codes::QUANTITY,
                        format!(
                            "The quantity specified {q} is invalid. It must be 1 to {MAX_QUANTITY}."
                        ),
                    )
                })?,
        };
        let detail = bool_param(get("enabletndetail"), "enableTNDetail", false)?;
        let lca = bool_param(get("lca"), "LCA", true)?;
        let ends_in = bool_param(get("endsin"), "endsIn", false)?;
        let order_by = match get("orderby") {
            None | Some("") => OrderBy::default(),
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "fullnumber" => OrderBy::FullNumber,
                "npanxxx" => OrderBy::NpaNxxx,
                "npanxx" => OrderBy::NpaNxx,
                "areacode" => OrderBy::AreaCode,
                _ => {
                    return Err(invalid(
                        codes::ORDER_BY,
                        format!(
                            "orderBy '{v}' is invalid; valid values are fullNumber, npaNxxx, npaNxx, areaCode"
                        ),
                    ));
                }
            },
        };
        let protected = match get("protected").map(str::to_ascii_uppercase).as_deref() {
            None | Some("") | Some("NONE") => Protected::None,
            Some("ONLY") => Protected::Only,
            Some("MIXED") => Protected::Mixed,
            Some(_) => {
                let v = get("protected").unwrap_or_default();
                return Err(invalid(
                    codes::PROTECTED,
                    format!("protected '{v}' is invalid; valid values are NONE, ONLY, MIXED"),
                ));
            }
        };

        let present = |k: &str| get(k).is_some();
        let local_given: Vec<&str> = LOCAL_KEYS.iter().copied().filter(|k| present(k)).collect();
        let toll_free_vanity = get("tollfreevanity");
        let wildcard = get("tollfreewildcardpattern");
        let local_vanity = get("localvanity");

        if toll_free_vanity.is_some() || wildcard.is_some() {
            if !local_given.is_empty()
                || local_vanity.is_some()
                || (toll_free_vanity.is_some() && wildcard.is_some())
            {
                return Err(invalid(
                    codes::COMBINATION,
                    "Toll-free searches (tollFreeVanity, tollFreeWildCardPattern) cannot be combined with each other or with local search parameters",
                ));
            }
            if let Some(v) = toll_free_vanity {
                let vanity = TollFreeVanity::parse(v).map_err(|e| {
                    invalid(codes::TOLL_FREE_VANITY, format!("Please verify that your Toll Free Vanity search input parameters are correct: '{v}' {}", e.message()))
                })?;
                return Ok(SearchQuery {
                    kind: SearchKind::TollFreeVanity(vanity),
                    quantity,
                    detail,
                    order_by,
                    protected,
                });
            }
            let w = wildcard.unwrap_or_default();
            let pattern = TollFreePattern::parse(w).map_err(|e| {
                invalid(codes::TOLL_FREE_WILDCARD, format!("Please verify that your Toll Free Wild Card search input parameters are correct: '{w}' {}", e.message()))
            })?;
            return Ok(SearchQuery {
                kind: SearchKind::TollFree {
                    npas: pattern.npas(),
                },
                quantity,
                detail,
                order_by,
                protected,
            });
        }

        if ends_in && local_vanity.is_none() {
            return Err(invalid(
                codes::COMBINATION,
                "endsIn is only valid together with localVanity",
            ));
        }
        if local_vanity.is_some()
            && let Some(other) = local_given
                .iter()
                .find(|k| !["state", "areacode"].contains(k))
        {
            return Err(invalid(
                codes::COMBINATION,
                format!(
                    "localVanity can be combined only with state and areaCode, not with {other}"
                ),
            ));
        }
        if local_given.is_empty() && local_vanity.is_none() {
            return Err(invalid(
                codes::COMBINATION,
                "One or more required search parameters are null or empty, please refer to the api documentation (give areaCode, npaNxx, npaNxxx, rateCenter+state, city+state, state, zip, lata, localVanity, tollFreeVanity or tollFreeWildCardPattern)",
            ));
        }

        let mut f = GeoFilter {
            lca,
            ..GeoFilter::default()
        };
        if let Some(v) = get("areacode") {
            let npa = Npa::parse(v).map_err(|_| invalid(codes::AREA_CODE, format!("Please verify that your Area Code search input parameters are correct: '{v}' is not a valid area code")))?;
            if !npa_known(npa) {
                return Err(invalid(
                    codes::AREA_CODE,
                    format!(
                        "The area code specified {v} is not present as a valid entry in our system"
                    ),
                ));
            }
            f.area_code = Some(npa);
        }
        if let Some(v) = get("npanxx") {
            f.npa_nxx = Some(NpaNxx::parse(v).map_err(|e| {
                invalid(
                    codes::NPA_NXX,
                    format!(
                        "The NPA-NXX search parameters are incorrect: {}",
                        e.message()
                    ),
                )
            })?);
        }
        if let Some(v) = get("npanxxx") {
            f.npa_nxx_x = Some(NpaNxxX::parse(v).map_err(|e| {
                invalid(
                    codes::NPA_NXX,
                    format!(
                        "The NPA-NXX-X search parameters are incorrect: {}",
                        e.message()
                    ),
                )
            })?);
        }
        if let Some(v) = get("state") {
            if tnhub_nanp::state_info(v).is_none() {
                return Err(invalid(
                    codes::STATE,
                    format!(
                        "The State search parameters are incorrect: '{v}' is not a two-letter US state or Canadian province code"
                    ),
                ));
            }
            f.state = Some(v.to_ascii_uppercase());
        }
        if let Some(v) = get("city") {
            if v.is_empty() || v.chars().count() > 100 {
                return Err(invalid(
                    codes::CITY,
                    "The City search parameters are incorrect: the city is empty or too long",
                ));
            }
            f.city = Some(v.to_string());
        }
        if let Some(v) = get("ratecenter") {
            if v.is_empty() || v.chars().count() > 100 {
                return Err(invalid(
                    codes::RATE_CENTER,
                    "The Rate Center search parameters are incorrect: the rate center is empty or too long",
                ));
            }
            f.rate_center = Some(v.to_string());
        }
        if (f.city.is_some() || f.rate_center.is_some()) && f.state.is_none() {
            return Err(invalid(
                codes::COMBINATION,
                "state is required together with city or rateCenter",
            ));
        }
        if let Some(v) = get("zip") {
            f.zip = Some(ZipCode::parse(v).map_err(|_| invalid(codes::ZIP, format!("The Zip search parameters are incorrect: '{v}' is not a 5- or 9-digit ZIP code")))?);
        }
        if let Some(v) = get("lata") {
            let lata = tnhub_nanp::Lata::parse(v).map_err(|_| {
                invalid(
                    codes::LATA,
                    format!("The LATA search parameters are incorrect: '{v}' is not a LATA code"),
                )
            })?;
            f.lata = Some(lata.get());
        }
        let vanity = match local_vanity {
            None => None,
            Some(v) => Some(LocalVanity::parse(v, ends_in).map_err(|e| {
                invalid(
                    codes::COMBINATION,
                    format!("localVanity '{v}' is invalid: {}", e.message()),
                )
            })?),
        };
        Ok(SearchQuery {
            kind: SearchKind::Local { filter: f, vanity },
            quantity,
            detail,
            order_by,
            protected,
        })
    }
}

#[cfg(test)]
mod tests;
