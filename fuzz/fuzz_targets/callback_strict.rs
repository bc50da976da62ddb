//! Fuzz target `callback_strict`: see `vibes_fuzz::invariants::callback_strict` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| vibes_fuzz::invariants::callback_strict(bytes));
