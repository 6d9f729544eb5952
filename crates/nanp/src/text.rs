//! Matching keys for place names: requests spell cities and rate centres in
//! many ways (`RALEIGH`, `Raleigh`, `St. Louis`, `SAINT LOUIS`, `Montréal`),
//! so lookups compare normalised keys, never raw strings.

/// The canonical key: upper-case ASCII letters and digits only, accents
/// folded, and the words SAINT/SAINTE/FORT/MOUNT/POINT shortened to
/// ST/STE/FT/MT/PT (so `Fort Myers`, `Ft. Myers` and `FT MYERS` agree).
pub fn place_key(s: &str) -> String {
    keys(s).0
}

/// The compact key: like [`place_key`] but without shortening words, so a
/// single-token request such as `FORTMYERS` (a rate-centre spelling) still
/// matches `Fort Myers`.
pub fn compact_key(s: &str) -> String {
    keys(s).1
}

/// The city a place lies within, when it is a borough or neighbourhood that
/// libphonenumber names instead (`Brooklyn`, `Jamaica`, ... are New York
/// City), so `city=New York` also finds those exchanges, as in reality.
/// Only New York City needs this in the embedded data: its five boroughs
/// are one city, and its overlays (917, 929) take their places from 718.
pub fn enclosing_city(state: &str, city: &str) -> Option<&'static str> {
    const NEW_YORK_CITY: &[&str] = &[
        "BRONX",
        "BROOKLYN",
        "STATENISLAND",
        "QUEENS",
        "JAMAICA",
        "FLUSHING",
        "LONGISLANDCITY",
        "FARROCKAWAY",
        "ELMHURST",
        "ASTORIA",
    ];
    if !state.trim().eq_ignore_ascii_case("NY") {
        return None;
    }
    let key = compact_key(city);
    NEW_YORK_CITY.contains(&key.as_str()).then_some("New York")
}

/// Both keys in one pass: (canonical, compact).
pub(crate) fn keys(s: &str) -> (String, String) {
    let mut canonical = String::with_capacity(s.len());
    let mut compact = String::with_capacity(s.len());
    let mut word_start = 0; // start of the current word in `compact`
    let end_word = |canonical: &mut String, compact: &String, word_start: usize| {
        let word = &compact[word_start..];
        canonical.push_str(match word {
            "SAINT" => "ST",
            "SAINTE" => "STE",
            "FORT" => "FT",
            "MOUNT" => "MT",
            "POINT" => "PT",
            w => w,
        });
    };
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            compact.push(c.to_ascii_uppercase());
        } else if let Some(folded) = fold_accent(c) {
            compact.push_str(folded);
        } else if compact.len() > word_start {
            end_word(&mut canonical, &compact, word_start);
            word_start = compact.len();
        }
    }
    if compact.len() > word_start {
        end_word(&mut canonical, &compact, word_start);
    }
    (canonical, compact)
}

/// A non-ASCII letter folded to upper-case ASCII, or `None` for anything
/// that separates words (space, punctuation, unknown characters). Keys join
/// the words again, so separators simply vanish (`Coeur d'Alene` →
/// `COEURDALENE`).
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'ç' | 'Ç' => "C",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ñ' | 'Ñ' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => "O",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ý' | 'ÿ' | 'Ý' => "Y",
        'æ' | 'Æ' => "AE",
        'œ' | 'Œ' => "OE",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(place_key("Raleigh"), "RALEIGH");
        assert_eq!(place_key(" RALEIGH "), "RALEIGH");
        assert_eq!(place_key("Jersey City"), "JERSEYCITY");
        assert_eq!(place_key("St. Louis"), place_key("Saint Louis"));
        assert_eq!(place_key("Fort Myers"), place_key("Ft. Myers"));
        assert_eq!(place_key("Montréal"), "MONTREAL");
        assert_eq!(place_key("Winston-Salem"), "WINSTONSALEM");
        assert_eq!(compact_key("Fort Myers"), "FORTMYERS");
        assert_eq!(place_key("Coeur d'Alene"), "COEURDALENE");
        assert_eq!(place_key("!!"), "");
        assert_eq!(enclosing_city("ny", "Staten Island"), Some("New York"));
        assert_eq!(enclosing_city("NY", "Deer Park"), None);
        assert_eq!(enclosing_city("NJ", "Brooklyn"), None);
    }
}
