//! The client deliveries go out on: one attempt, or a whole delivery with its retries.

use super::{ANSWER_SHOWN_BYTES, Attempt, Delivered, Ending, Outgoing, Reply, Retries};
use crate::tls::{ClientCertificate, TlsError, TlsSettings, TrustedRoots};
use crate::transport::{Read, Transport};
use http::header::USER_AGENT;
use http::{HeaderValue, Request};
use http_body_util::Full;
use std::time::Duration;
use tokio::time::Instant;
use vibes_types::delivery::Outcome;
use vibes_types::{CallbackHeaders, DeliveryAttempts};

/// How long an attempt waits for its answer unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Sends deliveries as Vibes does: redirects are not followed (a 3XX is retried at the same
/// URL), each attempt is given [`timeout`](CourierBuilder::timeout) to be answered, and the first
/// [`ANSWER_SHOWN_BYTES`] of an answer's body are kept.
///
/// Cheap to clone: clones share the connection pool.
#[derive(Clone, Debug)]
pub struct Courier {
    transport: Transport,
    timeout: Duration,
    user_agent: HeaderValue,
}

/// Settings of a [`Courier`].
#[derive(Clone, Debug)]
pub struct CourierBuilder {
    timeout: Duration,
    tls: TlsSettings,
    user_agent: HeaderValue,
}

impl Courier {
    /// A courier with the defaults: a 10 s timeout, the Mozilla roots, no client certificate.
    pub fn builder() -> CourierBuilder {
        CourierBuilder {
            timeout: DEFAULT_TIMEOUT,
            tls: TlsSettings::default(),
            user_agent: HeaderValue::from_static(concat!(
                "vibes-client/",
                env!("CARGO_PKG_VERSION")
            )),
        }
    }

    /// The timeout of each attempt.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Makes attempt number `number` of `outgoing`: its headers with `X-Delivery-Attempts` set
    /// to `number`, and the reply. For a caller that keeps its own retry state: whether to try
    /// again is [`Reply::outcome`].
    pub async fn attempt(&self, outgoing: &Outgoing, number: DeliveryAttempts) -> Attempt {
        let started = Instant::now();
        let mut request = Request::new(Full::new(outgoing.body().clone()));
        *request.method_mut() = outgoing.method().clone();
        *request.uri_mut() = outgoing.url().clone();
        let headers = request.headers_mut();
        headers.clone_from(outgoing.headers());
        headers.insert(
            CallbackHeaders::DELIVERY_ATTEMPTS,
            HeaderValue::from(number.get()),
        );
        if !headers.contains_key(USER_AGENT) {
            headers.insert(USER_AGENT, self.user_agent.clone());
        }
        let reply = match self
            .transport
            .exchange(request, self.timeout, Read::Start(ANSWER_SHOWN_BYTES))
            .await
        {
            // Vibes reads only the status; the start of the body is kept to be shown, since a
            // receiver's refusal says there why it refused.
            Ok(answer) => Reply::from_answer(answer),
            Err(no_answer) => Reply::NoAnswer(no_answer.0),
        };
        Attempt {
            number,
            reply,
            took: started.elapsed(),
        }
    }

    /// Delivers `outgoing`, retrying as `retries` say until the endpoint acknowledges or refuses
    /// it or the attempts run out. Attempts are numbered from 1.
    pub async fn deliver(&self, outgoing: &Outgoing, retries: &Retries) -> Delivered {
        self.deliver_observed(outgoing, retries, |_| ()).await
    }

    /// [`deliver`](Self::deliver), calling `observe` with each attempt as it ends (to record or
    /// show it before the delivery is over).
    pub async fn deliver_observed(
        &self,
        outgoing: &Outgoing,
        retries: &Retries,
        mut observe: impl FnMut(&Attempt),
    ) -> Delivered {
        let started = Instant::now();
        let mut attempts = Vec::new();
        let mut ending = Ending::RetriedOut;
        for number in 1..=retries.attempts.max(1) {
            if number > 1 {
                tokio::time::sleep(retries.wait_before(number)).await;
            }
            // Counts beyond nine digits are not sent; no retry scheme comes near.
            let Some(count) = DeliveryAttempts::new(number) else {
                break;
            };
            let attempt = self.attempt(outgoing, count).await;
            observe(&attempt);
            let outcome = attempt.reply.outcome();
            attempts.push(attempt);
            match outcome {
                Outcome::Done => ending = Ending::Done,
                Outcome::PermanentFailure => ending = Ending::PermanentFailure,
                // Retried, and whatever a later version of vibes-types adds: neither done nor
                // refused for good.
                _ => continue,
            }
            break;
        }
        Delivered {
            ending,
            attempts,
            elapsed: started.elapsed(),
        }
    }
}

impl CourierBuilder {
    /// How long an attempt waits for the answer (connecting included); after that it counts as
    /// no answer, and is retried.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The client certificate to present to an endpoint that asks for one (mutual TLS).
    #[must_use]
    pub fn client_certificate(mut self, certificate: ClientCertificate) -> Self {
        self.tls.certificate = Some(certificate);
        self
    }

    /// Certificate authorities to trust besides the Mozilla roots.
    #[must_use]
    pub fn trusted_roots(mut self, roots: TrustedRoots) -> Self {
        self.tls.roots = roots;
        self
    }

    /// The `User-Agent` of a request whose headers have none (`vibes-client/VERSION` by
    /// default).
    #[must_use]
    pub fn user_agent(mut self, user_agent: HeaderValue) -> Self {
        self.user_agent = user_agent;
        self
    }

    /// The courier; an error when the TLS settings cannot be used.
    pub fn build(self) -> Result<Courier, TlsError> {
        Ok(Courier {
            transport: Transport::new(&self.tls)?,
            timeout: self.timeout,
            user_agent: self.user_agent,
        })
    }
}
