//! US states, DC, US territories and Canadian provinces/territories: the
//! two-letter codes the API's `state` parameter takes.

use std::fmt;

/// The country an exchange is in. Exists because Canadian exchanges have no
/// LATA and are excluded from some US-only features.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Country {
    /// The United States (including DC and the territories).
    Us,
    /// Canada.
    Ca,
}

impl Country {
    /// The ISO code, `US` or `CA`.
    pub fn as_str(self) -> &'static str {
        match self {
            Country::Us => "US",
            Country::Ca => "CA",
        }
    }

    /// Parses `US` or `CA` (any case).
    pub fn parse(s: &str) -> Option<Country> {
        if s.eq_ignore_ascii_case("US") {
            Some(Country::Us)
        } else if s.eq_ignore_ascii_case("CA") {
            Some(Country::Ca)
        } else {
            None
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The 50 US states and DC, by USPS code.
pub const US_STATES: [(&str, &str); 51] = [
    ("AK", "Alaska"),
    ("AL", "Alabama"),
    ("AR", "Arkansas"),
    ("AZ", "Arizona"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DC", "District of Columbia"),
    ("DE", "Delaware"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("IA", "Iowa"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("MA", "Massachusetts"),
    ("MD", "Maryland"),
    ("ME", "Maine"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MO", "Missouri"),
    ("MS", "Mississippi"),
    ("MT", "Montana"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("NE", "Nebraska"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NV", "Nevada"),
    ("NY", "New York"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VA", "Virginia"),
    ("VT", "Vermont"),
    ("WA", "Washington"),
    ("WI", "Wisconsin"),
    ("WV", "West Virginia"),
    ("WY", "Wyoming"),
];

/// US territories in the NANP, by USPS code.
pub const US_TERRITORIES: [(&str, &str); 5] = [
    ("AS", "American Samoa"),
    ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"),
    ("VI", "U.S. Virgin Islands"),
];

/// Canadian provinces and territories, by Canada Post code.
pub const CA_PROVINCES: [(&str, &str); 13] = [
    ("AB", "Alberta"),
    ("BC", "British Columbia"),
    ("MB", "Manitoba"),
    ("NB", "New Brunswick"),
    ("NL", "Newfoundland and Labrador"),
    ("NS", "Nova Scotia"),
    ("NT", "Northwest Territories"),
    ("NU", "Nunavut"),
    ("ON", "Ontario"),
    ("PE", "Prince Edward Island"),
    ("QC", "Quebec"),
    ("SK", "Saskatchewan"),
    ("YT", "Yukon"),
];

/// The full name and country of a two-letter code (any case), so a
/// `state=` parameter can be validated and echoed with its proper name.
pub fn state_info(code: &str) -> Option<(&'static str, Country)> {
    let code = code.trim().to_ascii_uppercase();
    let find = |table: &[(&'static str, &'static str)]| {
        table.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
    };
    find(&US_STATES)
        .or_else(|| find(&US_TERRITORIES))
        .map(|n| (n, Country::Us))
        .or_else(|| find(&CA_PROVINCES).map(|n| (n, Country::Ca)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(state_info("nc"), Some(("North Carolina", Country::Us)));
        assert_eq!(state_info("ON"), Some(("Ontario", Country::Ca)));
        assert_eq!(state_info("PR"), Some(("Puerto Rico", Country::Us)));
        assert_eq!(state_info("XX"), None);
        assert!(US_STATES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(Country::parse("ca"), Some(Country::Ca));
    }
}
