//! The new-number order (`POST /accounts/{a}/orders`, wire-format.md 2.2).
//!
//! A request names a site (and optionally a peer), whether a partial result
//! is acceptable, whether a shortfall may be back-ordered, and exactly one
//! order type: a list of existing numbers, or one of the search-and-order
//! types, which are searches ([`crate::inventory::query`]) with a quantity.

use serde::{Deserialize, Serialize};
use tnhub_nanp::Tn;

use super::codes;
use crate::error::CoreError;
use crate::inventory::query::{MAX_QUANTITY, SearchQuery};

/// The search-and-order types, by their real element names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchOrderKind {
    AreaCode,
    RateCenter,
    NpaNxx,
    TollFreeVanity,
    TollFreeWildChar,
    State,
    City,
    Zip,
    Lata,
    Combined,
    LocalVanity,
}

impl SearchOrderKind {
    /// Every kind, for matching request elements.
    pub const ALL: [SearchOrderKind; 11] = [
        SearchOrderKind::AreaCode,
        SearchOrderKind::RateCenter,
        SearchOrderKind::NpaNxx,
        SearchOrderKind::TollFreeVanity,
        SearchOrderKind::TollFreeWildChar,
        SearchOrderKind::State,
        SearchOrderKind::City,
        SearchOrderKind::Zip,
        SearchOrderKind::Lata,
        SearchOrderKind::Combined,
        SearchOrderKind::LocalVanity,
    ];

    /// The element name the real service uses.
    pub fn element(self) -> &'static str {
        match self {
            SearchOrderKind::AreaCode => "AreaCodeSearchAndOrderType",
            SearchOrderKind::RateCenter => "RateCenterSearchAndOrderType",
            SearchOrderKind::NpaNxx => "NPANXXSearchAndOrderType",
            SearchOrderKind::TollFreeVanity => "TollFreeVanitySearchAndOrderType",
            SearchOrderKind::TollFreeWildChar => "TollFreeWildCharSearchAndOrderType",
            SearchOrderKind::State => "StateSearchAndOrderType",
            SearchOrderKind::City => "CitySearchAndOrderType",
            SearchOrderKind::Zip => "ZIPSearchAndOrderType",
            SearchOrderKind::Lata => "LATASearchAndOrderType",
            SearchOrderKind::Combined => "CombinedSearchAndOrderType",
            SearchOrderKind::LocalVanity => "LocalVanitySearchAndOrderType",
        }
    }

    /// The children this kind reads (real names) and the search parameter
    /// each becomes; the first is required (except for `Combined`).
    pub fn fields(self) -> &'static [(&'static str, &'static str)] {
        match self {
            SearchOrderKind::AreaCode => &[("AreaCode", "areacode")],
            SearchOrderKind::RateCenter => &[("RateCenter", "ratecenter"), ("State", "state")],
            SearchOrderKind::NpaNxx => &[("NpaNxx", "npanxx"), ("EnableLCA", "lca")],
            SearchOrderKind::TollFreeVanity => &[("TollFreeVanity", "tollfreevanity")],
            SearchOrderKind::TollFreeWildChar => {
                &[("TollFreeWildCardPattern", "tollfreewildcardpattern")]
            }
            SearchOrderKind::State => &[("State", "state")],
            SearchOrderKind::City => &[("City", "city"), ("State", "state")],
            SearchOrderKind::Zip => &[("Zip", "zip")],
            SearchOrderKind::Lata => &[("Lata", "lata")],
            SearchOrderKind::Combined => &[
                ("AreaCode", "areacode"),
                ("RateCenter", "ratecenter"),
                ("State", "state"),
                ("NpaNxx", "npanxx"),
                ("NpaNxxX", "npanxxx"),
                ("Lata", "lata"),
                ("City", "city"),
                ("Zip", "zip"),
                ("LocalVanity", "localvanity"),
                ("EndsIn", "endsin"),
                ("EnableLCA", "lca"),
            ],
            SearchOrderKind::LocalVanity => &[
                ("LocalVanity", "localvanity"),
                ("EndsIn", "endsin"),
                ("State", "state"),
                ("AreaCode", "areacode"),
            ],
        }
    }

    /// Whether a shortfall may be back-ordered (the real service refuses
    /// back-orders for specific numbers, NPA-NXX and vanity orders: 5522).
    pub fn allows_backorder(self) -> bool {
        !matches!(
            self,
            SearchOrderKind::NpaNxx
                | SearchOrderKind::TollFreeVanity
                | SearchOrderKind::LocalVanity
        )
    }
}

/// Which numbers the order is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberOrderType {
    /// Specific numbers, optionally released from the account's reservations.
    Existing {
        tns: Vec<String>,
        reservation_ids: Vec<String>,
    },
    /// A search and a quantity. `fields` keeps the children as sent (real
    /// names, in the kind's order) to echo them back.
    Search {
        kind: SearchOrderKind,
        fields: Vec<(String, String)>,
        quantity: u32,
    },
}

