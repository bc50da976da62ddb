//! A bounded in-memory record of the event ids a process has seen, to acknowledge repeated
//! deliveries without handling them twice.

use std::collections::{HashMap, VecDeque};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The event ids one process has seen lately, bounded in number and in age; safe to share between
/// threads (`Sync`: a `Mutex` inside).
///
/// Vibes delivers at least once: a retry after a timeout, or a delivery repeated in error, comes
/// with the same event id (the key is `Delivery::dedup_key` with
/// the `http` feature, or `CallbackHeaders::event_id`). Answer `2XX` to a repeat without handling
/// it again.
///
/// It holds at most `capacity` ids, forgetting the oldest first, and forgets an id `max_age`
/// after it was first seen; so a repeat that comes later than that, or after many other events,
/// is not recognised. It lives in one process's memory: several receivers behind a load
/// balancer, or one that restarts, each start with nothing, so a receiver that must never handle
/// an event twice keeps a durable store with a unique key on the event id, and this record only
/// spares it the repeats it can.
///
/// When handling fails after [`insert`](Self::insert) said the id was new, [`remove`](Self::remove)
/// it before asking for a retry, or the retry would be taken for a repeat:
///
/// ```
/// use std::time::Duration;
/// use vibes_types::delivery::SeenEvents;
///
/// let seen = SeenEvents::new(10_000.try_into().unwrap(), Duration::from_secs(24 * 3600));
/// assert!(seen.insert("AB234SDFD234")); // new: handle it
/// assert!(!seen.insert("AB234SDFD234")); // a repeat: acknowledge it, handle nothing
///
/// assert!(seen.insert("7c1d"));
/// let stored = false; // the receiver's store failed
/// if !stored {
///     seen.remove("7c1d"); // so that the retry is handled
/// }
/// assert!(seen.insert("7c1d"));
/// ```
#[derive(Debug)]
pub struct SeenEvents {
    capacity: NonZeroUsize,
    max_age: Duration,
    record: Mutex<Record>,
}

/// The ids, by when they were first seen, oldest first.
#[derive(Debug, Default)]
struct Record {
    first_seen: HashMap<Arc<str>, Instant>,
    order: VecDeque<(Instant, Arc<str>)>,
    /// The latest time given, so that the order stays oldest first whatever the callers pass.
    latest: Option<Instant>,
}

impl SeenEvents {
    /// The default capacity: 65,536 ids, a few megabytes.
    pub const DEFAULT_CAPACITY: NonZeroUsize = NonZeroUsize::new(65_536).unwrap();

    /// The default age limit: a day. The current retry scheme is not published; older
    /// documentation retried for under half an hour.
    pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

    /// A record of at most `capacity` ids, each forgotten `max_age` after it was first seen.
    pub fn new(capacity: NonZeroUsize, max_age: Duration) -> Self {
        SeenEvents {
            capacity,
            max_age,
            record: Mutex::default(),
        }
    }

    /// Records `event_id` as seen now: `true` when it was not seen within the limits (handle the
    /// delivery), `false` for a repeat (acknowledge it).
    pub fn insert(&self, event_id: &str) -> bool {
        self.insert_at(event_id, Instant::now())
    }

    /// [`insert`](Self::insert) at the time `now`, for tests and for callers with a clock of
    /// their own. A time earlier than one given before counts as that one.
    pub fn insert_at(&self, event_id: &str, now: Instant) -> bool {
        let mut record = self.lock();
        let now = record.advance(now);
        record.expire(now, self.max_age);
        if record.first_seen.contains_key(event_id) {
            return false;
        }
        while record.order.len() >= self.capacity.get() {
            record.forget_oldest();
        }
        let id: Arc<str> = Arc::from(event_id);
        record.first_seen.insert(Arc::clone(&id), now);
        record.order.push_back((now, id));
        true
    }

    /// Whether `event_id` was seen within the limits, now; it records nothing.
    pub fn contains(&self, event_id: &str) -> bool {
        self.contains_at(event_id, Instant::now())
    }

    /// [`contains`](Self::contains) at the time `now`.
    pub fn contains_at(&self, event_id: &str, now: Instant) -> bool {
        let record = self.lock();
        let now = record.latest.map_or(now, |latest| now.max(latest));
        record
            .first_seen
            .get(event_id)
            .is_some_and(|seen| now.saturating_duration_since(*seen) < self.max_age)
    }

    /// Forgets `event_id`, so that its next delivery counts as new; `true` if it was recorded.
    pub fn remove(&self, event_id: &str) -> bool {
        let mut record = self.lock();
        let removed = record.first_seen.remove(event_id).is_some();
        if removed {
            record.order.retain(|(_, id)| &**id != event_id);
        }
        removed
    }

    /// How many ids are recorded (expired ones may count until the next insert).
    pub fn len(&self) -> usize {
        self.lock().first_seen.len()
    }

    /// Whether no id is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The record; a thread that panicked while holding it left it whole (every change is
    /// completed before another could panic), so a poisoned lock is used as it is.
    fn lock(&self) -> std::sync::MutexGuard<'_, Record> {
        self.record.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for SeenEvents {
    /// [`DEFAULT_CAPACITY`](Self::DEFAULT_CAPACITY) ids, each for
    /// [`DEFAULT_MAX_AGE`](Self::DEFAULT_MAX_AGE).
    fn default() -> Self {
        SeenEvents::new(Self::DEFAULT_CAPACITY, Self::DEFAULT_MAX_AGE)
    }
}

impl Record {
    /// `now`, or the latest time given if that is later; remembered as the latest.
    fn advance(&mut self, now: Instant) -> Instant {
        let now = self.latest.map_or(now, |latest| now.max(latest));
        self.latest = Some(now);
        now
    }

