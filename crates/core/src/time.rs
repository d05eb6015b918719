//! Dates and instants without a clock: the core never reads the time, callers pass it in.
//!
//! An [`Instant`] is milliseconds since the Unix epoch, UTC. A [`Date`] is a civil date.
//! Hand-written (about 80 lines) because the record only needs parsing, validation and the
//! day arithmetic of Howard Hinnant's `days_from_civil`; a calendar crate would be heavier.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Instant(pub i64);

const MS_PER_DAY: i64 = 86_400_000;

/// A civil date (proleptic Gregorian), always valid once built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// Build a date, rejecting impossible ones (2026-02-30).
    pub fn new(year: i32, month: u8, day: u8) -> Result<Self, DomainError> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        if valid {
            Ok(Date { year, month, day })
        } else {
            Err(DomainError::InvalidDate(format!(
                "{year:04}-{month:02}-{day:02}"
            )))
        }
    }

    /// Parse `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::InvalidDate(text.to_string());
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
        Date::new(num(y)? as i32, num(m)? as u8, num(d)? as u8).map_err(|_| bad())
    }

    /// The first instant of this day, UTC.
    pub fn start(self) -> Instant {
        Instant(self.days_since_epoch() * MS_PER_DAY)
    }

    /// The date an instant falls on, UTC.
    pub fn of(instant: Instant) -> Date {
        civil_from_days(instant.0.div_euclid(MS_PER_DAY))
    }

    fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (self.year as i64, self.month as i64, self.day as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Instant {
    /// Parse `YYYY-MM-DD` (start of day) or `YYYY-MM-DDTHH:MM[:SS]Z` (UTC).
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::InvalidDate(text.to_string());
        let text = text.trim();
        let Some((date, clock)) = text.split_once('T') else {
            return Ok(Date::parse(text)?.start());
        };
        let day = Date::parse(date).map_err(|_| bad())?;
        let clock = clock.strip_suffix('Z').ok_or_else(bad)?;
        let fields: Vec<&str> = clock.split(':').collect();
        if !(2..=3).contains(&fields.len()) || fields.iter().any(|f| f.len() != 2) {
            return Err(bad());
        }
        let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
        let (h, m) = (num(fields[0])?, num(fields[1])?);
        let s = fields.get(2).map(|f| num(f)).transpose()?.unwrap_or(0);
        if h > 23 || m > 59 || s > 59 {
            return Err(bad());
        }
        Ok(Instant(day.start().0 + ((h * 60 + m) * 60 + s) * 1000))
    }

    /// Parse a timestamp as sources of public comments write them: `YYYY-MM-DD` (start of
    /// day, UTC), `YYYY-MM-DDTHH:MM[:SS]Z`, or RFC 3339 with fractional seconds and an offset
    /// (`2026-09-06T08:30:00.250+08:00`; `T` may be a space, letters in either case). A time
    /// without `Z` or an offset is refused: its time zone is unknown. Fractions beyond
    /// milliseconds are cut.
    pub fn parse_timestamp(text: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::InvalidDate(text.to_string());
        let t = text.trim();
        if t.len() == 10 {
            return Date::parse(t).map(Date::start).map_err(|_| bad());
        }
        if !t.is_ascii() || t.len() < 17 {
            return Err(bad());
        }
        let (date, rest) = t.split_at(10);
        let day = Date::parse(date).map_err(|_| bad())?;
        let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(bad)?;
        // The offset: Z, or ±HH:MM at the end.
        let (clock, offset_min) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else {
            let cut = rest.len().checked_sub(6).ok_or_else(bad)?;
            let (c, off) = rest.split_at(cut);
            let sign = match off.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return Err(bad()),
            };
            let two = |f: &str| {
                f.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| f.parse::<i64>().ok())
                    .flatten()
            };
            match (two(&off[1..3]), &off[3..4], two(&off[4..6])) {
                (Some(h), ":", Some(m)) if h <= 23 && m <= 59 => (c, sign * (h * 60 + m)),
                _ => return Err(bad()),
            }
        };
        let (hms, fraction) = match clock.split_once('.') {
            Some((hms, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => (hms, f),
            Some(_) => return Err(bad()),
            None => (clock, ""),
        };
        let fields: Vec<&str> = hms.split(':').collect();
        let digits = |f: &&str| f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit());
        if !(2..=3).contains(&fields.len()) || !fields.iter().all(digits) {
            return Err(bad());
        }
        if fields.len() == 2 && !fraction.is_empty() {
            return Err(bad());
        }
        let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
        let (h, m) = (num(fields[0])?, num(fields[1])?);
        let s = fields.get(2).map(|f| num(f)).transpose()?.unwrap_or(0);
        if h > 23 || m > 59 || s > 60 {
            return Err(bad());
        }
        // A leap second (:60) counts as the last millisecond of its minute.
        let s_ms = if s == 60 { 59_999 } else { s * 1000 };
        let ms = fraction
            .bytes()
            .chain(std::iter::repeat(b'0'))
            .take(3)
            .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0'));
        let ms = if s == 60 { 0 } else { ms };
        let local = day.start().0 + (h * 60 + m) * 60_000 + s_ms + ms;
        Ok(Instant(local - offset_min * 60_000))
    }

    /// The instant a number of whole days later.
    pub fn plus_days(self, days: i64) -> Instant {
        Instant(self.0 + days * MS_PER_DAY)
    }
}

impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let date = Date::of(*self);
        let ms = self.0.rem_euclid(MS_PER_DAY) / 1000;
        write!(
            f,
            "{date}T{:02}:{:02}:{:02}Z",
            ms / 3600,
            ms / 60 % 60,
            ms % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips_dates() {
        let d = Date::parse("2026-09-06").unwrap();
        assert_eq!(d.to_string(), "2026-09-06");
        assert_eq!(Date::of(d.start()), d);
        assert_eq!(Date::parse("1970-01-01").unwrap().start(), Instant(0));
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-9-6",
            "tomorrow",
            "",
            "2026-09-06-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn parses_instants() {
        let t = Instant::parse("2026-09-06T08:30Z").unwrap();
        assert_eq!(t.to_string(), "2026-09-06T08:30:00Z");
        assert_eq!(
            Instant::parse("2026-09-06").unwrap().to_string(),
            "2026-09-06T00:00:00Z"
        );
        for bad in [
            "2026-09-06T25:00Z",
            "2026-09-06T08:30",
            "2026-09-06T8:30Z",
            "x",
        ] {
            assert!(Instant::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn parses_timestamps_of_sources() {
        let utc = Instant::parse("2026-09-06T00:30Z").unwrap();
        for (text, want) in [
            ("2026-09-06", Instant::parse("2026-09-06").unwrap()),
            ("2026-09-06T00:30Z", utc),
            ("2026-09-06T00:30:00Z", utc),
            ("2026-09-06t00:30:00z", utc),
            ("2026-09-06T08:30:00+08:00", utc),
            ("2026-09-06 08:30:00+08:00", utc),
            ("2026-09-05T19:30:00-05:00", utc),
            ("2026-09-06T08:30:00.250+08:00", Instant(utc.0 + 250)),
            ("2026-09-06T00:30:00.123456Z", Instant(utc.0 + 123)),
            ("2026-09-06T00:29:60Z", Instant(utc.0 - 1)),
        ] {
            assert_eq!(Instant::parse_timestamp(text), Ok(want), "{text}");
        }
        for bad in [
            "2026-09-06T08:30:00",
            "2026-09-06 08:30",
            "2026-09-06T08:30+08",
            "2026-09-06T08:30:00+8:00",
            "2026-09-06T08:30:00+24:00",
            "2026-09-06T08:30:00.Z",
            "2026-09-06T08:30.5Z",
            "2026-09-06T24:00:00Z",
            "2026-02-30T08:30:00Z",
            "2026-09-06T08:30:00+08:00x",
            "二〇二六年九月六日",
            "1757118600",
            "",
        ] {
            assert!(
                Instant::parse_timestamp(bad).is_err(),
                "{bad} should be rejected"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn timestamps_never_panic(s in "\\PC{0,40}") {
            let _ = Instant::parse_timestamp(&s);
        }

        #[test]
        fn rfc3339_round_trips(ms in 0i64..250_000_000_000_000) {
            let t = Instant(ms / 1000 * 1000);
            proptest::prop_assert_eq!(Instant::parse_timestamp(&t.to_string()), Ok(t));
        }

        #[test]
        fn days_round_trip(days in -700_000i64..2_900_000) {
            let d = civil_from_days(days);
            proptest::prop_assert_eq!(d.days_since_epoch(), days);
        }
    }
}
