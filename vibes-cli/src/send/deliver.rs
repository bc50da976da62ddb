//! One delivery: the request sent, the answer read as Vibes reads it, and the retries, each with
//! its attempt counted in `X-Delivery-Attempts`, until the endpoint acknowledges or refuses the
//! body or the attempts run out.

use super::headers::Filled;
use crate::Outcome;
use crate::cli::SendArgs;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, Method, Request, StatusCode, Uri};
use std::io::Read;
use std::time::{Duration, Instant};
use vibes_types::CallbackHeaders;
use vibes_types::delivery::Outcome as Vibes;

/// The longest wait between two attempts, unless `--backoff` asks for a longer first one.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// How much of an answer's body is read and shown: enough for a receiver's error (the JSON path
/// included), never a whole page an endpoint might answer with.
pub const ANSWER_SHOWN_BYTES: u64 = 4096;

/// The endpoint and how requests are made to it.
#[derive(Debug)]
pub struct Endpoint {
    agent: ureq::Agent,
    url: Uri,
    method: Method,
    content_type: HeaderValue,
    timeout: Duration,
}

/// How many attempts a delivery has, and the wait before the first retry.
#[derive(Clone, Copy, Debug)]
pub struct Retries {
    /// The attempts in all, the first included (at least 1).
    pub attempts: u32,
    /// The wait before the first retry; each next one waits twice as long, up to
    /// [`MAX_BACKOFF`].
    pub backoff: Duration,
}

/// What the endpoint gave one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// An answer, of this status, with the start of its body (at most
    /// [`ANSWER_SHOWN_BYTES`], decoded as UTF-8 with replacement characters).
    Status(StatusCode, Answered),
    /// No answer: a timeout, a refused or broken connection; why, as a sentence.
    NoAnswer(String),
}

/// The body of an answer, as much of it as is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answered {
    /// Its text, up to [`ANSWER_SHOWN_BYTES`].
    pub text: String,
    /// Whether the body went on beyond what was read.
    pub cut: bool,
}

/// How a delivery ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// A 2XX answer: done.
    Done,
    /// A 4XX answer: a permanent failure, not retried.
    PermanentFailure,
    /// Every attempt had a 3XX or 5XX answer, or none: retried until the attempts ran out.
    RetriedOut,
    /// The body was not sent: it cannot be read, or is not a callback body.
    NotSent,
}

/// A delivery, as it ended.
#[derive(Clone, Debug)]
pub struct Delivered {
    /// How it ended.
    pub ending: Ending,
    /// What each attempt had, in order (at least one).
    pub replies: Vec<Reply>,
    /// From the first request to the last answer.
    pub elapsed: Duration,
}

impl Endpoint {
    /// The endpoint of `args`, with its method, content type and timeout.
    pub fn new(args: &SendArgs) -> Result<Self, String> {
        let method = Method::from_bytes(args.method.as_str().as_bytes())
            .map_err(|_| format!("`{}` is not an HTTP method", args.method))?;
        let content_type = HeaderValue::from_str(args.content_type.as_str())
            .map_err(|_| format!("`{}` is not a content type", args.content_type))?;
        let agent = ureq::Agent::config_builder()
            // A 4XX or 5XX is an answer to read, not an error.
            .http_status_as_error(false)
            // Vibes does not follow a redirect: a 3XX is retried, at the same URL.
            .max_redirects(0)
            .timeout_global(Some(args.timeout))
            .user_agent(concat!("vibes-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(Endpoint {
            agent,
            url: args.url.clone(),
            method,
            content_type,
            timeout: args.timeout,
        })
    }

    /// Delivers `body` with the headers `filled`, retrying as `retries` says.
    pub fn deliver(&self, retries: &Retries, filled: &Filled, body: &[u8]) -> Delivered {
        let started = Instant::now();
        let mut replies = Vec::new();
        let mut ending = Ending::RetriedOut;
        for attempt in 1..=retries.attempts.max(1) {
            if attempt > 1 {
                std::thread::sleep(retries.wait_before(attempt));
            }
            let reply = self.attempt(filled, attempt, body);
            let outcome = match &reply {
                Reply::Status(status, _) => Vibes::from_status(*status),
                Reply::NoAnswer(_) => Vibes::no_answer(),
            };
            replies.push(reply);
            match outcome {
                Vibes::Done => ending = Ending::Done,
                Vibes::PermanentFailure => ending = Ending::PermanentFailure,
                // Retried, and whatever a later version of the library adds: neither done nor
                // refused for good.
                _ => continue,
            }
            break;
        }
        Delivered {
            ending,
            replies,
            elapsed: started.elapsed(),
        }
    }

