//! The records of the reference geography.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::error::{ErrorKind, NanpError};
use crate::number::{Npa, NpaNxx, Nxx};
use crate::states::Country;

/// Where a value came from. Kept on every record because rate centres and
/// LATAs in the embedded data are derived or approximate, and operators and
/// diagnostics must be able to tell them from real (imported) values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// Google libphonenumber's geocoding data (a real NPA-NXX → city entry).
    Libphonenumber,
    /// libphonenumber's entry for the NPA plus the first NXX digits.
    LibphonenumberPrefix,
    /// libphonenumber's entry naming a whole (non-overlay) NPA's city.
    LibphonenumberNpa,
    /// NANPA's public central-office-code assignments (the exchange exists
    /// and this carrier holds it), as of the data's date.
    Nanpa,
    /// Derived by a rule (e.g. rate centre from the city name).
    Derived,
    /// A place chosen among the same area code's exchanges whose place is
    /// known (the same carrier's first).
    DerivedNpa,
    /// Taken from the area the NPA overlays: a place chosen among its
    /// exchanges, or for an area code opened after the assignment data's
    /// date the exchange itself, mirrored from the overlaid area.
    DerivedOverlay,
    /// Approximated (e.g. LATA from the nearest anchor city).
    Approx,
    /// Supplied by the operator's own import.
    Operator,
}

impl Source {
    /// The tag used in the data files and diagnostics.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Libphonenumber => "libphonenumber",
            Source::LibphonenumberPrefix => "libphonenumber_prefix",
            Source::LibphonenumberNpa => "libphonenumber_npa",
            Source::Nanpa => "nanpa",
            Source::Derived => "derived",
            Source::DerivedNpa => "derived_npa",
            Source::DerivedOverlay => "derived_overlay",
            Source::Approx => "approx",
            Source::Operator => "operator",
        }
    }

    /// Parses a tag written by [`Source::as_str`].
    pub fn parse(s: &str) -> Option<Source> {
        Some(match s {
            "libphonenumber" => Source::Libphonenumber,
            "libphonenumber_prefix" => Source::LibphonenumberPrefix,
            "libphonenumber_npa" => Source::LibphonenumberNpa,
            "nanpa" => Source::Nanpa,
            "derived" => Source::Derived,
            "derived_npa" => Source::DerivedNpa,
            "derived_overlay" => Source::DerivedOverlay,
            "approx" => Source::Approx,
            "operator" => Source::Operator,
            _ => return None,
        })
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A LATA (Local Access and Transport Area) code, e.g. 426 (Raleigh). Exists
/// so `lata=` searches are validated and compared as numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lata(u32);

impl Lata {
    /// Parses 3 to 5 digits (LATA codes are 3 digits; some sub-LATA codes 5).
    pub fn parse(s: &str) -> Result<Lata, NanpError> {
        if !(3..=5).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NanpError::new(
                ErrorKind::Lata,
                s,
                "is not a valid LATA: it must be 3 to 5 digits",
            ));
        }
        Ok(Lata(s.parse().expect("ASCII digits")))
    }

    /// The code as a number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Lata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

impl FromStr for Lata {
    type Err = NanpError;
    fn from_str(s: &str) -> Result<Self, NanpError> {
        Lata::parse(s)
    }
}

/// A US ZIP code (the 5-digit part). Exists so `zip=` accepts ZIP+4 forms
/// and keeps leading zeros (`00501`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZipCode(u32);

impl ZipCode {
    /// Parses `27601`, `27601-1234` or `276011234`; only the first five
    /// digits are kept, since the geography is per 5-digit ZIP.
    pub fn parse(s: &str) -> Result<ZipCode, NanpError> {
        if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(ZipCode(s.parse().expect("ASCII digits")));
        }
        let digits: String = match s.split_once('-') {
            Some((a, b)) if a.len() == 5 && b.len() == 4 => format!("{a}{b}"),
            Some(_) => String::new(),
            None => s.to_owned(),
        };
        if !(digits.len() == 5 || digits.len() == 9) || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(NanpError::new(
                ErrorKind::Zip,
                s,
                "is not a valid ZIP code: use 5 or 9 digits",
            ));
        }
        Ok(ZipCode(digits[..5].parse().expect("ASCII digits")))
    }

    /// The 5-digit code as a number (`501` for `00501`).
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ZipCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:05}", self.0)
    }
}

impl FromStr for ZipCode {
    type Err = NanpError;
    fn from_str(s: &str) -> Result<Self, NanpError> {
        ZipCode::parse(s)
    }
}

