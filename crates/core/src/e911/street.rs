//! The street line of an address: splitting `AddressLine1` into its parts
//! and writing each part in the postal service's standard form (upper
//! case, USPS abbreviations for suffixes and directionals), as a geocoder
//! does before it looks the address up. See `docs/e911.md`.

/// The parts of a street line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreetParts {
    pub house_number: Option<String>,
    pub house_suffix: Option<String>,
    pub pre_directional: Option<String>,
    pub street_name: Option<String>,
    pub street_suffix: Option<String>,
    pub post_directional: Option<String>,
}

/// Directionals and their USPS abbreviations.
const DIRECTIONALS: &[(&str, &str)] = &[
    ("NORTH", "N"),
    ("SOUTH", "S"),
    ("EAST", "E"),
    ("WEST", "W"),
    ("NORTHEAST", "NE"),
    ("NORTHWEST", "NW"),
    ("SOUTHEAST", "SE"),
    ("SOUTHWEST", "SW"),
];

/// Common street suffixes (USPS Publication 28, appendix C1) and their
/// standard abbreviations; the abbreviations map to themselves.
const SUFFIXES: &[(&str, &str)] = &[
    ("ALLEY", "ALY"),
    ("AVENUE", "AVE"),
    ("AV", "AVE"),
    ("BOULEVARD", "BLVD"),
    ("CIRCLE", "CIR"),
    ("COURT", "CT"),
    ("COVE", "CV"),
    ("CROSSING", "XING"),
    ("DRIVE", "DR"),
    ("EXPRESSWAY", "EXPY"),
    ("FREEWAY", "FWY"),
    ("HIGHWAY", "HWY"),
    ("LANE", "LN"),
    ("LOOP", "LOOP"),
    ("PARKWAY", "PKWY"),
    ("PIKE", "PIKE"),
    ("PLACE", "PL"),
    ("PLAZA", "PLZ"),
    ("ROAD", "RD"),
    ("ROUTE", "RTE"),
    ("SQUARE", "SQ"),
    ("STREET", "ST"),
    ("STR", "ST"),
    ("TERRACE", "TER"),
    ("TRAIL", "TRL"),
    ("TURNPIKE", "TPKE"),
    ("WAY", "WAY"),
];

fn standard(table: &[(&str, &'static str)], word: &str) -> Option<String> {
    let w = word.trim_end_matches('.').to_ascii_uppercase();
    table
        .iter()
        .find(|(long, short)| *long == w || *short == w)
        .map(|(_, short)| (*short).to_string())
}

/// The USPS form of a directional (`North` → `N`), if it is one.
pub fn directional(word: &str) -> Option<String> {
    standard(DIRECTIONALS, word)
}

/// The USPS form of a street suffix (`Street` → `ST`), if it is one.
pub fn suffix(word: &str) -> Option<String> {
    standard(SUFFIXES, word)
}

/// Whether a house number is one a geocoder can place: digits, optionally
/// with a fraction (`12 1/2` is sent as a suffix) or a hyphenated range
/// part as in Queens (`86-12`).
pub fn is_house_number(s: &str) -> bool {
    let mut parts = s.split('-');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| !p.is_empty() && p.len() <= 10 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    ok(parts.next()) && parts.all(|p| ok(Some(p)))
}

/// Splits a street line such as `900 Main Campus Drive` or
/// `1600 Pennsylvania Ave NW` into its parts (not yet standardised).
pub fn split_line(line: &str) -> StreetParts {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    let mut parts = StreetParts::default();
    if words
        .first()
        .is_some_and(|w| w.bytes().next().is_some_and(|b| b.is_ascii_digit()))
    {
        parts.house_number = Some(words.remove(0).to_string());
        // `12 1/2 Main St`: a fraction is the house suffix.
        if words.first().is_some_and(|w| w.contains('/')) {
            parts.house_suffix = Some(words.remove(0).to_string());
        }
    }
    if words.len() > 1 && directional(words[0]).is_some() {
        parts.pre_directional = Some(words.remove(0).to_string());
    }
    if words.len() > 1 && directional(words[words.len() - 1]).is_some() {
        parts.post_directional = words.pop().map(str::to_string);
    }
    if words.len() > 1 && suffix(words[words.len() - 1]).is_some() {
        parts.street_suffix = words.pop().map(str::to_string);
    }
    if !words.is_empty() {
        parts.street_name = Some(words.join(" "));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_into_parts() {
        let p = split_line("900 Main Campus Drive");
        assert_eq!(p.house_number.as_deref(), Some("900"));
        assert_eq!(p.street_name.as_deref(), Some("Main Campus"));
        assert_eq!(p.street_suffix.as_deref(), Some("Drive"));
        let p = split_line("1600 Pennsylvania Ave NW");
        assert_eq!(p.post_directional.as_deref(), Some("NW"));
        assert_eq!(p.street_suffix.as_deref(), Some("Ave"));
        let p = split_line("12 1/2 North Main");
        assert_eq!(p.house_suffix.as_deref(), Some("1/2"));
        assert_eq!(p.pre_directional.as_deref(), Some("North"));
        assert_eq!(p.street_name.as_deref(), Some("Main"));
        // A one-word street keeps its word even if it looks like a suffix.
        assert_eq!(
            split_line("5 Broadway").street_name.as_deref(),
            Some("Broadway")
        );
        assert_eq!(split_line("5 Plaza").street_name.as_deref(), Some("Plaza"));
    }

    #[test]
    fn words_are_standardised() {
        assert_eq!(suffix("street").as_deref(), Some("ST"));
        assert_eq!(suffix("Blvd.").as_deref(), Some("BLVD"));
        assert_eq!(directional("northwest").as_deref(), Some("NW"));
        assert_eq!(suffix("Campus"), None);
        assert!(is_house_number("900"));
        assert!(is_house_number("86-12"));
        assert!(!is_house_number("9a0"));
        assert!(!is_house_number(""));
    }
}
