//! The bound on request body bytes held in memory across all connections.
//!
//! A body is read into memory whole before it is stored, so without a bound every connection
//! could hold up to `--max-body-bytes`: 1,000 stalled connections took 1.1 GB. Each request
//! reads its first [`FREE_BYTES`] freely, so that the small bodies Vibes sends pass whatever else
//! is under way; every byte beyond them takes room in one budget shared by all connections
//! (`--max-body-bytes-in-flight`), taken before the next part of the body is read and given back
//! once the handler is done with the request. While the budget is spent, a body's reading waits
//! (the bytes stay in the sender's socket), and its read timeout runs.

use axum::body::Body;
use axum::extract::Request;
use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};
use tokio::sync::{AcquireError, OwnedSemaphorePermit, Semaphore};

/// The bytes of each body read without taking room in the budget: 32 KiB, more than the bodies
/// Vibes documents (the largest, with a 16 KB `event_data`).
pub const FREE_BYTES: usize = 32 * 1024;

/// The default of `--max-body-bytes-in-flight`: 32 MiB, 32 bodies of the default largest size.
pub const DEFAULT_BYTES_IN_FLIGHT: usize = 32 * 1024 * 1024;

/// The budget of body bytes in memory, shared by every request.
#[derive(Clone, Debug)]
pub struct BodyBudget {
    room: Arc<Semaphore>,
    bytes: usize,
}

/// The room a request's body took, given back when the last holder drops it: the body as it is
/// read, and the handler until the request is stored and answered.
#[derive(Clone, Debug, Default)]
pub struct Held(Arc<Mutex<Option<OwnedSemaphorePermit>>>);

impl BodyBudget {
    /// A budget of `bytes` (at least one byte, and at most what a semaphore counts).
    pub fn new(bytes: usize) -> BodyBudget {
        let bytes = bytes.clamp(1, Semaphore::MAX_PERMITS);
        BodyBudget {
            room: Arc::new(Semaphore::new(bytes)),
            bytes,
        }
    }

    /// The budget's size in bytes.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The room free now, in bytes.
    pub fn available(&self) -> usize {
        self.room.available_permits()
    }

    /// `request` with its body reading within the budget, and the room it takes recorded in the
    /// request's extensions as a [`Held`], for the handler to keep until it is done.
    pub fn apply(&self, mut request: Request) -> Request {
        let held = Held::default();
        request.extensions_mut().insert(held.clone());
        request.map(|body| {
            Body::new(Budgeted {
                inner: body,
                room: Arc::clone(&self.room),
                free: FREE_BYTES,
                held,
                waiting: None,
            })
        })
    }
}

impl Default for BodyBudget {
    fn default() -> Self {
        BodyBudget::new(DEFAULT_BYTES_IN_FLIGHT)
    }
}

impl Held {
    fn add(&self, permit: OwnedSemaphorePermit) {
        // A poisoned lock only means another holder panicked; the permits are still counted.
        let mut held = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match held.as_mut() {
            Some(all) => all.merge(permit),
            None => *held = Some(permit),
        }
    }
}

/// A frame read before its room was taken, and the wait for that room.
struct Waiting {
    frame: Frame<Bytes>,
    room: Pin<Box<dyn Future<Output = Result<OwnedSemaphorePermit, AcquireError>> + Send>>,
}

/// A body that takes room in the budget for each frame beyond the free bytes before it reads the
/// next one.
struct Budgeted {
    inner: Body,
    room: Arc<Semaphore>,
    free: usize,
    held: Held,
    waiting: Option<Waiting>,
}

impl hyper::body::Body for Budgeted {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        if let Some(waiting) = this.waiting.as_mut() {
            // The budget is never closed, so the wait ends with room.
            if let Ok(permit) = ready!(waiting.room.as_mut().poll(context)) {
                this.held.add(permit);
            }
            let frame = this.waiting.take().map(|waiting| waiting.frame);
            return Poll::Ready(frame.map(Ok));
        }
        let frame = match ready!(Pin::new(&mut this.inner).poll_frame(context)) {
            Some(Ok(frame)) => frame,
            other => return Poll::Ready(other),
        };
        let length = frame.data_ref().map_or(0, Bytes::len);
        let free = length.min(this.free);
        this.free -= free;
        let Ok(charge) = u32::try_from(length - free) else {
            return Poll::Ready(Some(Err(axum::Error::new("a body frame over 4 GiB"))));
        };
        if charge == 0 {
            return Poll::Ready(Some(Ok(frame)));
        }
        match Arc::clone(&this.room).try_acquire_many_owned(charge) {
            Ok(permit) => {
                this.held.add(permit);
                Poll::Ready(Some(Ok(frame)))
            }
            Err(_) => {
                let room = Box::pin(Arc::clone(&this.room).acquire_many_owned(charge));
                this.waiting = Some(Waiting { frame, room });
                self.poll_frame(context)
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.waiting.is_none() && self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    fn request(body: &'static [u8]) -> Request {
        Request::new(Body::from(body))
    }

    #[tokio::test]
    async fn the_free_bytes_take_no_room_and_the_rest_is_held_until_the_holder_is_done() {
        let budget = BodyBudget::new(100_000);
        let small = budget.apply(request(&[b'a'; FREE_BYTES]));
        let held = small.extensions().get::<Held>().cloned().unwrap();
        let read = small.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(read.len(), FREE_BYTES);
        assert_eq!(budget.available(), 100_000);
        drop(held);

        let large = budget.apply(request(&[b'a'; FREE_BYTES + 1000]));
        let held = large.extensions().get::<Held>().cloned().unwrap();
        large.into_body().collect().await.unwrap();
        assert_eq!(
            budget.available(),
            99_000,
            "the body is read, its room still held"
        );
        drop(held);
        assert_eq!(budget.available(), 100_000);
    }

    #[tokio::test]
    async fn a_body_waits_for_room_and_reads_once_it_is_given_back() {
        let budget = BodyBudget::new(1000);
        let first = budget.apply(request(&[b'a'; FREE_BYTES + 1000]));
        let first_held = first.extensions().get::<Held>().cloned().unwrap();
        first.into_body().collect().await.unwrap();
        assert_eq!(budget.available(), 0);

        let second = budget.apply(request(&[b'b'; FREE_BYTES + 10]));
        let reading = tokio::spawn(second.into_body().collect());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!reading.is_finished(), "no room: the second body waits");
        drop(first_held);
        let read = reading.await.unwrap().unwrap().to_bytes();
        assert_eq!(read.len(), FREE_BYTES + 10);
    }
}
