//! The leased consumer: a [`Worker`] claims due deliveries from the store with a lease, hands
//! each to your [`Handler`], and records what became of it.
//!
//! How a delivery flows through a worker:
//!
//! 1. **Claim.** The worker leases due deliveries, in the order received, to itself until
//!    `now + lease` (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so workers on many hosts share one
//!    inbox; SQLite: one short transaction under its single writer), as many as keep
//!    `concurrency + prefetch` in hand. It claims again once half the prefetched ones or fewer
//!    wait, while the handlers take the rest. Each claim counts an attempt.
//! 2. **Read.** The body is read as a [`Callback`](vibes_types::Callback), leniently unless
//!    told otherwise. A body that cannot be read goes dead with the error at once: no retry
//!    could read it better.
//! 3. **Handle.** Up to `concurrency` handlers run at once, each on a task of its own, started
//!    in the order received. One that panics or runs past `timeout` is a failed attempt, not a
//!    dead worker. While handlers run, the worker extends the leases it holds every third of a
//!    lease; a worker that is killed stops extending them, and its deliveries are claimed again
//!    once they run out.
//! 4. **Record.** `Ok` marks the delivery done; a [`Failure`] to retry makes it pending again
//!    after the [`RetryPolicy`]'s wait, or dead once its attempts are spent; [`Failure::dead`]
//!    makes it dead at once. Outcomes are written a batch at a time, each only if the worker
//!    still holds that attempt's lease, together with the next claim: one transaction, and on
//!    PostgreSQL one statement when they are all done marks. A worker has one such write under
//!    way at a time, and its handlers go on meanwhile.
//! 5. **Wait.** With nothing due, the worker waits for a new delivery (PostgreSQL's
//!    notification; SQLite's change counter, looked at every few milliseconds) or the next due
//!    time, whichever comes first.
//!
//! **What is promised.** Every stored delivery is handled at least once: a handler may see a
//! delivery again after a crash, a lost lease or a failed write of its outcome, so make its
//! effects idempotent on the event id, and read the attempt number. With PostgreSQL, a handler
//! whose data lives in the same database can mark the delivery done inside its own
//! transaction ([`Delivery::mark_done_in`]): its writes and the mark then commit together, and
//! its effects happen exactly once. **Order:** one worker starts deliveries in the order
//! received (with `concurrency` 1, each also ends before the next starts); across workers, and
//! for retries, no order is promised.

mod handler;
mod policy;

pub use handler::{Delivery, Failure, Handler, Reading};
pub use policy::RetryPolicy;

use crate::error::StoreError;
use crate::observe::{Observer, Recorded};
use crate::row::header_map;
use crate::row::timestamp;
use crate::spec::StoreSpec;
use crate::store::queue::{Claim, Claimed, Finished, Outcome, Queue};
use handler::Lease;
use policy::Jitter;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};
use tokio::task::{JoinError, JoinSet};
use tracing::{debug, info, warn};

/// How a worker works.
#[derive(Clone, Debug)]
pub struct Options {
    /// A name for the worker in the store's `leased_by` and the logs; the process id and a
    /// random suffix are added, so that two workers never share one.
    pub name: String,
    /// How many handlers run at once.
    pub concurrency: usize,
    /// How many deliveries are claimed ahead of the handlers that will take them. The worker
    /// claims again once half of them or fewer wait, so a claim takes about half of them: 124,
    /// the default, claims about 64 at a time, one commit for them and for the outcomes of the
    /// 64 before, while the handlers take the other 64.
    pub prefetch: usize,
    /// How long a claim holds a delivery before another worker may claim it again, unless
    /// extended (the worker extends it every third of this while it holds it).
    pub lease: Duration,
    /// How long a handler may run; past it, the attempt failed.
    pub timeout: Duration,
    /// When failed attempts are tried again.
    pub retry: RetryPolicy,
    /// How bodies are read.
    pub reading: Reading,
    /// The longest an idle worker waits before it looks for due deliveries again (a new
    /// delivery wakes it sooner).
    pub idle: Duration,
    /// Told of each handler call and each outcome recorded, for monitoring.
    pub observer: Option<Arc<dyn Observer>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            name: "worker".to_owned(),
            concurrency: 4,
            prefetch: 124,
            lease: Duration::from_secs(30),
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            reading: Reading::Lenient,
            idle: Duration::from_secs(5),
            observer: None,
        }
    }
}

