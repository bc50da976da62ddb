//! A small seeded generator for the property tests of this binary: the seed comes from
//! `VIBES_TEST_SEED` when set, else from the clock, and every failure message prints it.

use std::time::{SystemTime, UNIX_EPOCH};

/// xorshift64*: tiny, deterministic for a seed, and good enough to spread test cases.
pub struct Seeded {
    state: u64,
    seed: u64,
}

impl Seeded {
    /// A generator seeded from `VIBES_TEST_SEED`, else from the clock.
    pub fn from_env() -> Self {
        let seed = std::env::var("VIBES_TEST_SEED")
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(1, |elapsed| elapsed.as_nanos() as u64)
            });
        Seeded::new(seed)
    }

    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Seeded {
            state: seed | 1,
            seed,
        }
    }

    /// The seed, for failure messages: rerun with `VIBES_TEST_SEED=<seed>`.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `bound` (which must not be 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
