//! List and map functions: `join`, `slice`, `flatten`, `sort`, `distinct`, `lists.range`, and
//! the internals of `sortBy(x, key)` and of two-variable `transformMap`.

use std::cmp::Ordering;

use super::strings::strings;
use crate::eval::error::{Error, ErrorKind};
use crate::value::{Kind, List, MapKey, Value, compare, equal};

type Result = std::result::Result<Value, Error>;

pub(crate) fn join(args: &[&Value]) -> Result {
    let (list, separator) = match args {
        [Value::List(list)] => (list, ""),
        [Value::List(list), Value::String(separator)] => (list, &**separator),
        _ => return Err(Error::mismatch()),
    };
    Ok(Value::from(strings(list)?.join(separator)))
}

pub(crate) fn slice(args: &[&Value]) -> Result {
    let [Value::List(list), Value::Int(start), Value::Int(end)] = args else {
        return Err(Error::mismatch());
    };
    let bad =
        || Error::new(ErrorKind::IndexOutOfRange, format!("slice({start}, {end}) out of range"));
    let start = usize::try_from(*start).map_err(|_| bad())?;
    let end = usize::try_from(*end).map_err(|_| bad())?;
    if start > end || end > list.len() {
        return Err(bad());
    }
    Ok(Value::List(list.select(start..end)))
}

pub(crate) fn flatten(args: &[&Value]) -> Result {
    let (list, depth) = match args {
        [Value::List(list)] => (list, 1),
        [Value::List(list), Value::Int(depth)] if *depth >= 0 => (list, *depth),
        [Value::List(_), Value::Int(_)] => return Err(Error::invalid("flatten: negative depth")),
        _ => return Err(Error::mismatch()),
    };
    let mut out = Vec::with_capacity(list.len());
    flatten_into(list, depth, &mut out);
    Ok(Value::list(out))
}

fn flatten_into(list: &List, depth: i64, out: &mut Vec<Value>) {
    for item in list {
        match item {
            Value::List(inner) if depth > 0 => flatten_into(inner, depth - 1, out),
            other => out.push(other.clone()),
        }
    }
}

/// Positions sorted by their keys, stably; fails when two keys are not comparable (of
/// different kinds, or not orderable).
pub(crate) fn sort_positions<K: std::ops::Deref<Target = Value>>(
    keys: &[K],
) -> std::result::Result<Vec<u32>, Error> {
    let key = |position: u32| &*keys[position as usize];
    let kind = keys.first().map(|first| first.kind());
    if keys.iter().any(|key| Some(key.kind()) != kind) {
        return Err(Error::invalid("sort: the keys are of different types"));
    }
    if kind == Some(Kind::Double) {
        let pairs: Vec<(f64, u32)> = keys
            .iter()
            .zip(0..)
            .map(|(key, position)| match **key {
                Value::Double(value) => (value, position),
                _ => (0.0, position),
            })
            .collect();
        return Ok(sort_double_keys(pairs));
    }
    let mut positions: Vec<u32> = (0..u32::try_from(keys.len()).unwrap_or(u32::MAX)).collect();
    match kind {
        Some(Kind::Int) => positions.sort_by_cached_key(|&position| match key(position) {
            Value::Int(value) => *value,
            _ => 0,
        }),
        Some(
            Kind::Bool | Kind::Uint | Kind::String | Kind::Bytes | Kind::Timestamp | Kind::Duration,
        ) => {
            positions.sort_by(|&a, &b| compare(key(a), key(b)).unwrap_or(Ordering::Equal));
        }
        Some(_) => return Err(Error::invalid("sort: the keys are not orderable")),
        None => {}
    }
    Ok(positions)
}

/// The positions of `(key, position)` pairs ordered by their `double` keys, stably.
pub(crate) fn sort_double_keys(mut pairs: Vec<(f64, u32)>) -> Vec<u32> {
    pairs.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal));
    pairs.into_iter().map(|(_, position)| position).collect()
}

pub(crate) fn sort(args: &[&Value]) -> Result {
    let [Value::List(list)] = args else { return Err(Error::mismatch()) };
    let keys: Vec<&Value> = list.iter().collect();
    Ok(Value::List(list.select_positions(sort_positions(&keys)?)))
}

/// `@sortByAssociatedKeys(list, keys)`: the list ordered by the keys computed for its elements.
pub(crate) fn sort_by_keys(args: &[&Value]) -> Result {
    let [Value::List(list), Value::List(keys)] = args else { return Err(Error::mismatch()) };
    if list.len() != keys.len() {
        return Err(Error::invalid("sortBy: as many keys as elements are needed"));
    }
    let keys: Vec<&Value> = keys.iter().collect();
    Ok(Value::List(list.select_positions(sort_positions(&keys)?)))
}

pub(crate) fn distinct(args: &[&Value]) -> Result {
    let [Value::List(list)] = args else { return Err(Error::mismatch()) };
    let mut kept: Vec<usize> = Vec::new();
    for (position, item) in list.iter().enumerate() {
        if !kept
            .iter()
            .any(|&earlier| list.get(earlier).is_some_and(|earlier| equal(earlier, item)))
        {
            kept.push(position);
        }
    }
    Ok(Value::List(list.select(kept)))
}

/// The longest list `lists.range` makes.
const MAX_RANGE: i64 = 1 << 20;

pub(crate) fn range(args: &[&Value]) -> Result {
    let [Value::Int(count)] = args else { return Err(Error::mismatch()) };
    if *count > MAX_RANGE {
        return Err(Error::invalid(format!("lists.range: {count} exceeds {MAX_RANGE}")));
    }
    Ok(Value::list((0..(*count).max(0)).map(Value::Int)))
}

/// `cel.@mapInsert(map, key, value)` and `cel.@mapInsert(map, entries)`.
pub(crate) fn map_insert(args: &[&Value]) -> Result {
    match args {
        [Value::Map(map), key, value] => {
            let key =
                MapKey::from_value(key).ok_or_else(|| Error::invalid("unsupported key type"))?;
            let repeated = format!("insert failed: key {key:?} already exists");
            map.with_entry(key, (*value).clone())
                .map(Value::Map)
                .ok_or_else(|| Error::invalid(repeated))
        }
        [Value::Map(map), Value::Map(entries)] => {
            let mut map = map.clone();
            for (key, value) in entries.iter() {
                let repeated = format!("insert failed: key {key:?} already exists");
                map = map
                    .with_entry(key.clone(), value.clone())
                    .ok_or_else(|| Error::invalid(repeated))?;
            }
            Ok(Value::Map(map))
        }
        _ => Err(Error::mismatch()),
    }
}