/// A worker on a store: [`Worker::run`] hands each due delivery to a handler.
#[derive(Debug)]
pub struct Worker {
    queue: Queue,
    options: Options,
    id: Arc<str>,
    counts: Arc<Counts>,
}

/// What a worker has recorded since it started.
#[derive(Debug, Default)]
pub struct Counts {
    done: AtomicU64,
    retried: AtomicU64,
    dead: AtomicU64,
    lost: AtomicU64,
    handled_micros: AtomicU64,
    handled: AtomicU64,
}

/// A snapshot of [`Counts`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Attempts that ended done.
    pub done: u64,
    /// Attempts that failed and will be tried again.
    pub retried: u64,
    /// Deliveries declared dead.
    pub dead: u64,
    /// Outcomes not recorded because the attempt's lease was lost to a later claim.
    pub lost: u64,
    /// Handler calls that ended (done or failed, timeouts and panics included).
    pub handled: u64,
    /// Their total duration, in microseconds.
    pub handled_micros: u64,
}

/// A delivery claimed and not finished: held until its handler starts, then running.
#[derive(Debug)]
struct Held {
    event_id: String,
    attempt: u32,
}

/// What a handler's task gives back.
type Ended = (Result<(), Failure>, Duration);

/// The one exchange with the store a worker has under way.
type InFlight<'a> = Pin<Box<dyn Future<Output = Exchanged> + Send + 'a>>;

/// An exchange with the store, answered: the outcomes it wrote and the claim it made, and the
/// store's answer.
struct Exchanged {
    finished: Vec<Finished>,
    claim: Option<Claim>,
    answer: Result<(Vec<bool>, Vec<Claimed>), StoreError>,
}

impl Worker {
    /// Opens the store at `spec` for a worker with these options.
    pub async fn open(spec: &StoreSpec, options: Options) -> Result<Worker, StoreError> {
        let queue = Queue::open(spec).await?;
        let suffix = Jitter::new(&options.name).next();
        let id = format!(
            "{}:{}:{:06x}",
            options.name,
            std::process::id(),
            (suffix * f64::from(0xff_ffff)) as u32
        );
        Ok(Worker {
            queue,
            options,
            id: id.into(),
            counts: Arc::default(),
        })
    }

    /// The worker's id, as the store's `leased_by` names it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the worker has recorded so far.
    pub fn tally(&self) -> Tally {
        self.counts.tally()
    }

    /// Hands each due delivery to `handler` until `shutdown` completes, then gives back the
    /// deliveries it claimed but did not start, lets the handlers under way end, records their
    /// outcomes, and returns what it recorded.
    ///
    /// A store that fails (unreachable, locked, full) is waited out, with growing pauses, and
    /// the work goes on once it answers: `run` ends only at `shutdown`.
    pub async fn run(&self, handler: impl Handler, shutdown: impl Future<Output = ()>) -> Tally {
        Run::new(self, Arc::new(handler)).go(shutdown).await;
        self.tally()
    }
}

/// The state of one [`Worker::run`].
struct Run<'a, H> {
    worker: &'a Worker,
    handler: Arc<H>,
    /// Claimed, not started, in the order received.
    waiting: VecDeque<Claimed>,
    /// Started: by task, the delivery and its lease.
    running: HashMap<tokio::task::Id, (Held, Lease)>,
    tasks: JoinSet<Ended>,
    /// Outcomes not yet written, nor being written.
    finished: Vec<Finished>,
    /// The exchange with the store under way: outcomes written, deliveries claimed, or both.
    exchange: Option<InFlight<'a>>,
    jitter: Jitter,
    /// The last claim found fewer than it asked: the next waits for news, or for this time
    /// (the idle wait, or sooner when a delivery is due sooner).
    idle_until: Option<Instant>,
    /// After a store error, no claim or write before this.
    paused_until: Option<Instant>,
    pause: Duration,
    next_extend: Instant,
}

