//! `/metrics`: what the receiver and the worker count, in the Prometheus text format (version
//! 0.0.4), through `prometheus-client`.
//!
//! The counters and histograms are kept as the work happens: each request on the delivery path
//! ([`Metrics::delivery`]), each commit of the store's writer and each handler call of a worker
//! (the [`Observer`] methods). The inbox's state is read from the store at each scrape
//! ([`Metrics::encode`] with a [`Backlog`]), so that it is the store's, shared by every receiver
//! and worker on it, not this process's view.

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use vibes_inbox::{Commit, Observer, Recorded, State};
use vibes_types::CallbackType;

/// The `Content-Type` of `/metrics`.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// What became of a request on the delivery path, as the `outcome` label spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// A new delivery, stored and acknowledged.
    Accepted,
    /// A delivery whose event id was stored already: acknowledged, not stored again.
    Duplicate,
    /// Refused with a 4XX, and kept in `rejected`.
    Refused,
    /// Answered 503 because the store failed: Vibes sends it again.
    StoreFailed,
}

impl Outcome {
    /// Its label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Duplicate => "duplicate",
            Outcome::Refused => "refused",
            Outcome::StoreFailed => "store_failed",
        }
    }
}

/// The labels of `vibes_receiver_deliveries_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DeliveryLabels {
    outcome: &'static str,
    status: u16,
    callback_type: &'static str,
}

/// The labels of the request duration.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

/// The labels of the commit latency.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CommittedLabel {
    committed: bool,
}

/// The label of the inbox's state gauge.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: &'static str,
}

/// The label of the worker's outcomes.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RecordedLabel {
    outcome: &'static str,
}

/// The inbox as the store answered at a scrape: how many deliveries in each state, and when the
/// oldest pending one was received.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backlog {
    /// How many deliveries are in each state (every state, zero included).
    pub states: Vec<(State, u64)>,
    /// How long the oldest pending delivery has waited since it was received; `None` when none
    /// is pending.
    pub oldest_pending_age: Option<Duration>,
}

/// Every metric of the process, and the registry that writes them.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    deliveries: Family<DeliveryLabels, Counter>,
    request_duration: Family<OutcomeLabel, Histogram, fn() -> Histogram>,
    commit_duration: Family<CommittedLabel, Histogram, fn() -> Histogram>,
    commit_rows: Histogram,
    handler_duration: Histogram,
    outcomes: Family<RecordedLabel, Counter>,
    inbox: Arc<InboxCollector>,
}

/// The inbox's metrics, written from the last [`Backlog`] read, or not at all when the read
/// failed (a gauge that is missing says so; a stale one would not).
#[derive(Debug, Default)]
struct InboxCollector {
    backlog: Mutex<Option<Backlog>>,
    read_failures: AtomicU64,
}

/// Request and handler durations: 0.5 ms to about 16 s, doubling.
fn seconds() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// Commit latencies: 0.1 ms to about 3 s, doubling.
fn commit_seconds() -> Histogram {
    Histogram::new(exponential_buckets(0.0001, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Every metric at zero.
    pub fn new() -> Metrics {
        let mut registry = Registry::default();
        let deliveries = Family::<DeliveryLabels, Counter>::default();
        registry.register(
            "vibes_receiver_deliveries",
            "Requests on the delivery path, by what became of them (accepted, duplicate, refused, store_failed), the status answered and the callback type (`unknown` when the header names none this version knows)",
            deliveries.clone(),
        );
        let request_duration =
            Family::<OutcomeLabel, Histogram, fn() -> Histogram>::new_with_constructor(seconds);
        registry.register(
            "vibes_receiver_request_duration_seconds",
            "Time from a delivery request's head to its answer, the body's reading and the store's commit included, by outcome",
            request_duration.clone(),
        );
        let commit_duration =
            Family::<CommittedLabel, Histogram, fn() -> Histogram>::new_with_constructor(
                commit_seconds,
            );
        registry.register(
            "vibes_store_commit_duration_seconds",
            "Time of each commit of the store's writer, from its transaction's start to its commit's end, by whether it committed",
            commit_duration.clone(),
        );
        let commit_rows = Histogram::new(exponential_buckets(1.0, 2.0, 12));
        registry.register(
            "vibes_store_commit_rows",
            "Rows written by each commit of the store's writer (deliveries, repeats and refused requests)",
            commit_rows.clone(),
        );
        let outcomes = Family::<RecordedLabel, Counter>::default();
        registry.register(
            "vibes_consumer_outcomes",
            "Attempts a worker recorded, by outcome: done, retried, dead, or lost (its lease was taken by a later claim)",
            outcomes.clone(),
        );
        let handler_duration = seconds();
        registry.register(
            "vibes_consumer_handler_duration_seconds",
            "Time of each handler call of a worker, failures, timeouts and panics included",
            handler_duration.clone(),
        );
        let inbox = Arc::new(InboxCollector::default());
        registry.register_collector(Box::new(Arc::clone(&inbox)));
        Metrics {
            registry,
            deliveries,
            request_duration,
            commit_duration,
            commit_rows,
            handler_duration,
            outcomes,
            inbox,
        }
    }

    /// Counts a request on the delivery path: what became of it, its status, the callback type
    /// its header named (`None` if none), and how long it took.
    pub fn delivery(
        &self,
        outcome: Outcome,
        status: u16,
        callback_type: Option<&str>,
        took: Duration,
    ) {
        self.deliveries
            .get_or_create(&DeliveryLabels {
                outcome: outcome.as_str(),
                status,
                callback_type: callback_type_label(callback_type),
            })
            .inc();
        self.request_duration
            .get_or_create(&OutcomeLabel {
                outcome: outcome.as_str(),
            })
            .observe(took.as_secs_f64());
    }

    /// The metrics as the Prometheus text format writes them, the inbox's from `backlog` (left
    /// out when it is `None`: the store could not be read, which `vibes_inbox_read_failures_total`
    /// counts).
    pub fn encode(&self, backlog: Option<Backlog>) -> String {
        if backlog.is_none() {
            self.inbox.read_failures.fetch_add(1, Ordering::Relaxed);
        }
        *self
            .inbox
            .backlog
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = backlog;
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry);
        text
    }
}

/// A label value for a callback type: its documented name when this version knows it, else
/// `unknown`, so that a header's text never makes a series of its own.
fn callback_type_label(callback_type: Option<&str>) -> &'static str {
    match callback_type.map(CallbackType::from) {
        Some(known) if known.is_known() => CallbackType::KNOWN
            .iter()
            .find(|name| **name == known.as_str())
            .copied()
            .unwrap_or("unknown"),
        _ => "unknown",
    }
}

