//! What a scenario runs on: a store filled through the library's own writer, as a receiver
//! fills it, a table for the handlers' effects, and the scenario's own way to read both back,
//! past the library, with a connection opened for each read (a database that was stopped and
//! started again leaves no connection broken).

use crate::check::{Effect, Processing, Readback};
use crate::effects;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tempfile::TempDir;
use vibes_inbox::{Accepted, Store, StoreSpec, timestamp};

/// A store, its effects, and a folder for the workers' logs.
pub struct Rig {
    /// The store, as the workers' `--store` names it.
    pub store: String,
    /// The effects, as the workers' `--effects` names them.
    pub effects: String,
    /// The event ids stored, in the order received.
    pub event_ids: Vec<String>,
    /// When it was made, before the store was filled: what a scenario's time counts from.
    pub made: Instant,
    folder: TempDir,
    #[cfg(feature = "postgres")]
    schema: Option<vibes_tests::postgres::Schema>,
}

/// Every delivery's processing state.
const PROCESSING: &str = "SELECT event_id, state, attempts, leased_by, due_at FROM processing";

/// How many deliveries are done.
const DONE: &str = "SELECT count(*) FROM processing WHERE state = 'done'";

impl Rig {
    /// A SQLite store of `count` deliveries in a new folder, and its effects in a file beside it.
    #[cfg(feature = "sqlite")]
    pub async fn sqlite(count: usize) -> Rig {
        let made = Instant::now();
        let folder = tempfile::tempdir().expect("a temporary folder");
        let store = folder.path().join("inbox.sqlite");
        let effects = folder.path().join("effects.sqlite");
        // In write-ahead-log mode, so that the scenario's reads never wait for the handlers'
        // writes, nor they for the reads.
        rusqlite::Connection::open(&effects)
            .and_then(|connection| {
                connection.execute_batch(&format!("PRAGMA journal_mode = WAL; {}", effects::CREATE))
            })
            .expect("the effects table");
        let event_ids = fill(&StoreSpec::Sqlite(store.clone()), count).await;
        Rig {
            store: path_text(store),
            effects: path_text(effects),
            event_ids,
            made,
            folder,
            #[cfg(feature = "postgres")]
            schema: None,
        }
    }

    /// A store of `count` deliveries in a schema of its own on the PostgreSQL server `server`,
    /// its effects in a table beside it; `Rig::drop` drops the schema.
    #[cfg(feature = "postgres")]
    pub async fn postgres(server: &str, count: usize) -> Rig {
        let made = Instant::now();
        let schema = vibes_tests::postgres::Schema::new(server, "chaos").await;
        let mut rig = Rig::postgres_at(&schema.url, count).await;
        rig.schema = Some(schema);
        rig.made = made;
        rig
    }

    /// A store of `count` deliveries in the database at `url` as it is, its effects in a table
    /// beside it.
    #[cfg(feature = "postgres")]
    pub async fn postgres_at(url: &str, count: usize) -> Rig {
        let made = Instant::now();
        let event_ids = fill(&StoreSpec::Postgres(url.to_owned()), count).await;
        postgres::connect(url)
            .await
            .expect("the database answers")
            .batch_execute(effects::CREATE)
            .await
            .expect("the effects table");
        Rig {
            store: url.to_owned(),
            effects: url.to_owned(),
            event_ids,
            made,
            folder: tempfile::tempdir().expect("a temporary folder"),
            schema: None,
        }
    }

    /// The folder for the workers' logs.
    pub fn logs(&self) -> PathBuf {
        self.folder.path().to_owned()
    }

    /// Every delivery's processing state and every effect.
    pub async fn readback(&self) -> Readback {
        Readback {
            deliveries: self.processing().await.expect("the store answers"),
            effects: self.effects().await.expect("the effects answer"),
        }
    }

    /// How many deliveries are done; `None` while the store does not answer.
    pub async fn done(&self) -> Option<usize> {
        if self.store.starts_with("postgres://") {
            #[cfg(feature = "postgres")]
            return postgres::count(&self.store, DONE).await;
        }
        let connection = rusqlite::Connection::open(&self.store).ok()?;
        connection.busy_timeout(Duration::from_secs(5)).ok()?;
        connection
            .query_row(DONE, [], |row| row.get::<_, i64>(0))
            .ok()
            .map(|count| count as usize)
    }

