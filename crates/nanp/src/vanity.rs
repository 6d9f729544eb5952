//! Vanity numbers: letters on the phone keypad (2=ABC, 3=DEF, 4=GHI, 5=JKL,
//! 6=MNO, 7=PQRS, 8=TUV, 9=WXYZ) and matching them against numbers.
//!
//! * `localVanity`: 4-7 letters/digits, matched anywhere in the last seven
//!   digits (NXX + line), or only at the end with `endsIn=true`.
//! * `tollFreeVanity`: 7 or more letters/digits; the first seven must equal
//!   the seven digits after the toll-free area code (extra letters are not
//!   dialled, as with 1-800-CONTACTS).

use std::fmt;

use crate::error::{ErrorKind, NanpError};
use crate::number::{Nxx, Tn};
use crate::rules::{TOLL_FREE_NPAS, is_toll_free};

/// The keypad digit for a letter (either case) or a digit; `None` otherwise.
pub fn keypad_digit(c: char) -> Option<char> {
    let d = match c.to_ascii_uppercase() {
        d @ '0'..='9' => d,
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        'W'..='Z' => '9',
        _ => return None,
    };
    Some(d)
}

/// Maps letters to keypad digits (`"CALL"` → `"2255"`); digits pass through.
/// Any other character (space, dash, non-ASCII) is an error, so a typo is
/// reported instead of silently searching for something else.
pub fn vanity_digits(s: &str) -> Result<String, NanpError> {
    s.chars()
        .map(|c| {
            keypad_digit(c).ok_or_else(|| {
                NanpError::new(
                    ErrorKind::Vanity,
                    s,
                    "is not a valid vanity pattern: use only letters and digits",
                )
            })
        })
        .collect()
}

/// True if `pattern_digits` (1-7 ASCII digits) occurs in the last seven
/// digits of `tn`, or, with `ends_in`, ends them. Anything else never matches.
pub fn vanity_matches(tn: Tn, pattern_digits: &str, ends_in: bool) -> bool {
    if !valid_pattern(pattern_digits) {
        return false;
    }
    let last7 = format!("{:03}{:04}", tn.nxx().get(), tn.line());
    if ends_in {
        last7.ends_with(pattern_digits)
    } else {
        last7.contains(pattern_digits)
    }
}

fn valid_pattern(p: &str) -> bool {
    (1..=7).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
}

/// The line numbers (0-9999), ascending, for which `NXX + line` matches the
/// pattern as [`vanity_matches`] does, computed without scanning all 10,000
/// lines. Exists so a search can draw vanity candidates from an exchange
/// directly. An invalid pattern yields nothing.
pub fn vanity_lines(nxx: Nxx, pattern_digits: &str, ends_in: bool) -> VanityLines {
    let mut lines = VanityLines {
        placements: Vec::new(),
        all: false,
        next: 0,
    };
    if !valid_pattern(pattern_digits) {
        lines.next = 10_000;
        return lines;
    }
    let p: Vec<u8> = pattern_digits.bytes().map(|b| b - b'0').collect();
    let n = nxx.get();
    let exch = [(n / 100) as u8, (n / 10 % 10) as u8, (n % 10) as u8];
    let k = p.len();
    let first = if ends_in { 7 - k } else { 0 };
    for o in first..=7 - k {
        // The part of the pattern over the NXX must agree with it.
        if (o..(o + k).min(3)).any(|pos| exch[pos] != p[pos - o]) {
            continue;
        }
        if o + k <= 3 {
            lines.all = true; // entirely inside the NXX: every line matches
            continue;
        }
        let start = o.max(3);
        let fixed = p[start - o..]
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d));
        lines.placements.push(Placement {
            a: (start - 3) as u32,
            b: (o + k - 3) as u32,
            fixed,
        });
    }
    if !lines.all && lines.placements.is_empty() {
        lines.next = 10_000;
    }
    lines
}

/// Iterator returned by [`vanity_lines`].
#[derive(Clone, Debug)]
pub struct VanityLines {
    placements: Vec<Placement>,
    all: bool,
    next: u32,
}

/// Line digits `a..b` (0-4) are fixed to `fixed`; the others are free.
#[derive(Clone, Copy, Debug)]
struct Placement {
    a: u32,
    b: u32,
    fixed: u32,
}

impl Placement {
    /// The smallest line >= x that fits this placement.
    fn at_or_after(self, x: u32) -> Option<u32> {
        let hi_scale = 10u32.pow(4 - self.a);
        let scale = 10u32.pow(4 - self.b);
        let hi = x / hi_scale;
        let mid = x / scale % 10u32.pow(self.b - self.a);
        let v = if mid == self.fixed {
            x
        } else if mid < self.fixed {
            hi * hi_scale + self.fixed * scale
        } else if hi + 1 < 10u32.pow(self.a) {
            (hi + 1) * hi_scale + self.fixed * scale
        } else {
            return None;
        };
        (v <= 9999).then_some(v)
    }
}

impl Iterator for VanityLines {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        if self.next > 9999 {
            return None;
        }
        let found = if self.all {
            Some(self.next)
        } else {
            self.placements
                .iter()
                .filter_map(|p| p.at_or_after(self.next))
                .min()
        };
        match found {
            Some(line) => {
                self.next = line + 1;
                Some(line as u16)
            }
            None => {
                self.next = 10_000;
                None
            }
        }
    }
}

/// A parsed `localVanity` search (4-7 letters/digits, optional `endsIn`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalVanity {
    given: String,
    digits: String,
    ends_in: bool,
}

