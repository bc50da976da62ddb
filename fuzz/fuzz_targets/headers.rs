//! Fuzz target `headers`: see `vibes_fuzz::headers::headers` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| vibes_fuzz::headers::headers(bytes));
