//! Fuzz target `registrations`: see `vibes_fuzz::invariants::registrations` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| vibes_fuzz::invariants::registrations(bytes));
