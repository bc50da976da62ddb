//! The HTTP client under both halves of the crate: hyper's pooled HTTP/1.1 client over rustls
//! (the `ring` provider), through the proxies the environment names, with one deadline per
//! exchange that covers connecting, the answer's head and as much of its body as is read.
//!
//! A request flows through [`Transport::exchange`]: the [`connect`] module opens the connection
//! (directly, through an HTTP proxy, or tunnelled through one for `https://`), [`tls`] wraps it
//! for `https://`, and the answer's body is read within the same deadline, whole (the API's
//! JSON) or only its start (what an endpoint says when it refuses a delivery).

mod connect;

use crate::tls::{TlsError, TlsSettings};
use bytes::Bytes;
use connect::{Connector, Proxies};
use http::header::PROXY_AUTHORIZATION;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// The client that sends requests; cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub(crate) struct Transport {
    client: Client<HttpsConnector<Connector>, Full<Bytes>>,
    proxies: Arc<Proxies>,
}

/// How much of an answer's body an exchange reads.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Read {
    /// The body's start, at most this many bytes; a body that breaks off (the deadline, a
    /// closed connection) is kept as far as it came.
    Start(usize),
    /// The whole body, which may not be longer than this many bytes.
    Whole(usize),
}

/// An answer, with as much of its body as was read.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    /// Its status.
    pub status: StatusCode,
    /// Its body, or the start of it.
    pub body: Bytes,
    /// Whether the body went on beyond what was read.
    pub cut: bool,
}

/// Why an exchange had no answer, as a sentence: `none within 10s`, `Connection refused (os
/// error 111)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NoAnswer(pub String);

impl Transport {
    /// A transport with the trust and the client certificate of `tls`, and the proxies of the
    /// environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, as curl reads them).
    pub fn new(tls: &TlsSettings) -> Result<Self, TlsError> {
        let proxies = Arc::new(Proxies::from_env());
        let connector = Connector::new(Arc::clone(&proxies));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls.client_config()?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector);
        let client = Client::builder(TokioExecutor::new())
            // A connection left idle longer is likely closed by the other side already.
            .pool_idle_timeout(Duration::from_secs(30))
            .build(https);
        Ok(Transport { client, proxies })
    }

    /// Sends `request` and reads its answer as `read` says, all within `timeout`.
    pub async fn exchange(
        &self,
        mut request: Request<Full<Bytes>>,
        timeout: Duration,
        read: Read,
    ) -> Result<Answer, NoAnswer> {
        if let Some(authorization) = self.proxies.forwarding_authorization(request.uri()) {
            request
                .headers_mut()
                .insert(PROXY_AUTHORIZATION, authorization);
        }
        let deadline = Instant::now() + timeout;
        let timed_out = || NoAnswer(format!("none within {}", seconds(timeout)));
        let response = match tokio::time::timeout_at(deadline, self.client.request(request)).await {
            Err(_) => return Err(timed_out()),
            Ok(Err(error)) => return Err(NoAnswer(deepest(&error))),
            Ok(Ok(response)) => response,
        };
        let (parts, mut body) = response.into_parts();
        let mut bytes = Vec::new();
        let limit = match read {
            Read::Start(limit) | Read::Whole(limit) => limit,
        };
        let mut cut = false;
        loop {
            let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
                Ok(Some(Ok(frame))) => frame,
                Ok(None) => break,
                // The body broke off: what came is the start, or no answer at all when the whole
                // body was wanted.
                Ok(Some(Err(error))) => match read {
                    Read::Start(_) => break,
                    Read::Whole(_) => return Err(NoAnswer(deepest(&error))),
                },
                Err(_) => match read {
                    Read::Start(_) => break,
                    Read::Whole(_) => return Err(timed_out()),
                },
            };
            let Ok(data) = frame.into_data() else {
                continue;
            };
            if bytes.len() + data.len() > limit {
                bytes.extend_from_slice(&data[..limit - bytes.len()]);
                cut = true;
                break;
            }
            bytes.extend_from_slice(&data);
        }
        if cut && matches!(read, Read::Whole(_)) {
            return Err(NoAnswer(format!(
                "the answer ({} {}) is longer than the {limit} bytes read",
                parts.status.as_u16(),
                parts.status.canonical_reason().unwrap_or("")
            )));
        }
        Ok(Answer {
            status: parts.status,
            body: Bytes::from(bytes),
            cut,
        })
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("proxies", &self.proxies)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The innermost cause of `error`, which says what happened (`Connection refused (os error
/// 111)`), where hyper's outer errors only say where (`client error (Connect)`).
fn deepest(error: &(dyn std::error::Error + 'static)) -> String {
    let mut deepest = error;
    while let Some(source) = deepest.source() {
        deepest = source;
    }
    deepest.to_string()
}

/// `1.5s`, `10s`: a duration as the command line's options are written.
pub(crate) fn seconds(duration: Duration) -> String {
    format!("{}s", duration.as_secs_f64())
}