/// A point in degrees, so searches can find what is near a ZIP or a city.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east (negative in North America).
    pub lon: f64,
}

impl LatLon {
    /// Great-circle distance in kilometres.
    pub fn distance_km(self, other: LatLon) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        6371.0088 * 2.0 * h.sqrt().asin()
    }
}

/// One NPA-NXX (exchange) of the reference geography: where its numbers are
/// and how they are billed. The inventory draws numbers from these.
#[derive(Clone, Debug, PartialEq)]
pub struct Exchange {
    /// The exchange.
    pub npa_nxx: NpaNxx,
    /// US or Canada.
    pub country: Country,
    /// Two-letter state or province code.
    pub state: Arc<str>,
    /// City name as published (mixed case, e.g. `Raleigh`).
    pub city: Arc<str>,
    /// Rate centre abbreviation (upper case, at most 10 characters).
    pub rate_center: Arc<str>,
    /// Where the rate centre came from (embedded data: `Derived`).
    pub rate_center_source: Source,
    /// The LATA, if known.
    pub lata: Option<Lata>,
    /// Where the LATA came from (embedded data: `Approx`); `None` with no LATA.
    pub lata_source: Option<Source>,
    /// Approximate location of the city.
    pub location: Option<LatLon>,
    /// IANA time zone, e.g. `America/New_York`.
    pub time_zone: Option<Arc<str>>,
    /// Where the exchange itself came from: `Nanpa` (assigned),
    /// `Libphonenumber` (geocoded, not in NANPA's list) or `DerivedOverlay`
    /// (an area code opened after the assignment data's date).
    pub source: Source,
    /// Where its place (city, rate centre, LATA, location) came from:
    /// libphonenumber's entry, or derived (`DerivedNpa`, `DerivedOverlay`).
    pub place_source: Source,
    /// The carrier holding the code (NANPA), if known. A pooled exchange's
    /// thousands-blocks may be held by others: see `Geography::carrier_of`.
    pub ocn: Option<Ocn>,
}

impl Exchange {
    /// The area code.
    pub fn npa(&self) -> Npa {
        self.npa_nxx.npa()
    }

    /// The exchange code.
    pub fn nxx(&self) -> Nxx {
        self.npa_nxx.nxx()
    }
}

/// A carrier's Operating Company Number, e.g. `9206` or `624H`: four
/// letters or digits. `Copy`, so 200k exchanges carry one without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ocn([u8; 4]);

impl Ocn {
    /// Parses four ASCII letters or digits (upper-cased).
    pub fn parse(s: &str) -> Result<Ocn, NanpError> {
        let b = s.as_bytes();
        if b.len() != 4 || !b.iter().all(u8::is_ascii_alphanumeric) {
            return Err(NanpError::new(
                ErrorKind::Ocn,
                s,
                "is not a valid OCN: it must be 4 letters or digits",
            ));
        }
        Ok(Ocn([
            b[0].to_ascii_uppercase(),
            b[1].to_ascii_uppercase(),
            b[2].to_ascii_uppercase(),
            b[3].to_ascii_uppercase(),
        ]))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII by construction")
    }
}

impl fmt::Display for Ocn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A carrier (NANPA code or block holder): what a port-in names as the
/// losing carrier and `lnpchecker` as the current one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carrier {
    /// Its Operating Company Number.
    pub ocn: Ocn,
    /// NANPA's carrier type: `RBOC`, `ICO`, `CLEC`, `WIRELESS`, `PCS`,
    /// `IPES`, `CAP`, `ULEC`, `UNKNOWN`, ... (empty when NANPA gives none).
    pub kind: Arc<str>,
    /// Its name as NANPA lists it (at most 30 characters, commas dropped).
    pub name: Arc<str>,
}

/// Whether an area code sells numbers, and why not (for coverage reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NpaService {
    /// A geographic US/CA area code with NANPA-assigned exchanges.
    Assigned,
    /// A geographic US/CA area code opened after the assignment data's
    /// date: its exchanges are mirrored from the area it overlays.
    Derived,
    /// A geographic US/CA area code not in service (listed, with the reason,
    /// in the generator's `NOT_IN_SERVICE`).
    NotInService,
    /// Not a geographic US/CA area code (toll-free, personal, premium,
    /// Caribbean...): the default inventory has no exchanges in it.
    Outside,
}

impl NpaService {
    /// Parses the `service` column of `npas.csv.gz`.
    pub fn parse(s: &str) -> Option<NpaService> {
        Some(match s {
            "nanpa" => NpaService::Assigned,
            "derived" => NpaService::Derived,
            "not_in_service" => NpaService::NotInService,
            "" => NpaService::Outside,
            _ => return None,
        })
    }
}

