//! `rate-limit` (in process, sliding window) and the CIDR matching of `restrict-ips`
//! (spec/actions.md §4, §5).
//!
//! The sliding window is the two-window estimate: the count of the current fixed window plus
//! the previous window's count weighted by the part of it the sliding window still covers. A
//! request is allowed when the estimate plus itself stays within the capacity; allowed
//! requests are counted, rejected ones are not. `retry-after` is the time until the estimate
//! leaves room, rounded up to whole seconds (at least 1).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Buckets kept before windows older than two lengths are dropped.
const PRUNE_ABOVE: usize = 10_000;

/// Rate-limit buckets, shared by every request an engine runs.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    buckets: Mutex<HashMap<(String, String), Window>>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Window {
    /// Index of the current fixed window (`now / length`).
    index: u64,
    current: u64,
    previous: u64,
}

/// The decision for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decision {
    /// Whether the request is over the limit.
    pub(crate) limited: bool,
    /// Requests counted in the sliding window, this one included when allowed.
    pub(crate) count: u64,
    /// Seconds until a request would be allowed (when limited).
    pub(crate) retry_after_s: u64,
}

impl RateLimiter {
    /// Counts a request of `bucket` in limiter `name` at `now_ms`.
    pub(crate) fn check(
        &self,
        name: &str,
        bucket: &str,
        capacity: u64,
        window_ms: u64,
        now_ms: u64,
    ) -> Decision {
        let window_ms = window_ms.max(1);
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let index = now_ms / window_ms;
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, window| window.index + 1 >= index);
        }
        let window = buckets.entry((name.to_owned(), bucket.to_owned())).or_default();
        if window.index != index {
            window.previous = if window.index + 1 == index { window.current } else { 0 };
            window.current = 0;
            window.index = index;
        }
        let elapsed = now_ms % window_ms;
        // Weighted count, in units of 1/window_ms requests, to stay in integers.
        let weighted = u128::from(window.previous) * u128::from(window_ms - elapsed)
            + u128::from(window.current) * u128::from(window_ms);
        let limit = u128::from(capacity) * u128::from(window_ms);
        if weighted + u128::from(window_ms) <= limit {
            window.current += 1;
            let count = (weighted + u128::from(window_ms)).div_ceil(u128::from(window_ms));
            return Decision {
                limited: false,
                count: u64::try_from(count).unwrap_or(u64::MAX),
                retry_after_s: 0,
            };
        }
        let count = weighted.div_ceil(u128::from(window_ms));
        let wait_ms = retry_after_ms(*window, capacity, window_ms, elapsed);
        Decision {
            limited: true,
            count: u64::try_from(count).unwrap_or(u64::MAX),
            retry_after_s: wait_ms.div_ceil(1000).max(1),
        }
    }
}

/// Milliseconds until `previous * (1 - f) + current + 1 <= capacity`.
fn retry_after_ms(window: Window, capacity: u64, window_ms: u64, elapsed: u64) -> u64 {
    let room = capacity.saturating_sub(1);
    if window.current > room {
        // Wait for this window to end; then the current count becomes the previous one.
        let rest = window_ms - elapsed;
        let needed = fraction_needed(window.current, room, window_ms);
        return rest + needed;
    }
    let left = room - window.current;
    fraction_needed(window.previous, left, window_ms).saturating_sub(elapsed)
}

/// The smallest elapsed time `t` such that `count * (window - t) / window <= room`.
fn fraction_needed(count: u64, room: u64, window_ms: u64) -> u64 {
    if count == 0 {
        return 0;
    }
    // count * (window - t) <= room * window  ⇔  t >= window - room * window / count.
    let keep = u128::from(room) * u128::from(window_ms) / u128::from(count);
    u64::try_from(u128::from(window_ms).saturating_sub(keep)).unwrap_or(u64::MAX)
}

/// A CIDR range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `address/prefix`; a bare address is refused (spec/actions.md §5).
    pub(crate) fn parse(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let error = || format!("`{text}` is not a CIDR range (such as 10.0.0.0/8)");
        let (address, prefix) = text.split_once('/').ok_or_else(error)?;
        let network: IpAddr = address.parse().map_err(|_| error())?;
        let prefix: u8 = prefix.parse().map_err(|_| error())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        if prefix > max {
            return Err(error());
        }
        Ok(Cidr { network, prefix })
    }

    /// Whether `address` is in the range (IPv4-mapped IPv6 addresses match IPv4 ranges).
    pub(crate) fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            IpAddr::V4(_) => address,
        };
        match (self.network, address) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs() {
        let range = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(range.contains("10.1.2.3".parse().unwrap()));
        assert!(range.contains("::ffff:10.1.2.3".parse().unwrap()));
        assert!(!range.contains("11.0.0.1".parse().unwrap()));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains("8.8.8.8".parse().unwrap()));
        assert!(Cidr::parse("2001:db8::/32").unwrap().contains("2001:db8::1".parse().unwrap()));
        assert!(Cidr::parse("10.0.0.1").is_err());
        assert!(Cidr::parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn sliding_window() {
        let limiter = RateLimiter::default();
        let check = |now_ms| limiter.check("l", "b", 2, 60_000, now_ms);
        assert!(!check(0).limited);
        assert!(!check(1_000).limited);
        let third = check(2_000);
        assert!(third.limited);
        assert_eq!(third.retry_after_s, 88);
        // Half-way through the next window, the previous two count as one.
        assert!(!check(90_000).limited);
        assert!(check(90_001).limited);
        // Two windows later, nothing is left.
        assert!(!check(240_000).limited);
        assert!(!limiter.check("l", "other", 2, 60_000, 2_000).limited);
    }
}
