//! The `vibes` binary, run as a user runs it: one test binary, a module per subcommand or topic.

mod callbacks;
mod emulate;
mod finding_d;
mod fixtures;
mod help;
mod helpers;
mod memory;
mod ndjson;
mod pipe;
mod receiver;
mod sample;
mod schema;
mod schema_where_needed;
mod send;
mod validate;
