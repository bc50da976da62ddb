//! The PostgreSQL store: a few connections the handlers share, each opened again when it
//! breaks, and a reader for the `inbox` subcommands.
//!
//! Each write is one statement in its own transaction, so PostgreSQL's commit (with its default
//! `synchronous_commit = on`, flushed to its write-ahead log) is done before the delivery is
//! acknowledged. Several receivers may share the database: the unique key on the event id
//! decides inside the insert which of two racing deliveries is stored.

use super::{Accepted, Entry, Rejected, Shown, StoreError, Stored, schema};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};
use tokio_postgres::{Client, Config, NoTls, Row, Statement};
use tracing::warn;

/// How many connections one receiver opens: enough to overlap the round trips and commits of
/// concurrent deliveries, few enough that many receivers fit a server's `max_connections`.
pub const CONNECTIONS: usize = 4;

/// How long opening a connection may take, unless the URL says (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The receiver's connections.
#[derive(Clone, Debug)]
pub struct Pool {
    inner: Arc<Slots>,
}

#[derive(Debug)]
struct Slots {
    config: Config,
    slots: Vec<Mutex<Option<Connection>>>,
    next: AtomicUsize,
}

/// One open connection and its prepared writes.
#[derive(Debug)]
struct Connection {
    client: Client,
    insert_delivery: Statement,
    insert_rejected: Statement,
}

/// A PostgreSQL store opened to read it.
#[derive(Debug)]
pub struct Reader {
    client: Client,
}

impl Pool {
    /// Connects to the database at `url` and creates the tables where they are missing.
    pub async fn open(url: &str) -> Result<Pool, StoreError> {
        let config = config(url)?;
        let client = connect(&config).await?;
        client
            .batch_execute(schema::POSTGRES)
            .await
            .map_err(|error| {
                StoreError::new(format!("the PostgreSQL tables cannot be created: {error}"))
            })?;
        let first = prepare(client).await?;
        let mut slots: Vec<_> = (1..CONNECTIONS).map(|_| Mutex::new(None)).collect();
        slots.insert(0, Mutex::new(Some(first)));
        Ok(Pool {
            inner: Arc::new(Slots {
                config,
                slots,
                next: AtomicUsize::new(0),
            }),
        })
    }

    pub async fn accept(&self, delivery: &Accepted) -> Result<Stored, StoreError> {
        let connection = self.connection().await?;
        let body: &[u8] = &delivery.body;
        let changed = connection
            .client
            .execute(
                &connection.insert_delivery,
                &[
                    &delivery.event_id,
                    &delivery.callback_type,
                    &delivery.received_at,
                    &delivery.source,
                    &delivery.headers,
                    &body,
                ],
            )
            .await
            .map_err(postgres)?;
        Ok(if changed == 1 {
            Stored::New
        } else {
            Stored::Duplicate
        })
    }

    pub async fn reject(&self, rejected: &Rejected) -> Result<(), StoreError> {
        let connection = self.connection().await?;
        connection
            .client
            .execute(
                &connection.insert_rejected,
                &[
                    &rejected.received_at,
                    &i32::from(rejected.status),
                    &rejected.event_id,
                    &rejected.method,
                    &rejected.source,
                    &rejected.error,
                    &rejected.headers,
                    &rejected.body.as_deref(),
                ],
            )
            .await
            .map_err(postgres)?;
        Ok(())
    }

    pub async fn check(&self) -> Result<(), StoreError> {
        let connection = self.connection().await?;
        connection
            .client
            .query_one(schema::CHECK, &[])
            .await
            .map_err(postgres)?;
        Ok(())
    }

    /// The next connection in turn, opened again if it is closed.
    async fn connection(&self) -> Result<MappedMutexGuard<'_, Connection>, StoreError> {
        let slots = &self.inner.slots;
        let index = self.inner.next.fetch_add(1, Ordering::Relaxed) % slots.len();
        let mut slot = slots[index].lock().await;
        if slot
            .as_ref()
            .is_none_or(|connection| connection.client.is_closed())
        {
            *slot = None;
            let client = connect(&self.inner.config).await?;
            *slot = Some(prepare(client).await?);
        }
        MutexGuard::try_map(slot, Option::as_mut)
            .map_err(|_| StoreError::new("PostgreSQL: no connection"))
    }
}

