//! The PostgreSQL store, on a real server: two receivers sharing one database store an event
//! sent to both at once exactly once; and the one-receiver checks of the SQLite tests.
//!
//! The server's URL comes from `VIBES_TEST_POSTGRES_URL` (`.ci/postgres/start.sh` starts a
//! throw-away server and prints it); each test works in a schema of its own, dropped at its end.

use crate::helpers::{FROM_LOOPBACK, client, delivery, health, person_added, receiver_on, send};
use crate::inbox::{check_subcommands, fill};
use axum::http::StatusCode;
use vibes_tests::postgres::{Schema, server};

/// Every stored delivery: event id and body, by event id.
async fn deliveries(schema: &Schema) -> Vec<(String, Vec<u8>)> {
    let rows = schema
        .rows("SELECT event_id, body FROM deliveries ORDER BY event_id")
        .await;
    rows.iter().map(|row| (row.get(0), row.get(1))).collect()
}

/// Every refused request: status and body, in order.
async fn rejected(schema: &Schema) -> Vec<(i32, Option<Vec<u8>>)> {
    let rows = schema
        .rows("SELECT status, body FROM rejected ORDER BY id")
        .await;
    rows.iter().map(|row| (row.get(0), row.get(1))).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_receivers_on_one_database_store_an_event_sent_to_both_once() {
    let Some(server) = server("two_receivers_on_one_database_store_an_event_sent_to_both_once")
    else {
        return;
    };
    let schema = Schema::new(&server, "receiver_test").await;
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
    let stored = deliveries(&schema).await;
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
    let schema = Schema::new(&server, "receiver_test").await;
    let receiver = receiver_on(&schema.url).args(FROM_LOOPBACK).run();
    let (pretty, compact) = fill(&receiver).await;

    let stored = deliveries(&schema).await;
    let ids: Vec<&str> = stored.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["AB234SDFD234", "E-compact"]);
    assert_eq!(stored[0].1, pretty, "the bytes as sent");
    assert_eq!(stored[1].1, compact);
    assert_eq!(rejected(&schema).await, [(400, Some(b"{oops".to_vec()))]);
    check_subcommands(&schema.url, &pretty, &compact);
    assert!(receiver.stop().success());
    schema.drop().await;
}

/// The admin listener on PostgreSQL: `/metrics` counts what the tables hold, the page lists the
/// deliveries, and the retry button makes a dead one pending, on the store's own SQL.
#[tokio::test]
async fn postgres_admin_metrics_and_page_read_the_tables() {
    let Some(server) = server("postgres_admin_metrics_and_page_read_the_tables") else {
        return;
    };
    let schema = Schema::new(&server, "receiver_test").await;
    let receiver = receiver_on(&schema.url)
        .args(FROM_LOOPBACK)
        .args(["--admin", "127.0.0.1:0"])
        .run();
    let admin = receiver.admin_address();
    fill(&receiver).await;
    let client = client();
    let scraped = crate::admin::scrape(&client, admin).await;
    let stored = deliveries(&schema).await;
    let kept = rejected(&schema).await;
    assert_eq!(
        scraped.sum(
            "vibes_receiver_deliveries_total",
            &[("outcome", "accepted")]
        ),
        stored.len() as f64
    );
    assert_eq!(
        scraped.sum("vibes_receiver_deliveries_total", &[("outcome", "refused")]),
        kept.len() as f64
    );
    assert_eq!(
        scraped.sum("vibes_inbox_deliveries", &[("state", "pending")]),
        stored.len() as f64
    );
    let list = crate::admin::get(&client, admin, "/", &axum::http::HeaderMap::new()).await;
    let list = crate::admin_pages::html(&list);
    for (event_id, _) in &stored {
        assert!(list.contains(event_id.as_str()), "{event_id} is listed");
    }
    let (dead, _) = &stored[0];
    schema
        .execute(&format!(
            "UPDATE processing SET state = 'dead', last_error = 'gone for good', \
             finished_at = '2026-01-01T00:00:00.000000Z' WHERE event_id = '{dead}'"
        ))
        .await;
    let page = crate::admin::get(&client, admin, "/dead", &axum::http::HeaderMap::new()).await;
    let page = crate::admin_pages::html(&page);
    assert!(page.contains("gone for good"), "{page}");
    let token = page
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the form token");
    let mut headers = axum::http::HeaderMap::new();
    headers.insert(
        "content-type",
        "application/x-www-form-urlencoded".parse().unwrap(),
    );
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    let answer = send(
        &client,
        crate::helpers::request(
            axum::http::Method::POST,
            &format!("http://{admin}/retry"),
            &headers,
            format!("event_id={dead}&token={token}").as_bytes(),
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let state: String = schema
        .rows(&format!(
            "SELECT state FROM processing WHERE event_id = '{dead}'"
        ))
        .await[0]
        .get(0);
    assert_eq!(state, "pending");
    assert!(receiver.stop().success());
    schema.drop().await;
}

#[tokio::test]
async fn a_postgres_store_that_fails_is_answered_503_until_it_is_back() {
    let Some(server) = server("a_postgres_store_that_fails_is_answered_503_until_it_is_back")
    else {
        return;
    };
    let schema = Schema::new(&server, "receiver_test").await;
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
    assert_eq!(deliveries(&schema).await.len(), 1);
    assert!(receiver.stop().success());
    schema.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forward_on_postgres_through_kills_reaches_the_downstream_and_records_its_answers() {
    let Some(server) =
        server("forward_on_postgres_through_kills_reaches_the_downstream_and_records_its_answers")
    else {
        return;
    };
    let schema = Schema::new(&server, "receiver_test").await;
    crate::forward::forward_through_kills(&schema.url).await;
    schema.drop().await;
}