/// What an area code is used for, as libphonenumber classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NpaKind {
    /// Fixed-line/mobile numbers tied to a place.
    Geographic,
    /// Toll-free (8YY).
    TollFree,
    /// Premium rate (900).
    PremiumRate,
    /// Personal communications (5XX).
    PersonalNumber,
    /// VoIP (e.g. Canadian 600).
    Voip,
    /// Any other libphonenumber type (shared cost, UAN, pager, voicemail).
    Other,
}

impl NpaKind {
    /// Parses the `kind` column of `npas.csv.gz`.
    pub fn parse(s: &str) -> NpaKind {
        match s {
            "geographic" => NpaKind::Geographic,
            "toll_free" => NpaKind::TollFree,
            "premium_rate" => NpaKind::PremiumRate,
            "personal_number" => NpaKind::PersonalNumber,
            "voip" => NpaKind::Voip,
            _ => NpaKind::Other,
        }
    }
}

/// An area code libphonenumber knows: which country it belongs to (the
/// whole NANP, Caribbean included) and what it is for.
#[derive(Clone, Debug, PartialEq)]
pub struct NpaInfo {
    /// The area code.
    pub npa: Npa,
    /// libphonenumber region code: `US`, `CA`, `PR`, `JM`, ...
    pub region_code: Arc<str>,
    /// Two-letter state/province/territory, when the NPA belongs to one.
    pub state: Option<Arc<str>>,
    /// Descriptive region name (e.g. `North Carolina`).
    pub region: Option<Arc<str>>,
    /// The single city the whole NPA serves, if libphonenumber says so.
    pub city: Option<Arc<str>>,
    /// What the NPA is for.
    pub kind: NpaKind,
    /// IANA time zones of the NPA (several for NPAs that straddle zones).
    pub time_zones: Vec<Arc<str>>,
    /// The area codes this one overlays (whose geography it shares).
    pub overlays: Vec<Npa>,
    /// Whether the default inventory sells numbers in it.
    pub service: NpaService,
}

/// A US ZIP code and the city with exchanges that serves it, so `zip=`
/// searches can be answered from exchanges.
#[derive(Clone, Debug, PartialEq)]
pub struct ZipInfo {
    /// The ZIP code.
    pub zip: ZipCode,
    /// Two-letter state.
    pub state: Arc<str>,
    /// The ZIP's place name (GeoNames).
    pub city: Arc<str>,
    /// The ZIP's location.
    pub location: LatLon,
    /// A city with exchanges in the same state: the same place, else the
    /// nearest within 40 km; `None` if there is none.
    pub prefix_city: Option<Arc<str>>,
    /// Distance to the prefix city, km.
    pub prefix_city_km: Option<f32>,
}

/// A LATA and the anchor cities used to approximate it. The list is
/// hand-maintained and unverified (see `data/SOURCES.md`).
#[derive(Clone, Debug, PartialEq)]
pub struct LataInfo {
    /// The LATA code.
    pub lata: Lata,
    /// Its conventional name, e.g. `Raleigh`.
    pub name: Arc<str>,
    /// One anchor per state the LATA covers.
    pub anchors: Vec<LataAnchor>,
}

/// An anchor city of a LATA in one state.
#[derive(Clone, Debug, PartialEq)]
pub struct LataAnchor {
    /// Two-letter state.
    pub state: Arc<str>,
    /// The anchor city.
    pub city: Arc<str>,
    /// Its location.
    pub location: LatLon,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_forms() {
        assert_eq!(ZipCode::parse("27601").unwrap().to_string(), "27601");
        assert_eq!(ZipCode::parse("27601-1234").unwrap().to_string(), "27601");
        assert_eq!(ZipCode::parse("276011234").unwrap().to_string(), "27601");
        assert_eq!(ZipCode::parse("00501").unwrap().to_string(), "00501");
        for bad in ["2760", "276012", "27601-12", "2760a", "", "27601-"] {
            assert!(ZipCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lata_and_distance() {
        assert_eq!(Lata::parse("426").unwrap().get(), 426);
        assert!(Lata::parse("42").is_err());
        assert!(Lata::parse("42a").is_err());
        let raleigh = LatLon {
            lat: 35.772,
            lon: -78.639,
        };
        let durham = LatLon {
            lat: 35.994,
            lon: -78.899,
        };
        let d = raleigh.distance_km(durham);
        assert!((30.0..40.0).contains(&d), "{d}");
        assert_eq!(Source::parse("approx"), Some(Source::Approx));
        assert_eq!(Source::Approx.to_string(), "approx");
    }
}