impl LocalVanity {
    /// Parses the pattern; `ends_in` is the request's `endsIn` flag.
    pub fn parse(s: &str, ends_in: bool) -> Result<LocalVanity, NanpError> {
        let len = s.chars().count();
        if !(4..=7).contains(&len) {
            return Err(NanpError::new(
                ErrorKind::Vanity,
                s,
                "is not a valid local vanity pattern: it must be 4 to 7 letters or digits",
            ));
        }
        Ok(LocalVanity {
            given: s.to_owned(),
            digits: vanity_digits(s)?,
            ends_in,
        })
    }

    /// The keypad digits to look for.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// Whether the digits must end the number.
    pub fn ends_in(&self) -> bool {
        self.ends_in
    }

    /// True if the number matches.
    pub fn matches(&self, tn: Tn) -> bool {
        vanity_matches(tn, &self.digits, self.ends_in)
    }

    /// The matching lines of an exchange, ascending.
    pub fn lines(&self, nxx: Nxx) -> VanityLines {
        vanity_lines(nxx, &self.digits, self.ends_in)
    }
}

impl fmt::Display for LocalVanity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.given)
    }
}

/// A parsed `tollFreeVanity` search (7-10 letters/digits, e.g. `NEWCARS`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TollFreeVanity {
    given: String,
    digits: String,
}

impl TollFreeVanity {
    /// Parses the pattern; only the first seven characters are dialled.
    pub fn parse(s: &str) -> Result<TollFreeVanity, NanpError> {
        let len = s.chars().count();
        if !(7..=10).contains(&len) {
            return Err(NanpError::new(
                ErrorKind::Vanity,
                s,
                "is not a valid toll-free vanity pattern: it must be 7 to 10 letters or digits",
            ));
        }
        let mut digits = vanity_digits(s)?;
        digits.truncate(7);
        Ok(TollFreeVanity {
            given: s.to_owned(),
            digits,
        })
    }

    /// The seven dialled digits (NXX + line).
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// True if the number is toll-free and its last seven digits match.
    pub fn matches(&self, tn: Tn) -> bool {
        is_toll_free(tn.npa()) && vanity_matches(tn, &self.digits, true)
    }

    /// Every toll-free number the pattern spells, one per active toll-free
    /// area code, ascending; empty when the digits do not form a valid
    /// exchange (e.g. they start with 0 or 1) or a reserved one.
    pub fn tns(&self) -> Vec<Tn> {
        let n: u32 = self.digits.parse().expect("7 digits");
        let Some(nxx) = Nxx::new((n / 10_000) as u16) else {
            return Vec::new();
        };
        if crate::rules::is_reserved_nxx(nxx) {
            return Vec::new();
        }
        let line = (n % 10_000) as u16;
        TOLL_FREE_NPAS
            .iter()
            .filter_map(|&npa| Tn::from_parts(crate::NpaNxx::from_parts(npa, nxx), line))
            .collect()
    }
}

impl fmt::Display for TollFreeVanity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.given)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        assert_eq!(vanity_digits("CALL").unwrap(), "2255");
        assert_eq!(vanity_digits("newcars").unwrap(), "6392277");
        assert_eq!(
            vanity_digits("ABCDEFGHIJKLMNOPQRSTUVWXYZ").unwrap(),
            "22233344455566677778889999"
        );
        assert_eq!(vanity_digits("A1B2").unwrap(), "2122");
        assert!(vanity_digits("CA LL").is_err());
        assert!(vanity_digits("CALL-ME").is_err());
        assert!(vanity_digits("ÇALL").is_err());
    }

    #[test]
    fn matching() {
        let tn = Tn::parse("9192255123").unwrap();
        assert!(vanity_matches(tn, "2255", false));
        assert!(!vanity_matches(tn, "2255", true));
        assert!(vanity_matches(tn, "5123", true));
        assert!(vanity_matches(tn, "2255123", true)); // all seven digits
        assert!(!vanity_matches(tn, "919", false)); // the NPA is not searched
        assert!(!vanity_matches(tn, "", false));
        assert!(!vanity_matches(tn, "22551234", false));
    }

    #[test]
    fn lines_match_brute_force() {
        let nxx = Nxx::parse("225").unwrap();
        for (p, ends_in) in [
            ("2255", false),
            ("2255", true),
            ("5555", false),
            ("25", false),
            ("225", false),
            ("0000", true),
            ("2250001", false),
        ] {
            let fast: Vec<u16> = vanity_lines(nxx, p, ends_in).collect();
            let slow: Vec<u16> = (0..10_000)
                .filter(|&l| {
                    vanity_matches(Tn::parse(&format!("919225{l:04}")).unwrap(), p, ends_in)
                })
                .collect();
            assert_eq!(fast, slow, "{p} {ends_in}");
        }
    }

    #[test]
    fn local_and_toll_free() {
        assert!(LocalVanity::parse("CAL", false).is_err());
        assert!(LocalVanity::parse("CALLNOW1", false).is_err());
        let v = LocalVanity::parse("call", true).unwrap();
        assert_eq!(v.digits(), "2255");
        assert!(v.matches(Tn::parse("9194442255").unwrap()));
        assert!(TollFreeVanity::parse("CARS").is_err());
        let tf = TollFreeVanity::parse("NEWCARS").unwrap();
        assert!(tf.matches(Tn::parse("8006392277").unwrap()));
        assert!(!tf.matches(Tn::parse("9196392277").unwrap()));
        let tns: Vec<String> = tf.tns().iter().map(|t| t.to_string()).collect();
        assert_eq!(tns[0], "8006392277");
        assert_eq!(tns.len(), 7);
        let contacts = TollFreeVanity::parse("CONTACTS").unwrap();
        assert_eq!(contacts.digits(), "2668228");
        assert!(TollFreeVanity::parse("1234567").unwrap().tns().is_empty());
    }
}
