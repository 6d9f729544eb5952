//! The FOC-date calendar: which dates a port may be scheduled for.
//!
//! A losing carrier commits to a *firm order commitment* (FOC) date: a
//! business day (Monday to Friday, UTC dates; public holidays are not
//! modelled) at least its minimum porting interval of business days after
//! today, and at most 30 days out. Without a usable requested date the
//! carrier gives the earliest allowed one, at 15:30 UTC (11:30 in New York
//! in summer, the hour the real service cuts manual ports over).

use time::{Date, Time, Weekday};

use super::{PortError, codes};
use crate::timestamp::Timestamp;

/// How far out a FOC date may be.
pub const MAX_FOC_DAYS: i64 = 30;

/// The time of day of a FOC date the carrier chooses.
pub const FOC_TIME: Time = match Time::from_hms(15, 30, 0) {
    Ok(t) => t,
    Err(_) => panic!("15:30 is a time"),
};

const DAY_MS: i64 = 86_400_000;

/// The UTC date of an instant.
pub fn date_of(t: Timestamp) -> Date {
    t.to_offset_date_time().date()
}

/// Whether a date is a business day (Monday to Friday).
pub fn is_business_day(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The business day `n` business days after `d`.
pub fn add_business_days(d: Date, n: u32) -> Date {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = day.next_day().unwrap_or(day);
        if is_business_day(day) {
            left -= 1;
        }
    }
    day
}

/// Midnight UTC of a date.
pub fn start_of(d: Date) -> Timestamp {
    Timestamp::from_millis(d.midnight().assume_utc().unix_timestamp() * 1_000)
}

/// A date at the FOC hour.
pub fn at_foc_time(d: Date) -> Timestamp {
    Timestamp::from_millis(d.with_time(FOC_TIME).assume_utc().unix_timestamp() * 1_000)
}

/// The earliest FOC a carrier with this minimum interval (business days)
/// gives at `now`.
pub fn earliest(now: Timestamp, interval: u32) -> Timestamp {
    at_foc_time(add_business_days(date_of(now), interval.max(1)))
}

/// Checks a requested FOC date: not in the past and a business day (7208),
/// not before the carrier's earliest (7209), at most 30 days out (7210).
pub fn check(requested: Timestamp, now: Timestamp, interval: u32) -> Result<(), PortError> {
    let day = date_of(requested);
    if requested < now {
        return Err(PortError::new(
            codes::FOC_PAST,
            format!(
                "The requested FOC date cannot be in the past ({} is before now, {})",
                requested.iso(),
                now.iso()
            ),
        ));
    }
    if !is_business_day(day) {
        return Err(PortError::new(
            codes::FOC_PAST,
            format!(
                "The requested FOC date must be a business day; {day} is a {}",
                day.weekday()
            ),
        ));
    }
    if requested.millis() - now.millis() > MAX_FOC_DAYS * DAY_MS {
        return Err(PortError::new(
            codes::FOC_TOO_FAR,
            format!("The requested FOC date cannot be more than {MAX_FOC_DAYS} days in the future"),
        ));
    }
    let first = date_of(earliest(now, interval));
    if day < first {
        return Err(PortError::new(
            codes::FOC_TOO_SOON,
            format!(
                "The requested FOC date is earlier than the losing carrier's minimum porting interval of {interval} business day(s) allows; the earliest is {first}"
            ),
        ));
    }
    Ok(())
}

/// The FOC date a carrier commits to at `now`: the requested one when it is
/// still allowed, else the earliest allowed.
pub fn choose(requested: Option<Timestamp>, now: Timestamp, interval: u32) -> Timestamp {
    match requested {
        Some(r) if check(r, now, interval).is_ok() => r,
        _ => earliest(now, interval),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn business_days_skip_weekends() {
        // 2030-01-04 is a Friday.
        let friday = date_of(at("2030-01-04T12:00:00Z"));
        assert_eq!(friday.weekday(), Weekday::Friday);
        assert_eq!(add_business_days(friday, 1).to_string(), "2030-01-07");
        assert_eq!(add_business_days(friday, 3).to_string(), "2030-01-09");
        assert_eq!(
            earliest(at("2030-01-04T12:00:00Z"), 1).iso(),
            "2030-01-07T15:30:00.000Z"
        );
    }

    #[test]
    fn requested_dates_get_their_codes() {
        let now = at("2030-01-02T12:00:00Z"); // a Wednesday
        let code = |s: &str, n| check(at(s), now, n).map_err(|e| e.code);
        assert_eq!(code("2030-01-01T15:00:00Z", 1), Err(7208));
        assert_eq!(code("2030-01-05T15:00:00Z", 1), Err(7208)); // Saturday
        assert_eq!(code("2030-01-02T18:00:00Z", 1), Err(7209)); // today
        assert_eq!(code("2030-01-03T15:00:00Z", 2), Err(7209));
        assert_eq!(code("2030-01-03T15:00:00Z", 1), Ok(()));
        assert_eq!(code("2030-02-05T15:00:00Z", 1), Err(7210));
        assert_eq!(
            choose(Some(at("2030-01-05T15:00:00Z")), now, 1).iso(),
            "2030-01-03T15:30:00.000Z"
        );
        assert_eq!(
            choose(Some(at("2030-01-10T09:00:00Z")), now, 1).iso(),
            "2030-01-10T09:00:00.000Z"
        );
    }
}
