//! What an endpoint gave one attempt, and what Vibes makes of it.

use crate::transport::Answer;
use http::StatusCode;
use vibes_types::delivery::Outcome;

/// How much of an answer's body is read and kept: enough for a receiver's error (the JSON path
/// included), never a whole page an endpoint might answer with.
pub const ANSWER_SHOWN_BYTES: usize = 4096;

/// What the endpoint gave one attempt.
///
/// ```
/// use http::StatusCode;
/// use vibes_client::deliver::{Answered, Reply};
/// use vibes_types::delivery::Outcome;
///
/// let refused = Reply::Status(StatusCode::BAD_REQUEST, Answered::default());
/// assert_eq!(refused.outcome(), Outcome::PermanentFailure);
/// assert_eq!(refused.to_string(), "400 Bad Request");
/// let silent = Reply::NoAnswer("none within 10s".to_owned());
/// assert_eq!(silent.outcome(), Outcome::Retried);
/// assert_eq!(silent.to_string(), "no answer: none within 10s");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// An answer, of this status, with the start of its body.
    Status(StatusCode, Answered),
    /// No answer: a timeout, a refused or broken connection; why, as a sentence.
    NoAnswer(String),
}

/// The body of an answer, as much of it as is kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answered {
    /// Its text, up to [`ANSWER_SHOWN_BYTES`], decoded as UTF-8 with replacement characters (a
    /// character the cut splits is left out).
    pub text: String,
    /// Whether the body went on beyond what was read.
    pub cut: bool,
}

impl Reply {
    /// What Vibes does with it: a 2XX is done, a 4XX a permanent failure, anything else (a 3XX,
    /// a 5XX, no answer) is retried.
    pub fn outcome(&self) -> Outcome {
        match self {
            Reply::Status(status, _) => Outcome::from_status(*status),
            Reply::NoAnswer(_) => Outcome::no_answer(),
        }
    }

    /// The status, when an answer came.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Reply::Status(status, _) => Some(*status),
            Reply::NoAnswer(_) => None,
        }
    }

    /// The start of the answer's body, when an answer came.
    pub fn answered(&self) -> Option<&Answered> {
        match self {
            Reply::Status(_, answered) => Some(answered),
            Reply::NoAnswer(_) => None,
        }
    }

    pub(crate) fn from_answer(answer: Answer) -> Self {
        Reply::Status(
            answer.status,
            Answered::from_bytes(&answer.body, answer.cut),
        )
    }
}

/// `200 OK`, `599`, `no answer: none within 10s`.
impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reply::Status(status, _) => match status.canonical_reason() {
                Some(reason) => write!(f, "{} {reason}", status.as_u16()),
                None => write!(f, "{}", status.as_u16()),
            },
            Reply::NoAnswer(why) => write!(f, "no answer: {why}"),
        }
    }
}

impl Answered {
    /// The text of `bytes`, the start of a body that went on when `cut`.
    pub(crate) fn from_bytes(bytes: &[u8], cut: bool) -> Self {
        let mut bytes = bytes;
        // A character the cut splits is left out, not shown as a replacement character.
        if cut
            && let Err(error) = std::str::from_utf8(bytes)
            && error.error_len().is_none()
        {
            bytes = &bytes[..error.valid_up_to()];
        }
        Answered {
            text: String::from_utf8_lossy(bytes).into_owned(),
            cut,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_that_splits_a_character_leaves_it_out() {
        let euros = "€".repeat(3);
        let answered = Answered::from_bytes(&euros.as_bytes()[..8], true);
        assert_eq!(answered.text, "€€");
        // Bytes that are not UTF-8 inside the text are replaced, not dropped.
        let answered = Answered::from_bytes(b"a\xffb", false);
        assert_eq!(answered.text, "a\u{fffd}b");
        assert!(!answered.cut);
    }

    #[test]
    fn every_reply_has_the_outcome_of_its_class() {
        for (code, outcome) in [
            (200, Outcome::Done),
            (204, Outcome::Done),
            (302, Outcome::Retried),
            (400, Outcome::PermanentFailure),
            (404, Outcome::PermanentFailure),
            (500, Outcome::Retried),
            (503, Outcome::Retried),
        ] {
            let reply = Reply::Status(StatusCode::from_u16(code).unwrap(), Answered::default());
            assert_eq!(reply.outcome(), outcome, "{code}");
            assert_eq!(reply.status().map(|status| status.as_u16()), Some(code));
        }
        assert_eq!(Reply::NoAnswer(String::new()).status(), None);
        assert_eq!(
            Reply::Status(StatusCode::from_u16(599).unwrap(), Answered::default()).to_string(),
            "599"
        );
    }
}
