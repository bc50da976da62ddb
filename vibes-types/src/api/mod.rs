//! The callback configuration API around registrations: test events, error answers, hosts,
//! paths, headers and authorization. No HTTP client is included.
//!
//! The bodies are always here: [`TestEventRequest`] asks Vibes to send one test callback of a
//! type to its active registration, [`TestEventResponse`] is the answer, and [`ApiErrors`] is the
//! body of every 4XX answer (a `std::error::Error`). With the `api` feature, the module also has
//! where and how to call each operation: its path and method, the host of each region, the
//! headers every request carries and the Basic credentials.
//!
//! ```
//! use vibes_types::CallbackType;
//! use vibes_types::api::{ApiErrors, TestEventRequest};
//!
//! let request = TestEventRequest::new(CallbackType::SubscriptionAdded).with_subscription_list("1234");
//! assert_eq!(
//!     serde_json::to_string(&request)?,
//!     r#"{"event_type":"subscription_added","subscription":{"subscription_list":{"id":"1234"}}}"#
//! );
//!
//! let answer = ApiErrors::from_slice(br#"{"errors": [{"message": "The MDN field is required"}]}"#)?;
//! let error: Box<dyn std::error::Error> = Box::new(answer);
//! assert_eq!(error.to_string(), "Vibes API error: The MDN field is required");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "api")]
mod endpoint;
mod error_body;
mod errors;
mod test_event;

#[cfg(feature = "api")]
pub use endpoint::{
    Credentials, CredentialsError, CredentialsProblem, Operation, PathError, PathPart, PathProblem,
    Region, X_API_VERSION,
};
pub use errors::{ApiError, ApiErrors};
pub use test_event::{TestEventRequest, TestEventResponse, TestParticipant, TestSubscription};
