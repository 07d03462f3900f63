//! Timestamp accessors (`getFullYear()` … `getMilliseconds()`, in UTC or in a time zone) and
//! duration accessors (`getHours()` … `getMilliseconds()`: the whole span in that unit).

use crate::eval::error::Error;
use crate::value::Value;

type Result = std::result::Result<Value, Error>;

fn civil(args: &[&Value]) -> std::result::Result<jiff::civil::DateTime, Error> {
    let (timestamp, zone) = match args {
        [Value::Timestamp(timestamp)] => (timestamp, None),
        [Value::Timestamp(timestamp), Value::String(zone)] => (timestamp, Some(&**zone)),
        _ => return Err(Error::mismatch()),
    };
    timestamp
        .civil(zone)
        .ok_or_else(|| Error::invalid(format!("unknown time zone: {}", zone.unwrap_or(""))))
}

#[allow(clippy::unnecessary_wraps, reason = "the accessors return results")]
fn int(value: impl Into<i64>) -> Result {
    Ok(Value::Int(value.into()))
}

pub(crate) fn year(args: &[&Value]) -> Result {
    int(civil(args)?.year())
}

pub(crate) fn month(args: &[&Value]) -> Result {
    int(civil(args)?.month() - 1)
}

pub(crate) fn day_of_year(args: &[&Value]) -> Result {
    int(civil(args)?.day_of_year() - 1)
}

pub(crate) fn day_of_month(args: &[&Value]) -> Result {
    int(civil(args)?.day() - 1)
}

pub(crate) fn date(args: &[&Value]) -> Result {
    int(civil(args)?.day())
}

pub(crate) fn day_of_week(args: &[&Value]) -> Result {
    int(civil(args)?.weekday().to_sunday_zero_offset())
}

pub(crate) fn hours(args: &[&Value]) -> Result {
    match args {
        [Value::Duration(duration)] => duration_in(duration.as_nanos(), 3_600_000_000_000),
        _ => int(civil(args)?.hour()),
    }
}

pub(crate) fn minutes(args: &[&Value]) -> Result {
    match args {
        [Value::Duration(duration)] => duration_in(duration.as_nanos(), 60_000_000_000),
        _ => int(civil(args)?.minute()),
    }
}

pub(crate) fn seconds(args: &[&Value]) -> Result {
    match args {
        [Value::Duration(duration)] => duration_in(duration.as_nanos(), 1_000_000_000),
        _ => int(civil(args)?.second()),
    }
}

pub(crate) fn milliseconds(args: &[&Value]) -> Result {
    match args {
        [Value::Duration(duration)] => duration_in(duration.as_nanos(), 1_000_000),
        _ => int(civil(args)?.millisecond()),
    }
}

fn duration_in(nanos: i128, unit: i128) -> Result {
    i64::try_from(nanos / unit).map(Value::Int).map_err(|_| Error::overflow("duration accessor"))
}
