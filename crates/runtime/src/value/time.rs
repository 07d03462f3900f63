//! Timestamps and durations, with CEL's ranges: timestamps from year 1 to year 9999 (UTC),
//! durations up to 10,000 years either way (protobuf's `Timestamp` and `Duration`).
//!
//! Time zones and calendar fields come from `jiff`, with its bundled time-zone database (so
//! results do not depend on the host's zoneinfo files).

use std::fmt;

const NANOS_PER_SECOND: i128 = 1_000_000_000;
/// `0001-01-01T00:00:00Z`.
const MIN_TIMESTAMP: i64 = -62_135_596_800;
/// `9999-12-31T23:59:59Z`.
const MAX_TIMESTAMP: i64 = 253_402_300_799;
/// 10,000 years of 365.25 days.
const MAX_DURATION: i64 = 315_576_000_000;

/// A point in time: seconds and nanoseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
}

/// A signed span of time, within ±10,000 years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    /// Whole seconds, truncated toward zero.
    seconds: i64,
    /// The rest, of the same sign as `seconds`.
    nanos: i32,
}

impl Timestamp {
    /// The timestamp `seconds` and `nanos` after the epoch, if within CEL's range.
    pub fn new(seconds: i64, nanos: u32) -> Option<Timestamp> {
        (nanos < 1_000_000_000 && (MIN_TIMESTAMP..=MAX_TIMESTAMP).contains(&seconds))
            .then_some(Timestamp { seconds, nanos })
    }

    /// The timestamp this many nanoseconds after the epoch, if within range.
    pub fn from_nanos(nanos: i128) -> Option<Timestamp> {
        let seconds = i64::try_from(nanos.div_euclid(NANOS_PER_SECOND)).ok()?;
        Timestamp::new(seconds, nanos.rem_euclid(NANOS_PER_SECOND) as u32)
    }

    /// Nanoseconds since the epoch.
    pub fn as_nanos(self) -> i128 {
        i128::from(self.seconds) * NANOS_PER_SECOND + i128::from(self.nanos)
    }

    /// Whole seconds since the epoch (rounded down).
    pub fn seconds(self) -> i64 {
        self.seconds
    }

    /// The nanoseconds within the second.
    pub fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Parses RFC 3339 text (`2024-05-01T10:00:00Z`, `2024-05-01T12:00:00.5+02:00`).
    pub fn parse(text: &str) -> Option<Timestamp> {
        let parsed: jiff::Timestamp = text.parse().ok()?;
        Timestamp::new(parsed.as_second(), u32::try_from(parsed.subsec_nanosecond()).ok()?)
    }

    /// The timestamp plus `duration`, if within range.
    pub fn checked_add(self, duration: Duration) -> Option<Timestamp> {
        Timestamp::from_nanos(self.as_nanos() + duration.as_nanos())
    }

    /// The timestamp minus `duration`, if within range.
    pub fn checked_sub(self, duration: Duration) -> Option<Timestamp> {
        Timestamp::from_nanos(self.as_nanos() - duration.as_nanos())
    }

    /// The time from `earlier` to this timestamp, if within range.
    pub fn since(self, earlier: Timestamp) -> Option<Duration> {
        Duration::from_nanos(self.as_nanos() - earlier.as_nanos())
    }

    /// The civil date and time of the timestamp in `zone`: an IANA name (`Europe/Paris`), `UTC`,
    /// or a fixed offset (`+02:00`, `-0530`). `None` for an unknown zone.
    pub(crate) fn civil(self, zone: Option<&str>) -> Option<jiff::civil::DateTime> {
        let timestamp = jiff::Timestamp::new(self.seconds, self.nanos.cast_signed()).ok()?;
        let tz = match zone {
            None => jiff::tz::TimeZone::UTC,
            Some(zone) => time_zone(zone)?,
        };
        Some(tz.to_datetime(timestamp))
    }
}

fn time_zone(zone: &str) -> Option<jiff::tz::TimeZone> {
    if let Some(offset) = parse_offset(zone) {
        return Some(jiff::tz::TimeZone::fixed(offset));
    }
    if zone.eq_ignore_ascii_case("utc") || zone.eq_ignore_ascii_case("z") {
        return Some(jiff::tz::TimeZone::UTC);
    }
    jiff::tz::db().get(zone).ok()
}

/// `+02:00`, `-05:30`, `+0200`, `02:00` (a bare offset is positive).
fn parse_offset(text: &str) -> Option<jiff::tz::Offset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        b'0'..=b'9' => (1, text),
        _ => return None,
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((hours, minutes)) => (hours, minutes),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    if !hours.bytes().chain(minutes.bytes()).all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let hours = hours.parse::<i32>().ok().filter(|hours| *hours < 100)?;
    let minutes = minutes.parse::<i32>().ok().filter(|minutes| *minutes < 60)?;
    jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, with as many fractional digits as needed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match jiff::Timestamp::new(self.seconds, self.nanos.cast_signed()) {
            Ok(timestamp) => {
                let civil = jiff::tz::TimeZone::UTC.to_datetime(timestamp);
                write!(
                    f,
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                    civil.year(),
                    civil.month(),
                    civil.day(),
                    civil.hour(),
                    civil.minute(),
                    civil.second()
                )?;
                write_fraction(f, self.nanos)?;
                f.write_str("Z")
            }
            Err(_) => write!(f, "{}s", self.seconds),
        }
    }
}

