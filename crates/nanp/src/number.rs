//! Newtypes for the parts of a NANP number. Each is parsed (and validated)
//! once, at the edge, so the rest of the server never re-checks digits.
//!
//! Format rules (NANP): a number is `NPA NXX XXXX` where `N` is 2-9 and `X`
//! is 0-9.
//! * NPA (area code): `[2-9][0-8][0-9]`; N11 codes are service codes, N9X is
//!   reserved for expansion, 37X and 96X are reserved.
//! * NXX (exchange/central-office code): `[2-9][0-9][0-9]`, not N11.
//!
//! Whether a valid number may be *sold* is a separate question answered by
//! [`crate::is_offerable`] (555, 950, 958/959, toll-free rules ...).

use std::fmt;
use std::str::FromStr;

use crate::error::{ErrorKind, NanpError};

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Why a 3-digit area code is invalid, or `None` if it is valid.
const fn npa_problem(n: u16) -> Option<&'static str> {
    let (a, b, c) = (n / 100, n / 10 % 10, n % 10);
    if n > 999 || a < 2 {
        Some("is not a valid area code: the first digit must be 2-9")
    } else if b == 1 && c == 1 {
        Some("is not a valid area code: N11 codes are service codes")
    } else if b == 9 {
        Some("is not a valid area code: N9X codes are reserved for expansion")
    } else if (a == 3 && b == 7) || (a == 9 && b == 6) {
        Some("is not a valid area code: 37X and 96X are reserved")
    } else {
        None
    }
}

/// Why a 3-digit exchange code is invalid, or `None` if it is valid.
const fn nxx_problem(n: u16) -> Option<&'static str> {
    if n > 999 || n < 200 {
        Some("is not a valid exchange code: the first digit must be 2-9")
    } else if n % 100 == 11 {
        Some("is not a valid exchange code: N11 codes are service codes")
    } else {
        None
    }
}

/// A NANP area code (NPA). Exists so an area code is validated once and can
/// key maps without re-parsing strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Npa(u16);

impl Npa {
    /// Parses exactly three digits and checks the NPA rules.
    pub fn parse(s: &str) -> Result<Npa, NanpError> {
        if s.len() != 3 || !all_digits(s) {
            return Err(NanpError::new(
                ErrorKind::Npa,
                s,
                "is not a 3-digit area code",
            ));
        }
        npa_of(s).map_err(|reason| NanpError::new(ErrorKind::Npa, s, reason))
    }

    /// The area code for a number, if it follows the NPA rules; `const` so
    /// tables of area codes can be built at compile time.
    pub const fn new(n: u16) -> Option<Npa> {
        match npa_problem(n) {
            None => Some(Npa(n)),
            Some(_) => None,
        }
    }

    /// The area code as a number (e.g. `919`).
    pub const fn get(self) -> u16 {
        self.0
    }
}

/// A NANP exchange (central-office) code. Exists so an exchange is validated
/// once; see [`crate::is_reserved_nxx`] for codes that are valid but never sold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nxx(u16);

impl Nxx {
    /// Parses exactly three digits and checks the NXX rules.
    pub fn parse(s: &str) -> Result<Nxx, NanpError> {
        if s.len() != 3 || !all_digits(s) {
            return Err(NanpError::new(
                ErrorKind::Nxx,
                s,
                "is not a 3-digit exchange code",
            ));
        }
        nxx_of(s).map_err(|reason| NanpError::new(ErrorKind::Nxx, s, reason))
    }

    /// The exchange code for a number, if it follows the NXX rules.
    pub const fn new(n: u16) -> Option<Nxx> {
        match nxx_problem(n) {
            None => Some(Nxx(n)),
            Some(_) => None,
        }
    }

    /// The exchange code as a number (e.g. `555`).
    pub const fn get(self) -> u16 {
        self.0
    }
}

/// A 6-digit NPA-NXX (one exchange of 10,000 numbers): the unit the
/// reference geography and the `npaNxx` search are keyed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NpaNxx(u32);

impl NpaNxx {
    /// Parses exactly six digits, checking both halves.
    pub fn parse(s: &str) -> Result<NpaNxx, NanpError> {
        if s.len() != 6 || !all_digits(s) {
            return Err(NanpError::new(
                ErrorKind::NpaNxx,
                s,
                "is not a 6-digit NPA-NXX",
            ));
        }
        let npa = npa_of(&s[..3]).map_err(|r| part_error(ErrorKind::NpaNxx, s, &s[..3], r))?;
        let nxx = nxx_of(&s[3..]).map_err(|r| part_error(ErrorKind::NpaNxx, s, &s[3..], r))?;
        Ok(NpaNxx::from_parts(npa, nxx))
    }

    /// Joins an area code and an exchange.
    pub const fn from_parts(npa: Npa, nxx: Nxx) -> NpaNxx {
        NpaNxx(npa.0 as u32 * 1000 + nxx.0 as u32)
    }

    /// The area code.
    pub const fn npa(self) -> Npa {
        Npa((self.0 / 1000) as u16)
    }

