//! The workspace's integration tests: one binary, one module per topic.

mod api;
mod api_paths;
mod callbacks;
mod construct;
mod delivery_attempts;
mod depth;
mod dispatch;
mod error_quality;
mod errors;
// Each item behind a cargo feature says which in its docs.
mod feature_docs;
mod helpers;
// The `headers` fuzz target's check, run on every fixture delivery (receiving.rs).
#[path = "../../fuzz/src/headers.rs"]
mod fuzz_headers;
mod memory;
// The fuzz targets' checks, shared so that `cargo test` holds the crate to the same promises.
#[path = "../../fuzz/src/invariants.rs"]
mod invariants;
mod receiving;
mod registrations;
mod regressions;
mod schema_agreement;
mod schema_shapes;
mod seeded;
mod typed;
mod write_back;
