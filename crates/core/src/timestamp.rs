//! Timestamps as the database stores them and the wire writes them.
//!
//! Stored as milliseconds since the Unix epoch (an integer both SQLite and
//! PostgreSQL index and compare cheaply, with no time-zone surprises);
//! written as `2024-01-01T00:00:00.000Z`, the real service's format.

use std::fmt;

/// A UTC instant with millisecond precision.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// From milliseconds since the epoch.
    pub const fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    /// From the system clock's representation.
    pub fn from_system(t: std::time::SystemTime) -> Self {
        let ms = match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
        };
        Timestamp(ms)
    }

    /// Milliseconds since the epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// This instant moved by `ms` (saturating).
    pub const fn plus_millis(self, ms: i64) -> Self {
        Timestamp(self.0.saturating_add(ms))
    }

    /// The instant as `time`'s type, for calendar arithmetic.
    pub fn to_offset_date_time(self) -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    }

    /// `2024-01-01T00:00:00.000Z`.
    pub fn iso(self) -> String {
        let t = self.to_offset_date_time();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.millisecond()
        )
    }

    /// Parses the forms clients send: full RFC 3339 (`…T15:30:00.000Z`,
    /// offsets), a bare date (`2023-01-30`, `2021-06-16Z`) taken as midnight UTC.
    pub fn parse(text: &str) -> Option<Self> {
        let s = text.trim();
        if let Ok(t) =
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        {
            return Some(Self::from_nanos(t.unix_timestamp_nanos()));
        }
        let date_part = s.strip_suffix('Z').unwrap_or(s);
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date = time::Date::parse(date_part, &format).ok()?;
        Some(Self::from_nanos(
            date.midnight().assume_utc().unix_timestamp_nanos(),
        ))
    }

    fn from_nanos(n: i128) -> Self {
        Timestamp(i64::try_from(n / 1_000_000).unwrap_or(i64::MAX))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_real_service() {
        assert_eq!(Timestamp::from_millis(0).iso(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Timestamp::from_millis(1_704_067_201_005).iso(),
            "2024-01-01T00:00:01.005Z"
        );
    }

    #[test]
    fn parses_what_clients_send() {
        let t = Timestamp::parse("2030-01-02T15:30:00.000Z").unwrap();
        assert_eq!(t.iso(), "2030-01-02T15:30:00.000Z");
        assert_eq!(
            Timestamp::parse("2023-01-30").unwrap().iso(),
            "2023-01-30T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::parse("2021-06-16Z").unwrap().iso(),
            "2021-06-16T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::parse("2030-01-02T10:30:00-05:00").unwrap().iso(),
            "2030-01-02T15:30:00.000Z"
        );
        assert!(Timestamp::parse("tomorrow").is_none());
    }
}