    /// The exchange code.
    pub const fn nxx(self) -> Nxx {
        Nxx((self.0 % 1000) as u16)
    }

    /// The six digits as a number, e.g. `919555`.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The number with this exchange and the given line (0-9999).
    pub fn tn(self, line: u16) -> Option<Tn> {
        (line <= 9999).then(|| Tn(self.0 as u64 * 10_000 + line as u64))
    }

    /// The ten thousands-blocks (NPA-NXX-0 .. NPA-NXX-9) of this exchange.
    pub fn blocks(self) -> impl Iterator<Item = NpaNxxX> {
        (0..10).map(move |x| NpaNxxX(self.0 * 10 + x))
    }
}

/// A 7-digit NPA-NXX-X thousands-block (1,000 numbers): the unit of number
/// pooling and of the `npaNxxx` search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NpaNxxX(u32);

impl NpaNxxX {
    /// Parses exactly seven digits.
    pub fn parse(s: &str) -> Result<NpaNxxX, NanpError> {
        if s.len() != 7 || !all_digits(s) {
            return Err(NanpError::new(
                ErrorKind::NpaNxxX,
                s,
                "is not a 7-digit NPA-NXX-X",
            ));
        }
        let npa = npa_of(&s[..3]).map_err(|r| part_error(ErrorKind::NpaNxxX, s, &s[..3], r))?;
        let nxx = nxx_of(&s[3..6]).map_err(|r| part_error(ErrorKind::NpaNxxX, s, &s[3..6], r))?;
        let x = u32::from(s.as_bytes()[6] - b'0');
        Ok(NpaNxxX(NpaNxx::from_parts(npa, nxx).0 * 10 + x))
    }

    /// The exchange this block belongs to.
    pub const fn npa_nxx(self) -> NpaNxx {
        NpaNxx(self.0 / 10)
    }

    /// The block digit X (0-9): the thousands digit of the line.
    pub const fn x(self) -> u8 {
        (self.0 % 10) as u8
    }

    /// The seven digits as a number, e.g. `9195551`.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The 1,000 numbers of the block, in order.
    pub fn tns(self) -> impl Iterator<Item = Tn> {
        let first = self.0 as u64 * 1000;
        (first..first + 1000).map(Tn)
    }
}

/// A 10-digit NANP telephone number. Stored as a `u64` so it is cheap to
/// copy, compare and use as a database key; `Display` gives the 10 digits
/// that Bandwidth's API uses everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tn(u64);

impl Tn {
    /// Parses a telephone number.
    ///
    /// Accepted: exactly 10 digits (`9195551212`), or the same preceded by
    /// the country code as `1` or `+1` (`19195551212`, `+19195551212`).
    /// Nothing else: no spaces, dashes, dots or parentheses, because the
    /// Bandwidth API only ever sends bare digits and tolerating formatting
    /// would hide client bugs. The NPA and NXX must follow the NANP rules.
    pub fn parse(s: &str) -> Result<Tn, NanpError> {
        let digits = s
            .strip_prefix("+1")
            .or_else(|| (s.len() == 11).then(|| s.strip_prefix('1')).flatten())
            .unwrap_or(s);
        if digits.len() != 10 || !all_digits(digits) {
            return Err(NanpError::new(
                ErrorKind::Tn,
                s,
                "is not a 10-digit telephone number",
            ));
        }
        let (a, b) = (&digits[..3], &digits[3..6]);
        let npa = npa_of(a).map_err(|r| part_error(ErrorKind::Tn, s, a, r))?;
        let nxx = nxx_of(b).map_err(|r| part_error(ErrorKind::Tn, s, b, r))?;
        let line: u16 = digits[6..].parse().expect("4 ASCII digits");
        Ok(Tn::from_parts(NpaNxx::from_parts(npa, nxx), line).expect("line < 10000"))
    }

    /// The number for an exchange and a line (0-9999).
    pub fn from_parts(npa_nxx: NpaNxx, line: u16) -> Option<Tn> {
        npa_nxx.tn(line)
    }

    /// Rebuilds a number from [`Tn::as_u64`], re-checking the rules (e.g. when
    /// reading a database column).
    pub fn from_u64(n: u64) -> Option<Tn> {
        let npa = Npa::new((n / 10_000_000) as u16)?;
        let nxx = Nxx::new((n / 10_000 % 1000) as u16)?;
        (n < 10_000_000_000)
            .then(|| Tn(NpaNxx::from_parts(npa, nxx).0 as u64 * 10_000 + n % 10_000))
    }

    /// The area code.
    pub const fn npa(self) -> Npa {
        Npa((self.0 / 10_000_000) as u16)
    }

    /// The exchange code.
    pub const fn nxx(self) -> Nxx {
        Nxx((self.0 / 10_000 % 1000) as u16)
    }

    /// The line number: the last four digits (0-9999).
    pub const fn line(self) -> u16 {
        (self.0 % 10_000) as u16
    }

    /// The exchange, e.g. `919555` for `9195551212`.
    pub const fn npa_nxx(self) -> NpaNxx {
        NpaNxx((self.0 / 10_000) as u32)
    }

