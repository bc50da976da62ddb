//! The inbox on real databases: each test runs on a SQLite file and, when the test server is
//! there (`VIBES_TEST_POSTGRES_URL`), on PostgreSQL in a schema of its own, so that a migration,
//! a claim or a retry is written once and proven on each store.

#[cfg(feature = "postgres")]
mod announce;
mod consumer;
#[cfg(feature = "postgres")]
mod exactly_once;
mod manage;
mod migrate;
mod monitor;
mod probe;
mod stores;
