//! Functions that read the activation: randomness, secrets, the request and response helpers;
//! and the network functions.

use std::net::IpAddr;

use super::strings::strings;
use crate::eval::error::{Error, ErrorKind};
use crate::eval::frame::Activation;
use crate::eval::vars;
use crate::objects::{Request, Response};
use crate::value::{List, Map, Value};

type Result = std::result::Result<Value, Error>;

/// A uniform double in [0, 1).
pub(crate) fn random_double(activation: &Activation<'_>) -> std::result::Result<f64, Error> {
    #[allow(clippy::cast_precision_loss)]
    Ok((activation.random_u64()? >> 11) as f64 / (1_u64 << 53) as f64)
}

/// A uniform integer in `0..bound` (`bound > 0`), without modulo bias.
pub(crate) fn random_below(
    activation: &Activation<'_>,
    bound: u64,
) -> std::result::Result<u64, Error> {
    activation.using_random(|random| below(random, bound))
}

/// A uniformly random integer in `0..bound` (`bound` > 0), by Lemire's multiply-and-shift
/// with rejection: no division unless a draw falls in the biased zone; one 32-bit draw when
/// `bound` fits in 32 bits (list positions).
pub(crate) fn below(random: &mut dyn rand::Rng, bound: u64) -> u64 {
    if let Ok(bound) = u32::try_from(bound) {
        let mut product = u64::from(random.next_u32()) * u64::from(bound);
        if (product as u32) < bound {
            let threshold = bound.wrapping_neg() % bound;
            while (product as u32) < threshold {
                product = u64::from(random.next_u32()) * u64::from(bound);
            }
        }
        return product >> 32;
    }
    let mut product = u128::from(random.next_u64()) * u128::from(bound);
    if (product as u64) < bound {
        let threshold = bound.wrapping_neg() % bound;
        while (product as u64) < threshold {
            product = u128::from(random.next_u64()) * u128::from(bound);
        }
    }
    (product >> 64) as u64
}

pub(crate) fn rand_double(activation: &Activation<'_>, _: &[&Value]) -> Result {
    random_double(activation).map(Value::Double)
}

pub(crate) fn rand_int(activation: &Activation<'_>, args: &[&Value]) -> Result {
    let [Value::Int(low), Value::Int(high)] = args else { return Err(Error::mismatch()) };
    if low > high {
        return Err(Error::invalid(format!("rand.int: {low} is greater than {high}")));
    }
    let span = i128::from(*high) - i128::from(*low) + 1;
    let offset = match u64::try_from(span) {
        Ok(span) => random_below(activation, span)?,
        Err(_) => activation.random_u64()?,
    };
    Ok(Value::Int((i128::from(*low) + i128::from(offset)) as i64))
}

pub(crate) fn secrets_get(activation: &Activation<'_>, args: &[&Value]) -> Result {
    match args {
        [Value::String(vault), Value::String(name)] => {
            activation.secret(Some(vault), name).map(Value::from)
        }
        [Value::String(name)] => activation.secret(None, name).map(Value::from),
        _ => Err(Error::mismatch()),
    }
}

fn request<'a>(activation: &'a Activation<'_>) -> std::result::Result<&'a Request, Error> {
    activation
        .get(vars::REQ)
        .and_then(Value::downcast_ref::<Request>)
        .ok_or_else(|| Error::new(ErrorKind::NoSuchAttribute, "no request in this phase"))
}

fn response<'a>(activation: &'a Activation<'_>) -> std::result::Result<&'a Response, Error> {
    activation
        .get(vars::RES)
        .and_then(Value::downcast_ref::<Response>)
        .ok_or_else(|| Error::new(ErrorKind::NoSuchAttribute, "no response in this phase"))
}

fn name<'v>(args: &[&'v Value]) -> std::result::Result<&'v str, Error> {
    match args {
        [Value::String(name)] => Ok(name),
        _ => Err(Error::mismatch()),
    }
}

/// The values of header `name` (any case) in a map with lower-case keys.
fn header(headers: &Value, name: &str) -> Option<Value> {
    let map = headers.as_map()?;
    match map.get_str(name) {
        Some(values) => Some(values.clone()),
        None => map.get_str(&name.to_ascii_lowercase()).cloned(),
    }
}

fn values_or_empty(values: Option<Value>) -> Value {
    values.unwrap_or(Value::List(List::default()))
}

pub(crate) fn get_req_header(activation: &Activation<'_>, args: &[&Value]) -> Result {
    Ok(values_or_empty(header(&request(activation)?.headers, name(args)?)))
}

pub(crate) fn has_req_header(activation: &Activation<'_>, args: &[&Value]) -> Result {
    Ok(Value::Bool(header(&request(activation)?.headers, name(args)?).is_some()))
}

pub(crate) fn get_res_header(activation: &Activation<'_>, args: &[&Value]) -> Result {
    Ok(values_or_empty(header(&response(activation)?.headers, name(args)?)))
}

pub(crate) fn has_res_header(activation: &Activation<'_>, args: &[&Value]) -> Result {
    Ok(Value::Bool(header(&response(activation)?.headers, name(args)?).is_some()))
}

