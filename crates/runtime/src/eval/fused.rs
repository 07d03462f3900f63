//! The macros run natively: the same results and errors as their step-by-step expansions.
//!
//! An error in a step makes the expansion's accumulator an error that no later step undoes
//! (except `false`/`true` in `all`/`exists`, which `&&`/`||` absorb it into), so these loops
//! return the first error. Predicates over selection items ([`ObjectType::is_lenient`]) are the
//! Switchyard exception: an error counts as "not matching" and is recorded in the activation.
//!
//! [`ObjectType::is_lenient`]: crate::value::ObjectType::is_lenient

use std::borrow::Cow;

use super::error::Error;
use super::fold::{Elements, elements};
use super::frame::{Activation, Frame, Node};
use super::predicate::Pred;
use super::scan::{ElementPath, Scan};
use crate::value::{List, Value};

/// The outcome of a predicate on one element.
enum Verdict {
    True,
    False,
    Error(Error),
}

#[inline]
fn verdict(
    predicate: &Pred,
    child: &Frame<'_>,
    item: &Value,
    activation: &Activation<'_>,
) -> Verdict {
    let error = match predicate(child) {
        Ok(true) => return Verdict::True,
        Ok(false) => return Verdict::False,
        Err(error) => error,
    };
    match item {
        Value::Object(object) if object.object_type().is_lenient() => {
            activation.absorb(error);
            Verdict::False
        }
        _ => Verdict::Error(error),
    }
}

/// Calls `each` on every element of the range, bound as the comprehension variable, until it
/// returns `false`.
#[inline]
fn for_each(
    frame: &Frame<'_>,
    range: &Value,
    mut each: impl FnMut(usize, &Frame<'_>, &Value) -> bool,
) -> Result<(), Error> {
    match elements(range)? {
        Elements::List(list) => {
            for (position, item) in list.iter().enumerate() {
                let child = Frame::child(frame, [Some(item), None], None);
                if !each(position, &child, item) {
                    break;
                }
            }
        }
        Elements::Keys(keys) => {
            for (position, key) in keys.iter().enumerate() {
                let child = Frame::child(frame, [Some(key), None], None);
                if !each(position, &child, key) {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// `range.filter(x, p)`: over a list, a selection of it.
pub(crate) fn filter(range: Node, predicate: Pred) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let range = range(frame)?;
        let mut kept: Vec<u32> = Vec::new();
        let mut failure = None;
        for_each(frame, &range, |position, child, item| {
            match verdict(&predicate, child, item, frame.activation) {
                Verdict::True => kept.push(u32::try_from(position).unwrap_or(u32::MAX)),
                Verdict::False => {}
                Verdict::Error(error) => {
                    failure = Some(error);
                    return false;
                }
            }
            true
        })?;
        if let Some(error) = failure {
            return Err(error);
        }
        Ok(Cow::Owned(Value::List(match &*range {
            Value::List(list) => list.select_positions(kept),
            Value::Map(map) => {
                let keys: Vec<Value> = map.iter().map(|(key, _)| key.to_value()).collect();
                kept.into_iter()
                    .filter_map(|position| keys.get(position as usize).cloned())
                    .collect()
            }
            _ => List::default(),
        })))
    })
}

/// `range.filter(x, p)` where `p` is a [`Scan`]: a comparison at a time.
pub(crate) fn filter_scan(range: Node, scan: Scan) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let range = range(frame)?;
        Ok(Cow::Owned(Value::List(match elements(&range)? {
            Elements::List(list) => list.select_positions(scan.run_list(list, frame.activation)?),
            Elements::Keys(keys) => {
                let key = |position: u32| keys.get(position as usize);
                let kept = scan.run(keys.len(), key, frame.activation)?;
                kept.into_iter().filter_map(|position| key(position).cloned()).collect()
            }
        })))
    })
}

/// `range.map(x, t)` and `range.map(x, p, t)`.
pub(crate) fn map(range: Node, predicate: Option<Pred>, transform: Node) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let range = range(frame)?;
        let mut values = Vec::new();
        let mut failure = None;
        for_each(frame, &range, |_, child, item| {
            if let Some(predicate) = &predicate {
                match verdict(predicate, child, item, frame.activation) {
                    Verdict::True => {}
                    Verdict::False => return true,
                    Verdict::Error(error) => {
                        failure = Some(error);
                        return false;
                    }
                }
            }
            match transform(child) {
                Ok(value) => values.push(value.into_owned()),
                Err(error) => {
                    failure = Some(error);
                    return false;
                }
            }
            true
        })?;
        match failure {
            Some(error) => Err(error),
            None => Ok(Cow::Owned(Value::list(values))),
        }
    })
}

/// `range.all(x, p)` (`all` true) and `range.exists(x, p)` (`all` false): the deciding value
/// stops the loop; otherwise an error seen on the way is the result.
pub(crate) fn quantifier(range: Node, predicate: Pred, all: bool) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let range = range(frame)?;
        let mut decided = false;
        let mut failure = None;
        for_each(frame, &range, |_, child, item| {
            match verdict(&predicate, child, item, frame.activation) {
                Verdict::True if !all => decided = true,
                Verdict::False if all => decided = true,
                Verdict::Error(error) => {
                    failure.get_or_insert(error);
                }
                _ => {}
            }
            !decided
        })?;
        match failure {
            Some(error) if !decided => Err(error),
            _ => Ok(Cow::Owned(Value::Bool(if decided { !all } else { all }))),
        }
    })
}

/// `range.exists_one(x, p)`.
pub(crate) fn exists_one(range: Node, predicate: Pred) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let range = range(frame)?;
        let mut count = 0_usize;
        let mut failure = None;
        for_each(frame, &range, |_, child, item| {
            match verdict(&predicate, child, item, frame.activation) {
                Verdict::True => count += 1,
                Verdict::False => {}
                Verdict::Error(error) => {
                    failure = Some(error);
                    return false;
                }
            }
            true
        })?;
        match failure {
            Some(error) => Err(error),
            None => Ok(Cow::Owned(Value::Bool(count == 1))),
        }
    })
}

/// The key of a `sortBy`: a path from the element (read through the list's projection), or
/// any expression.
pub(crate) enum SortKey {
    Path(ElementPath),
    Node(Node),
}

/// `target.sortBy(x, key)`: the list ordered by the keys, stably; keys are borrowed.
pub(crate) fn sort_by(target: Node, key: SortKey) -> Node {
    Box::new(move |frame: &Frame<'_>| {
        let target = target(frame)?;
        let Value::List(list) = &*target else { return Err(Error::no_overload("sortBy")) };
        if let SortKey::Path(path) = &key
            && let Some(positions) = path.sort_doubles(list)
        {
            return Ok(Cow::Owned(Value::List(list.select_positions(positions))));
        }
        let keys: Vec<Cow<'_, Value>> = match &key {
            SortKey::Path(path) => path.read_all(list)?,
            SortKey::Node(key) => {
                let mut keys = Vec::with_capacity(list.len());
                for item in list {
                    let child = Frame::child(frame, [Some(item), None], None);
                    keys.push(key(&child)?);
                }
                keys
            }
        };
        let positions = super::functions::lists::sort_positions(&keys)?;
        drop(keys);
        Ok(Cow::Owned(Value::List(list.select_positions(positions))))
    })
}