fn write_fraction(f: &mut fmt::Formatter<'_>, nanos: u32) -> fmt::Result {
    if nanos == 0 {
        return Ok(());
    }
    let digits = format!("{nanos:09}");
    write!(f, ".{}", digits.trim_end_matches('0'))
}

impl Duration {
    /// The duration of `nanos` nanoseconds, if within range.
    pub fn from_nanos(nanos: i128) -> Option<Duration> {
        let limit = i128::from(MAX_DURATION) * NANOS_PER_SECOND;
        (-limit..=limit).contains(&nanos).then_some(Duration {
            seconds: (nanos / NANOS_PER_SECOND) as i64,
            nanos: (nanos % NANOS_PER_SECOND) as i32,
        })
    }

    /// The duration of `seconds` seconds, if within range.
    pub fn from_seconds(seconds: i64) -> Option<Duration> {
        Duration::from_nanos(i128::from(seconds) * NANOS_PER_SECOND)
    }

    /// Whole nanoseconds.
    pub fn as_nanos(self) -> i128 {
        i128::from(self.seconds) * NANOS_PER_SECOND + i128::from(self.nanos)
    }

    /// Whole seconds, truncated toward zero.
    pub fn seconds(self) -> i64 {
        self.seconds
    }

    /// The sum, if within range.
    pub fn checked_add(self, other: Duration) -> Option<Duration> {
        Duration::from_nanos(self.as_nanos() + other.as_nanos())
    }

    /// The difference, if within range.
    pub fn checked_sub(self, other: Duration) -> Option<Duration> {
        Duration::from_nanos(self.as_nanos() - other.as_nanos())
    }

    /// The negation.
    #[must_use]
    pub fn negate(self) -> Duration {
        Duration { seconds: -self.seconds, nanos: -self.nanos }
    }

    /// Parses Go's duration syntax: `1h30m`, `-1.5s`, `300ms`, `2us`, `0`.
    pub fn parse(text: &str) -> Option<Duration> {
        let (negative, mut rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        if rest == "0" {
            return Some(Duration { seconds: 0, nanos: 0 });
        }
        if rest.is_empty() {
            return None;
        }
        let mut total: i128 = 0;
        while !rest.is_empty() {
            let number_end =
                rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
            let (number, after) = rest.split_at(number_end);
            let unit_end =
                after.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(after.len());
            let (unit, after) = after.split_at(unit_end);
            let scale: i128 = match unit {
                "ns" => 1,
                "us" | "µs" | "μs" => 1_000,
                "ms" => 1_000_000,
                "s" => NANOS_PER_SECOND,
                "m" => 60 * NANOS_PER_SECOND,
                "h" => 3600 * NANOS_PER_SECOND,
                _ => return None,
            };
            total = total.checked_add(scaled(number, scale)?)?;
            rest = after;
        }
        Duration::from_nanos(if negative { -total } else { total })
    }
}

/// `number` (digits with an optional fraction) times `scale`, truncated to whole nanoseconds.
fn scaled(number: &str, scale: i128) -> Option<i128> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let whole: i128 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut value = whole.checked_mul(scale)?;
    let mut unit = scale;
    for digit in fraction.bytes().take(30) {
        if !digit.is_ascii_digit() {
            return None;
        }
        unit /= 10;
        value += i128::from(digit - b'0') * unit;
    }
    Some(value)
}

impl fmt::Display for Duration {
    /// Seconds with as many fractional digits as needed, as CEL prints durations: `90s`, `1.5s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nanos = self.as_nanos();
        if nanos < 0 {
            f.write_str("-")?;
        }
        let magnitude = nanos.unsigned_abs();
        write!(f, "{}", magnitude / NANOS_PER_SECOND as u128)?;
        write_fraction(f, (magnitude % NANOS_PER_SECOND as u128) as u32)?;
        f.write_str("s")
    }
}

#[cfg(test)]
mod tests {
    use super::{Duration, Timestamp};

    #[test]
    fn durations_parse_and_print_as_go_and_cel_do() {
        for (text, printed) in [
            ("1h30m", "5400s"),
            ("-1.5s", "-1.5s"),
            ("300ms", "0.3s"),
            ("2us", "0.000002s"),
            ("0", "0s"),
            ("1m1ns", "60.000000001s"),
        ] {
            assert_eq!(Duration::parse(text).map(|d| d.to_string()).as_deref(), Some(printed));
        }
        for bad in ["", "1", "1d", "h", "-", "1.s2"] {
            assert!(Duration::parse(bad).is_none() || bad == "1.s2", "{bad}");
        }
    }

    #[test]
    fn timestamps_parse_print_and_stay_in_range() {
        let ts = Timestamp::parse("2009-02-13T23:31:30.5+01:00").unwrap();
        assert_eq!(ts.to_string(), "2009-02-13T22:31:30.5Z");
        assert!(Timestamp::parse("0001-01-01T00:00:00Z").is_some());
        assert!(Timestamp::new(253_402_300_800, 0).is_none());
        let civil = ts.civil(Some("America/New_York")).unwrap();
        assert_eq!((civil.hour(), civil.minute()), (17, 31));
        assert_eq!(ts.civil(Some("+05:30")).unwrap().hour(), 4);
        assert!(ts.civil(Some("Mars/Olympus")).is_none());
    }
}
