//! What a receiver answers, and what Vibes does with an answer: the two directions of the status
//! code.

use http::StatusCode;
use std::fmt;

/// What a receiver answers a delivery: each choice is a status code, and Vibes acts on its class
/// (see [`Outcome`]).
///
/// | answer | status | Vibes does | when |
/// |---|---|---|---|
/// | [`Acknowledge`](Self::Acknowledge) | `200 OK` | done | the delivery is stored or handled; also a duplicate, and a callback type this version does not know |
/// | [`Reject`](Self::Reject) | `400 Bad Request` | permanent failure: no retry, the event goes to the failure queue and the customer is notified | the request can never succeed: a body that cannot be read, a missing header (a [`DeliveryError`](super::DeliveryError) answers with its own 4XX and the error as JSON) |
/// | [`Retry`](Self::Retry) | `503 Service Unavailable` | retried later | the receiver cannot take it now: its own store is down or full, a dependency timed out |
///
/// Acknowledge quickly and do the heavy work afterwards: a slow answer is a timeout to Vibes,
/// and retried.
///
/// ```
/// use http::StatusCode;
/// use vibes_types::delivery::{Answer, Outcome};
///
/// assert_eq!(Answer::Acknowledge.status(), StatusCode::OK);
/// assert_eq!(Answer::Retry.outcome(), Outcome::Retried);
/// for answer in [Answer::Acknowledge, Answer::Reject, Answer::Retry] {
///     assert_eq!(Outcome::from_status(answer.status()), answer.outcome());
/// }
/// ```
///
/// Available on crate feature `http` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Answer {
    /// Done: `200 OK`. For every delivery the receiver does not want again: handled, stored, a
    /// duplicate of one already handled, or a callback type it does not know.
    Acknowledge,
    /// A permanent failure: `400 Bad Request`. For a request that can never succeed, such as a
    /// body that cannot be parsed; Vibes does not retry it, puts the event in its failure queue
    /// and notifies the customer.
    Reject,
    /// Try again later: `503 Service Unavailable`. For a temporary failure on the receiver's
    /// side, such as its own storage being unavailable; Vibes retries with its retry scheme.
    Retry,
}

/// What Vibes does with the answer to a delivery, by the class of its status code; for those who
/// simulate Vibes (a test harness, a command that sends deliveries).
///
/// | answer | outcome |
/// |---|---|
/// | 2XX | [`Done`](Self::Done) |
/// | 4XX | [`PermanentFailure`](Self::PermanentFailure) |
/// | 3XX, 5XX | [`Retried`](Self::Retried) |
/// | no answer: a timeout, a refused or reset connection ([`no_answer`](Self::no_answer)) | [`Retried`](Self::Retried) |
/// | 1XX, 600 to 999 | [`Retried`](Self::Retried) |
///
/// The documentation names the 2XX, 3XX, 4XX and 5XX classes and the timeout. A 1XX is not a final
/// answer, and codes from 600 are outside HTTP's classes; neither acknowledges nor refuses the
/// event, so they are taken, like the absence of an answer, as a transient failure.
///
/// ```
/// use http::StatusCode;
/// use vibes_types::delivery::Outcome;
///
/// assert_eq!(Outcome::from_status(StatusCode::NO_CONTENT), Outcome::Done);
/// assert_eq!(Outcome::from_status(StatusCode::NOT_FOUND), Outcome::PermanentFailure);
/// assert_eq!(Outcome::from_status(StatusCode::MOVED_PERMANENTLY), Outcome::Retried);
/// assert_eq!(Outcome::no_answer(), Outcome::Retried);
/// assert_eq!(Outcome::PermanentFailure.to_string(), "a permanent failure (no retry)");
/// ```
///
/// Available on crate feature `http` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// The delivery succeeded; Vibes sends it no more.
    Done,
    /// The delivery failed for good: no retry, the event goes to a failure queue and the
    /// customer is notified.
    PermanentFailure,
    /// The delivery failed for now: Vibes retries it by its retry scheme, then puts it in the
    /// failure queue; repeated failures can mark the URL as down for a while.
    Retried,
}

impl Answer {
    /// The status code of the answer.
    pub const fn status(self) -> StatusCode {
        match self {
            Answer::Acknowledge => StatusCode::OK,
            Answer::Reject => StatusCode::BAD_REQUEST,
            Answer::Retry => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// What Vibes does with this answer.
    pub const fn outcome(self) -> Outcome {
        match self {
            Answer::Acknowledge => Outcome::Done,
            Answer::Reject => Outcome::PermanentFailure,
            Answer::Retry => Outcome::Retried,
        }
    }
}

impl From<Answer> for StatusCode {
    fn from(answer: Answer) -> Self {
        answer.status()
    }
}

impl Outcome {
    /// What Vibes does with an answer of status `status`.
    pub const fn from_status(status: StatusCode) -> Outcome {
        match status.as_u16() {
            200..=299 => Outcome::Done,
            400..=499 => Outcome::PermanentFailure,
            _ => Outcome::Retried,
        }
    }

    /// What Vibes does when no answer comes: a timeout, or a connection refused or reset.
    pub const fn no_answer() -> Outcome {
        Outcome::Retried
    }
}

impl From<StatusCode> for Outcome {
    fn from(status: StatusCode) -> Self {
        Outcome::from_status(status)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Done => "done",
            Outcome::PermanentFailure => "a permanent failure (no retry)",
            Outcome::Retried => "retried",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The class rule, written out independently of `from_status`.
    fn expected(code: u16) -> Outcome {
        match code / 100 {
            2 => Outcome::Done,
            4 => Outcome::PermanentFailure,
            _ => Outcome::Retried,
        }
    }

    #[test]
    fn every_status_code_has_the_outcome_of_its_class() {
        let mut counts = [0usize; 3];
        for code in 100..=999 {
            let status = StatusCode::from_u16(code).unwrap();
            let outcome = Outcome::from_status(status);
            assert_eq!(outcome, expected(code), "{code}");
            assert_eq!(Outcome::from(status), outcome);
            counts[outcome as usize] += 1;
        }
        // 100 codes of 2XX, 100 of 4XX, and the other 700 of 100..=999 retried.
        assert_eq!(counts, [100, 100, 700]);
        for (code, outcome) in [
            (199, Outcome::Retried),
            (200, Outcome::Done),
            (299, Outcome::Done),
            (300, Outcome::Retried),
            (399, Outcome::Retried),
            (400, Outcome::PermanentFailure),
            (499, Outcome::PermanentFailure),
            (500, Outcome::Retried),
            (599, Outcome::Retried),
        ] {
            assert_eq!(
                Outcome::from_status(StatusCode::from_u16(code).unwrap()),
                outcome
            );
        }
    }

    #[test]
    fn each_answer_means_to_vibes_what_it_says() {
        for (answer, status, outcome) in [
            (Answer::Acknowledge, 200, Outcome::Done),
            (Answer::Reject, 400, Outcome::PermanentFailure),
            (Answer::Retry, 503, Outcome::Retried),
        ] {
            assert_eq!(answer.status().as_u16(), status);
            assert_eq!(StatusCode::from(answer), answer.status());
            assert_eq!(answer.outcome(), outcome);
            assert_eq!(Outcome::from_status(answer.status()), outcome);
        }
        assert_eq!(Outcome::no_answer(), Outcome::Retried);
    }
}
