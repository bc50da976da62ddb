//! Exactly-once effects on PostgreSQL: the handler marks the delivery done inside its own
//! transaction, so that its writes and the mark commit or roll back together.

use crate::stores::stored;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio_postgres::NoTls;
use vibes_inbox::{Failure, Inbox, Options, State, StoreSpec, Worker};
use vibes_tests::postgres::{Schema, server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_done_mark_in_the_handlers_transaction_commits_or_rolls_back_with_its_effects() {
    let Some(server) =
        server("a_done_mark_in_the_handlers_transaction_commits_or_rolls_back_with_its_effects")
    else {
        return;
    };
    let schema = Schema::new(&server, "inbox_test").await;
    let spec = StoreSpec::Postgres(schema.url.clone());
    let store = crate::stores::TestStore::postgres(spec.clone());
    let ids: Vec<String> = (0..40).map(|n| format!("E{n:02}")).collect();
    let names: Vec<&str> = ids.iter().map(String::as_str).collect();
    stored(&store, &names).await.close().await;
    schema
        .execute("CREATE TABLE effects (event_id TEXT NOT NULL, attempt INTEGER NOT NULL)")
        .await;

    // The handler's own connection, to the database the inbox is in.
    let (client, connection) = tokio_postgres::connect(&schema.url, NoTls).await.unwrap();
    tokio::spawn(connection);
    let client = Arc::new(Mutex::new(client));
    let options = Options {
        concurrency: 4,
        lease: Duration::from_millis(600),
        idle: Duration::from_millis(100),
        ..Options::default()
    };
    let worker = Worker::open(&spec, options).await.unwrap();
    let settled = async {
        let mut inbox = Inbox::open(&spec).await.unwrap();
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let states = inbox.states().await.unwrap();
            if states.iter().all(|count| count.state == State::Done) {
                return;
            }
        }
    };
    let tally = worker
        .run(
            move |delivery: vibes_inbox::Delivery| {
                let client = Arc::clone(&client);
                async move {
                    let mut client = client.lock().await;
                    let transaction = client.transaction().await?;
                    transaction
                        .execute(
                            "INSERT INTO effects (event_id, attempt) VALUES ($1, $2)",
                            &[&delivery.event_id, &(delivery.attempt as i32)],
                        )
                        .await?;
                    delivery.mark_done_in(&transaction).await?;
                    if delivery.event_id == "E07" && delivery.attempt == 1 {
                        // The effects and the mark go together: rolled back, neither is.
                        transaction.rollback().await?;
                        return Err(Failure::retry("rolled back after the mark"));
                    }
                    transaction.commit().await?;
                    Ok(())
                }
            },
            settled,
        )
        .await;
    let effects = schema
        .rows("SELECT event_id, attempt FROM effects ORDER BY event_id")
        .await;
    let effects: Vec<(String, i32)> = effects.iter().map(|row| (row.get(0), row.get(1))).collect();
    assert_eq!(effects.len(), 40, "each delivery's effect exactly once");
    assert!(effects.iter().zip(&ids).all(|(effect, id)| &effect.0 == id));
    // The rolled-back attempt left its delivery leased; it was claimed again once the lease
    // ran out, and its second attempt's effect is the one.
    assert!(effects.contains(&("E07".to_owned(), 2)));
    assert_eq!((tally.done, tally.lost), (40, 0));
    schema.drop().await;
}
