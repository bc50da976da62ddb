//! The stores a measurement runs on: a fresh one each time, filled with the same deliveries
//! through the library's writer, as a receiver under load fills it.

use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tempfile::TempDir;
use vibes_inbox::{Accepted, Store, StoreSpec, Stored, timestamp};

/// Which database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    #[cfg(feature = "postgres")]
    Postgres,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sqlite => "SQLite",
            #[cfg(feature = "postgres")]
            Kind::Postgres => "PostgreSQL",
        }
    }
}

/// A store of its own for one measurement, removed when [`Fresh::remove`] is called (a SQLite
/// file goes with its folder).
pub struct Fresh {
    pub spec: StoreSpec,
    _folder: TempDir,
    #[cfg(feature = "postgres")]
    schema: Option<vibes_tests::postgres::Schema>,
}

impl Fresh {
    /// An empty store of `kind`; `server` is the PostgreSQL server's URL.
    pub async fn new(kind: Kind, server: Option<&str>) -> Fresh {
        #[cfg(not(feature = "postgres"))]
        let _ = server;
        let folder = tempfile::tempdir().expect("a temporary folder");
        match kind {
            Kind::Sqlite => Fresh {
                spec: StoreSpec::Sqlite(folder.path().join("inbox.sqlite")),
                _folder: folder,
                #[cfg(feature = "postgres")]
                schema: None,
            },
            #[cfg(feature = "postgres")]
            Kind::Postgres => {
                let server = server.expect("a PostgreSQL server for its rows");
                let schema = vibes_tests::postgres::Schema::new(server, "bench").await;
                Fresh {
                    spec: StoreSpec::Postgres(schema.url.clone()),
                    _folder: folder,
                    schema: Some(schema),
                }
            }
        }
    }

    /// A store of `kind` holding `bodies`, all pending.
    pub async fn filled(kind: Kind, server: Option<&str>, bodies: &Bodies) -> Fresh {
        let fresh = Fresh::new(kind, server).await;
        fill(&fresh.spec, bodies).await;
        fresh
    }

    pub async fn remove(self) {
        #[cfg(feature = "postgres")]
        if let Some(schema) = self.schema {
            schema.drop().await;
        }
    }
}

/// The deliveries every store holds: the callback fixtures in turn, each with an event id of
/// its own in its body and headers.
pub struct Bodies {
    pub deliveries: Vec<(String, String, Vec<u8>, String)>,
}

impl Bodies {
    pub fn new(count: usize) -> Bodies {
        let fixtures: Vec<Value> = vibes_tests::callback_fixtures()
            .into_iter()
            .map(|(_, bytes, _)| serde_json::from_slice(&bytes).expect("a JSON fixture"))
            .collect();
        let deliveries = (0..count)
            .map(|n| {
                let event_id = format!("bench-{n:06}");
                let mut body = fixtures[n % fixtures.len()].clone();
                body["event_id"] = Value::from(event_id.clone());
                let callback_type = body["callback_type"]
                    .as_str()
                    .or_else(|| body["event_type"].as_str())
                    .unwrap_or("unknown")
                    .to_owned();
                let headers = format!(
                    r#"[["content-type","application/json"],["x-event-id","{event_id}"],["x-event-type","{callback_type}"]]"#
                );
                let body = serde_json::to_vec(&body).expect("JSON");
                (event_id, callback_type, body, headers)
            })
            .collect();
        Bodies { deliveries }
    }
}

/// Stores every delivery of `bodies` through the library's writer, 256 at once, so that its
/// batches fill as under load; each must be new.
async fn fill(spec: &StoreSpec, bodies: &Bodies) {
    let store = Arc::new(Store::open(spec).await.expect("the store opens"));
    let start = SystemTime::now();
    let mut writes = tokio::task::JoinSet::new();
    for (n, (event_id, callback_type, body, headers)) in bodies.deliveries.iter().enumerate() {
        if writes.len() >= 256 {
            writes.join_next().await.expect("a write").expect("stored");
        }
        let delivery = Accepted {
            event_id: event_id.clone(),
            callback_type: callback_type.clone(),
            received_at: timestamp(start + Duration::from_micros(n as u64)),
            source: "127.0.0.1".to_owned(),
            headers: headers.clone(),
            body: body.clone().into(),
            method: "POST".to_owned(),
        };
        let store = Arc::clone(&store);
        writes.spawn(async move {
            let stored = store.accept(delivery).await.expect("stored");
            assert_eq!(stored, Stored::New);
        });
    }
    while let Some(write) = writes.join_next().await {
        write.expect("stored");
    }
    Arc::into_inner(store)
        .expect("every write ended")
        .close()
        .await;
}
