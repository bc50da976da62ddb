//! `vibes send`: plays Vibes against a team's own endpoint, as `stripe trigger` lets a team try
//! its webhook handler without waiting for real traffic. Each body goes out as Vibes sends it
//! (the registration's method and content type, the five delivery headers filled from the body,
//! retries counted in `X-Delivery-Attempts`), the answers are read as Vibes reads them
//! (`vibes_types::delivery::Outcome`), and each delivery is reported as it ends.

mod bodies;
mod deliver;
mod headers;
mod print;

pub use bodies::{Bodies, Origin};
pub use deliver::Endpoint;
pub use headers::{NotSent, fill};
pub use vibes_client::deliver::MAX_BACKOFF;

use crate::Outcome;
use crate::cli::{Format, SendArgs};
use std::io::{self, Write};
use vibes_client::deliver::{Ending, Outgoing, Retries};

/// The `X-Company-Id` of a body that names no company, unless `--company-id` gives one: the
/// company of the documentation's delivery example.
pub const DEFAULT_COMPANY_ID: &str = "zY5VnE7r";

/// The `X-Callback-Id` unless `--callback-id` gives one: the registration of the
/// documentation's delivery example.
pub const DEFAULT_CALLBACK_ID: &str = "Hzh39LP3";

/// Delivers every body `args` names, in order, writing how each delivery ended to `out` and the
/// bodies that could not be sent to `errors` (and, as JSON objects, to `out` when the report is
/// JSON).
pub fn send(args: &SendArgs, out: &mut impl Write, errors: &mut impl Write) -> io::Result<Outcome> {
    let prepared = Bodies::of(args)
        .map_err(|error| error.to_string())
        .and_then(|bodies| Ok((bodies, Endpoint::new(args)?)));
    let (bodies, endpoint) = match prepared {
        Ok(prepared) => prepared,
        Err(error) => {
            writeln!(errors, "vibes: {error}")?;
            return Ok(Outcome::Trouble);
        }
    };
    let sender = Sender {
        endpoint,
        retries: Retries::new(args.attempts, args.backoff),
        company_id: args.company_id.as_deref(),
        callback_id: &args.callback_id,
        format: args.format,
    };
    let mut outcome = Outcome::Valid;
    bodies.each(&mut |origin, body| {
        let ended = sender.one(&origin, body, out, errors)?;
        outcome = outcome.max(ended);
        // Each delivery is seen as it ends, not when the output's buffer fills.
        out.flush()
    })?;
    Ok(outcome)
}

/// Everything a delivery is made with, but the body.
struct Sender<'a> {
    endpoint: Endpoint,
    retries: Retries,
    /// `--company-id`, when given.
    company_id: Option<&'a str>,
    /// `--callback-id`.
    callback_id: &'a str,
    format: Format,
}

impl Sender<'_> {
    /// Delivers one body and reports how it ended, or reports why it cannot be sent; what it
    /// means for the exit status.
    fn one(
        &self,
        origin: &Origin,
        body: Result<Vec<u8>, NotSent>,
        out: &mut impl Write,
        errors: &mut impl Write,
    ) -> io::Result<Outcome> {
        let prepared = body.and_then(|bytes| {
            let headers = fill(&bytes, self.company_id, self.callback_id)?;
            let outgoing = Outgoing::callback(self.endpoint.target(), &headers, bytes)?;
            Ok((headers, outgoing))
        });
        match prepared {
            Ok((headers, outgoing)) => {
                let delivered = self.endpoint.deliver(&self.retries, &outgoing);
                print::delivered(origin, &headers, &delivered, self.format, out)?;
                Ok(match delivered.ending {
                    Ending::Done => Outcome::Valid,
                    Ending::PermanentFailure | Ending::RetriedOut => Outcome::Invalid,
                })
            }
            Err(not_sent) => {
                print::not_sent(origin, &not_sent, self.format, out, errors)?;
                Ok(Outcome::Trouble)
            }
        }
    }
}
