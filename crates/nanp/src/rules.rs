//! Which valid numbers may be offered for sale, and what kind of service an
//! area code carries. These are pure rules; they need no reference data.

use crate::number::{Npa, Nxx, Tn};

/// The active toll-free area codes (8YY). Exists because toll-free searches,
/// wildcard patterns and the offerable check all need the same list.
pub const TOLL_FREE_NPAS: [Npa; 7] = [
    npa(800),
    npa(833),
    npa(844),
    npa(855),
    npa(866),
    npa(877),
    npa(888),
];

const fn npa(n: u16) -> Npa {
    match Npa::new(n) {
        Some(npa) => npa,
        None => panic!("invalid NPA in a table"),
    }
}

/// True for an active toll-free area code (800, 833, 844, 855, 866, 877, 888).
pub fn is_toll_free(npa: Npa) -> bool {
    TOLL_FREE_NPAS.contains(&npa)
}

/// The kind of service an area code carries by NANP assignment rules.
/// Exists so the server can refuse to sell numbers in codes that are not
/// ordinary geographic or toll-free ones, without consulting the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NpaClass {
    /// An ordinary geographic area code (which may still be unassigned).
    Geographic,
    /// An active toll-free code, see [`TOLL_FREE_NPAS`].
    TollFree,
    /// Set aside for future toll-free use: 822, 880-887, 889.
    ReservedTollFree,
    /// 900 premium-rate services.
    PremiumRate,
    /// 5XX personal communications services: 500, 521-529, 532, 533, 544, 566, 577, 588.
    PersonalCommunications,
    /// Other non-geographic codes: easily recognisable N00 codes other than
    /// 800/900 (200, 300, 400, 600, 700), 456 (international inbound), 600,
    /// 622, 633 (Canadian non-geographic), 710 (US government).
    NonGeographic,
}

/// Classifies an area code by the NANP rules.
pub fn npa_class(npa: Npa) -> NpaClass {
    match npa.get() {
        800 | 833 | 844 | 855 | 866 | 877 | 888 => NpaClass::TollFree,
        822 | 880..=887 | 889 => NpaClass::ReservedTollFree,
        900 => NpaClass::PremiumRate,
        500 | 521..=529 | 532 | 533 | 544 | 566 | 577 | 588 => NpaClass::PersonalCommunications,
        200 | 300 | 400 | 600 | 700 | 456 | 622 | 633 | 710 => NpaClass::NonGeographic,
        _ => NpaClass::Geographic,
    }
}

/// True for exchange codes that exist in the numbering plan but are never
/// assigned to customers: 555 (directory assistance and 555-0100..0199 for
/// fiction), 950 (carrier access), 958 and 959 (test codes). N11 codes are
/// not valid [`Nxx`] values at all.
pub fn is_reserved_nxx(nxx: Nxx) -> bool {
    matches!(nxx.get(), 555 | 950 | 958 | 959)
}

/// Why a number must never be offered for sale, or `None` if it may be.
/// Exists so an order for such a number can be refused with a reason.
pub fn unofferable_reason(tn: Tn) -> Option<&'static str> {
    let nxx = tn.nxx().get();
    if nxx == 555 {
        return Some(match tn.line() {
            100..=199 => "555-0100 to 555-0199 are reserved for fiction",
            1212 => "555-1212 is directory assistance",
            _ => "the 555 exchange is reserved",
        });
    }
    match nxx {
        950 => return Some("the 950 exchange is reserved for carrier access"),
        958 | 959 => return Some("the 958 and 959 exchanges are reserved for testing"),
        _ => {}
    }
    match npa_class(tn.npa()) {
        NpaClass::Geographic | NpaClass::TollFree => None,
        NpaClass::ReservedTollFree => Some("the area code is reserved for future toll-free use"),
        NpaClass::PremiumRate => Some("900 premium-rate numbers are not offered"),
        NpaClass::PersonalCommunications => {
            Some("5XX personal communications numbers are not offered")
        }
        NpaClass::NonGeographic => Some("the area code is non-geographic and not offered"),
    }
}

/// False for numbers that must never be offered for sale: reserved exchanges
/// (555 incl. 555-0100..0199 and 555-1212, 950, 958, 959; N11 cannot even be
/// parsed), and area codes that are neither geographic nor active toll-free
/// (reserved 8YY, 900, 5XX personal, N00, 456, 600, 622, 633, 710). Toll-free
/// numbers therefore always are `8(00|33|44|55|66|77|88)[2-9]XX-XXXX`.
pub fn is_offerable(tn: Tn) -> bool {
    unofferable_reason(tn).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tn(s: &str) -> Tn {
        Tn::parse(s).unwrap()
    }

    #[test]
    fn reserved_numbers() {
        for s in [
            "9195550100",
            "9195550199",
            "9195551212",
            "9195554321",
            "9199501234",
            "9199581234",
            "9199591234",
        ] {
            assert!(!is_offerable(tn(s)), "{s}");
            assert!(unofferable_reason(tn(s)).is_some());
        }
        assert_eq!(
            unofferable_reason(tn("9195550150")),
            Some("555-0100 to 555-0199 are reserved for fiction")
        );
    }

    #[test]
    fn offerable_numbers() {
        for s in [
            "9192286710",
            "8002345678",
            "8332000000",
            "8889999999",
            "4162030000",
            "9199761234",
        ] {
            assert!(is_offerable(tn(s)), "{s}");
        }
    }

    #[test]
    fn non_geographic_area_codes() {
        for s in [
            "8222345678",
            "8802345678",
            "8892345678",
            "9002345678",
            "5002345678",
            "5252345678",
            "7102345678",
            "6002345678",
            "4562345678",
            "2002345678",
        ] {
            assert!(!is_offerable(tn(s)), "{s}");
        }
        assert_eq!(npa_class(Npa::parse("801").unwrap()), NpaClass::Geographic);
        assert_eq!(npa_class(Npa::parse("505").unwrap()), NpaClass::Geographic);
    }

    #[test]
    fn toll_free_list() {
        assert_eq!(TOLL_FREE_NPAS.len(), 7);
        assert!(is_toll_free(Npa::parse("888").unwrap()));
        assert!(!is_toll_free(Npa::parse("822").unwrap()));
        assert!(!is_toll_free(Npa::parse("801").unwrap()));
        for npa in TOLL_FREE_NPAS {
            assert_eq!(npa_class(npa), NpaClass::TollFree);
        }
    }
}
