//! The collection functions of model and key selection (spec/cel.md §4.4): id filters that
//! match aliases case-insensitively, region and price filters, price ordering, random picks.
//! Results are selections of the input list: no element is copied.

use std::borrow::Cow;

use super::context::{below, random_below};
use super::strings::strings;
use crate::eval::error::{Error, ErrorKind};
use crate::eval::frame::Activation;
use crate::objects::{
    AiAuthor, AiKey, AiModel, AiProvider, Datacenter, Pricing, TextPricing, ToolPricing,
};
use crate::value::{List, Value};

type Result = std::result::Result<Value, Error>;

/// Which identifier of an item a filter compares.
#[derive(Clone, Copy)]
enum Id {
    Own,
    Provider,
    Author,
}

/// The id and aliases of an item, by kind of id.
fn identity(item: &Value, which: Id) -> Option<(&Value, Option<&Value>)> {
    let object: &dyn std::any::Any = item.as_object()?;
    if let Some(model) = object.downcast_ref::<AiModel>() {
        return Some(match which {
            Id::Own => (&model.id, Some(&model.id_aliases)),
            Id::Provider => (&model.provider_id, Some(&model.provider_id_aliases)),
            Id::Author => (&model.author_id, Some(&model.author_id_aliases)),
        });
    }
    if let Some(provider) = object.downcast_ref::<AiProvider>() {
        return Some((&provider.id, Some(&provider.id_aliases)));
    }
    if let Some(author) = object.downcast_ref::<AiAuthor>() {
        return Some((&author.id, Some(&author.id_aliases)));
    }
    object.downcast_ref::<AiKey>().map(|key| (&key.id, None))
}

/// Whether the item's id or one of its aliases equals `wanted`, ignoring case.
fn matches_id(item: &Value, which: Id, wanted: &str) -> bool {
    let Some((id, aliases)) = identity(item, which) else { return false };
    let same = |value: &Value| value.as_str().is_some_and(|id| id.eq_ignore_ascii_case(wanted));
    same(id) || aliases.and_then(Value::as_list).is_some_and(|aliases| aliases.iter().any(same))
}

fn filter_ids(args: &[&Value], which: Id, keep: bool) -> Result {
    let [Value::List(list), Value::List(ids)] = args else { return Err(Error::mismatch()) };
    let ids = strings(ids)?;
    let kept = list
        .iter()
        .enumerate()
        .filter(|(_, item)| ids.iter().any(|id| matches_id(item, which, id)) == keep)
        .map(|(position, _)| position);
    Ok(Value::List(list.select(kept)))
}

pub(crate) fn only(args: &[&Value]) -> Result {
    filter_ids(args, Id::Own, true)
}

pub(crate) fn ignore(args: &[&Value]) -> Result {
    filter_ids(args, Id::Own, false)
}

pub(crate) fn only_providers(args: &[&Value]) -> Result {
    filter_ids(args, Id::Provider, true)
}

pub(crate) fn ignore_providers(args: &[&Value]) -> Result {
    filter_ids(args, Id::Provider, false)
}

pub(crate) fn only_authors(args: &[&Value]) -> Result {
    filter_ids(args, Id::Author, true)
}

pub(crate) fn ignore_authors(args: &[&Value]) -> Result {
    filter_ids(args, Id::Author, false)
}

fn models<'v>(args: &[&'v Value]) -> std::result::Result<&'v List, Error> {
    match args.first() {
        Some(Value::List(list)) => Ok(list),
        _ => Err(Error::mismatch()),
    }
}

fn in_datacenter(args: &[&Value], matches: fn(&Datacenter, &str) -> bool) -> Result {
    let list = models(args)?;
    let Some(Value::String(wanted)) = args.get(1) else { return Err(Error::mismatch()) };
    let kept = list.iter().enumerate().filter(|(_, item)| {
        item.downcast_ref::<AiModel>().and_then(|model| model.datacenters.as_list()).is_some_and(
            |datacenters| {
                datacenters
                    .iter()
                    .filter_map(Value::downcast_ref::<Datacenter>)
                    .any(|dc| matches(dc, wanted))
            },
        )
    });
    Ok(Value::List(list.select(kept.map(|(position, _)| position))))
}