impl Reader {
    /// Connects to the database at `url`.
    pub async fn open(url: &str) -> Result<Reader, StoreError> {
        Ok(Reader {
            client: connect(&config(url)?).await?,
        })
    }

    pub async fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        let mut entries = Vec::new();
        for row in self.query(schema::LIST_DELIVERIES, &[]).await? {
            entries.push(Entry {
                received_at: row.try_get(0).map_err(postgres)?,
                rejected: None,
                event_id: Some(row.try_get(1).map_err(postgres)?),
                callback_type: Some(row.try_get(2).map_err(postgres)?),
                size: size(&row, 3)?,
            });
        }
        for row in self.query(schema::LIST_REJECTED, &[]).await? {
            entries.push(Entry {
                received_at: row.try_get(0).map_err(postgres)?,
                rejected: Some(status(&row, 1)?),
                event_id: row.try_get(2).map_err(postgres)?,
                callback_type: None,
                size: size(&row, 3)?,
            });
        }
        Ok(entries)
    }

    pub async fn show(&self, event_id: &str) -> Result<Vec<Shown>, StoreError> {
        if let Some(row) = self
            .query(schema::SHOW_DELIVERY, &[&event_id])
            .await?
            .first()
        {
            return Ok(vec![Shown {
                received_at: row.try_get(0).map_err(postgres)?,
                summary: row.try_get(1).map_err(postgres)?,
                headers: row.try_get(2).map_err(postgres)?,
                body: Some(row.try_get(3).map_err(postgres)?),
            }]);
        }
        let mut shown = Vec::new();
        for row in self.query(schema::SHOW_REJECTED, &[&event_id]).await? {
            let error: String = row.try_get(2).map_err(postgres)?;
            shown.push(Shown {
                received_at: row.try_get(0).map_err(postgres)?,
                summary: format!("rejected {}: {error}", status(&row, 1)?),
                headers: row.try_get(3).map_err(postgres)?,
                body: row.try_get(4).map_err(postgres)?,
            });
        }
        Ok(shown)
    }

    /// Every accepted body, read a few hundred rows at a time through a portal, so that a large
    /// inbox is never held whole.
    pub async fn bodies(
        &mut self,
        each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), StoreError> {
        let transaction = self.client.transaction().await.map_err(postgres)?;
        let portal = transaction
            .bind(schema::EXPORT, &[])
            .await
            .map_err(postgres)?;
        loop {
            let rows = transaction
                .query_portal(&portal, 256)
                .await
                .map_err(postgres)?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let body: &[u8] = row.try_get(0).map_err(postgres)?;
                each(body)
                    .map_err(|error| StoreError::new(format!("cannot write a body: {error}")))?;
            }
        }
        transaction.commit().await.map_err(postgres)
    }

    async fn query(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Vec<Row>, StoreError> {
        self.client.query(sql, params).await.map_err(postgres)
    }
}

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

async fn prepare(client: Client) -> Result<Connection, StoreError> {
    let insert_delivery = client
        .prepare(schema::INSERT_DELIVERY)
        .await
        .map_err(postgres)?;
    let insert_rejected = client
        .prepare(schema::INSERT_REJECTED)
        .await
        .map_err(postgres)?;
    Ok(Connection {
        client,
        insert_delivery,
        insert_rejected,
    })
}

/// A body's size, from `length(body)`.
fn size(row: &Row, index: usize) -> Result<Option<u64>, StoreError> {
    let length: Option<i32> = row.try_get(index).map_err(postgres)?;
    Ok(length.and_then(|length| u64::try_from(length).ok()))
}

fn status(row: &Row, index: usize) -> Result<u16, StoreError> {
    let status: i32 = row.try_get(index).map_err(postgres)?;
    u16::try_from(status).map_err(|_| StoreError::new(format!("PostgreSQL: status {status}")))
}

/// A PostgreSQL error as the store's.
fn postgres(error: tokio_postgres::Error) -> StoreError {
    // The error's own text is "db error" for a server error; its detail is in the source.
    match error.as_db_error() {
        Some(db) => StoreError::new(format!("PostgreSQL: {}", db.message())),
        None => StoreError::new(format!("PostgreSQL: {error}")),
    }
}
