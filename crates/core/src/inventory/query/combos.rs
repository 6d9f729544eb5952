//! Which `availableNumbers` parameters may be sent together: the table of
//! wire-format.md 2.1, applied as written. Anything the table does not
//! allow is a 400 with code 4010.
//!
//! Each search type has the parameters it requires and the ones it may be
//! combined with; a request is valid when some type's required parameters
//! are all present and every other criterion it sends is one that type
//! allows. On top of the table:
//! - `areaCode`, `npaNxx` and `npaNxxx` exclude each other (the table's
//!   `areaCode/npaNxx/npaNxxx`: one of them);
//! - `city` or `rateCenter` without `state` is invalid (3.3);
//! - `quantity`, `enableTNDetail` and `protected` go with every type, and
//!   parameters the search does not know (`page`, `size`, …) are ignored.
//!
//! The table's `state [+…]`, `city+state [+…]`, `zip [+…]` and `lata [+…]`
//! take the same companions as `rateCenter+state` (the place parameters,
//! one of `areaCode`/`npaNxx`/`npaNxxx`, `orderBy`, `LCA`), and the
//! `npaNxx`/`npaNxxx` row's `+same` the companions of `areaCode`. So, for
//! example, `areaCode` with `orderBy` or `LCA` alone is refused (the
//! `areaCode` row has neither), while `areaCode&state=NC&orderBy=npaNxx` is
//! a state search and valid.
//!
//! Orders keep their own rules (a `CombinedSearchAndOrderType` intersects
//! whatever it is given), so this check is made by the `availableNumbers`
//! search only ([`super::SearchQuery::parse_search`]).

use super::{Params, codes};
use crate::error::CoreError;

/// Every parameter that decides or narrows a search (lower case, as
/// looked up). Parameters outside this list and [`GENERAL`] are ignored.
const CRITERIA: &[&str] = &[
    "areacode",
    "npanxx",
    "npanxxx",
    "ratecenter",
    "state",
    "city",
    "zip",
    "lata",
    "localvanity",
    "endsin",
    "tollfreevanity",
    "tollfreewildcardpattern",
    "orderby",
    "lca",
];

/// Parameters every search type takes.
pub const GENERAL: &[&str] = &["quantity", "enabletndetail", "protected"];

/// The three that exclude each other.
const NUMBERING: &[&str] = &["areacode", "npanxx", "npanxxx"];

/// One row of the table.
struct SearchType {
    /// How the type is called in messages.
    name: &'static str,
    /// The parameters it needs.
    required: &'static [&'static str],
    /// The criteria it may be combined with.
    companions: &'static [&'static str],
}

const AREA_CODE_COMPANIONS: &[&str] = &["ratecenter", "city", "state", "lata", "zip"];
const NPA_NXX_COMPANIONS: &[&str] = &[
    "ratecenter",
    "city",
    "state",
    "lata",
    "zip",
    "orderby",
    "lca",
];
const PLACE_COMPANIONS: &[&str] = &[
    "ratecenter",
    "city",
    "state",
    "areacode",
    "npanxx",
    "npanxxx",
    "lata",
    "zip",
    "orderby",
    "lca",
];

const TYPES: &[SearchType] = &[
    SearchType {
        name: "tollFreeVanity",
        required: &["tollfreevanity"],
        companions: &["orderby"],
    },
    SearchType {
        name: "tollFreeWildCardPattern",
        required: &["tollfreewildcardpattern"],
        companions: &["orderby"],
    },
    SearchType {
        name: "localVanity",
        required: &["localvanity"],
        companions: &["state", "areacode", "endsin"],
    },
    SearchType {
        name: "npaNxx",
        required: &["npanxx"],
        companions: NPA_NXX_COMPANIONS,
    },
    SearchType {
        name: "npaNxxx",
        required: &["npanxxx"],
        companions: NPA_NXX_COMPANIONS,
    },
    SearchType {
        name: "rateCenter+state",
        required: &["ratecenter", "state"],
        companions: PLACE_COMPANIONS,
    },
    SearchType {
        name: "city+state",
        required: &["city", "state"],
        companions: PLACE_COMPANIONS,
    },
    SearchType {
        name: "zip",
        required: &["zip"],
        companions: PLACE_COMPANIONS,
    },
    SearchType {
        name: "lata",
        required: &["lata"],
        companions: PLACE_COMPANIONS,
    },
    SearchType {
        name: "state",
        required: &["state"],
        companions: PLACE_COMPANIONS,
    },
    SearchType {
        name: "areaCode",
        required: &["areacode"],
        companions: AREA_CODE_COMPANIONS,
    },
];

