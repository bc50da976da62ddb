//! What can go wrong with a call, as data.

use http::StatusCode;
use std::fmt;
use vibes_types::api::{ApiErrors, PathError};
use vibes_types::registration::{Conflict, Finding, RegistrationRef, Severity};
use vibes_types::{LooseId, ParseError};

/// Whether `create` and `update` check the registration before sending it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Checks {
    /// Run pre-flight and the conflict rules against one list call; refuse locally.
    #[default]
    Run,
    /// Send the registration as it is (Vibes still judges it).
    Skip,
}

/// Why a call did not give what it asks for.
///
/// ```
/// use http::StatusCode;
/// use vibes_client::api::CallError;
/// use vibes_types::ApiErrors;
///
/// let error = CallError::Refused {
///     status: StatusCode::BAD_REQUEST,
///     errors: ApiErrors::from_answer(br#"{"errors": [{"message": "Invalid callback_type", "code": "invalid"}]}"#),
/// };
/// assert_eq!(error.to_string(), r#"400 Bad Request: Vibes API error: Invalid callback_type (code "invalid")"#);
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError {
    /// A 4XX answer (but the 404 of `get` and `delete`), with every message of its body.
    Refused {
        /// The status.
        status: StatusCode,
        /// What the body says, whatever its shape (see [`ApiErrors::from_answer`]).
        errors: ApiErrors,
    },
    /// `get` or `delete` of a callback id Vibes does not know (404).
    NotFound {
        /// The id asked for.
        callback_id: String,
        /// What the body says.
        errors: ApiErrors,
    },
    /// Any other status than the one the call expects (a 5XX after the retries, a 3XX, a 1XX),
    /// with the start of its body.
    Status {
        /// The status.
        status: StatusCode,
        /// At most the first 512 bytes of the body, as text (invalid UTF-8 replaced).
        body_start: String,
        /// How many tries were made.
        attempts: u32,
    },
    /// No answer: the connection failed or the timeout passed, on every try.
    NoAnswer {
        /// Why, as a sentence (`Connection refused (os error 111)`, `none within 10s`).
        reason: String,
        /// How many tries were made.
        attempts: u32,
    },
    /// The expected status came with a body that is not what the operation answers.
    UnreadableAnswer {
        /// The status.
        status: StatusCode,
        /// Why the body cannot be read.
        error: ParseError,
    },
    /// A company key or callback id that cannot be one segment of the API path.
    Path(PathError),
    /// A body could not be written as JSON.
    Encode(serde_json::Error),
    /// The URI made of the base URL and the path is not one HTTP accepts.
    Uri(String),
    /// Pre-flight found errors in the registration; nothing was sent. Warnings are not a
    /// reason to refuse and are not listed.
    Preflight(Vec<Finding>),
    /// The registration would clash with registered ones; nothing but the list call was sent.
    Conflicts(Vec<Conflict>),
}

impl CallError {
    /// The `callback_id`s of the registered callbacks a [`CallError::Conflicts`] clashes with,
    /// each once, in the order found; empty for every other error.
    pub fn clashing_ids(&self) -> Vec<LooseId> {
        let CallError::Conflicts(conflicts) = self else {
            return Vec::new();
        };
        let mut ids: Vec<LooseId> = Vec::new();
        for conflict in conflicts {
            for registration in conflict.registrations() {
                if let RegistrationRef::Existing(id) = registration
                    && !ids.contains(id)
                {
                    ids.push(id.clone());
                }
            }
        }
        ids
    }

    /// The errors of a pre-flight, if any is an error (warnings do not refuse).
    pub(crate) fn preflight(findings: Vec<Finding>) -> Option<Self> {
        let errors: Vec<Finding> = findings
            .into_iter()
            .filter(|finding| finding.severity() >= Severity::Error)
            .collect();
        (!errors.is_empty()).then_some(CallError::Preflight(errors))
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Refused { status, errors } => write!(f, "{status}: {errors}"),
            CallError::NotFound {
                callback_id,
                errors,
            } => write!(f, "no callback {callback_id:?} (404 Not Found: {errors})"),
            CallError::Status {
                status,
                body_start,
                attempts,
            } => {
                write!(f, "{status}")?;
                if *attempts > 1 {
                    write!(f, " after {attempts} attempts")?;
                }
                if !body_start.is_empty() {
                    write!(f, ": {body_start}")?;
                }
                Ok(())
            }
            CallError::NoAnswer { reason, attempts } => {
                write!(f, "no answer from the Vibes API")?;
                if *attempts > 1 {
                    write!(f, " in {attempts} attempts")?;
                }
                write!(f, ": {reason}")
            }
            CallError::UnreadableAnswer { status, error } => {
                write!(f, "the answer ({status}) cannot be read: {error}")
            }
            CallError::Path(error) => error.fmt(f),
            CallError::Encode(error) => write!(f, "the body cannot be written as JSON: {error}"),
            CallError::Uri(uri) => write!(f, "{uri:?} is not a URI HTTP accepts"),
            CallError::Preflight(findings) => {
                f.write_str("the registration was not sent: pre-flight found")?;
                for finding in findings {
                    write!(f, "\n- {finding}")?;
                }
                Ok(())
            }
            CallError::Conflicts(conflicts) => {
                f.write_str("the registration was not sent: it clashes with ")?;
                let ids: Vec<String> = self
                    .clashing_ids()
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect();
                if ids.is_empty() {
                    f.write_str("the registered callbacks")?;
                } else {
                    f.write_str(&ids.join(", "))?;
                }
                for conflict in conflicts {
                    write!(f, "\n- {conflict}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CallError {}
