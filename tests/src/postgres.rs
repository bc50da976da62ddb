//! A PostgreSQL server for the tests of the stores: its URL from `VIBES_TEST_POSTGRES_URL`
//! (`.ci/postgres/start.sh` starts a throw-away server and prints it), and a schema of its own
//! for each test, dropped at its end, so that tests run side by side on one database.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio_postgres::{Client, NoTls, Row};

/// A schema of its own for one test, on the test server.
#[derive(Debug)]
pub struct Schema {
    client: Client,
    /// The schema's name.
    pub name: String,
    /// The server's URL with the schema as the search path: what a store is opened with.
    pub url: String,
}

/// The test server's URL; `None`, after one line saying how to run the test named `test`, when
/// there is none and none is required (`VIBES_REQUIRE_POSTGRES=1` makes its absence a failure).
pub fn server(test: &str) -> Option<String> {
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
                "{test} did not run on PostgreSQL: VIBES_TEST_POSTGRES_URL is not set; run \
                 `eval \"$(bash .ci/postgres/start.sh)\"` first to start a throw-away server"
            );
            None
        }
    }
}

impl Schema {
    /// A new schema on the server at `server`; `prefix` names what it is for.
    pub async fn new(server: &str, prefix: &str) -> Schema {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "{prefix}_{}_{}",
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

    /// The rows of `sql`, run with the schema as the search path.
    pub async fn rows(&self, sql: &str) -> Vec<Row> {
        self.client
            .batch_execute(&format!("SET search_path TO {}", self.name))
            .await
            .unwrap();
        self.client
            .query(sql, &[])
            .await
            .unwrap_or_else(|error| panic!("{sql}: {error}"))
    }

    /// Runs `sql` (one or more statements) with the schema as the search path.
    pub async fn execute(&self, sql: &str) {
        self.client
            .batch_execute(&format!("SET search_path TO {}; {sql}", self.name))
            .await
            .unwrap_or_else(|error| panic!("{sql}: {error}"));
    }

    /// Drops the schema and everything in it.
    pub async fn drop(self) {
        self.client
            .batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name))
            .await
            .unwrap();
    }
}