/// The real spelling of a parameter, for messages.
fn spelled(lower: &str) -> &'static str {
    match lower {
        "areacode" => "areaCode",
        "npanxx" => "npaNxx",
        "npanxxx" => "npaNxxx",
        "ratecenter" => "rateCenter",
        "state" => "state",
        "city" => "city",
        "zip" => "zip",
        "lata" => "lata",
        "localvanity" => "localVanity",
        "endsin" => "endsIn",
        "tollfreevanity" => "tollFreeVanity",
        "tollfreewildcardpattern" => "tollFreeWildCardPattern",
        "orderby" => "orderBy",
        "lca" => "LCA",
        _ => "?",
    }
}

fn combination(message: String) -> CoreError {
    CoreError::invalid(codes::COMBINATION, message)
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| spelled(k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks the combination of criteria a search sends (wire-format.md 2.1):
/// `Ok` when some search type allows it, else 4010 naming what is wrong.
pub fn check(p: &(impl Params + ?Sized)) -> Result<(), CoreError> {
    let given: Vec<&str> = CRITERIA
        .iter()
        .copied()
        .filter(|k| p.param(k).is_some())
        .collect();
    if given.is_empty() {
        return Err(combination(
            "One or more required search parameters are null or empty, please refer to the api documentation (give areaCode, npaNxx, npaNxxx, rateCenter+state, city+state, state, zip, lata, localVanity, tollFreeVanity or tollFreeWildCardPattern)".into(),
        ));
    }
    let numbering: Vec<&str> = given
        .iter()
        .copied()
        .filter(|k| NUMBERING.contains(k))
        .collect();
    if numbering.len() > 1 {
        return Err(combination(format!(
            "Provided search criteria are unsupported or are not valid: {} cannot be combined; give one of areaCode, npaNxx and npaNxxx",
            list(&numbering)
        )));
    }
    if (given.contains(&"city") || given.contains(&"ratecenter")) && !given.contains(&"state") {
        return Err(combination(
            "state is required together with city or rateCenter".into(),
        ));
    }
    let fits = |t: &SearchType| {
        t.required.iter().all(|r| given.contains(r))
            && given
                .iter()
                .all(|g| t.required.contains(g) || t.companions.contains(g))
    };
    if TYPES.iter().any(fits) {
        return Ok(());
    }
    // Name the first type the request could have meant, and what it sent
    // that the type does not take.
    Err(
        match TYPES
            .iter()
            .find(|t| t.required.iter().all(|r| given.contains(r)))
        {
            Some(t) => {
                let extra: Vec<&str> = given
                    .iter()
                    .copied()
                    .filter(|g| !t.required.contains(g) && !t.companions.contains(g))
                    .collect();
                let takes = if t.companions.is_empty() {
                    "nothing else".to_string()
                } else {
                    list(t.companions)
                };
                combination(format!(
                    "Provided search criteria are unsupported or are not valid: {} searches cannot be combined with {}; they take {takes} (and quantity, enableTNDetail, protected)",
                    t.name,
                    list(&extra)
                ))
            }
            None => combination(format!(
                "Provided search criteria are unsupported or are not valid: {} is not a search on its own (give areaCode, npaNxx, npaNxxx, rateCenter+state, city+state, state, zip, lata, localVanity, tollFreeVanity or tollFreeWildCardPattern)",
                list(&given)
            )),
        },
    )
}