pub(crate) fn in_region(args: &[&Value]) -> Result {
    in_datacenter(args, |dc, region| dc.region.as_str() == Some(region))
}

pub(crate) fn in_country_code(args: &[&Value]) -> Result {
    in_datacenter(args, |dc, code| {
        dc.country_code.as_str().is_some_and(|own| own.eq_ignore_ascii_case(code))
    })
}

/// The price of a model at a price type (`text.input`, `tools.web_search.per_search_call`).
fn price(model: &AiModel, price_type: &str) -> Option<f64> {
    let pricing = model.pricing.downcast_ref::<Pricing>()?;
    if let Some(field) = price_type.strip_prefix("text.") {
        let text = pricing.text.downcast_ref::<TextPricing>()?;
        let price = match field {
            "input" => &text.input,
            "output" => &text.output,
            "input_cache_write" => &text.input_cache_write,
            "input_cache_read" => &text.input_cache_read,
            "input_batch" => &text.input_batch,
            "output_batch" => &text.output_batch,
            _ => return None,
        };
        return match price {
            Value::Double(price) => Some(*price),
            _ => Some(0.0),
        };
    }
    let tools = pricing.tools.downcast_ref::<ToolPricing>()?;
    let (tool, field) = price_type.strip_prefix("tools.")?.split_once('.')?;
    let tool = match tool {
        "web_search" => &tools.web_search,
        "code_interpreter" => &tools.code_interpreter,
        "file_search" => &tools.file_search,
        "image_generation" => &tools.image_generation,
        _ => return None,
    };
    let object = tool.as_object()?;
    let slot = object.object_type().slot(field)?;
    match object.field(slot).as_deref() {
        Some(Value::Double(price)) => Some(*price),
        Some(_) => Some(0.0),
        None => None,
    }
}

fn known_price_type(price_type: &str) -> bool {
    price(&AiModel::default(), price_type).is_some()
}

pub(crate) fn under_cost(args: &[&Value]) -> Result {
    let list = models(args)?;
    let (price_type, max) = match args {
        [_, Value::String(price_type), Value::Double(max)] => (price_type, *max),
        #[allow(clippy::cast_precision_loss)]
        [_, Value::String(price_type), Value::Int(max)] => (price_type, *max as f64),
        _ => return Err(Error::mismatch()),
    };
    if !known_price_type(price_type) {
        return Err(Error::invalid(format!("underCost: unknown price type {price_type:?}")));
    }
    let kept = list.iter().enumerate().filter(|(_, item)| {
        item.downcast_ref::<AiModel>()
            .and_then(|model| price(model, price_type))
            .is_some_and(|price| price != 0.0 && price < max)
    });
    Ok(Value::List(list.select(kept.map(|(position, _)| position))))
}

/// `sortBy('price')`: cheapest `text.input` first, unknown (0.0) prices last, stable.
pub(crate) fn sort_by_field(args: &[&Value]) -> Result {
    let [Value::List(list), Value::String(field)] = args else { return Err(Error::mismatch()) };
    if &**field != "price" {
        return Err(Error::invalid(format!("sortBy: unknown field {field:?}, only 'price'")));
    }
    let prices: Vec<f64> = list
        .iter()
        .map(|item| {
            let price = item.downcast_ref::<AiModel>().and_then(|model| price(model, "text.input"));
            match price {
                Some(price) if price > 0.0 => price,
                _ => f64::INFINITY,
            }
        })
        .collect();
    let mut positions: Vec<u32> = (0..u32::try_from(list.len()).unwrap_or(u32::MAX)).collect();
    positions.sort_by(|&a, &b| prices[a as usize].total_cmp(&prices[b as usize]));
    Ok(Value::List(list.select_positions(positions)))
}