/// The shortest and the longest pause after a store error.
const PAUSES: (Duration, Duration) = (Duration::from_millis(100), Duration::from_secs(5));

/// How long finished outcomes may wait to be written with others.
const FLUSH_EVERY: Duration = Duration::from_millis(20);

impl<'a, H: Handler> Run<'a, H> {
    fn new(worker: &'a Worker, handler: Arc<H>) -> Self {
        Run {
            worker,
            handler,
            waiting: VecDeque::new(),
            running: HashMap::new(),
            tasks: JoinSet::new(),
            finished: Vec::new(),
            exchange: None,
            jitter: Jitter::new(&worker.id),
            idle_until: None,
            paused_until: None,
            pause: PAUSES.0,
            next_extend: Instant::now() + worker.options.lease / 3,
        }
    }

    async fn go(mut self, shutdown: impl Future<Output = ()>) {
        let worker: &'a Worker = self.worker;
        let options = &worker.options;
        let concurrency = options.concurrency.max(1);
        let capacity = concurrency + options.prefetch;
        // The next claim goes out once no more than this many claimed deliveries wait for a
        // handler, so that the handlers take those while the store answers.
        let low = options.prefetch / 2;
        let mut shutdown = std::pin::pin!(shutdown);
        let mut stopping = false;
        let mut flush_at: Option<Instant> = None;
        info!(worker = %self.worker.id, "the worker started");
        loop {
            let now = Instant::now();
            if self.paused_until.is_some_and(|until| now >= until) {
                self.paused_until = None;
            }
            if self.idle_until.is_some_and(|until| now >= until) {
                self.idle_until = None;
            }
            while !stopping && self.running.len() < concurrency {
                let Some(claimed) = self.waiting.pop_front() else {
                    break;
                };
                self.start(claimed);
            }
            let settled = self.exchange.is_none();
            if stopping && settled && self.running.is_empty() {
                self.give_back_waiting();
            }
            if !self.finished.is_empty() {
                flush_at.get_or_insert(now + FLUSH_EVERY);
            }
            let paused = self.paused_until.is_some();
            if settled && !paused {
                let held = self.waiting.len() + self.running.len();
                let claim = !stopping
                    && self.idle_until.is_none()
                    && self.waiting.len() <= low
                    && held < capacity;
                // Outcomes wait a moment to be written with others, or with the next claim,
                // but never past a claim's worth of them: what a killed worker handled and did
                // not record is bounded, and so are the repeats after it.
                let write = !self.finished.is_empty()
                    && (claim
                        || flush_at.is_some_and(|at| now >= at)
                        || self.finished.len() >= capacity
                        || (stopping && self.running.is_empty()));
                if claim || write {
                    flush_at = None;
                    self.send(claim.then(|| capacity - held));
                }
            }
            let settled = self.exchange.is_none();
            if stopping && settled && self.running.is_empty() && self.waiting.is_empty() {
                if self.finished.is_empty() || paused {
                    break;
                }
                continue;
            }
            let news = !stopping && !paused && self.idle_until.is_some();
            let wake_in = self.idle_until.map_or(Duration::ZERO, |until| {
                until.saturating_duration_since(Instant::now())
            });
            let flushing = flush_at.is_some() && settled && !paused;
            tokio::select! {
                exchanged = in_flight(&mut self.exchange), if !settled => {
                    self.exchange = None;
                    self.exchanged(exchanged).await;
                }
                joined = self.tasks.join_next_with_id(), if !self.tasks.is_empty() => {
                    if let Some(joined) = joined {
                        self.ended(joined);
                    }
                }
                () = sleep_until(flush_at), if flushing => {}
                () = tokio::time::sleep_until(self.next_extend.into()) => self.extend().await,
                () = self.worker.queue.wait(wake_in), if news => self.idle_until = None,
                () = sleep_until(self.paused_until), if paused => {}
                () = &mut shutdown, if !stopping => {
                    info!(worker = %self.worker.id, "the worker is stopping: it finishes the handlers under way and gives back the deliveries it did not start");
                    stopping = true;
                }
            }
        }
        info!(worker = %self.worker.id, "the worker stopped");
    }

