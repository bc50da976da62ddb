//! How often, and after what pause, an idempotent call is tried again.

use std::time::Duration;

/// The retries of the idempotent calls (`list`, `get`, `delete`): at most `attempts` tries in
/// all, the `n`th retry after `first_pause × 2ⁿ⁻¹`, never more than `longest_pause`.
///
/// A connection failure, a timeout and a 5XX answer are tried again; anything else is an
/// answer. The default is 3 attempts, pausing 0.5 s and then 1 s.
///
/// ```
/// use std::time::Duration;
/// use vibes_client::api::Retry;
///
/// let retry = Retry::new(4, Duration::from_millis(100));
/// assert_eq!(retry.pause_before(2), Duration::from_millis(100));
/// assert_eq!(retry.pause_before(4), Duration::from_millis(400));
/// assert_eq!(Retry::never().attempts(), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    attempts: u32,
    first_pause: Duration,
    longest_pause: Duration,
}

impl Retry {
    /// At most `attempts` tries (at least one), pausing `first_pause` before the second and
    /// twice as long before each next one, up to 30 s.
    pub fn new(attempts: u32, first_pause: Duration) -> Self {
        Retry {
            attempts: attempts.max(1),
            first_pause,
            longest_pause: Duration::from_secs(30),
        }
    }

    /// One try, no retry.
    pub fn never() -> Self {
        Retry::new(1, Duration::ZERO)
    }

    /// The longest pause between two tries.
    pub fn longest_pause(self, longest: Duration) -> Self {
        Retry {
            longest_pause: longest,
            ..self
        }
    }

    /// How many tries at most, the first included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The pause before try `attempt` (from 1; none before the first).
    pub fn pause_before(&self, attempt: u32) -> Duration {
        if attempt <= 1 {
            return Duration::ZERO;
        }
        let doublings = (attempt - 2).min(20);
        self.first_pause
            .saturating_mul(1 << doublings)
            .min(self.longest_pause)
    }
}

impl Default for Retry {
    fn default() -> Self {
        Retry::new(3, Duration::from_millis(500))
    }
}