/// A validated new-number order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberOrderRequest {
    pub name: Option<String>,
    pub customer_order_id: Option<String>,
    pub site_id: i64,
    /// The peer as sent (`None`: the site's default, resolved at create).
    pub peer_id: Option<i64>,
    pub partial_allowed: bool,
    pub back_order_requested: bool,
    pub tn_attributes: Vec<String>,
    pub order_type: NumberOrderType,
}

/// A number that could not be ordered, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedNumber {
    pub tn: String,
    pub code: u32,
    pub description: String,
}

/// An order-level error (`ErrorList/Error` without a number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderError {
    pub code: u32,
    pub description: String,
}

/// What processing has achieved so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NumberOrderResult {
    pub completed: Vec<String>,
    pub failed: Vec<FailedNumber>,
    pub pending_quantity: u32,
    pub errors: Vec<OrderError>,
    pub summary: Option<String>,
    /// Counts of the completed numbers by place and vendor (order lists show them).
    pub breakdown: Breakdown,
}

/// How many of an order's numbers are in each state, rate centre, city,
/// tier and vendor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Breakdown {
    pub states: Vec<(String, u32)>,
    pub rate_centers: Vec<(String, u32)>,
    pub cities: Vec<(String, u32)>,
    pub tiers: Vec<(u32, u32)>,
    pub vendors: Vec<(u32, String, u32)>,
}

fn bump<K: PartialEq>(list: &mut Vec<(K, u32)>, key: K) {
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += 1,
        None => list.push((key, 1)),
    }
}

impl Breakdown {
    /// Counts one more number.
    pub fn add(&mut self, geo: &crate::number::NumberGeo) {
        if let Some(s) = &geo.state {
            bump(&mut self.states, s.clone());
        }
        if let Some(r) = &geo.rate_center {
            bump(&mut self.rate_centers, r.clone());
        }
        if let Some(c) = &geo.city {
            bump(&mut self.cities, c.to_ascii_uppercase());
        }
        bump(&mut self.tiers, geo.tier);
        let vendor = (
            geo.vendor_id.unwrap_or(0),
            geo.vendor_name.clone().unwrap_or_default(),
        );
        match self
            .vendors
            .iter_mut()
            .find(|(id, name, _)| (*id, name.as_str()) == (vendor.0, vendor.1.as_str()))
        {
            Some((_, _, n)) => *n += 1,
            None => self.vendors.push((vendor.0, vendor.1, 1)),
        }
    }
}

impl NumberOrderResult {
    /// `2 numbers ordered in (919)`, `1 out of 2 numbers ordered in (636)`.
    pub fn summarise(&mut self, requested: usize) {
        let mut area_codes: Vec<&str> = self.completed.iter().filter_map(|t| t.get(..3)).collect();
        area_codes.sort_unstable();
        area_codes.dedup();
        let n = self.completed.len();
        let noun = if n == 1 { "number" } else { "numbers" };
        self.summary = Some(if n == requested {
            format!("{n} {noun} ordered in ({})", area_codes.join(", "))
        } else if n == 0 {
            format!("0 out of {requested} numbers ordered")
        } else {
            format!(
                "{n} out of {requested} numbers ordered in ({})",
                area_codes.join(", ")
            )
        });
    }
}

/// One search-and-order element as sent: its kind, its children (real
/// names, values as sent) and its `Quantity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDraft {
    pub kind: SearchOrderKind,
    pub fields: Vec<(String, String)>,
    pub quantity: Option<String>,
}

/// What a client sent, before validation (the server fills it from XML).
#[derive(Debug, Clone, Default)]
pub struct NumberOrderDraft {
    pub name: Option<String>,
    pub customer_order_id: Option<String>,
    pub site_id: Option<String>,
    pub peer_id: Option<String>,
    pub partial_allowed: Option<bool>,
    pub back_order_requested: Option<bool>,
    pub tn_attributes: Vec<String>,
    pub existing: Option<(Vec<String>, Vec<String>)>,
    /// Every search-and-order element sent.
    pub searches: Vec<SearchDraft>,
}

/// The most numbers one order may name or ask for.
pub const MAX_ORDER_TNS: usize = 5_000;

fn invalid(code: u32, message: impl Into<String>) -> CoreError {
    CoreError::invalid(code, message)
}

mod fields;
pub use fields::{TN_ATTRIBUTES, check_customer_order_id, check_order_name, check_tn_attributes};

