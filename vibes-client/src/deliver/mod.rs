//! Delivering a callback body to an endpoint as Vibes does: the registration's method and content
//! type, the five delivery headers, the answer read as Vibes reads it
//! ([`vibes_types::delivery::Outcome`]), and retries with back-off, each counted in
//! `X-Delivery-Attempts`.
//!
//! A delivery flows through three pieces:
//!
//! 1. an [`Outgoing`] request: built from a body with [`fill`] and [`Outgoing::callback`] (the
//!    headers filled from the body, as `vibes send` and the emulator do), or given whole with
//!    [`Outgoing::new`] (stored headers and body, sent as they are, as a replay or a forward
//!    does);
//! 2. a [`Courier`], the HTTP client with its timeout, which makes one [`attempt`]
//!    (`Courier::attempt`, for a caller that keeps its own retry state) or a whole delivery
//!    ([`Courier::deliver`], retrying as [`Retries`] say);
//! 3. each attempt's [`Reply`] (a status and the start of the answer's body, or why no answer
//!    came), classified by [`Reply::outcome`], and the [`Delivered`] delivery with its
//!    [`Ending`].
//!
//! ```no_run
//! use vibes_client::deliver::{Courier, Identity, Outgoing, Retries, Target, fill};
//! use vibes_types::registration::Destination;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let courier = Courier::builder().build()?;
//! let target = Target::of(&Destination::new("http://localhost:8080/vibes"))?;
//! let body = br#"{"event_id": "e1", "callback_type": "person_added",
//!   "event_date": "2026-03-01T09:00:00Z", "person": {}}"#;
//! let identity = Identity { company_id: Some("zY5VnE7r"), fallback_company_id: "zY5VnE7r", callback_id: "Hzh39LP3" };
//! let headers = fill(body, &identity)?;
//! let outgoing = Outgoing::callback(&target, &headers, body.to_vec())?;
//! let delivered = courier.deliver(&outgoing, &Retries::default()).await;
//! println!("{:?} after {} attempts", delivered.ending, delivered.attempts.len());
//! # Ok(())
//! # }
//! ```
//!
//! [`attempt`]: Courier::attempt

mod courier;
mod outgoing;
mod reply;
mod retries;

pub use courier::{Courier, CourierBuilder, DEFAULT_TIMEOUT};
pub use outgoing::{Identity, NotDeliverable, Outgoing, Target, endpoint, fill};
pub use reply::{ANSWER_SHOWN_BYTES, Answered, Reply};
pub use retries::{Attempt, Delivered, Ending, MAX_BACKOFF, Retries};
