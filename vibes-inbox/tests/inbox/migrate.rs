//! Migrations: a store of the first schema upgraded in place with every row kept as it was, a
//! store of a newer schema refused and left alone, and stores opened by many at once upgraded
//! once.

use crate::stores::{TestStore, on_each_store, stored};
use vibes_inbox::store::schema::{LATEST, MIGRATIONS};
use vibes_inbox::{Inbox, State, Store, StoreSpec};

/// Every delivery's and refusal's columns as text, the bodies as hexadecimal digits, in a
/// fixed order.
const SQLITE_ROWS: [&str; 2] = [
    "SELECT event_id, callback_type, received_at, source, headers, hex(body) FROM deliveries ORDER BY event_id",
    "SELECT CAST(id AS TEXT), received_at, CAST(status AS TEXT), event_id, method, source, error, headers, hex(body) FROM rejected ORDER BY id",
];

#[tokio::test]
async fn the_store_file_of_the_first_schema_is_upgraded_in_place_without_changing_a_row() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("inbox.sqlite");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1.sqlite"),
        &path,
    )
    .unwrap();
    let store = TestStore::sqlite_at(&path);
    let before = (
        store.texts(SQLITE_ROWS[0]).await,
        store.texts(SQLITE_ROWS[1]).await,
    );
    assert_eq!((before.0.len(), before.1.len()), (21, 2));

    // The commands open it first: reading it back upgrades it.
    let mut inbox = Inbox::open(&store.spec).await.unwrap();
    let after = (
        store.texts(SQLITE_ROWS[0]).await,
        store.texts(SQLITE_ROWS[1]).await,
    );
    assert_eq!(after, before, "no row of the first schema changed");
    assert_eq!(
        store
            .texts("SELECT CAST(version AS TEXT) FROM inbox_schema")
            .await,
        [[Some(LATEST.to_string())]]
    );
    // Every delivery is pending, in the order received, due when it was received.
    let queued = store
        .texts(
            "SELECT p.event_id, p.state, CAST(p.attempts AS TEXT), p.due_at = d.received_at
             FROM processing p JOIN deliveries d USING (event_id) ORDER BY p.seq",
        )
        .await;
    let mut received = store
        .texts("SELECT event_id FROM deliveries ORDER BY received_at, event_id")
        .await;
    assert_eq!(queued.len(), 21);
    for (row, event_id) in queued.iter().zip(received.drain(..)) {
        assert_eq!(
            row[..],
            [
                event_id[0].clone(),
                Some("pending".to_owned()),
                Some("0".to_owned()),
                Some("1".to_owned())
            ]
        );
    }
    let entries = inbox.entries().await.unwrap();
    assert_eq!(entries.len(), 23);
    let pending = entries
        .iter()
        .filter(|entry| entry.processing.as_ref().map(|p| p.state) == Some(State::Pending))
        .count();
    assert_eq!(pending, 21);

    // Opened again, by the receiver this time: nothing more happens.
    let writer = Store::open(&store.spec).await.unwrap();
    assert_eq!(
        (
            store.texts(SQLITE_ROWS[0]).await,
            store.texts(SQLITE_ROWS[1]).await
        ),
        before
    );
    writer.close().await;
}

#[tokio::test]
async fn a_store_of_the_first_schema_is_upgraded_and_a_receiver_of_that_schema_still_queues() {
    on_each_store(
        "a_store_of_the_first_schema_is_upgraded_and_a_receiver_of_that_schema_still_queues",
        async |store| {
            let first = &MIGRATIONS[0];
            let schema = match store.spec {
                StoreSpec::Sqlite(_) => first.sqlite,
                StoreSpec::Postgres(_) => first.postgres,
            };
            store.execute(schema).await;
            // What the first schema's receiver wrote: a delivery and a refusal.
            let insert = "INSERT INTO deliveries (event_id, callback_type, received_at, source, headers, body)";
            store
                .execute(&format!(
                    "{insert} VALUES ('E-old', 'person_added', '2026-01-01T00:00:00.000000Z', '127.0.0.1', '[]', {})",
                    bytes_of(store, "{}")
                ))
                .await;
            store
                .execute(
                    "INSERT INTO rejected (received_at, status, event_id, method, source, error, headers, body)
                     VALUES ('2026-01-01T00:00:01.000000Z', 400, NULL, 'POST', '127.0.0.1', '{}', '[]', NULL)",
                )
                .await;

            let writer = Store::open(&store.spec).await.unwrap();
            let processing = "SELECT event_id, state, CAST(attempts AS TEXT), due_at FROM processing ORDER BY seq";
            assert_eq!(
                store.texts(processing).await,
                [[
                    Some("E-old".to_owned()),
                    Some("pending".to_owned()),
                    Some("0".to_owned()),
                    Some("2026-01-01T00:00:00.000000Z".to_owned())
                ]]
            );
            // A receiver of the first schema, still running beside upgraded workers, writes
            // deliveries only: the trigger queues them all the same.
            store
                .execute(&format!(
                    "{insert} VALUES ('E-old-2', 'person_added', '2026-01-01T00:00:02.000000Z', '127.0.0.1', '[]', {})",
                    bytes_of(store, "{}")
                ))
                .await;
            assert_eq!(store.texts(processing).await.len(), 2);
            assert_eq!(
                store.texts("SELECT count(*) || '' FROM rejected").await,
                [[Some("1".to_owned())]]
            );
            writer.close().await;
        },
    )
    .await;
}

#[tokio::test]
async fn a_store_of_a_newer_schema_is_refused_and_left_alone() {
    on_each_store(
        "a_store_of_a_newer_schema_is_refused_and_left_alone",
        async |store| {
            stored(store, &["E1"]).await.close().await;
            store.execute("UPDATE inbox_schema SET version = 99").await;
            let newer = [
                Store::open(&store.spec).await.map(drop).unwrap_err(),
                Inbox::open(&store.spec).await.map(drop).unwrap_err(),
            ];
            for error in newer {
                assert_eq!(error.newer_schema_version(), Some(99));
                let message = error.to_string();
                assert!(
                    message.contains("has schema version 99, newer than this vibes-inbox")
                        && message.contains(&format!("(up to {LATEST})")),
                    "{message}"
                );
            }
            assert_eq!(
                store
                    .texts("SELECT CAST(version AS TEXT) FROM inbox_schema")
                    .await,
                [[Some("99".to_owned())]]
            );
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stores_opened_by_many_at_once_are_upgraded_once() {
    on_each_store(
        "stores_opened_by_many_at_once_are_upgraded_once",
        async |store| {
            // The SQLite file is made by the first to open it; the others wait their turn.
            Store::open(&store.spec).await.unwrap().close().await;
            if let Some(path) = store.sqlite_path() {
                std::fs::remove_file(&path).unwrap();
            }
            let opening: Vec<_> = (0..8)
                .map(|_| {
                    let spec = store.spec.clone();
                    tokio::spawn(async move { Store::open(&spec).await })
                })
                .collect();
            for open in opening {
                open.await.unwrap().unwrap().close().await;
            }
            assert_eq!(
                store
                    .texts("SELECT CAST(version AS TEXT) FROM inbox_schema")
                    .await,
                [[Some(LATEST.to_string())]]
            );
        },
    )
    .await;
}

/// `text` as a body literal in the store's dialect.
fn bytes_of(store: &TestStore, text: &str) -> String {
    match store.spec {
        StoreSpec::Sqlite(_) => format!("CAST('{text}' AS BLOB)"),
        StoreSpec::Postgres(_) => format!("convert_to('{text}', 'UTF8')"),
    }
}
