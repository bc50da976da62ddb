//! The PostgreSQL driver: a few connections that each commit together the writes waiting for
//! them, a reader for the `inbox` commands, and the leases workers on any number of hosts take
//! from one database.

mod migrate;
mod queue;
mod reader;
mod writer;

pub use queue::Queue;
pub(crate) use queue::mark_done;
pub use reader::Reader;
pub use writer::Writer;

use super::StoreError;
use crate::state::{Processing, State};
use std::time::Duration;
use tokio_postgres::{Client, Config, NoTls, Row};
use tracing::warn;

/// How long opening a connection may take, unless the URL says (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The connection settings of `url`, with a connect timeout unless it has one.
fn config(url: &str) -> Result<Config, StoreError> {
    let mut config: Config = url
        .parse()
        .map_err(|error| StoreError::new(format!("the PostgreSQL URL is not valid: {error}")))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    Ok(config)
}

/// Opens a connection, and drives it on a task of its own until it ends. Without TLS: the
/// database is expected on the same host or a private network (a URL with `sslmode=require` is
/// refused).
async fn connect(config: &Config) -> Result<Client, StoreError> {
    let (client, connection) = config
        .connect(NoTls)
        .await
        .map_err(|error| StoreError::new(format!("PostgreSQL cannot be reached: {error}")))?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            warn!("a connection to PostgreSQL ended: {error}");
        }
    });
    Ok(client)
}

/// Connects to the database at `url` and brings its schema up to date.
async fn open(url: &str) -> Result<(Config, Client), StoreError> {
    let config = config(url)?;
    let mut client = connect(&config).await?;
    migrate::migrate(&mut client).await?;
    Ok((config, client))
}

/// The processing state in the six columns from `first`.
fn processing(row: &Row, first: usize) -> Result<Processing, StoreError> {
    let attempts: i32 = row.try_get(first + 1).map_err(postgres)?;
    Ok(Processing {
        state: state(row, first)?,
        attempts: u32::try_from(attempts).unwrap_or_default(),
        due_at: row.try_get(first + 2).map_err(postgres)?,
        leased_by: row.try_get(first + 3).map_err(postgres)?,
        last_error: row.try_get(first + 4).map_err(postgres)?,
        finished_at: row.try_get(first + 5).map_err(postgres)?,
    })
}

fn state(row: &Row, index: usize) -> Result<State, StoreError> {
    let name: &str = row.try_get(index).map_err(postgres)?;
    name.parse()
        .map_err(|unknown| StoreError::new(format!("PostgreSQL: {unknown}")))
}

/// A PostgreSQL error as the store's.
fn postgres(error: tokio_postgres::Error) -> StoreError {
    // The error's own text is "db error" for a server error; its detail is in the source.
    match error.as_db_error() {
        Some(db) => StoreError::new(format!("PostgreSQL: {}", db.message())),
        None => StoreError::new(format!("PostgreSQL: {error}")),
    }
}
