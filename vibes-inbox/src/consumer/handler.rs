//! What a worker hands your code: a [`Delivery`], read and typed, and what your code answers: done,
//! or a [`Failure`] to retry later or to give up on.

use bytes::Bytes;
use http::HeaderMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use vibes_types::Callback;

/// Your code: called once per attempt of each delivery, on a task of its own.
///
/// Any `Fn(Delivery) -> impl Future<Output = Result<(), Failure>>` is a handler. `Ok(())` marks
/// the delivery done. Any error converts into a [`Failure`] to retry later, so `?` works on
/// your own errors; [`Failure::dead`] gives up on it at once.
pub trait Handler: Send + Sync + 'static {
    /// Handles one attempt of one delivery.
    fn handle(
        &self,
        delivery: Delivery,
    ) -> impl Future<Output = Result<(), Failure>> + Send + 'static;
}

impl<F, Fut> Handler for F
where
    F: Fn(Delivery) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), Failure>> + Send + 'static,
{
    fn handle(
        &self,
        delivery: Delivery,
    ) -> impl Future<Output = Result<(), Failure>> + Send + 'static {
        self(delivery)
    }
}

/// One attempt at a stored delivery, as Vibes sent it and as the library reads it.
#[derive(Debug)]
pub struct Delivery {
    /// The event id (`X-Event-Id`): the key to make your effects idempotent on, since a
    /// delivery may be handled more than once.
    pub event_id: String,
    /// The body, read leniently (or strictly, if the worker was told to).
    pub callback: Callback,
    /// The callback type `X-Event-Type` named when it was received.
    pub callback_type: String,
    /// The request headers as they were received.
    pub headers: HeaderMap,
    /// The body, byte for byte.
    pub body: Bytes,
    /// This attempt, from 1: more than 1 when an earlier attempt failed or its worker stopped.
    pub attempt: u32,
    /// When the receiver got it (RFC 3339, UTC).
    pub received_at: String,
    /// The request's method, `POST` or `PUT` as registered (`POST` for a delivery stored before
    /// methods were kept).
    pub method: http::Method,
    pub(crate) lease: Lease,
}

/// Whose attempt this is, so that a done mark in your own transaction holds only while the
/// lease does.
#[derive(Clone, Debug)]
pub(crate) struct Lease {
    pub worker: Arc<str>,
    /// Set once the delivery was marked done in the handler's own transaction; the worker then
    /// leaves the mark to that transaction.
    pub marked: Arc<AtomicBool>,
}

/// Why an attempt failed, and whether to try again.
#[derive(Debug)]
pub struct Failure {
    reason: String,
    retry: bool,
}

/// How a worker reads each body before handing it over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reading {
    /// `Callback::from_slice`: what Vibes adds (new fields, new values, new types) is kept.
    #[default]
    Lenient,
    /// `Callback::from_slice_strict`: a body outside the documented contract cannot be read.
    Strict,
}

impl Failure {
    /// A failure to try again later, after the retry policy's wait.
    pub fn retry(reason: impl fmt::Display) -> Failure {
        Failure {
            reason: reason.to_string(),
            retry: true,
        }
    }

    /// A failure not worth another attempt: the delivery is dead at once, with this reason.
    pub fn dead(reason: impl fmt::Display) -> Failure {
        Failure {
            reason: reason.to_string(),
            retry: false,
        }
    }

    /// Why the attempt failed.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Whether the delivery is to be tried again.
    pub fn is_retry(&self) -> bool {
        self.retry
    }
}

/// Any error is a failure to retry, with the error and its sources as the reason.
impl<E: std::error::Error> From<E> for Failure {
    fn from(error: E) -> Failure {
        let mut reason = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            reason.push_str(": ");
            reason.push_str(&cause.to_string());
            source = cause.source();
        }
        Failure::retry(reason)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl Reading {
    /// Reads `body` this way.
    pub fn read(self, body: &[u8]) -> Result<Callback, vibes_types::ParseError> {
        match self {
            Reading::Lenient => Callback::from_slice(body),
            Reading::Strict => Callback::from_slice_strict(body),
        }
    }
}

impl Delivery {
    /// The worker that holds this attempt's lease, as the store's `leased_by` names it.
    pub fn worker(&self) -> &str {
        &self.lease.worker
    }

    /// Marks this delivery done inside `transaction`, your own, on the database the inbox is in
    /// (its tables on the connection's search path), so that your writes and the done mark
    /// commit or roll back together: effects exactly once.
    ///
    /// It fails if this attempt's lease was lost (it ran out and another worker claimed the
    /// delivery again): roll back then, and the other worker's attempt is the one that counts.
    /// Once it succeeded, the worker leaves the mark to your transaction: if that transaction
    /// rolls back, the delivery stays leased, and is claimed again when the lease runs out.
    ///
    /// Available on crate feature `postgres` only.
    #[cfg(feature = "postgres")]
    pub async fn mark_done_in(
        &self,
        transaction: &tokio_postgres::Transaction<'_>,
    ) -> Result<(), Failure> {
        let now = crate::timestamp(std::time::SystemTime::now());
        let marked = crate::store::postgres::mark_done(
            transaction,
            &self.event_id,
            &self.lease.worker,
            self.attempt,
            &now,
        )
        .await
        .map_err(Failure::retry)?;
        if marked {
            self.lease.marked.store(true, Ordering::Release);
            Ok(())
        } else {
            Err(Failure::retry(format!(
                "the lease of attempt {} of delivery {} was lost before it was marked done: \
                 another worker claimed it again",
                self.attempt, self.event_id
            )))
        }
    }
}

impl Lease {
    pub(crate) fn marked(&self) -> bool {
        self.marked.load(Ordering::Acquire)
    }
}
