//! Waking the workers on PostgreSQL: the receiver's writer announces its commits of new
//! deliveries after them, from a connection of its own, so that its commits are not held to
//! one at a time by PostgreSQL's lock on notifying transactions; an insert by anyone else (a
//! receiver of an older version, an insert by hand) still announces itself through the trigger.

use crate::stores::delivery;
use std::time::{Duration, SystemTime};
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, NoTls};
use vibes_inbox::{Store, StoreSpec, timestamp};
use vibes_tests::postgres::{Schema, server};

/// How long a notification may take before the test fails rather than waits on.
const PATIENCE: Duration = Duration::from_secs(20);

#[tokio::test]
async fn the_writer_announces_its_commits_after_them_and_an_insert_by_hand_announces_itself() {
    let test = "the_writer_announces_its_commits_after_them_and_an_insert_by_hand_announces_itself";
    let Some(server) = server(test) else {
        return;
    };
    let schema = Schema::new(&server, "inbox_test").await;
    // Other tests notify on the same channel of the same database: the store's connections
    // carry a name of their own, to tell its notifications from theirs.
    let name = format!("{}_store", schema.name);
    let spec = StoreSpec::Postgres(format!("{}&application_name={name}", schema.url));

    let (listener, mut connection) = tokio_postgres::connect(&server, NoTls).await.unwrap();
    let (heard, mut notifications) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(Ok(message)) =
            std::future::poll_fn(|context| connection.poll_message(context)).await
        {
            if let AsyncMessage::Notification(notification) = message {
                let _ = heard.send(notification.process_id());
            }
        }
    });
    listener.batch_execute("LISTEN vibes_inbox").await.unwrap();
    // The backend of `pid`, if it is one of the store's: the last statement it ran.
    let last_statement = async |pid: i32| -> Option<String> {
        listener
            .query_opt(
                "SELECT query FROM pg_stat_activity WHERE pid = $1 AND application_name = $2",
                &[&pid, &name],
            )
            .await
            .unwrap()
            .map(|row| row.get(0))
    };

    let writer = Store::open(&spec).await.unwrap();
    let at = timestamp(SystemTime::now());
    writer.accept(delivery("E1", &at)).await.unwrap();
    // The store's notifications, until the announcing connection's: a notification sent by
    // the insert itself, inside its commit, would come before it, from a writing connection.
    let mut from_the_store = Vec::new();
    loop {
        let pid = tokio::time::timeout(PATIENCE, notifications.recv())
            .await
            .expect("the commit is announced")
            .expect("the listener is connected");
        if let Some(statement) = last_statement(pid).await {
            let announced = statement == "NOTIFY vibes_inbox";
            from_the_store.push(statement);
            if announced {
                break;
            }
        }
    }
    assert_eq!(from_the_store, ["NOTIFY vibes_inbox"]);

    // An insert by hand, on a connection that did not ask for quiet: the trigger announces it.
    let own = schema.rows("SELECT pg_backend_pid()").await[0].get::<_, i32>(0);
    schema
        .execute(
            "INSERT INTO deliveries (event_id, callback_type, received_at, source, headers, body)
             VALUES ('E2', 'person_added', '2026-01-01T00:00:00.000000Z', '127.0.0.1', '[]', '\\x7b7d')",
        )
        .await;
    loop {
        let pid = tokio::time::timeout(PATIENCE, notifications.recv())
            .await
            .expect("the insert by hand is announced")
            .expect("the listener is connected");
        if pid == own {
            break;
        }
    }
    // Both are queued for the workers.
    let queued = schema
        .rows("SELECT event_id FROM processing ORDER BY seq")
        .await;
    let queued: Vec<String> = queued.iter().map(|row| row.get(0)).collect();
    assert_eq!(queued, ["E1", "E2"]);
    writer.close().await;
    schema.drop().await;
}
