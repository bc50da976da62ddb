//! The admin listener over real HTTP: `/metrics` read by a Prometheus text-format parser after a
//! known sequence of deliveries, repeats and refusals, its counts held to the store's rows; the
//! token; the delivery address serving none of it.

use crate::helpers::{
    Answered, Folder, HttpClient, Receiver, client, deliveries, delivery, headers_for, receiver,
    rejected, request, send,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;

/// A scrape of `/metrics`, parsed.
pub struct Scraped(prometheus_parse::Scrape);

impl Scraped {
    /// The sum of the samples of `metric` whose labels include every pair of `labels`.
    pub fn sum(&self, metric: &str, labels: &[(&str, &str)]) -> f64 {
        self.0
            .samples
            .iter()
            .filter(|sample| sample.metric == metric)
            .filter(|sample| {
                labels
                    .iter()
                    .all(|(name, value)| sample.labels.get(name) == Some(*value))
            })
            .map(|sample| match &sample.value {
                prometheus_parse::Value::Counter(value)
                | prometheus_parse::Value::Gauge(value)
                | prometheus_parse::Value::Untyped(value) => *value,
                other => panic!("{metric} is not a number: {other:?}"),
            })
            .sum()
    }

    /// Every metric name with a sample (a histogram's by its name, and its `_sum` and `_count`).
    pub fn names(&self) -> HashSet<String> {
        self.0
            .samples
            .iter()
            .map(|sample| sample.metric.clone())
            .collect()
    }

    /// Every metric name with a `# HELP` line.
    pub fn documented(&self) -> Vec<String> {
        self.0.docs.keys().cloned().collect()
    }

    /// The values of label `label` among the samples of `metric`, with their sums.
    pub fn by(&self, metric: &str, label: &str, labels: &[(&str, &str)]) -> BTreeMap<String, f64> {
        let mut found = BTreeMap::new();
        for sample in self
            .0
            .samples
            .iter()
            .filter(|sample| sample.metric == metric)
        {
            if let Some(value) = sample.labels.get(label)
                && labels
                    .iter()
                    .all(|(name, wanted)| sample.labels.get(name) == Some(*wanted))
            {
                found.insert(
                    value.to_owned(),
                    self.sum(metric, &[labels, &[(label, value)]].concat()),
                );
            }
        }
        found
    }
}

/// `GET path` on `address` with these headers.
pub async fn get(
    client: &HttpClient,
    address: SocketAddr,
    path: &str,
    headers: &HeaderMap,
) -> Answered {
    send(
        client,
        request(
            Method::GET,
            &format!("http://{address}{path}"),
            headers,
            b"",
        ),
    )
    .await
}

/// `GET /metrics` on the admin listener at `address`, parsed.
pub async fn scrape(client: &HttpClient, address: SocketAddr) -> Scraped {
    let answer = get(client, address, "/metrics", &HeaderMap::new()).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(
        answer.headers["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = String::from_utf8(answer.body.to_vec()).expect("UTF-8 metrics");
    Scraped(
        prometheus_parse::Scrape::parse(text.lines().map(|line| Ok(line.to_owned())))
            .expect("the Prometheus text format"),
    )
}

/// A receiver with an admin listener on an OS-chosen port of loopback, and that port.
pub fn with_admin(folder: &Folder) -> (Receiver, SocketAddr) {
    let receiver = receiver(folder.store())
        .args(["--admin", "127.0.0.1:0"])
        .run();
    let admin = receiver.admin_address();
    (receiver, admin)
}

#[tokio::test]
async fn the_metrics_count_what_the_store_holds() {
    let folder = Folder::new();
    let (receiver, admin) = with_admin(&folder);
    assert_ne!(admin, receiver.address);
    let client = client();
    let url = receiver.url("/");

    // Every fixture, then the first three again: a repeat is acknowledged and not stored.
    let fixtures = vibes_tests::callback_fixtures();
    let mut seen = HashSet::new();
    let mut duplicates = 0;
    let resent: Vec<_> = fixtures.iter().take(3).cloned().collect();
    for (path, body, callback) in fixtures.iter().chain(&resent) {
        let answer = send(&client, delivery(&url, body)).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", path.display());
        if !seen.insert(callback.event_id().unwrap_or_default().to_owned()) {
            duplicates += 1;
        }
    }
    assert!(duplicates >= 3);
    // Refusals: a body that does not read, a missing header, a wrong content type.
    let body = vibes_tests::person_added("E-refused");
    let mut statuses = BTreeMap::<u16, u32>::new();
    let mut refuse = async |headers: HeaderMap, body: &[u8]| {
        let answer = send(&client, request(Method::POST, &url, &headers, body)).await;
        assert!(answer.status.is_client_error(), "{answer:?}");
        *statuses.entry(answer.status.as_u16()).or_default() += 1;
    };
    refuse(headers_for(&body), b"{\"event_id\": 1").await;
    let mut no_type = headers_for(&body);
    no_type.remove("x-event-type");
    refuse(no_type, &body).await;
    let mut text = headers_for(&body);
    text.insert("content-type", HeaderValue::from_static("text/plain"));
    refuse(text, &body).await;

    let scraped = scrape(&client, admin).await;
    let stored = deliveries(&folder.store());
    let kept = rejected(&folder.store());

    // Accepted, by callback type: the rows of `deliveries`.
    let mut rows_by_type = BTreeMap::<String, f64>::new();
    for row in &stored {
        *rows_by_type.entry(row.callback_type.clone()).or_default() += 1.0;
    }
    let accepted = scraped.by(
        "vibes_receiver_deliveries_total",
        "callback_type",
        &[("outcome", "accepted"), ("status", "200")],
    );
    assert_eq!(accepted, rows_by_type);
    assert_eq!(stored.len(), seen.len());
    assert_eq!(
        scraped.sum(
            "vibes_receiver_deliveries_total",
            &[("outcome", "duplicate"), ("status", "200")]
        ),
        f64::from(duplicates)
    );
    // Refused, by status: the rows of `rejected`, and what was answered.
    let mut rows_by_status = BTreeMap::<String, f64>::new();
    for row in &kept {
        *rows_by_status.entry(row.status.to_string()).or_default() += 1.0;
    }
    let answered: BTreeMap<String, f64> = statuses
        .iter()
        .map(|(status, count)| (status.to_string(), f64::from(*count)))
        .collect();
    let refused = scraped.by(
        "vibes_receiver_deliveries_total",
        "status",
        &[("outcome", "refused")],
    );
    assert_eq!(refused, rows_by_status);
    assert_eq!(refused, answered);
    assert_eq!(
        scraped.sum(
            "vibes_receiver_deliveries_total",
            &[("outcome", "store_failed")]
        ),
        0.0
    );
    // Every request was timed, and every row went through a commit that committed.
    let requests = (fixtures.len() + resent.len() + kept.len()) as f64;
    assert_eq!(
        scraped.sum("vibes_receiver_request_duration_seconds_count", &[]),
        requests
    );
    assert_eq!(scraped.sum("vibes_store_commit_rows_sum", &[]), requests);
    assert_eq!(
        scraped.sum(
            "vibes_store_commit_duration_seconds_count",
            &[("committed", "false")]
        ),
        0.0
    );
    assert!(
        scraped.sum(
            "vibes_store_commit_duration_seconds_count",
            &[("committed", "true")]
        ) >= 1.0
    );
    // The inbox, read from the store at the scrape: every delivery pending, none worked on.
    assert_eq!(
        scraped.sum("vibes_inbox_deliveries", &[("state", "pending")]),
        stored.len() as f64
    );
    for state in ["leased", "done", "dead"] {
        assert_eq!(
            scraped.sum("vibes_inbox_deliveries", &[("state", state)]),
            0.0
        );
    }
    let age = scraped.sum("vibes_inbox_oldest_pending_age_seconds", &[]);
    assert!(age > 0.0 && age < 600.0, "{age}");
    assert_eq!(scraped.sum("vibes_inbox_read_failures_total", &[]), 0.0);
    receiver.stop();
}

#[tokio::test]
async fn the_admin_listener_asks_for_its_token_and_the_delivery_address_serves_none_of_it() {
    let folder = Folder::new();
    let token_file = folder.store().with_file_name("admin-token");
    std::fs::write(&token_file, "t0ken-of-the-test\n").unwrap();
    let receiver = receiver(folder.store())
        .args(["--admin", "127.0.0.1:0", "--admin-token-file"])
        .args([token_file.display().to_string()])
        .run();
    let admin = receiver.admin_address();
    let client = client();

    let refused = get(&client, admin, "/metrics", &HeaderMap::new()).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        refused.headers.get_all("www-authenticate").iter().count(),
        2
    );
    let mut wrong = HeaderMap::new();
    wrong.insert("authorization", HeaderValue::from_static("Bearer t0ken"));
    assert_eq!(
        get(&client, admin, "/metrics", &wrong).await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut bearer = HeaderMap::new();
    bearer.insert(
        "authorization",
        HeaderValue::from_static("Bearer t0ken-of-the-test"),
    );
    let answer = get(&client, admin, "/metrics", &bearer).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        String::from_utf8_lossy(&answer.body)
            .contains("vibes_inbox_deliveries{state=\"pending\"} 0\n"),
        "{:?}",
        answer.body
    );

    // The delivery address has no admin path: `/metrics` is a request on no route.
    let on_deliveries = get(&client, receiver.address, "/metrics", &bearer).await;
    assert_eq!(on_deliveries.status, StatusCode::NOT_FOUND);
    receiver.stop();
}