impl Observer for Metrics {
    fn committed(&self, commit: &Commit) {
        self.commit_duration
            .get_or_create(&CommittedLabel {
                committed: commit.committed,
            })
            .observe(commit.took.as_secs_f64());
        self.commit_rows.observe(commit.rows as f64);
    }

    fn handled(&self, took: Duration) {
        self.handler_duration.observe(took.as_secs_f64());
    }

    fn recorded(&self, recorded: Recorded) {
        self.outcomes
            .get_or_create(&RecordedLabel {
                outcome: recorded.as_str(),
            })
            .inc();
    }
}

impl Collector for InboxCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let failures = ConstCounter::new(self.read_failures.load(Ordering::Relaxed));
        failures.encode(encoder.encode_descriptor(
            "vibes_inbox_read_failures",
            "Scrapes at which the store could not be read: the inbox's other metrics are missing from them",
            None,
            failures.metric_type(),
        )?)?;
        let backlog = self
            .backlog
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let Some(backlog) = backlog else {
            return Ok(());
        };
        let mut deliveries = encoder.encode_descriptor(
            "vibes_inbox_deliveries",
            "Deliveries in the store, by processing state (pending, leased, done, dead), read at the scrape",
            None,
            prometheus_client::metrics::MetricType::Gauge,
        )?;
        for (state, count) in &backlog.states {
            let gauge = ConstGauge::new(i64::try_from(*count).unwrap_or(i64::MAX));
            gauge.encode(deliveries.encode_family(&StateLabel {
                state: state.as_str(),
            })?)?;
        }
        let age = ConstGauge::new(
            backlog
                .oldest_pending_age
                .map_or(0.0, |age| age.as_secs_f64()),
        );
        age.encode(encoder.encode_descriptor(
            "vibes_inbox_oldest_pending_age_seconds",
            "How long the oldest pending delivery has waited since it was received, read at the scrape; 0 when none is pending",
            None,
            age.metric_type(),
        )?)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callback_type_label_is_a_known_name_or_unknown() {
        assert_eq!(callback_type_label(Some("person_added")), "person_added");
        assert_eq!(callback_type_label(Some("person_add")), "person_added");
        assert_eq!(callback_type_label(Some("person_merged")), "unknown");
        assert_eq!(callback_type_label(None), "unknown");
    }

    #[test]
    fn the_inbox_metrics_are_left_out_when_the_store_could_not_be_read() {
        let metrics = Metrics::new();
        let read = metrics.encode(Some(Backlog {
            states: vec![(State::Pending, 3), (State::Dead, 1)],
            oldest_pending_age: Some(Duration::from_secs(90)),
        }));
        assert!(
            read.contains("vibes_inbox_deliveries{state=\"pending\"} 3\n"),
            "{read}"
        );
        assert!(
            read.contains("vibes_inbox_oldest_pending_age_seconds 90"),
            "{read}"
        );
        assert!(
            read.contains("vibes_inbox_read_failures_total 0\n"),
            "{read}"
        );
        let failed = metrics.encode(None);
        assert!(!failed.contains("vibes_inbox_deliveries{"), "{failed}");
        assert!(
            failed.contains("vibes_inbox_read_failures_total 1\n"),
            "{failed}"
        );
    }
}
