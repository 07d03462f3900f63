//! Time: the [`Clock`] trait, a [`SimulatedClock`] for tests and `explain`, and (feature `tokio`)
//! a real clock on tokio's timer.
//!
//! Every timeout of the runtime (per attempt, per request) is a race between a transport future
//! and [`Clock::sleep_until`]. Under a [`SimulatedClock`] nothing sleeps: [`SimulatedClock::block_on`]
//! runs a future as a discrete-event simulation, jumping the clock to the earliest pending timer
//! whenever the future is idle, so a 30-second timeout takes no wall time and always fires at the
//! same simulated instant.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

/// A monotonic clock with timers.
///
/// Contract: [`Clock::now`] never goes backwards; a future returned by [`Clock::sleep_until`]
/// completes once `now() >= deadline` (immediately if the deadline has passed). Dropping it
/// cancels the timer and releases its resources.
pub trait Clock {
    /// The future of [`Clock::sleep_until`].
    type Sleep: Future<Output = ()>;

    /// The time elapsed since the clock's origin.
    fn now(&self) -> Duration;

    /// A future that completes at `deadline` (measured like [`Clock::now`]).
    fn sleep_until(&self, deadline: Duration) -> Self::Sleep;
}

/// A clock that only moves when told to, or when [`SimulatedClock::block_on`] finds every task
/// waiting for a timer. Clones share the same time.
#[derive(Clone, Debug, Default)]
pub struct SimulatedClock {
    state: Arc<Mutex<SimState>>,
}

#[derive(Debug, Default)]
struct SimState {
    now: Duration,
    next_timer_id: u64,
    /// Pending timers: id, deadline, the task to wake.
    timers: Vec<(u64, Duration, Waker)>,
}

/// [`SimulatedClock::block_on`] found the future waiting with no timer pending: it can never
/// complete under simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stalled;

impl std::fmt::Display for Stalled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the simulated task is waiting with no timer pending")
    }
}

impl std::error::Error for Stalled {}

impl SimulatedClock {
    fn lock(&self) -> MutexGuard<'_, SimState> {
        // A poisoned lock only means a panic elsewhere; the state itself stays consistent.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Moves the clock forward by `by` and wakes the timers that are due.
    pub fn advance(&self, by: Duration) {
        let target = self.now().saturating_add(by);
        self.advance_to(target);
    }

    /// Moves the clock to `to` (never backwards) and wakes the timers that are due.
    pub fn advance_to(&self, to: Duration) {
        let due = {
            let mut state = self.lock();
            state.now = state.now.max(to);
            let now = state.now;
            let (due, pending): (Vec<_>, Vec<_>) =
                std::mem::take(&mut state.timers).into_iter().partition(|(_, at, _)| *at <= now);
            state.timers = pending;
            due
        };
        for (_, _, waker) in due {
            waker.wake();
        }
    }

    /// Jumps to the earliest pending timer; `false` when none is pending.
    fn advance_to_next_timer(&self) -> bool {
        let next = self.lock().timers.iter().map(|(_, at, _)| *at).min();
        match next {
            Some(at) => {
                self.advance_to(at);
                true
            }
            None => false,
        }
    }

    /// Runs `future` to completion on the current thread under simulated time.
    ///
    /// Whenever the future is waiting and was not woken, the clock jumps to the earliest
    /// pending timer. Futures that wait on real IO are not supported: they would see time fly.
    pub fn block_on<F: Future>(&self, future: F) -> Result<F::Output, Stalled> {
        let mut future = pin!(future);
        let flag = Arc::new(WokenFlag(AtomicBool::new(false)));
        let waker = Waker::from(Arc::clone(&flag));
        let mut cx = Context::from_waker(&waker);
        loop {
            flag.0.store(false, Ordering::SeqCst);
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return Ok(output);
            }
            if flag.0.load(Ordering::SeqCst) {
                continue;
            }
            if !self.advance_to_next_timer() {
                return Err(Stalled);
            }
        }
    }
}

struct WokenFlag(AtomicBool);

impl Wake for WokenFlag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

impl Clock for SimulatedClock {
    type Sleep = SimulatedSleep;

    fn now(&self) -> Duration {
        self.lock().now
    }

    fn sleep_until(&self, deadline: Duration) -> SimulatedSleep {
        let id = {
            let mut state = self.lock();
            state.next_timer_id += 1;
            state.next_timer_id
        };
        SimulatedSleep { clock: self.clone(), id, deadline }
    }
}

/// The future of [`SimulatedClock::sleep_until`].
#[derive(Debug)]
pub struct SimulatedSleep {
    clock: SimulatedClock,
    id: u64,
    deadline: Duration,
}

impl Future for SimulatedSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.clock.lock();
        state.timers.retain(|(id, _, _)| *id != self.id);
        if state.now >= self.deadline {
            return Poll::Ready(());
        }
        state.timers.push((self.id, self.deadline, cx.waker().clone()));
        Poll::Pending
    }
}

impl Drop for SimulatedSleep {
    fn drop(&mut self) {
        self.clock.lock().timers.retain(|(id, _, _)| *id != self.id);
    }
}

/// The real clock, on tokio's timer (feature `tokio`).
#[cfg(feature = "tokio")]
#[derive(Clone, Copy, Debug)]
pub struct TokioClock {
    origin: tokio::time::Instant,
}

#[cfg(feature = "tokio")]
impl Default for TokioClock {
    fn default() -> Self {
        TokioClock { origin: tokio::time::Instant::now() }
    }
}

#[cfg(feature = "tokio")]
impl Clock for TokioClock {
    type Sleep = tokio::time::Sleep;

    fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    fn sleep_until(&self, deadline: Duration) -> tokio::time::Sleep {
        tokio::time::sleep_until(self.origin + deadline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_on_jumps_to_the_earliest_timer() {
        let clock = SimulatedClock::default();
        let inner = clock.clone();
        let out = clock.block_on(async move {
            inner.sleep_until(Duration::from_secs(30)).await;
            inner.now()
        });
        assert_eq!(out, Ok(Duration::from_secs(30)));
        assert_eq!(clock.now(), Duration::from_secs(30));
    }

    #[test]
    fn a_future_that_never_ends_stalls() {
        let clock = SimulatedClock::default();
        assert_eq!(clock.block_on(std::future::pending::<()>()), Err(Stalled));
    }

    #[test]
    fn advance_never_goes_backwards() {
        let clock = SimulatedClock::default();
        clock.advance(Duration::from_millis(10));
        clock.advance_to(Duration::from_millis(5));
        assert_eq!(clock.now(), Duration::from_millis(10));
    }
}
