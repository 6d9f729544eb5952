//! `tollFreeWildCardPattern`: a 3-character pattern over the toll-free area
//! code, such as `8**` (any), `80*` (800) or `88*` (888).

use std::fmt;
use std::str::FromStr;

use crate::error::{ErrorKind, NanpError};
use crate::number::Npa;
use crate::rules::TOLL_FREE_NPAS;

/// A parsed toll-free wildcard pattern. Exists so the search layer gets the
/// list of toll-free NPAs to search from one place, with one error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TollFreePattern {
    /// Each position: `Some(digit)` or `None` for `*`.
    positions: [Option<u8>; 3],
}

impl TollFreePattern {
    /// Parses exactly three characters: the first must be `8`, the other two
    /// a digit or `*` (any digit). A syntactically valid pattern may still
    /// match no active toll-free code (e.g. `812`); see [`Self::npas`].
    pub fn parse(s: &str) -> Result<TollFreePattern, NanpError> {
        let err = |what: &str| NanpError::new(ErrorKind::TollFreePattern, s, what);
        let chars: Vec<char> = s.chars().collect();
        if chars.len() != 3 {
            return Err(err(
                "is not a valid toll-free wildcard pattern: it must be exactly 3 characters, e.g. 8**",
            ));
        }
        if chars[0] != '8' {
            return Err(err(
                "is not a valid toll-free wildcard pattern: the first character must be 8",
            ));
        }
        let mut positions = [Some(8), None, None];
        for (slot, &c) in positions.iter_mut().zip(&chars).skip(1) {
            *slot = match c {
                '*' => None,
                '0'..='9' => Some(c as u8 - b'0'),
                _ => {
                    return Err(err(
                        "is not a valid toll-free wildcard pattern: only digits and * are allowed",
                    ));
                }
            };
        }
        Ok(TollFreePattern { positions })
    }

    /// True if the area code fits the pattern (toll-free or not).
    pub fn matches(&self, npa: Npa) -> bool {
        let n = npa.get();
        let digits = [(n / 100) as u8, (n / 10 % 10) as u8, (n % 10) as u8];
        self.positions
            .iter()
            .zip(digits)
            .all(|(p, d)| p.is_none_or(|p| p == d))
    }

    /// The active toll-free area codes the pattern matches, ascending
    /// (`88*` → `[888]`, `8**` → all seven). Empty when it matches none.
    pub fn npas(&self) -> Vec<Npa> {
        TOLL_FREE_NPAS
            .iter()
            .copied()
            .filter(|&npa| self.matches(npa))
            .collect()
    }
}

impl fmt::Display for TollFreePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in self.positions {
            match p {
                Some(d) => write!(f, "{d}")?,
                None => f.write_str("*")?,
            }
        }
        Ok(())
    }
}

impl FromStr for TollFreePattern {
    type Err = NanpError;
    fn from_str(s: &str) -> Result<Self, NanpError> {
        TollFreePattern::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npas(p: &str) -> Vec<u16> {
        TollFreePattern::parse(p)
            .unwrap()
            .npas()
            .iter()
            .map(|n| n.get())
            .collect()
    }

    #[test]
    fn expansions() {
        assert_eq!(npas("8**"), vec![800, 833, 844, 855, 866, 877, 888]);
        assert_eq!(npas("88*"), vec![888]);
        assert_eq!(npas("80*"), vec![800]);
        assert_eq!(npas("83*"), vec![833]);
        assert_eq!(npas("8*8"), vec![888]);
        assert_eq!(npas("800"), vec![800]);
        assert!(npas("812").is_empty());
        assert!(npas("82*").is_empty());
    }

    #[test]
    fn invalid() {
        for p in ["", "8", "8*", "8***", "9**", "***", "8a*", "8 *", "８**"] {
            assert!(TollFreePattern::parse(p).is_err(), "{p}");
        }
        assert_eq!(
            TollFreePattern::parse("9**").unwrap_err().to_string(),
            "'9**' is not a valid toll-free wildcard pattern: the first character must be 8"
        );
    }

    #[test]
    fn display_round_trips() {
        for p in ["8**", "88*", "8*8", "800"] {
            assert_eq!(TollFreePattern::parse(p).unwrap().to_string(), p);
        }
    }
}