    /// Sends the finished outcomes to the store, with a claim of up to `room` due deliveries
    /// if asked, as the one exchange under way; [`Run::exchanged`] takes its answer. The
    /// handlers go on meanwhile.
    fn send(&mut self, room: Option<usize>) {
        let worker: &'a Worker = self.worker;
        let finished = std::mem::take(&mut self.finished);
        let claim = room.map(|room| {
            let now = SystemTime::now();
            Claim {
                limit: u32::try_from(room).unwrap_or(u32::MAX),
                now: timestamp(now),
                until: timestamp(now + worker.options.lease),
            }
        });
        self.exchange = Some(Box::pin(async move {
            let answer = worker
                .queue
                .exchange(&worker.id, &finished, claim.as_ref())
                .await;
            Exchanged {
                finished,
                claim,
                answer,
            }
        }));
    }

    /// The store answered the exchange under way: counts the outcomes recorded and keeps the
    /// deliveries claimed; with fewer due than asked, waits for news next time. On an error,
    /// keeps the outcomes to write again after a pause.
    async fn exchanged(&mut self, exchanged: Exchanged) {
        let Exchanged {
            finished,
            claim,
            answer,
        } = exchanged;
        match answer {
            Ok((recorded, claimed)) => {
                self.resumed();
                let observer = self.worker.options.observer.as_deref();
                for (finished, recorded) in finished.into_iter().zip(recorded) {
                    let counted = self.worker.counts.count(&finished, recorded);
                    if let (Some(observer), Some(counted)) = (observer, counted) {
                        observer.recorded(counted);
                    }
                    if !recorded {
                        warn!(worker = %self.worker.id, event_id = %finished.event_id, attempt = finished.attempt, "the outcome of attempt {} of {} was not recorded: its lease was lost to a later claim", finished.attempt, finished.event_id);
                    }
                }
                if let Some(claim) = claim {
                    if claimed.len() < claim.limit as usize {
                        self.idle_until = Some(Self::idle_until_due(self.worker).await);
                    }
                    self.waiting.extend(claimed);
                }
            }
            Err(error) => {
                let since = std::mem::replace(&mut self.finished, finished);
                self.finished.extend(since);
                let doing = if claim.is_some() {
                    "claim deliveries"
                } else {
                    "record outcomes"
                };
                self.paused(&error, doing);
            }
        }
    }

    /// Waits for the exchange under way, if any, and takes its answer.
    async fn settle(&mut self) {
        if let Some(exchange) = self.exchange.take() {
            let exchanged = exchange.await;
            self.exchanged(exchanged).await;
        }
    }

