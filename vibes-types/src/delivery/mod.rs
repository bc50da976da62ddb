//! Receiving callbacks over HTTP: a delivery read in one call, what to answer, where deliveries
//! come from, and repeated deliveries.
//!
//! A delivery is one HTTP request from Vibes: `POST` or `PUT` (the registration's method), a JSON
//! body, and the five headers of [`CallbackHeaders`](crate::CallbackHeaders). The parts of this
//! module, by feature:
//!
//! - `http`: `Delivery` reads a request (`http::request::Parts` and the body bytes, or an
//!   `http::Request`) into its headers and its `Callback` by `DeliveryRules`, or gives a
//!   `DeliveryError` listing every problem, each with the header or JSON path it concerns;
//!   `Answer` is the receiver's choice of status code and `Outcome` what Vibes makes of a status
//!   code.
//! - `sources`: `SourceAllowList`, the addresses Vibes sends from, and `TrustedProxy`, the client
//!   address behind a reverse proxy.
//! - `axum`: `axum::Received`, an extractor that reads the delivery and answers a bad one on its
//!   own.
//! - always: [`SeenEvents`], the event ids one process has seen, to acknowledge repeats.
//!
//! The crate docs' guide has a section on receiving with a complete example.

#[cfg(feature = "http")]
mod answer;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "http")]
mod error;
#[cfg(feature = "http")]
mod mismatch;
#[cfg(feature = "sources")]
mod proxy;
#[cfg(feature = "http")]
mod read;
mod rules;
mod seen;
#[cfg(feature = "sources")]
mod sources;

#[cfg(feature = "http")]
pub use answer::{Answer, Outcome};
#[cfg(feature = "http")]
pub use error::{DeliveryError, DeliveryErrorKind, DeliveryProblem, DeliveryWarning};
#[cfg(feature = "http")]
pub use mismatch::{Mismatch, MismatchField};
#[cfg(feature = "sources")]
pub use proxy::{ForwardedProblem, TrustedProxy};
#[cfg(feature = "http")]
pub use read::Delivery;
pub use rules::{BodyReading, DeliveryRules, Mismatches};
pub use seen::SeenEvents;
#[cfg(feature = "sources")]
pub use sources::{
    IpNet, SourceAllowList, SourceError, SourceListing, SourceMatch, SourceRegion, VibesSource,
};

#[cfg(all(test, feature = "http"))]
mod tests;
