//! The handlers' effects: a row for each attempt a handler carried out, written by the worker
//! processes as the work a real handler would do, and read back by the scenarios. On PostgreSQL
//! the table is beside the inbox, in the same database, as the transactional done mark needs;
//! on SQLite it is in a file of its own, so that the handlers do not queue for the inbox's one
//! writer.

use std::sync::Arc;
use std::time::SystemTime;
use vibes_inbox::{Delivery, Failure, timestamp};

/// The table, the same text in both databases; no key, so that a repeat is a row of its own.
pub const CREATE: &str = "CREATE TABLE effects (event_id TEXT NOT NULL, attempt INTEGER NOT NULL, \
                          worker TEXT NOT NULL, at TEXT NOT NULL)";

/// An effect: the delivery, the attempt, the worker that ran it, and when.
const INSERT: &str = "INSERT INTO effects (event_id, attempt, worker, at) VALUES ($1, $2, $3, $4)";

/// Every effect, as [`crate::check::Effect`] reads them.
pub const SELECT: &str = "SELECT event_id, attempt, worker, at FROM effects";

/// A worker's way to write effects: a connection to the SQLite file, or a few to PostgreSQL, one
/// for each handler that may run at once.
pub enum Writer {
    /// The SQLite file, one writer at a time.
    Sqlite(Arc<std::sync::Mutex<rusqlite::Connection>>),
    /// The PostgreSQL database of the inbox.
    #[cfg(feature = "postgres")]
    Postgres(Box<postgres::Pool>),
}

impl Writer {
    /// Opens the effects at `effects` (a `postgres://` URL or a file) for `handlers` handlers at
    /// once.
    pub fn open(effects: &str, handlers: usize) -> Writer {
        if effects.starts_with("postgres://") {
            #[cfg(feature = "postgres")]
            return Writer::Postgres(Box::new(postgres::Pool::new(effects, handlers)));
            #[cfg(not(feature = "postgres"))]
            panic!("effects on PostgreSQL need the `postgres` feature");
        }
        let _ = handlers;
        let connection = rusqlite::Connection::open(effects).expect("the effects file opens");
        connection
            .busy_timeout(std::time::Duration::from_secs(10))
            .expect("a busy timeout");
        Writer::Sqlite(Arc::new(std::sync::Mutex::new(connection)))
    }

    /// Writes the effect of this attempt, committed on its own.
    pub async fn write(&self, delivery: &Delivery) -> Result<(), Failure> {
        let row = Row::of(delivery);
        match self {
            Writer::Sqlite(connection) => {
                let connection = Arc::clone(connection);
                tokio::task::spawn_blocking(move || {
                    let connection = connection.lock().expect("no handler panicked");
                    connection
                        .execute(
                            INSERT,
                            rusqlite::params![row.event_id, row.attempt, row.worker, row.at],
                        )
                        .map(drop)
                })
                .await
                .map_err(Failure::retry)?
                .map_err(Failure::from)
            }
            #[cfg(feature = "postgres")]
            Writer::Postgres(pool) => {
                let mut slot = pool.connection().await?;
                let connection = slot.as_mut().expect("connected");
                connection
                    .client
                    .execute(&connection.insert, &row.params())
                    .await?;
                Ok(())
            }
        }
    }

    /// Writes the effect of this attempt and marks the delivery done in one transaction, with
    /// [`Delivery::mark_done_in`]: both commit, or neither.
    #[cfg(feature = "postgres")]
    pub async fn write_and_mark_done(&self, delivery: &Delivery) -> Result<(), Failure> {
        let Writer::Postgres(pool) = self else {
            panic!("the transactional done mark needs the effects in the inbox's PostgreSQL");
        };
        let row = Row::of(delivery);
        let mut slot = pool.connection().await?;
        let connection = slot.as_mut().expect("connected");
        let transaction = connection.client.transaction().await?;
        transaction
            .execute(&connection.insert, &row.params())
            .await?;
        delivery.mark_done_in(&transaction).await?;
        transaction.commit().await?;
        Ok(())
    }

    /// The fault `done-first`: marks the delivery done, in a transaction of its own that
    /// commits, before anything else (PostgreSQL only; a SQLite store is marked by the worker).
    #[cfg(feature = "postgres")]
    pub async fn mark_done_alone(&self, delivery: &Delivery) -> Result<(), Failure> {
        let Writer::Postgres(pool) = self else {
            unreachable!("the worker marks a SQLite store itself");
        };
        let mut slot = pool.connection().await?;
        let connection = slot.as_mut().expect("connected");
        let transaction = connection.client.transaction().await?;
        delivery.mark_done_in(&transaction).await?;
        transaction.commit().await?;
        Ok(())
    }
}

/// The columns of one effect.
struct Row {
    event_id: String,
    attempt: i32,
    worker: String,
    at: String,
}

impl Row {
    /// Its parameters for [`INSERT`], in order.
    #[cfg(feature = "postgres")]
    fn params(&self) -> [&(dyn tokio_postgres::types::ToSql + Sync); 4] {
        [&self.event_id, &self.attempt, &self.worker, &self.at]
    }

    fn of(delivery: &Delivery) -> Row {
        Row {
            event_id: delivery.event_id.clone(),
            attempt: i32::try_from(delivery.attempt).expect("a few attempts"),
            worker: delivery.worker().to_owned(),
            at: timestamp(SystemTime::now()),
        }
    }
}

#[cfg(feature = "postgres")]
mod postgres {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;
    use tokio::sync::{Mutex, MutexGuard};
    use tokio_postgres::{Client, Config, NoTls, Statement};
    use vibes_inbox::Failure;

    /// A few connections, each opened again when it broke (the database was stopped).
    pub struct Pool {
        config: Config,
        connections: Vec<Mutex<Option<Connection>>>,
        next: AtomicUsize,
    }

    /// A connection, and its insert of an effect prepared.
    pub struct Connection {
        pub client: Client,
        pub insert: Statement,
    }

    impl Pool {
        pub fn new(url: &str, size: usize) -> Pool {
            let mut config: Config = url.parse().expect("a PostgreSQL URL");
            config.connect_timeout(Duration::from_secs(2));
            Pool {
                config,
                connections: (0..size.max(1)).map(|_| Mutex::new(None)).collect(),
                next: AtomicUsize::new(0),
            }
        }

        /// The next connection in turn, opened if it is not.
        pub async fn connection(&self) -> Result<MutexGuard<'_, Option<Connection>>, Failure> {
            let turn = self.next.fetch_add(1, Ordering::Relaxed) % self.connections.len();
            let mut slot = self.connections[turn].lock().await;
            if slot
                .as_ref()
                .is_none_or(|connection| connection.client.is_closed())
            {
                *slot = None;
                let (client, connection) = self.config.connect(NoTls).await?;
                tokio::spawn(connection);
                let insert = client.prepare(super::INSERT).await?;
                *slot = Some(Connection { client, insert });
            }
            Ok(slot)
        }
    }
}