    /// The thousands-block, e.g. `9195551` for `9195551212`.
    pub const fn npa_nxx_x(self) -> NpaNxxX {
        NpaNxxX((self.0 / 1000) as u32)
    }

    /// The number as an integer, e.g. `9195551212`.
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// The E.164 form, `+19195551212`.
    pub fn e164(self) -> String {
        format!("+1{}", self.0)
    }
}

/// The area code of three ASCII digits, or why it is invalid.
fn npa_of(digits: &str) -> Result<Npa, &'static str> {
    let n: u16 = digits.parse().expect("caller checked 3 ASCII digits");
    Npa::new(n).ok_or(npa_problem(n).unwrap_or("is not a valid area code"))
}

/// The exchange code of three ASCII digits, or why it is invalid.
fn nxx_of(digits: &str) -> Result<Nxx, &'static str> {
    let n: u16 = digits.parse().expect("caller checked 3 ASCII digits");
    Nxx::new(n).ok_or(nxx_problem(n).unwrap_or("is not a valid exchange code"))
}

/// An error about the whole input the user gave, naming the bad part.
fn part_error(kind: ErrorKind, whole: &str, part: &str, reason: &str) -> NanpError {
    let what = match kind {
        ErrorKind::Tn => "telephone number",
        ErrorKind::NpaNxx => "NPA-NXX",
        _ => "NPA-NXX-X",
    };
    NanpError::new(
        kind,
        whole,
        format_args!("is not a valid {what}: '{part}' {reason}"),
    )
}

macro_rules! digits_display {
    ($t:ty, $width:literal) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:0width$}", self.0, width = $width)
            }
        }
        impl FromStr for $t {
            type Err = NanpError;
            fn from_str(s: &str) -> Result<Self, NanpError> {
                <$t>::parse(s)
            }
        }
    };
}
digits_display!(Npa, 3);
digits_display!(Nxx, 3);
digits_display!(NpaNxx, 6);
digits_display!(NpaNxxX, 7);
digits_display!(Tn, 10);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tn_parts() {
        let tn = Tn::parse("9195551212").unwrap();
        assert_eq!(tn.npa().get(), 919);
        assert_eq!(tn.nxx().get(), 555);
        assert_eq!(tn.line(), 1212);
        assert_eq!(tn.npa_nxx().get(), 919555);
        assert_eq!(tn.npa_nxx_x().get(), 9195551);
        assert_eq!(tn.as_u64(), 9_195_551_212);
        assert_eq!(tn.to_string(), "9195551212");
        assert_eq!(tn.e164(), "+19195551212");
        assert_eq!(Tn::from_u64(tn.as_u64()), Some(tn));
    }

    #[test]
    fn tn_country_code_forms() {
        let tn = Tn::parse("9195551212").unwrap();
        assert_eq!(Tn::parse("19195551212").unwrap(), tn);
        assert_eq!(Tn::parse("+19195551212").unwrap(), tn);
        for bad in [
            "+9195551212",
            "1 9195551212",
            "919-555-1212",
            "(919)5551212",
            "29195551212",
            "+1+19195551212",
        ] {
            assert!(Tn::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tn_messages() {
        assert_eq!(
            Tn::parse("9195").unwrap_err().to_string(),
            "'9195' is not a 10-digit telephone number"
        );
        let e = Tn::parse("1195551212").unwrap_err().to_string();
        assert!(e.contains("first digit must be 2-9"), "{e}");
        let e = Tn::parse("9194111212").unwrap_err().to_string();
        assert_eq!(
            e,
            "'9194111212' is not a valid telephone number: '411' is not a valid exchange code: N11 codes are service codes"
        );
    }

    #[test]
    fn npa_rules() {
        for ok in ["201", "919", "800", "289", "555"] {
            assert!(Npa::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "011", "119", "211", "911", "290", "999", "370", "379", "960", "20", "2011", "2a1", "",
        ] {
            assert!(Npa::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nxx_rules() {
        for ok in ["200", "555", "999", "950", "212"] {
            assert!(Nxx::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["011", "199", "211", "411", "911", "99", "x00"] {
            assert!(Nxx::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn blocks_and_exchanges() {
        let e = NpaNxx::parse("919555").unwrap();
        assert_eq!(e.npa().to_string(), "919");
        assert_eq!(e.nxx().to_string(), "555");
        let b = NpaNxxX::parse("9195551").unwrap();
        assert_eq!(b.npa_nxx(), e);
        assert_eq!(b.x(), 1);
        let tns: Vec<Tn> = b.tns().collect();
        assert_eq!(tns.len(), 1000);
        assert_eq!(tns[0].to_string(), "9195551000");
        assert_eq!(tns[999].to_string(), "9195551999");
        assert_eq!(e.blocks().count(), 10);
        assert!(NpaNxx::parse("919411").is_err());
        assert!(NpaNxxX::parse("919555").is_err());
        assert_eq!(
            NpaNxx::parse("119555").unwrap_err().to_string(),
            "'119555' is not a valid NPA-NXX: '119' is not a valid area code: the first digit must be 2-9"
        );
    }
}