    /// Forgets every id first seen `max_age` or more before `now`.
    fn expire(&mut self, now: Instant, max_age: Duration) {
        while self
            .order
            .front()
            .is_some_and(|(seen, _)| now.saturating_duration_since(*seen) >= max_age)
        {
            self.forget_oldest();
        }
    }

    fn forget_oldest(&mut self) {
        if let Some((_, id)) = self.order.pop_front() {
            self.first_seen.remove(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    fn capacity(n: usize) -> NonZeroUsize {
        NonZeroUsize::new(n).unwrap()
    }

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn a_repeat_is_recognised_and_a_removed_id_is_new_again() {
        let seen = SeenEvents::default();
        assert!(seen.is_empty());
        assert!(seen.insert("e1"));
        assert!(!seen.insert("e1"));
        assert!(seen.contains("e1"));
        assert!(!seen.contains("e2"));
        assert!(seen.remove("e1"));
        assert!(!seen.remove("e1"));
        assert!(seen.insert("e1"));
        assert_eq!(seen.len(), 1);
    }

    #[test]
    fn the_oldest_id_goes_first_when_full() {
        let seen = SeenEvents::new(capacity(3), HOUR);
        let start = Instant::now();
        for (offset, id) in ["a", "b", "c"].into_iter().enumerate() {
            assert!(seen.insert_at(id, start + Duration::from_secs(offset as u64)));
        }
        assert_eq!(seen.len(), 3);
        assert!(seen.insert_at("d", start + Duration::from_secs(3)));
        assert_eq!(seen.len(), 3);
        let later = start + Duration::from_secs(4);
        assert!(!seen.contains_at("a", later), "the oldest was forgotten");
        for id in ["b", "c", "d"] {
            assert!(seen.contains_at(id, later), "{id}");
        }
        // A repeat does not refresh its place: `b` is still the oldest.
        assert!(!seen.insert_at("b", later));
        assert!(seen.insert_at("e", later));
        assert!(!seen.contains_at("b", later));
        assert!(seen.contains_at("c", later));
    }

    #[test]
    fn an_id_expires_its_age_limit_after_it_was_first_seen() {
        let seen = SeenEvents::new(capacity(100), HOUR);
        let start = Instant::now();
        assert!(seen.insert_at("e1", start));
        assert!(seen.insert_at("e2", start + Duration::from_secs(600)));
        let just_before = start + HOUR - Duration::from_nanos(1);
        assert!(
            !seen.insert_at("e1", just_before),
            "a repeat within the hour"
        );
        assert!(seen.contains_at("e1", just_before));
        assert!(!seen.contains_at("e1", start + HOUR));
        assert!(
            seen.insert_at("e1", start + HOUR),
            "new again after an hour"
        );
        assert!(seen.contains_at("e2", start + HOUR));
        assert!(!seen.contains_at("e2", start + HOUR + Duration::from_secs(600)));
    }

    #[test]
    fn a_time_going_backwards_counts_as_the_latest() {
        let seen = SeenEvents::new(capacity(10), HOUR);
        let start = Instant::now();
        assert!(seen.insert_at("late", start + HOUR));
        // Given an earlier time, `early` is recorded as first seen at the latest time, so it
        // does not expire before `late`.
        assert!(seen.insert_at("early", start));
        assert!(seen.contains_at("early", start + HOUR + HOUR - Duration::from_secs(1)));
        assert!(!seen.contains_at("early", start + HOUR + HOUR));
    }

    #[test]
    fn threads_share_one_record_and_each_id_is_new_once() {
        const THREADS: usize = 8;
        const IDS: usize = 500;
        let seen = SeenEvents::new(capacity(THREADS * IDS), HOUR);
        let news: Vec<usize> = thread::scope(|scope| {
            let workers: Vec<_> = (0..THREADS)
                .map(|_| {
                    let seen = &seen;
                    // Every thread offers every id: each must be new to exactly one of them.
                    scope.spawn(move || (0..IDS).filter(|id| seen.insert(&id.to_string())).count())
                })
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().unwrap())
                .collect()
        });
        assert_eq!(news.iter().sum::<usize>(), IDS);
        assert_eq!(seen.len(), IDS);
    }

    #[test]
    fn threads_filling_a_small_record_never_overflow_it() {
        const THREADS: u64 = 4;
        const IDS: u64 = 1_000;
        let seen = SeenEvents::new(capacity(64), HOUR);
        let start = Instant::now();
        thread::scope(|scope| {
            for thread in 0..THREADS {
                let seen = &seen;
                scope.spawn(move || {
                    for id in 0..IDS {
                        let at = start + Duration::from_millis(id);
                        assert!(seen.insert_at(&format!("{thread}-{id}"), at));
                        assert!(seen.len() <= 64);
                    }
                });
            }
        });
        assert_eq!(seen.len(), 64);
        // Exactly 64 of the 4,000 ids are still known, and a new one takes an old one's place.
        let end = start + Duration::from_millis(IDS);
        let known = (0..THREADS)
            .flat_map(|thread| (0..IDS).map(move |id| format!("{thread}-{id}")))
            .filter(|id| seen.contains_at(id, end))
            .count();
        assert_eq!(known, 64);
        assert!(seen.insert_at("last", end));
        assert!(seen.contains_at("last", end));
        assert_eq!(seen.len(), 64);
    }

    #[test]
    fn is_sync_and_send() {
        fn shared<T: Send + Sync>() {}
        shared::<SeenEvents>();
    }
}
