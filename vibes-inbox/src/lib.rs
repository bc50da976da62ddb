//! The durable inbox of Vibes callback deliveries, and a leased consumer that hands each stored
//! delivery to your handler.
//!
//! A receiver stores every delivery before it answers Vibes ([`Store`]); Vibes' documentation
//! asks endpoints to do the work asynchronously, and this crate is where that work runs. The
//! store is a SQLite file (the `sqlite` feature, on by default) or a PostgreSQL database shared
//! by many receivers and workers (the `postgres` feature). Each delivery stays as it was
//! received; its processing state (pending, leased, done or dead, with its attempts and last
//! error) lives beside it. The [`Inbox`] reads the store back and manages that state for the
//! `vibes-receiver inbox` commands.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod consumer;
mod error;
pub mod observe;
mod row;
mod spec;
mod state;
pub mod store;

pub use consumer::{Delivery, Failure, Handler, Options, Reading, RetryPolicy, Tally, Worker};
pub use error::StoreError;
pub use observe::{Commit, Observer, Recorded};
pub use row::{Accepted, Rejected, Stored, header_map, header_pairs, headers_json, timestamp};
pub use spec::StoreSpec;
pub use state::{Processing, State, UnknownState};
pub use store::{
    Entry, Inbox, Listed, Purge, Purged, Recent, Refused, RefusedShown, Retried, Selection, Shown,
    StateCount, Store, StoredDelivery,
};

/// This crate's README, its page when published: its examples are compiled as doctests (the
/// exactly-once one needs the `postgres` feature, which `cargo test --workspace` turns on).
#[cfg(all(doctest, feature = "postgres"))]
#[doc = include_str!("../README.md")]
struct Readme;