impl NumberOrderRequest {
    /// Validates a draft. Site and peer existence are checked by the
    /// service (they need the store).
    pub fn validate(d: NumberOrderDraft) -> Result<NumberOrderRequest, CoreError> {
        let name = check_order_name(d.name)?;
        let customer_order_id = check_customer_order_id(d.customer_order_id)?;
        let site = d
            .site_id
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let site_id =
            match site {
                None => return Err(invalid(codes::SITE_REQUIRED, "SiteId is a required field.")),
                Some(s) => s.parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(|| {
                    invalid(codes::SITE_INVALID, "The SiteId submitted is invalid.")
                })?,
            };
        let peer_id =
            match d
                .peer_id
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
            {
                None => None,
                Some(p) => Some(p.parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(|| {
                    invalid(codes::PEER_INVALID, "SIP peer submitted is invalid.")
                })?),
            };
        let back_order_requested = d.back_order_requested.unwrap_or(false);
        let types = usize::from(d.existing.is_some()) + d.searches.len();
        if types != 1 {
            return Err(invalid(
                codes::ORDER_TYPE,
                format!(
                    "An order must have exactly one order type (ExistingTelephoneNumberOrderType or one of the search-and-order types); this one has {types}"
                ),
            ));
        }
        let order_type = if let Some((tns, reservation_ids)) = d.existing {
            if back_order_requested {
                return Err(invalid(
                    codes::BACKORDER_TYPE,
                    "Backorders are not supported for ExistingTelephoneNumberOrderType",
                ));
            }
            // Counted as sent, before any other work.
            if tns.len() > MAX_ORDER_TNS {
                return Err(invalid(
                    codes::QUANTITY,
                    format!(
                        "The quantity specified {} is invalid. An order names 1 to {MAX_ORDER_TNS} telephone numbers.",
                        tns.len()
                    ),
                ));
            }
            let mut parsed = Vec::with_capacity(tns.len());
            for t in &tns {
                let tn = Tn::parse(t.trim()).map_err(|e| {
                    invalid(
                        codes::TN_INVALID,
                        format!("TelephoneNumber {}", e.message()),
                    )
                })?;
                parsed.push(tn.to_string());
            }
            let clean = super::first_of_each(parsed);
            if clean.is_empty() {
                return Err(invalid(
                    codes::QUANTITY,
                    format!(
                        "The quantity specified {} is invalid. An order names 1 to {MAX_ORDER_TNS} telephone numbers.",
                        clean.len()
                    ),
                ));
            }
            NumberOrderType::Existing {
                tns: clean,
                reservation_ids: reservation_ids
                    .into_iter()
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty())
                    .collect(),
            }
        } else {
            let SearchDraft {
                kind,
                fields: sent,
                quantity,
            } = d
                .searches
                .into_iter()
                .next()
                .expect("exactly one order type");
            if back_order_requested && !kind.allows_backorder() {
                return Err(invalid(
                    codes::BACKORDER_TYPE,
                    format!("Backorders are not supported for {}", kind.element()),
                ));
            }
            let quantity = match quantity.as_deref().map(str::trim) {
                None | Some("") => 1,
                Some(q) => q
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_QUANTITY as u32).contains(n))
                    .ok_or_else(|| {
                        invalid(
                            codes::QUANTITY,
                            format!("The quantity specified {q} is invalid."),
                        )
                    })?,
            };
            let mut fields = Vec::new();
            for (i, (real, _)) in kind.fields().iter().enumerate() {
                let value = sent
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(real))
                    .map(|(_, v)| v.trim().to_string());
                match value.filter(|v| !v.is_empty()) {
                    Some(v) => fields.push(((*real).to_string(), v)),
                    None if i == 0 && kind != SearchOrderKind::Combined => {
                        return Err(CoreError::required(&format!("{} {real}", kind.element())));
                    }
                    None => {}
                }
            }
            let order = NumberOrderType::Search {
                kind,
                fields,
                quantity,
            };
            // The search rules (and their 4000-range codes) apply as they do to availableNumbers.
            SearchQuery::parse(search_params(&order).as_slice(), |_| true)?;
            order
        };
        Ok(NumberOrderRequest {
            name,
            customer_order_id,
            site_id,
            peer_id,
            partial_allowed: d.partial_allowed.unwrap_or(true),
            back_order_requested,
            tn_attributes: check_tn_attributes(d.tn_attributes)?,
            order_type,
        })
    }

    /// How many numbers the order asks for.
    pub fn requested(&self) -> usize {
        match &self.order_type {
            NumberOrderType::Existing { tns, .. } => tns.len(),
            NumberOrderType::Search { quantity, .. } => *quantity as usize,
        }
    }
}

/// The search a search-and-order type runs (lower-case parameter names).
pub fn search_params(t: &NumberOrderType) -> Vec<(String, String)> {
    match t {
        NumberOrderType::Existing { .. } => Vec::new(),
        NumberOrderType::Search {
            kind,
            fields,
            quantity,
        } => {
            let mut p: Vec<(String, String)> = fields
                .iter()
                .filter_map(|(real, v)| {
                    kind.fields()
                        .iter()
                        .find(|(r, _)| r == real)
                        .map(|(_, param)| ((*param).to_string(), v.clone()))
                })
                .collect();
            // Searches widen to the local calling area unless told not to;
            // an order type without an `EnableLCA` child cannot say, and its
            // customer asked for exactly that rate centre, city or area.
            if !kind.fields().iter().any(|(real, _)| *real == "EnableLCA") {
                p.push(("lca".into(), "false".into()));
            }
            p.push(("quantity".into(), quantity.to_string()));
            p
        }
    }
}

#[cfg(test)]
mod tests;