    /// One request: attempt number `attempt`.
    fn attempt(&self, filled: &Filled, attempt: u32, body: &[u8]) -> Reply {
        let mut request = Request::new(body);
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.url.clone();
        let headers = request.headers_mut();
        headers.clone_from(&filled.map);
        headers.insert(
            CallbackHeaders::DELIVERY_ATTEMPTS,
            HeaderValue::from(attempt),
        );
        headers.insert(CONTENT_TYPE, self.content_type.clone());
        match self.agent.run(request) {
            // Vibes reads only the status; the start of the body is read to be shown, since a
            // receiver's refusal says there why it refused.
            Ok(mut response) => {
                let answered = answered(response.body_mut());
                Reply::Status(response.status(), answered)
            }
            Err(error) => Reply::NoAnswer(self.no_answer(&error)),
        }
    }

    /// Why no answer came, as a sentence.
    fn no_answer(&self, error: &ureq::Error) -> String {
        match error {
            ureq::Error::Timeout(_) => format!("none within {}", seconds(self.timeout)),
            ureq::Error::Io(error) => error.to_string(),
            other => other.to_string(),
        }
    }
}

impl Retries {
    /// The wait before attempt `attempt` (from 2): the back-off, doubled for each retry before,
    /// up to [`MAX_BACKOFF`] or the back-off itself when it is longer.
    pub fn wait_before(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(2).min(31);
        self.backoff
            .saturating_mul(1 << doublings)
            .min(MAX_BACKOFF.max(self.backoff))
    }
}

impl Ending {
    /// The name in the JSON report.
    pub fn name(self) -> &'static str {
        match self {
            Ending::Done => "done",
            Ending::PermanentFailure => "permanent_failure",
            Ending::RetriedOut => "retried_out",
            Ending::NotSent => "not_sent",
        }
    }

    /// What it means for the exit status.
    pub fn outcome(self) -> Outcome {
        match self {
            Ending::Done => Outcome::Valid,
            Ending::PermanentFailure | Ending::RetriedOut => Outcome::Invalid,
            Ending::NotSent => Outcome::Trouble,
        }
    }
}

/// The start of an answer's body. A body that breaks off (a timeout, a closed connection) is
/// shown as far as it came: the status is the answer either way.
fn answered(body: &mut ureq::Body) -> Answered {
    let mut bytes = Vec::new();
    let _ = body
        .as_reader()
        .take(ANSWER_SHOWN_BYTES + 1)
        .read_to_end(&mut bytes);
    let cut = bytes.len() as u64 > ANSWER_SHOWN_BYTES;
    if cut {
        bytes.truncate(ANSWER_SHOWN_BYTES as usize);
        // A character the cut splits is left out, not shown as a replacement character.
        if let Err(error) = std::str::from_utf8(&bytes)
            && error.error_len().is_none()
        {
            bytes.truncate(error.valid_up_to());
        }
    }
    Answered {
        text: String::from_utf8_lossy(&bytes).into_owned(),
        cut,
    }
}

/// `1.5s`, `10s`: a duration as the options are written.
fn seconds(duration: Duration) -> String {
    format!("{}s", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_off_doubles_up_to_its_cap() {
        let retries = Retries {
            attempts: 40,
            backoff: Duration::from_millis(200),
        };
        let waits: Vec<u128> = (2..=9)
            .map(|attempt| retries.wait_before(attempt).as_millis())
            .collect();
        assert_eq!(waits, [200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]);
        assert_eq!(retries.wait_before(40), MAX_BACKOFF);
        let long = Retries {
            attempts: 3,
            backoff: Duration::from_secs(30),
        };
        assert_eq!(long.wait_before(3), Duration::from_secs(30));
        let none = Retries {
            attempts: 3,
            backoff: Duration::ZERO,
        };
        assert_eq!(none.wait_before(3), Duration::ZERO);
    }
}
