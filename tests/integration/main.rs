//! The workspace's integration tests: one binary, one module per topic.

mod api;
mod callbacks;
mod construct;
mod depth;
mod dispatch;
mod error_quality;
mod errors;
mod helpers;
mod registrations;
mod schema_agreement;
mod schema_shapes;
mod write_back;
