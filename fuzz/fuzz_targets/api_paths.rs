//! Fuzz target `api_paths`: see `vibes_fuzz::invariants::api_paths` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| vibes_fuzz::invariants::api_paths(bytes));
