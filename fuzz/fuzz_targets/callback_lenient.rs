//! Fuzz target `callback_lenient`: see `vibes_fuzz::invariants::callback_lenient` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| vibes_fuzz::invariants::callback_lenient(bytes));
