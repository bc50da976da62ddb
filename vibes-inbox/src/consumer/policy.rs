//! When a failed attempt is tried again: exponential backoff with jitter, a cap, and a largest
//! number of attempts.

use std::time::Duration;

/// How a worker retries a delivery whose attempt failed.
///
/// Attempt `n` that failed is tried again after `first × factorⁿ⁻¹`, at most `cap`, less a
/// random share of up to `jitter` of it (so that deliveries that failed together do not come
/// back together). After `attempts` attempts the delivery is dead.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// The attempts in all, the first included; after the last fails, the delivery is dead.
    pub attempts: u32,
    /// The wait after the first failed attempt.
    pub first: Duration,
    /// How much longer each next wait is.
    pub factor: f64,
    /// The longest wait.
    pub cap: Duration,
    /// The largest share of a wait taken off at random, from 0 (none) to 1.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    /// Ten attempts over about two hours: 5 s, 10 s, 20 s, … doubling up to half an hour, less
    /// up to a fifth at random.
    fn default() -> Self {
        RetryPolicy {
            attempts: 10,
            first: Duration::from_secs(5),
            factor: 2.0,
            cap: Duration::from_secs(30 * 60),
            jitter: 0.2,
        }
    }
}

impl RetryPolicy {
    /// Whether a delivery whose attempt `attempt` failed gets another.
    pub fn retries(&self, attempt: u32) -> bool {
        attempt < self.attempts
    }

    /// The wait after failed attempt `attempt` (from 1), with `random` in `[0, 1)` choosing the
    /// jitter.
    pub fn wait_after(&self, attempt: u32, random: f64) -> Duration {
        let exponent = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
        let full = self.first.as_secs_f64() * self.factor.powi(exponent);
        let capped = if full.is_finite() {
            full.min(self.cap.as_secs_f64())
        } else {
            self.cap.as_secs_f64()
        };
        let jitter = self.jitter.clamp(0.0, 1.0) * random.clamp(0.0, 1.0);
        Duration::try_from_secs_f64(capped * (1.0 - jitter)).unwrap_or(self.cap)
    }
}

/// A small random source for the jitter (xorshift): spreading retries needs no more.
#[derive(Debug)]
pub(crate) struct Jitter(u64);

impl Jitter {
    /// A source seeded from the clock and `salt`.
    pub fn new(salt: &str) -> Jitter {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos() as u64);
        let salted = salt
            .bytes()
            .fold(nanos ^ 0x9E37_79B9_7F4A_7C15, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01B3)
            });
        Jitter(salted | 1)
    }

    /// The next number in `[0, 1)`.
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_cap_less_the_jitter() {
        let policy = RetryPolicy {
            attempts: 5,
            first: Duration::from_secs(1),
            factor: 2.0,
            cap: Duration::from_secs(5),
            jitter: 0.5,
        };
        let waits: Vec<u64> = (1..=5)
            .map(|attempt| policy.wait_after(attempt, 0.0).as_millis() as u64)
            .collect();
        assert_eq!(waits, [1_000, 2_000, 4_000, 5_000, 5_000]);
        assert_eq!(policy.wait_after(2, 0.5), Duration::from_millis(1_500));
        assert_eq!(policy.wait_after(200, 0.0), Duration::from_secs(5));
        assert!(policy.retries(4) && !policy.retries(5));
    }

    #[test]
    fn the_jitter_spreads_over_its_range() {
        let mut jitter = Jitter::new("w");
        let draws: Vec<f64> = (0..1000).map(|_| jitter.next()).collect();
        assert!(draws.iter().all(|draw| (0.0..1.0).contains(draw)));
        let low = draws.iter().filter(|draw| **draw < 0.5).count();
        assert!((400..600).contains(&low), "{low}");
    }
}
