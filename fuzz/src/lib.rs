//! The checks behind the fuzz targets. `invariants` needs only `vibes-types` and `serde_json`, so
//! that `cargo test` replays saved inputs through the very same code
//! (`tests/integration/regressions.rs` includes it); `headers` needs `http`.

pub mod headers;
pub mod invariants;