fn first_cookie(cookies: &Value, name: &str) -> Option<Value> {
    cookies.as_map()?.get_str(name)?.as_list()?.get(0).cloned()
}

pub(crate) fn get_req_cookie(activation: &Activation<'_>, args: &[&Value]) -> Result {
    let name = name(args)?;
    first_cookie(&request(activation)?.cookies, name).ok_or_else(|| Error::no_such_key(&name))
}

pub(crate) fn has_req_cookie(activation: &Activation<'_>, args: &[&Value]) -> Result {
    Ok(Value::Bool(first_cookie(&request(activation)?.cookies, name(args)?).is_some()))
}

pub(crate) fn get_res_cookie(activation: &Activation<'_>, args: &[&Value]) -> Result {
    let name = name(args)?;
    first_cookie(&response(activation)?.cookies, name).ok_or_else(|| Error::no_such_key(&name))
}

pub(crate) fn has_res_cookie(activation: &Activation<'_>, args: &[&Value]) -> Result {
    Ok(Value::Bool(first_cookie(&response(activation)?.cookies, name(args)?).is_some()))
}

fn query_param(
    activation: &Activation<'_>,
    name: &str,
) -> std::result::Result<Option<Value>, Error> {
    let url =
        request(activation)?.url.downcast_ref::<crate::objects::Url>().map(|url| &url.query_params);
    Ok(url.and_then(Value::as_map).and_then(|params: &Map| params.get_str(name)).cloned())
}

pub(crate) fn get_query_param(activation: &Activation<'_>, args: &[&Value]) -> Result {
    Ok(values_or_empty(query_param(activation, name(args)?)?))
}

pub(crate) fn has_query_param(activation: &Activation<'_>, args: &[&Value]) -> Result {
    Ok(Value::Bool(query_param(activation, name(args)?)?.is_some()))
}

fn ip(text: &str) -> std::result::Result<IpAddr, Error> {
    text.trim().parse().map_err(|_| Error::invalid(format!("invalid IP address: {text:?}")))
}

/// Whether `address` is in `cidr` (`10.0.0.0/8`, `2001:db8::/32`, or a bare address).
fn in_cidr(address: IpAddr, cidr: &str) -> std::result::Result<bool, Error> {
    let bad = || Error::invalid(format!("invalid CIDR range: {cidr:?}"));
    let (network, bits) = cidr.split_once('/').unwrap_or((cidr, ""));
    let network: IpAddr = network.trim().parse().map_err(|_| bad())?;
    let (address, network, width) = match (address, network) {
        (IpAddr::V4(a), IpAddr::V4(n)) => (u128::from(a.to_bits()), u128::from(n.to_bits()), 32),
        (IpAddr::V6(a), IpAddr::V6(n)) => (a.to_bits(), n.to_bits(), 128),
        (IpAddr::V6(a), IpAddr::V4(n)) => match a.to_ipv4_mapped() {
            Some(a) => (u128::from(a.to_bits()), u128::from(n.to_bits()), 32),
            None => return Ok(false),
        },
        (IpAddr::V4(_), IpAddr::V6(_)) => return Ok(false),
    };
    let bits: u32 = if bits.is_empty() { width } else { bits.trim().parse().map_err(|_| bad())? };
    if bits > width {
        return Err(bad());
    }
    let shift = width - bits;
    Ok(shift >= 128 || (address >> shift) == (network >> shift))
}

pub(crate) fn in_cidr_range(args: &[&Value]) -> Result {
    let [Value::String(address), Value::String(cidr)] = args else { return Err(Error::mismatch()) };
    in_cidr(ip(address)?, cidr).map(Value::Bool)
}

pub(crate) fn in_cidr_ranges(args: &[&Value]) -> Result {
    let [Value::String(address), Value::List(cidrs)] = args else { return Err(Error::mismatch()) };
    let address = ip(address)?;
    for cidr in strings(cidrs)? {
        if in_cidr(address, cidr)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub(crate) fn is_private_ip(args: &[&Value]) -> Result {
    let [Value::String(address)] = args else { return Err(Error::mismatch()) };
    let Ok(address) = address.trim().parse::<IpAddr>() else { return Ok(Value::Bool(false)) };
    let private = match address {
        IpAddr::V4(v4) => v4.is_private() || v4.is_loopback() || v4.is_link_local(),
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_private() || v4.is_loopback())
        }
    };
    Ok(Value::Bool(private))
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::below;

    #[test]
    fn draws_below_a_bound_are_in_range_and_uniform() {
        let mut random = StdRng::seed_from_u64(3);
        for bound in [1, 2, 3, 7, 20, u64::from(u32::MAX), 1 << 33, u64::MAX] {
            for _ in 0..1_000 {
                assert!(below(&mut random, bound) < bound, "{bound}");
            }
        }
        let mut counts = [0_u32; 3];
        for _ in 0..30_000 {
            counts[usize::try_from(below(&mut random, 3)).unwrap()] += 1;
        }
        assert!(counts.iter().all(|&count| (9_000..11_000).contains(&count)), "{counts:?}");
        let mut high = 0;
        for _ in 0..10_000 {
            high += u32::from(below(&mut random, 1 << 40) >= 1 << 39);
        }
        assert!((4_500..5_500).contains(&high), "{high}");
    }
}
