//! Go-style durations (`30s`, `1m30s`, `1.5h`, `250ms`).

/// Parses a Go-style duration with units `ms`, `s`, `m` and `h` into milliseconds.
///
/// Returns `None` when the text is not such a duration (a bare number, an unknown unit, an
/// empty string) or when it overflows.
pub fn parse_duration(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    let mut i = 0;
    let mut total: f64 = 0.0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let number = &text[start..i];
        if number.is_empty()
            || number.starts_with('.')
            || number.ends_with('.')
            || number.matches('.').count() > 1
        {
            return None;
        }
        let value: f64 = number.parse().ok()?;
        let unit_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let millis_per_unit = match &text[unit_start..i] {
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        total += value * millis_per_unit;
    }
    #[allow(clippy::cast_sign_loss, clippy::cast_precision_loss)]
    (total.is_finite() && total < u64::MAX as f64).then(|| total.round() as u64)
}

use std::fmt::Write;

/// Formats milliseconds as the shortest Go-style duration (`1m30s`, `250ms`, `0s`).
pub fn format_duration(millis: u64) -> String {
    if millis == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    let (hours, rest) = (millis / 3_600_000, millis % 3_600_000);
    let (minutes, rest) = (rest / 60_000, rest % 60_000);
    let (seconds, millis) = (rest / 1_000, rest % 1_000);
    for (value, unit) in [(hours, "h"), (minutes, "m"), (seconds, "s"), (millis, "ms")] {
        if value > 0 {
            let _ = write!(out, "{value}{unit}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_durations() {
        assert_eq!(parse_duration("30s"), Some(30_000));
        assert_eq!(parse_duration("1m30s"), Some(90_000));
        assert_eq!(parse_duration("1.5h"), Some(5_400_000));
        assert_eq!(parse_duration("250ms"), Some(250));
        assert_eq!(parse_duration("2h45m"), Some(9_900_000));
        for bad in ["", "30", "30 s", "s", "1x", "1.s", ".5s", "1..5s", "-1s", "1m30"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for millis in [0, 250, 30_000, 90_000, 5_400_000, 3_600_001] {
            assert_eq!(parse_duration(&format_duration(millis)), Some(millis));
        }
    }
}