    /// After a claim found less than it asked: until when the worker waits for news, at most
    /// the idle wait, and less when a delivery is due sooner (a retry's time, or a lease that
    /// runs out).
    /// (It borrows the worker only, not the run, whose exchange under way is not `Sync`.)
    async fn idle_until_due(worker: &Worker) -> Instant {
        let idle = worker.options.idle;
        let due = match worker.queue.next_due().await {
            Ok(Some(due)) => chrono::DateTime::parse_from_rfc3339(&due)
                .ok()
                .map(|due| SystemTime::from(due.with_timezone(&chrono::Utc))),
            _ => None,
        };
        let wait = due.map_or(idle, |due| {
            // A millisecond late, so that the claim then finds it due.
            let wait = due
                .duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO);
            (wait + Duration::from_millis(1)).min(idle)
        });
        Instant::now() + wait
    }

    /// Reads a claimed delivery and starts its handler, or records at once why it cannot run.
    fn start(&mut self, claimed: Claimed) {
        let worker: &'a Worker = self.worker;
        let options = &worker.options;
        if claimed.attempt > options.retry.attempts {
            let reason = format!(
                "{} attempts were made and the last never finished: the worker handling it stopped or lost its lease",
                options.retry.attempts
            );
            self.record_dead(&claimed.event_id, claimed.attempt, reason);
            return;
        }
        let callback = match options.reading.read(&claimed.body) {
            Ok(callback) => callback,
            Err(error) => {
                let reading = match options.reading {
                    Reading::Lenient => "leniently",
                    Reading::Strict => "strictly",
                };
                let reason = format!("the body cannot be read {reading}: {error}");
                self.record_dead(&claimed.event_id, claimed.attempt, reason);
                return;
            }
        };
        let lease = Lease {
            worker: Arc::clone(&self.worker.id),
            marked: Arc::new(AtomicBool::new(false)),
        };
        let delivery = Delivery {
            event_id: claimed.event_id.clone(),
            callback,
            callback_type: claimed.callback_type,
            headers: header_map(&claimed.headers),
            body: claimed.body.into(),
            attempt: claimed.attempt,
            received_at: claimed.received_at,
            method: claimed
                .method
                .and_then(|method| method.parse().ok())
                .unwrap_or(http::Method::POST),
            lease: lease.clone(),
        };
        debug!(worker = %self.worker.id, event_id = %delivery.event_id, attempt = delivery.attempt, "handling");
        let handler = Arc::clone(&self.handler);
        let timeout = options.timeout;
        let task = self.tasks.spawn(async move {
            let started = Instant::now();
            let ended = match tokio::time::timeout(timeout, handler.handle(delivery)).await {
                Ok(ended) => ended,
                Err(_) => Err(Failure::retry(format!(
                    "the handler ran past its timeout of {timeout:?}"
                ))),
            };
            (ended, started.elapsed())
        });
        let held = Held {
            event_id: claimed.event_id,
            attempt: claimed.attempt,
        };
        self.running.insert(task.id(), (held, lease));
    }

    /// A handler's task ended: its result, or its panic, decides the outcome.
    fn ended(&mut self, joined: Result<(tokio::task::Id, Ended), JoinError>) {
        let (id, ended) = match joined {
            Ok((id, (ended, took))) => {
                self.worker.counts.handled(took);
                if let Some(observer) = &self.worker.options.observer {
                    observer.handled(took);
                }
                (id, ended)
            }
            Err(error) => {
                let id = error.id();
                (id, Err(Failure::retry(panic_reason(error))))
            }
        };
        let Some((held, lease)) = self.running.remove(&id) else {
            return;
        };
        if lease.marked() {
            // The handler's own transaction holds the done mark, and the worker writes nothing:
            // committed, the delivery is done; rolled back, it stays leased, and is claimed
            // again once the lease runs out.
            if ended.is_ok() {
                self.worker.counts.done.fetch_add(1, Ordering::Relaxed);
                if let Some(observer) = &self.worker.options.observer {
                    observer.recorded(Recorded::Done);
                }
            }
            return;
        }
        let now = SystemTime::now();
        let outcome = match ended {
            Ok(()) => Outcome::Done { at: timestamp(now) },
            Err(failure)
                if failure.is_retry() && self.worker.options.retry.retries(held.attempt) =>
            {
                let wait = self
                    .worker
                    .options
                    .retry
                    .wait_after(held.attempt, self.jitter.next());
                info!(worker = %self.worker.id, event_id = %held.event_id, attempt = held.attempt, "attempt {} of {} failed, tried again in {wait:?}: {failure}", held.attempt, held.event_id);
                Outcome::Retry {
                    due_at: timestamp(now + wait),
                    error: failure.reason().to_owned(),
                }
            }
            Err(failure) => {
                let reason = if failure.is_retry() {
                    format!(
                        "attempt {} of {} failed: {failure}",
                        held.attempt, self.worker.options.retry.attempts
                    )
                } else {
                    failure.reason().to_owned()
                };
                warn!(worker = %self.worker.id, event_id = %held.event_id, attempt = held.attempt, "delivery {} is dead: {reason}", held.event_id);
                Outcome::Dead {
                    at: timestamp(now),
                    reason,
                }
            }
        };
        self.finished.push(Finished {
            event_id: held.event_id,
            attempt: held.attempt,
            outcome,
        });
    }

    fn record_dead(&mut self, event_id: &str, attempt: u32, reason: String) {
        warn!(worker = %self.worker.id, event_id, attempt, "delivery {event_id} is dead: {reason}");
        self.finished.push(Finished {
            event_id: event_id.to_owned(),
            attempt,
            outcome: Outcome::Dead {
                at: timestamp(SystemTime::now()),
                reason,
            },
        });
    }

    /// The deliveries claimed and not started go back, their attempt not counted.
    fn give_back_waiting(&mut self) {
        let now = timestamp(SystemTime::now());
        for claimed in self.waiting.drain(..) {
            self.finished.push(Finished {
                event_id: claimed.event_id,
                attempt: claimed.attempt,
                outcome: Outcome::Release {
                    due_at: now.clone(),
                },
            });
        }
    }

    /// Extends the leases of every delivery held, waiting or running, once the exchange under
    /// way, which may claim more, has been answered.
    async fn extend(&mut self) {
        self.settle().await;
        let worker: &'a Worker = self.worker;
        let options = &worker.options;
        self.next_extend = Instant::now() + options.lease / 3;
        let leases: Vec<(String, u32)> = self
            .waiting
            .iter()
            .map(|claimed| (claimed.event_id.clone(), claimed.attempt))
            .chain(
                self.running
                    .values()
                    .map(|(held, _)| (held.event_id.clone(), held.attempt)),
            )
            .collect();
        if leases.is_empty() {
            return;
        }
        let until = timestamp(SystemTime::now() + options.lease);
        if let Err(error) = self
            .worker
            .queue
            .extend(&self.worker.id, &leases, &until)
            .await
        {
            warn!(worker = %self.worker.id, "the worker could not extend its leases: {error}");
        }
    }

    fn paused(&mut self, error: &StoreError, doing: &str) {
        warn!(worker = %self.worker.id, "the worker could not {doing}, and tries again in {:?}: {error}", self.pause);
        self.paused_until = Some(Instant::now() + self.pause);
        self.pause = (self.pause * 2).min(PAUSES.1);
    }

    fn resumed(&mut self) {
        self.paused_until = None;
        self.pause = PAUSES.0;
    }
}