    /// Every delivery's processing state, by event id; `None` while the store does not answer.
    pub async fn processing(&self) -> Option<BTreeMap<String, Processing>> {
        if self.store.starts_with("postgres://") {
            #[cfg(feature = "postgres")]
            return postgres::processing(&self.store).await;
        }
        let connection = rusqlite::Connection::open(&self.store).ok()?;
        connection.busy_timeout(Duration::from_secs(5)).ok()?;
        let mut statement = connection.prepare(PROCESSING).ok()?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    Processing {
                        state: row.get(1)?,
                        attempts: row.get(2)?,
                        leased_by: row.get(3)?,
                        due_at: row.get(4)?,
                    },
                ))
            })
            .ok()?;
        rows.collect::<Result<_, _>>().ok()
    }

    /// Every effect; `None` while the effects do not answer.
    pub async fn effects(&self) -> Option<Vec<Effect>> {
        if self.effects.starts_with("postgres://") {
            #[cfg(feature = "postgres")]
            return postgres::effects(&self.effects).await;
        }
        let connection = rusqlite::Connection::open(&self.effects).ok()?;
        connection.busy_timeout(Duration::from_secs(5)).ok()?;
        let mut statement = connection.prepare(effects::SELECT).ok()?;
        let rows = statement
            .query_map([], |row| {
                Ok(Effect {
                    event_id: row.get(0)?,
                    attempt: row.get(1)?,
                    worker: row.get(2)?,
                    at: row.get(3)?,
                })
            })
            .ok()?;
        rows.collect::<Result<_, _>>().ok()
    }

    /// Waits until `count` deliveries are done, or panics with `why` after `longest`.
    pub async fn until_done(&self, count: usize, longest: Duration, why: impl Fn() -> String) {
        let deadline = Instant::now() + longest;
        loop {
            if self.done().await.is_some_and(|done| done >= count) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {count} deliveries done after {longest:?}: {}",
                self.done().await.unwrap_or_default(),
                why()
            );
            // Not more often: a count of the store is a connection and a scan, which the
            // database would do in place of the workers' statements.
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Removes what the rig made on a shared server (its folder goes when it is dropped).
    pub async fn clean(self) {
        #[cfg(feature = "postgres")]
        if let Some(schema) = self.schema {
            schema.drop().await;
        }
    }
}

/// Stores `count` deliveries through the library's writer, many at once, as a receiver under
/// load does, so that its batches fill; answers their event ids in the order received.
async fn fill(spec: &StoreSpec, count: usize) -> Vec<String> {
    let store = Arc::new(Store::open(spec).await.expect("the store opens"));
    let start = SystemTime::now();
    let event_ids: Vec<String> = (0..count).map(|n| format!("E{n:05}")).collect();
    let mut writes = tokio::task::JoinSet::new();
    for (n, event_id) in event_ids.iter().enumerate() {
        if writes.len() >= 256 {
            writes.join_next().await.expect("a write").expect("stored");
        }
        let delivery = Accepted {
            event_id: event_id.clone(),
            callback_type: "person_added".to_owned(),
            received_at: timestamp(start + Duration::from_micros(n as u64)),
            source: "127.0.0.1".to_owned(),
            headers: format!(r#"[["x-event-id","{event_id}"]]"#),
            body: vibes_tests::person_added(event_id).into(),
            method: "POST".to_owned(),
        };
        let store = Arc::clone(&store);
        writes.spawn(async move {
            let stored = store.accept(delivery).await.expect("stored");
            assert_eq!(stored, vibes_inbox::Stored::New);
        });
    }
    while let Some(write) = writes.join_next().await {
        write.expect("stored");
    }
    Arc::into_inner(store)
        .expect("every write ended")
        .close()
        .await;
    event_ids
}

fn path_text(path: PathBuf) -> String {
    path.into_os_string()
        .into_string()
        .expect("a temporary path is text")
}

#[cfg(feature = "postgres")]
mod postgres {
    use crate::check::{Effect, Processing};
    use crate::effects;
    use std::collections::BTreeMap;
    use tokio_postgres::{Client, NoTls};

    /// A connection of its own for one read.
    pub async fn connect(url: &str) -> Result<Client, tokio_postgres::Error> {
        let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
        tokio::spawn(connection);
        Ok(client)
    }

    pub async fn count(url: &str, sql: &str) -> Option<usize> {
        let row = connect(url).await.ok()?.query_one(sql, &[]).await.ok()?;
        Some(row.get::<_, i64>(0) as usize)
    }

    pub async fn processing(url: &str) -> Option<BTreeMap<String, Processing>> {
        let rows = connect(url)
            .await
            .ok()?
            .query(super::PROCESSING, &[])
            .await
            .ok()?;
        Some(
            rows.iter()
                .map(|row| {
                    let attempts: i32 = row.get(2);
                    let processing = Processing {
                        state: row.get(1),
                        attempts: attempts as u32,
                        leased_by: row.get(3),
                        due_at: row.get(4),
                    };
                    (row.get(0), processing)
                })
                .collect(),
        )
    }

    pub async fn effects(url: &str) -> Option<Vec<Effect>> {
        let rows = connect(url)
            .await
            .ok()?
            .query(effects::SELECT, &[])
            .await
            .ok()?;
        Some(
            rows.iter()
                .map(|row| {
                    let attempt: i32 = row.get(1);
                    Effect {
                        event_id: row.get(0),
                        attempt: attempt as u32,
                        worker: row.get(2),
                        at: row.get(3),
                    }
                })
                .collect(),
        )
    }
}
