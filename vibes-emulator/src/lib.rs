//! A local Vibes, to try callbacks end to end without a Vibes account: the callback
//! configuration API served on loopback, and test events delivered to the registered
//! destinations as Vibes delivers them.
//!
//! [`Emulator::start`] serves the six operations of the API (list, get, create, update and
//! delete a registration, and send a test event) at the paths `vibes_types::api::Operation`
//! builds, checking what Vibes checks: Basic credentials, `X-API-Version: 2`, the body
//! (read with `vibes-types`, refused on a pre-flight error), the conflict rules and the
//! 50-destination limit ([`ConflictRules`](vibes_types::registration::ConflictRules)); it
//! assigns `callback_id`, `url`, `created_at` and `updated_at`, and answers 404 for an unknown
//! id. A test event delivers the sample body of its type ([`samples`]) to every active
//! registration of the type with `vibes-client`'s delivery engine: the five headers, the
//! registered method, and retries of 3XX, 5XX and timeouts; every attempt is recorded
//! ([`deliveries`]) and served as JSON at [`DELIVERIES_PATH`].
//!
//! `vibes emulate` (in `vibes-cli`) runs it from the command line; tests start it in-process:
//!
//! ```no_run
//! use vibes_emulator::{Emulator, Options};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::start(Options { time_scale: 0.01, ..Options::default() }).await?;
//! println!("API at {}, user {}, password {}", emulator.base_url(), emulator.user(), emulator.password());
//! # Ok(())
//! # }
//! ```
//!
//! The README lists every choice the emulator makes where the Vibes documentation is silent
//! (ids, the retry schedule, the error codes and statuses, the limits).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod deliveries;
mod ids;
mod options;
pub mod refusal;
mod registry;
mod route;
pub mod samples;
mod server;
mod test_event;

pub use deliveries::{DELIVERIES_PATH, Deliveries, DeliveryRecord, DeliveryState};
pub use options::{
    DEFAULT_ATTEMPTS, DEFAULT_DELIVERY_TIMEOUT, DEFAULT_RETRY_WAIT, MAX_BODY_BYTES, Options,
};
pub use server::{DEFAULT_USER, Emulator, StartError};

/// This crate's README, its page when published: its Rust example is compiled as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct Readme;
