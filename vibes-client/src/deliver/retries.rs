//! How many attempts a delivery has and how long it waits between them, and how it ended.

use super::Reply;
use std::time::Duration;
use vibes_types::DeliveryAttempts;

/// The longest wait between two attempts by default, unless the first wait is longer.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// How many attempts a delivery has, and the waits between them: `backoff` before the first
/// retry, twice as long before each next one, up to `max_backoff` (or `backoff` itself when it is
/// longer).
///
/// ```
/// use std::time::Duration;
/// use vibes_client::deliver::Retries;
///
/// let retries = Retries::new(5, Duration::from_millis(200));
/// assert_eq!(retries.wait_before(2), Duration::from_millis(200));
/// assert_eq!(retries.wait_before(4), Duration::from_millis(800));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retries {
    /// The attempts in all, the first included (at least 1).
    pub attempts: u32,
    /// The wait before the first retry.
    pub backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
}

/// One attempt of a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// Its number, as `X-Delivery-Attempts` carried it.
    pub number: DeliveryAttempts,
    /// What the endpoint gave it.
    pub reply: Reply,
    /// From the request to the answer (or to giving up on one).
    pub took: Duration,
}

/// How a delivery ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ending {
    /// A 2XX answer: done.
    Done,
    /// A 4XX answer: a permanent failure, not retried.
    PermanentFailure,
    /// Every attempt had a 3XX or 5XX answer, or none: retried until the attempts ran out.
    RetriedOut,
}

/// A delivery, as it ended.
#[derive(Clone, Debug)]
pub struct Delivered {
    /// How it ended.
    pub ending: Ending,
    /// Each attempt, in order (at least one).
    pub attempts: Vec<Attempt>,
    /// From the first request to the last answer, the waits between attempts included.
    pub elapsed: Duration,
}

impl Retries {
    /// `attempts` attempts in all, waiting `backoff` before the first retry and doubling up to
    /// [`MAX_BACKOFF`].
    pub fn new(attempts: u32, backoff: Duration) -> Self {
        Retries {
            attempts,
            backoff,
            max_backoff: MAX_BACKOFF,
        }
    }

    /// A single attempt.
    pub fn once() -> Self {
        Retries::new(1, Duration::ZERO)
    }

    /// The wait before attempt `attempt` (from 2): the back-off, doubled for each retry before,
    /// up to `max_backoff` or the back-off itself when it is longer.
    pub fn wait_before(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(2).min(31);
        self.backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff.max(self.backoff))
    }
}

/// `vibes send`'s defaults: 3 attempts, 200 ms before the first retry, doubling up to 10 s.
impl Default for Retries {
    fn default() -> Self {
        Retries::new(3, Duration::from_millis(200))
    }
}

impl Ending {
    /// Its name in JSON reports: `done`, `permanent_failure`, `retried_out`.
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Done => "done",
            Ending::PermanentFailure => "permanent_failure",
            Ending::RetriedOut => "retried_out",
        }
    }
}

impl std::fmt::Display for Ending {
    /// `done`, `permanent failure`, `retried out`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Ending::Done => "done",
            Ending::PermanentFailure => "permanent failure",
            Ending::RetriedOut => "retried out",
        })
    }
}

impl Delivered {
    /// The last attempt's reply.
    pub fn last_reply(&self) -> Option<&Reply> {
        self.attempts.last().map(|attempt| &attempt.reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_off_doubles_up_to_its_cap() {
        let retries = Retries::new(40, Duration::from_millis(200));
        let waits: Vec<u128> = (2..=9)
            .map(|attempt| retries.wait_before(attempt).as_millis())
            .collect();
        assert_eq!(waits, [200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]);
        assert_eq!(retries.wait_before(40), MAX_BACKOFF);
        let long = Retries::new(3, Duration::from_secs(30));
        assert_eq!(long.wait_before(3), Duration::from_secs(30));
        let none = Retries::new(3, Duration::ZERO);
        assert_eq!(none.wait_before(3), Duration::ZERO);
        let capped = Retries {
            max_backoff: Duration::from_millis(5),
            ..Retries::new(9, Duration::from_millis(1))
        };
        let waits: Vec<u128> = (2..=6)
            .map(|attempt| capped.wait_before(attempt).as_millis())
            .collect();
        assert_eq!(waits, [1, 2, 4, 5, 5]);
    }
}
