//! The workspace's integration tests: one binary, one module per topic.

mod api;
mod api_paths;
mod callbacks;
mod delivery_attempts;
mod dispatch;
mod helpers;
mod registrations;
mod schema_agreement;
mod seeded;
mod write_back;