pub(crate) fn random(activation: &Activation<'_>, args: &[&Value]) -> Result {
    let list = models(args)?;
    if list.is_empty() {
        return Err(Error::new(ErrorKind::IndexOutOfRange, "random() of an empty list"));
    }
    let position = random_below(activation, list.len() as u64)?;
    list.get(usize::try_from(position).unwrap_or(0)).cloned().ok_or_else(Error::mismatch)
}

pub(crate) fn randomize(activation: &Activation<'_>, args: &[&Value]) -> Result {
    let list = models(args)?;
    let mut positions: Vec<u32> = (0..u32::try_from(list.len()).unwrap_or(u32::MAX)).collect();
    activation.using_random(|random| shuffle(random, &mut positions))?;
    Ok(Value::List(list.select_positions(positions)))
}

/// `randomize()` of a list the call owns: a selection made for this call (the result of a
/// `filter`) is shuffled in place; the same order as [`randomize`], with no copy.
pub(crate) fn randomize_owned(activation: &Activation<'_>, list: Cow<'_, Value>) -> Result {
    if let Cow::Owned(Value::List(mut list)) = list {
        if let Some(indexes) = list.indexes_mut() {
            activation.using_random(|random| shuffle(random, indexes))?;
            return Ok(Value::List(list));
        }
        return randomize(activation, &[&Value::List(list)]);
    }
    randomize(activation, &[&list])
}

/// Fisher-Yates, last to first.
fn shuffle(random: &mut dyn rand::Rng, items: &mut [u32]) {
    for last in (1..items.len()).rev() {
        let other = below(random, last as u64 + 1);
        items.swap(last, usize::try_from(other).unwrap_or(0));
    }
}

#[cold]
fn not_found(what: String) -> Error {
    Error::new(ErrorKind::NotFound, what)
}

pub(crate) fn get_model(args: &[&Value]) -> Result {
    let [Value::List(list), Value::String(provider), Value::String(model)] = args else {
        return Err(Error::mismatch());
    };
    list.iter()
        .find(|item| matches_id(item, Id::Provider, provider) && matches_id(item, Id::Own, model))
        .cloned()
        .ok_or_else(|| not_found(format!("no model {provider}:{model}")))
}

pub(crate) fn get_by_id(args: &[&Value]) -> Result {
    let [Value::List(list), Value::String(id)] = args else { return Err(Error::mismatch()) };
    list.iter()
        .find(|item| matches_id(item, Id::Own, id))
        .cloned()
        .ok_or_else(|| not_found(format!("no {id:?}")))
}

pub(crate) fn provider_model(args: &[&Value]) -> Result {
    let [provider, Value::String(id)] = args else { return Err(Error::mismatch()) };
    let provider = provider.downcast_ref::<AiProvider>().ok_or_else(Error::mismatch)?;
    let models = provider.models.as_list().ok_or_else(Error::mismatch)?;
    models
        .iter()
        .find(|item| matches_id(item, Id::Own, id))
        .cloned()
        .ok_or_else(|| not_found(format!("provider has no model {id:?}")))
}

/// `getMetadata('a.b')`: a dot path into the metadata; null when any part is missing.
pub(crate) fn get_metadata(args: &[&Value]) -> Result {
    let [item, Value::String(path)] = args else { return Err(Error::mismatch()) };
    let metadata = if let Some(model) = item.downcast_ref::<AiModel>() {
        &model.metadata
    } else if let Some(provider) = item.downcast_ref::<AiProvider>() {
        &provider.metadata
    } else {
        return Err(Error::mismatch());
    };
    let mut current = metadata;
    for part in path.split('.') {
        match current.as_map().and_then(|map| map.get_str(part)) {
            Some(next) => current = next,
            None => return Ok(Value::Null),
        }
    }
    Ok(current.clone())
}
