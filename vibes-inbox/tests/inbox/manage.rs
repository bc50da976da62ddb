//! The commands' changes to the deliveries' state: the dead listed, retried by event id or all
//! at once, the retention rule, and the selection a replay takes.

use crate::stores::{TestStore, delivery, on_each_store, stored};
use vibes_inbox::{Inbox, Purge, Purged, Retried, Selection, State, Store};

const LONG_AGO: &str = "2020-01-01T00:00:00.000000Z";
const CUTOFF: &str = "2025-01-01T00:00:00.000000Z";
const NOW: &str = "2026-06-01T00:00:00.000000Z";

/// Sets the state of `event_id` past the crate, as a worker would have.
async fn set(store: &TestStore, event_id: &str, columns: &str) {
    store
        .execute(&format!(
            "UPDATE processing SET {columns} WHERE event_id = '{event_id}'"
        ))
        .await;
}

/// `(event_id, state, attempts, last_error, finished_at)` of every delivery, in order.
async fn states(store: &TestStore) -> Vec<Vec<Option<String>>> {
    store
        .texts(
            "SELECT event_id, state, CAST(attempts AS TEXT), last_error, finished_at
             FROM processing ORDER BY seq",
        )
        .await
}

fn row(values: [Option<&str>; 5]) -> Vec<Option<String>> {
    values
        .iter()
        .map(|value| value.map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn dead_deliveries_are_listed_and_retried_and_leased_ones_are_left_to_their_worker() {
    on_each_store(
        "dead_deliveries_are_listed_and_retried_and_leased_ones_are_left_to_their_worker",
        async |store| {
            stored(store, &["E1", "E2", "E3", "E4"]).await.close().await;
            let dead = format!(
                "state = 'dead', attempts = 3, last_error = 'the handler said no', finished_at = '{LONG_AGO}'"
            );
            set(store, "E1", &dead).await;
            set(store, "E2", &format!("state = 'done', attempts = 1, finished_at = '{LONG_AGO}'")).await;
            set(store, "E3", "state = 'leased', attempts = 1, leased_by = 'w1'").await;

            let mut inbox = Inbox::open(&store.spec).await.unwrap();
            let listed = inbox.dead().await.unwrap();
            assert_eq!(listed.len(), 1);
            assert_eq!(listed[0].event_id.as_deref(), Some("E1"));
            let processing = listed[0].processing.as_ref().unwrap();
            assert_eq!(
                (processing.state, processing.attempts, processing.last_error.as_deref()),
                (State::Dead, 3, Some("the handler said no"))
            );

            let names = ["E1", "E2", "E3", "E9"].map(str::to_owned);
            let retried = inbox.retry(&names, NOW).await.unwrap();
            assert_eq!(
                retried,
                [
                    Retried::Pending(State::Dead),
                    Retried::Pending(State::Done),
                    Retried::Leased,
                    Retried::Unknown
                ]
            );
            assert_eq!(
                states(store).await,
                [
                    // A fresh count of attempts; the last error stays to be read.
                    row([Some("E1"), Some("pending"), Some("0"), Some("the handler said no"), None]),
                    row([Some("E2"), Some("pending"), Some("0"), None, None]),
                    row([Some("E3"), Some("leased"), Some("1"), None, None]),
                    row([Some("E4"), Some("pending"), Some("0"), None, None]),
                ]
            );
            assert!(inbox.dead().await.unwrap().is_empty());

            set(store, "E1", &dead).await;
            set(store, "E4", &dead).await;
            assert_eq!(inbox.retry_dead(NOW).await.unwrap(), 2);
            let counts = inbox.states().await.unwrap();
            let count = |state| counts.iter().find(|count| count.state == state).map(|c| c.count);
            assert_eq!(
                (count(State::Pending), count(State::Leased), count(State::Dead)),
                (Some(3), Some(1), None)
            );
        },
    )
    .await;
}

#[tokio::test]
async fn purge_removes_old_done_deliveries_and_only_with_a_flag_the_others() {
    on_each_store(
        "purge_removes_old_done_deliveries_and_only_with_a_flag_the_others",
        async |store| {
            let writer = Store::open(&store.spec).await.unwrap();
            for (event_id, received_at) in [
                ("old-done", LONG_AGO),
                ("new-done", NOW),
                ("old-dead", LONG_AGO),
                ("old-pending", LONG_AGO),
                ("old-leased", LONG_AGO),
                ("new-pending", NOW),
            ] {
                writer.accept(delivery(event_id, received_at)).await.unwrap();
            }
            writer.close().await;
            set(store, "old-done", &format!("state = 'done', finished_at = '{LONG_AGO}'")).await;
            set(store, "new-done", &format!("state = 'done', finished_at = '{NOW}'")).await;
            set(store, "old-dead", &format!("state = 'dead', finished_at = '{LONG_AGO}'")).await;
            set(store, "old-leased", "state = 'leased', leased_by = 'w1'").await;
            store
                .execute(&format!(
                    "INSERT INTO rejected (received_at, status, event_id, method, source, error, headers, body)
                     VALUES ('{LONG_AGO}', 400, NULL, 'POST', '127.0.0.1', '{{}}', '[]', NULL)"
                ))
                .await;
            let remaining = async || {
                let mut ids: Vec<String> = store
                    .texts("SELECT event_id FROM deliveries")
                    .await
                    .into_iter()
                    .map(|row| row[0].clone().unwrap())
                    .collect();
                ids.sort();
                let processing = store.texts("SELECT event_id FROM processing").await.len();
                assert_eq!(processing, ids.len(), "no processing row outlives its delivery");
                ids
            };

            let mut inbox = Inbox::open(&store.spec).await.unwrap();
            let mut purge = Purge {
                before: CUTOFF.to_owned(),
                dead: false,
                unfinished: false,
                rejected: false,
            };
            let purged = inbox.purge(&purge).await.unwrap();
            assert_eq!(purged, Purged { done: 1, ..Purged::default() });
            assert_eq!(
                remaining().await,
                ["new-done", "new-pending", "old-dead", "old-leased", "old-pending"]
            );
            purge.dead = true;
            purge.unfinished = true;
            purge.rejected = true;
            let purged = inbox.purge(&purge).await.unwrap();
            assert_eq!(
                purged,
                Purged {
                    done: 0,
                    dead: 1,
                    unfinished: 2,
                    rejected: 1
                }
            );
            assert_eq!(remaining().await, ["new-done", "new-pending"]);
            assert!(store.texts("SELECT id FROM rejected").await.is_empty());
        },
    )
    .await;
}

#[tokio::test]
async fn a_selection_takes_deliveries_by_event_id_time_type_and_state_a_page_at_a_time() {
    on_each_store(
        "a_selection_takes_deliveries_by_event_id_time_type_and_state_a_page_at_a_time",
        async |store| {
            let writer = Store::open(&store.spec).await.unwrap();
            for n in 0..7 {
                let mut row = delivery(
                    &format!("E{n}"),
                    &format!("2026-01-0{}T00:00:00.000000Z", n + 1),
                );
                if n % 2 == 1 {
                    row.callback_type = "subscription_added".to_owned();
                }
                writer.accept(row).await.unwrap();
            }
            writer.close().await;
            set(store, "E3", "state = 'dead'").await;
            set(store, "E5", "state = 'dead'").await;
            let mut inbox = Inbox::open(&store.spec).await.unwrap();
            let all = async |selection: &Selection, page: u32| -> Vec<String> {
                let mut inbox = Inbox::open(&store.spec).await.unwrap();
                let (mut taken, mut after) = (Vec::new(), 0);
                loop {
                    let (chosen, last) = inbox.select(selection, after, page).await.unwrap();
                    taken.extend(chosen.into_iter().map(|delivery| delivery.event_id));
                    match last {
                        Some(last) => after = last,
                        None => return taken,
                    }
                }
            };
            assert_eq!(all(&Selection::default(), 3).await.len(), 7);
            let by_type = Selection {
                callback_types: vec!["subscription_added".to_owned()],
                ..Selection::default()
            };
            assert_eq!(all(&by_type, 2).await, ["E1", "E3", "E5"]);
            let dead_in_range = Selection {
                states: vec![State::Dead],
                received_from: Some("2026-01-04T00:00:00.000000Z".to_owned()),
                received_before: Some("2026-01-06T00:00:00.000000Z".to_owned()),
                ..Selection::default()
            };
            assert_eq!(all(&dead_in_range, 1).await, ["E3"]);
            let by_id = Selection {
                event_ids: vec!["E6".to_owned(), "E0".to_owned()],
                ..Selection::default()
            };
            assert_eq!(all(&by_id, 100).await, ["E0", "E6"]);
            // The delivery comes as it was stored.
            let (chosen, _) = inbox.select(&by_id, 0, 100).await.unwrap();
            assert_eq!(chosen[0].body, delivery("E0", "").body.to_vec());
            assert_eq!(chosen[0].headers, r#"[["x-event-id","E0"]]"#);
        },
    )
    .await;
}
