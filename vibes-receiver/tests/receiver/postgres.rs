//! The PostgreSQL store, on a real server: two receivers sharing one database store an event
//! sent to both at once exactly once; and the one-receiver checks of the SQLite tests.
//!
//! The server's URL comes from `VIBES_TEST_POSTGRES_URL` (`.ci/postgres/start.sh` starts a
//! throw-away server and prints it); each test works in a schema of its own, dropped at its end.

use crate::helpers::{FROM_LOOPBACK, client, delivery, health, person_added, receiver_on, send};
use crate::inbox::{check_subcommands, fill};
use axum::http::StatusCode;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio_postgres::{Client, NoTls};

/// A schema of its own for one test, on the test server.
struct Schema {
    client: Client,
    name: String,
    /// The server's URL with the schema as the search path.
    url: String,
}

/// The test server's URL; `None`, after one line saying how to run these tests, when there is
/// none and none is required.
fn server(test: &str) -> Option<String> {
    match std::env::var("VIBES_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("VIBES_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "VIBES_REQUIRE_POSTGRES=1 but VIBES_TEST_POSTGRES_URL is not set"
            );
            // Straight to standard error, past the test harness's capture, so that it shows.
            let _ = writeln!(
                std::io::stderr(),
                "postgres::{test} did not run: VIBES_TEST_POSTGRES_URL is not set; run \
                 `eval \"$(bash .ci/postgres/start.sh)\"` first to start a throw-away server"
            );
            None
        }
    }
}

impl Schema {
    async fn new(server: &str) -> Schema {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "receiver_test_{}_{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let (client, connection) = tokio_postgres::connect(server, NoTls)
            .await
            .unwrap_or_else(|error| panic!("the test server at {server}: {error}"));
        tokio::spawn(connection);
        client
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .await
            .unwrap();
        let separator = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{separator}options=-csearch_path%3D{name}");
        Schema { client, name, url }
    }

    /// Every stored delivery: event id and body, by event id.
    async fn deliveries(&self) -> Vec<(String, Vec<u8>)> {
        let sql = "SELECT event_id, body FROM {}.deliveries ORDER BY event_id";
        let rows = self.rows(sql).await;
        rows.iter().map(|row| (row.get(0), row.get(1))).collect()
    }

    /// Every refused request: status and body, in order.
    async fn rejected(&self) -> Vec<(i32, Option<Vec<u8>>)> {
        let rows = self
            .rows("SELECT status, body FROM {}.rejected ORDER BY id")
            .await;
        rows.iter().map(|row| (row.get(0), row.get(1))).collect()
    }

    /// The rows of `sql`, with `{}` replaced by the schema's name.
    async fn rows(&self, sql: &str) -> Vec<tokio_postgres::Row> {
        let sql = sql.replace("{}", &self.name);
        self.client.query(&sql, &[]).await.unwrap()
    }

    async fn execute(&self, sql: &str) {
        self.client
            .batch_execute(&format!("SET search_path TO {}; {sql}", self.name))
            .await
            .unwrap();
    }

    async fn drop(self) {
        self.client
            .batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name))
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_receivers_on_one_database_store_an_event_sent_to_both_once() {
    let Some(server) = server("two_receivers_on_one_database_store_an_event_sent_to_both_once")
    else {
        return;
    };
    let schema = Schema::new(&server).await;
    // Started together: both create the tables at once.
    let first = receiver_on(&schema.url).args(FROM_LOOPBACK).spawn();
    let second = receiver_on(&schema.url).args(FROM_LOOPBACK).spawn();
    let (first, second) = (first.ready(), second.ready());
    let client = client();
    let mut bodies = Vec::new();
    for n in 0..40 {
        let body = person_added(&format!("both-{n:02}"));
        // The load balancer hands the same event to both receivers at once (a retry that
        // overtook the first attempt).
        let (a, b) = tokio::join!(
            send(&client, delivery(&first.url("/"), &body)),
            send(&client, delivery(&second.url("/"), &body)),
        );
        assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK));
        bodies.push(body);
    }
    let stored = schema.deliveries().await;
    assert_eq!(stored.len(), bodies.len());
    for ((event_id, body), sent) in stored.iter().zip(&bodies) {
        assert_eq!(body, sent, "{event_id}");
    }
    let repeats = first.log_text().matches("was stored already").count()
        + second.log_text().matches("was stored already").count();
    assert_eq!(
        repeats,
        bodies.len(),
        "each event was a repeat to one of the two"
    );
    assert!(first.stop().success());
    assert!(second.stop().success());
    schema.drop().await;
}

#[tokio::test]
async fn postgres_stores_repeats_once_keeps_refusals_and_reads_back() {
    let Some(server) = server("postgres_stores_repeats_once_keeps_refusals_and_reads_back") else {
        return;
    };
    let schema = Schema::new(&server).await;
    let receiver = receiver_on(&schema.url).args(FROM_LOOPBACK).run();
    let (pretty, compact) = fill(&receiver).await;

    let stored = schema.deliveries().await;
    let ids: Vec<&str> = stored.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["AB234SDFD234", "E-compact"]);
    assert_eq!(stored[0].1, pretty, "the bytes as sent");
    assert_eq!(stored[1].1, compact);
    assert_eq!(schema.rejected().await, [(400, Some(b"{oops".to_vec()))]);
    check_subcommands(&schema.url, &pretty, &compact);
    assert!(receiver.stop().success());
    schema.drop().await;
}

#[tokio::test]
async fn a_postgres_store_that_fails_is_answered_503_until_it_is_back() {
    let Some(server) = server("a_postgres_store_that_fails_is_answered_503_until_it_is_back")
    else {
        return;
    };
    let schema = Schema::new(&server).await;
    let receiver = receiver_on(&schema.url).args(FROM_LOOPBACK).run();
    let client = client();
    assert_eq!(health(&client, &receiver).await.status, StatusCode::OK);
    schema
        .execute("ALTER TABLE deliveries RENAME TO deliveries_away")
        .await;
    let body = person_added("E-pg-down");
    // Each of the receiver's connections fails alike: try more deliveries than it has.
    for _ in 0..6 {
        let answer = send(&client, delivery(&receiver.url("/"), &body)).await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    }
    assert_eq!(
        health(&client, &receiver).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    receiver.wait_for_log("delivery E-pg-down could not be stored");
    schema
        .execute("ALTER TABLE deliveries_away RENAME TO deliveries")
        .await;
    assert_eq!(health(&client, &receiver).await.status, StatusCode::OK);
    let answer = send(&client, delivery(&receiver.url("/"), &body)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(schema.deliveries().await.len(), 1);
    assert!(receiver.stop().success());
    schema.drop().await;
}