impl Counts {
    /// Counts what became of an attempt; answers it, unless it was given back unstarted.
    fn count(&self, finished: &Finished, recorded: bool) -> Option<Recorded> {
        let (counter, counted) = match (&finished.outcome, recorded) {
            (_, false) => (&self.lost, Recorded::Lost),
            (Outcome::Done { .. }, true) => (&self.done, Recorded::Done),
            (Outcome::Retry { .. }, true) => (&self.retried, Recorded::Retried),
            (Outcome::Dead { .. }, true) => (&self.dead, Recorded::Dead),
            (Outcome::Release { .. }, true) => return None,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Some(counted)
    }

    fn handled(&self, took: Duration) {
        self.handled.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.handled_micros.fetch_add(micros, Ordering::Relaxed);
    }

    fn tally(&self) -> Tally {
        Tally {
            done: self.done.load(Ordering::Relaxed),
            retried: self.retried.load(Ordering::Relaxed),
            dead: self.dead.load(Ordering::Relaxed),
            lost: self.lost.load(Ordering::Relaxed),
            handled: self.handled.load(Ordering::Relaxed),
            handled_micros: self.handled_micros.load(Ordering::Relaxed),
        }
    }
}

/// Why a handler's task ended without a result: its panic's message.
fn panic_reason(error: JoinError) -> String {
    if !error.is_panic() {
        return "the handler's task was cancelled".to_owned();
    }
    let payload = error.into_panic();
    let message = payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a payload that is not text".to_owned());
    format!("the handler panicked: {message}")
}

/// The exchange under way; never, with none.
async fn in_flight(exchange: &mut Option<InFlight<'_>>) -> Exchanged {
    match exchange {
        Some(exchange) => exchange.await,
        None => std::future::pending().await,
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}
