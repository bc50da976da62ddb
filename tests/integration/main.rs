//! The workspace's integration tests: one binary, one module per topic.

mod callbacks;
mod dispatch;
mod helpers;
