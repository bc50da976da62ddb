//! The callback configuration API around registrations: test events, error answers, hosts,
//! paths, headers and authorization (DOMAIN.md §5–§7). No HTTP client is included.

mod endpoint;
mod errors;
mod test_event;

pub use endpoint::{
    Credentials, CredentialsError, CredentialsProblem, Operation, PathError, PathPart, PathProblem,
    Region, X_API_VERSION,
};
pub use errors::{ApiError, ApiErrors};
pub use test_event::{TestEventRequest, TestEventResponse, TestParticipant, TestSubscription};
