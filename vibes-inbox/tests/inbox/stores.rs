//! The driver suite: a test body run on each store, and what the tests read back of a store
//! with their own connection.

use std::path::PathBuf;
use std::time::SystemTime;
use vibes_inbox::{Accepted, Store, StoreSpec, timestamp};

/// A store for one run of a test body: where it is, and a way to run SQL on it directly.
pub struct TestStore {
    /// Where the store is.
    pub spec: StoreSpec,
    #[cfg(feature = "postgres")]
    schema: Option<vibes_tests::postgres::Schema>,
    _folder: Option<tempfile::TempDir>,
}

/// Runs `test` on a new SQLite store in a temporary folder, then on a new PostgreSQL schema
/// when the test server is there.
pub async fn on_each_store(name: &str, test: impl AsyncFn(&TestStore)) {
    #[cfg(feature = "sqlite")]
    {
        let folder = tempfile::tempdir().unwrap();
        let store = TestStore {
            spec: StoreSpec::Sqlite(folder.path().join("inbox.sqlite")),
            #[cfg(feature = "postgres")]
            schema: None,
            _folder: Some(folder),
        };
        test(&store).await;
    }
    #[cfg(feature = "postgres")]
    if let Some(server) = vibes_tests::postgres::server(name) {
        let schema = vibes_tests::postgres::Schema::new(&server, "inbox_test").await;
        let store = TestStore {
            spec: StoreSpec::Postgres(schema.url.clone()),
            schema: Some(schema),
            _folder: None,
        };
        test(&store).await;
        if let Some(schema) = store.schema {
            schema.drop().await;
        }
    }
    #[cfg(not(feature = "postgres"))]
    {
        assert!(
            std::env::var("VIBES_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "VIBES_REQUIRE_POSTGRES=1 but vibes-inbox is built without its `postgres` feature"
        );
        eprintln!("{name} did not run on PostgreSQL: built without the `postgres` feature");
    }
}

impl TestStore {
    /// The PostgreSQL store at `spec`, whose schema the test drops.
    #[cfg(feature = "postgres")]
    pub fn postgres(spec: StoreSpec) -> TestStore {
        TestStore {
            spec,
            schema: None,
            _folder: None,
        }
    }

    /// The SQLite file at `path`, made by the test.
    pub fn sqlite_at(path: &std::path::Path) -> TestStore {
        TestStore {
            spec: StoreSpec::Sqlite(path.to_owned()),
            #[cfg(feature = "postgres")]
            schema: None,
            _folder: None,
        }
    }

    /// The SQLite file, when the store is one.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        match &self.spec {
            StoreSpec::Sqlite(path) => Some(path.clone()),
            StoreSpec::Postgres(_) => None,
        }
    }

    /// Runs `sql` (statements without results) on the store, past the crate.
    pub async fn execute(&self, sql: &str) {
        match &self.spec {
            StoreSpec::Sqlite(path) => {
                let connection = rusqlite::Connection::open(path).unwrap();
                connection
                    .execute_batch(sql)
                    .unwrap_or_else(|error| panic!("{sql}: {error}"));
            }
            #[cfg(feature = "postgres")]
            StoreSpec::Postgres(_) => self.schema.as_ref().unwrap().execute(sql).await,
            #[cfg(not(feature = "postgres"))]
            StoreSpec::Postgres(_) => unreachable!("no PostgreSQL store without the feature"),
        }
    }

    /// The rows `sql` selects, each as its columns (`NULL` as `None`), to compare across stores:
    /// the statement casts each column to text (`CAST(x AS TEXT)` reads the same in both).
    pub async fn texts(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        match &self.spec {
            StoreSpec::Sqlite(path) => {
                let connection = rusqlite::Connection::open(path).unwrap();
                let mut statement = connection.prepare(sql).unwrap();
                let columns = statement.column_count();
                let rows = statement
                    .query_map([], |row| {
                        (0..columns)
                            .map(|index| {
                                use rusqlite::types::ValueRef;
                                Ok(match row.get_ref(index)? {
                                    ValueRef::Null => None,
                                    ValueRef::Integer(number) => Some(number.to_string()),
                                    ValueRef::Real(number) => Some(number.to_string()),
                                    ValueRef::Text(text) | ValueRef::Blob(text) => {
                                        Some(String::from_utf8_lossy(text).into_owned())
                                    }
                                })
                            })
                            .collect()
                    })
                    .unwrap();
                rows.collect::<Result<_, _>>().unwrap()
            }
            #[cfg(feature = "postgres")]
            StoreSpec::Postgres(_) => {
                let rows = self.schema.as_ref().unwrap().rows(sql).await;
                rows.iter()
                    .map(|row| (0..row.len()).map(|index| row.get(index)).collect())
                    .collect()
            }
            #[cfg(not(feature = "postgres"))]
            StoreSpec::Postgres(_) => unreachable!("no PostgreSQL store without the feature"),
        }
    }
}

/// A delivery of `event_id` received at `received_at`.
pub fn delivery(event_id: &str, received_at: &str) -> Accepted {
    Accepted {
        event_id: event_id.to_owned(),
        callback_type: "person_added".to_owned(),
        received_at: received_at.to_owned(),
        source: "127.0.0.1".to_owned(),
        headers: r#"[["x-event-id","E"]]"#.replace('E', event_id),
        body: vibes_tests::person_added(event_id).into(),
        method: "POST".to_owned(),
    }
}

/// Opens `store` for writing and stores deliveries of these event ids, received a microsecond
/// apart in this order.
pub async fn stored(store: &TestStore, event_ids: &[&str]) -> Store {
    let writer = Store::open(&store.spec).await.unwrap();
    let start = SystemTime::now();
    for (n, event_id) in event_ids.iter().enumerate() {
        let at = timestamp(start + std::time::Duration::from_micros(n as u64));
        writer.accept(delivery(event_id, &at)).await.unwrap();
    }
    writer
}
