//! SQLite's reader: the store read back, and the deliveries' state changed, for the `inbox`
//! commands. Each method runs its statements on a blocking thread.

use super::{Open, Shared, size, sqlite};
use crate::error::StoreError;
use crate::state::{Processing, State};
use crate::store::schema;
use crate::store::{
    Entry, Listed, Purge, Purged, Recent, Refused, RefusedShown, Retried, Shown, StateCount,
    StoredDelivery,
};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use std::path::Path;

/// A SQLite store opened to read it back.
#[derive(Debug)]
pub struct Reader {
    shared: Shared,
}

impl Reader {
    /// Opens the database at `path`, which must exist, and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Reader, StoreError> {
        Ok(Reader {
            shared: Shared::new(super::open(path, Open::Existing)?),
        })
    }

    pub async fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        self.shared
            .run(|connection| {
                let mut entries = rows(connection, schema::LIST_DELIVERIES, [], delivery_entry)?;
                entries.extend(rows(connection, schema::LIST_REJECTED, [], |row| {
                    Ok(Entry {
                        received_at: row.get(0)?,
                        rejected: Some(row.get(1)?),
                        event_id: row.get(2)?,
                        callback_type: None,
                        size: size(row.get(3)?),
                        processing: None,
                    })
                })?);
                Ok(entries)
            })
            .await
    }

    pub async fn show(&self, event_id: &str) -> Result<Vec<Shown>, StoreError> {
        let event_id = event_id.to_owned();
        self.shared
            .run(move |connection| {
                let delivery = rows(connection, schema::SHOW_DELIVERY, [&event_id], |row| {
                    Ok(Shown {
                        received_at: row.get(0)?,
                        summary: row.get(1)?,
                        headers: row.get(2)?,
                        body: Some(row.get(3)?),
                        processing: Some(processing(row, 4)?),
                    })
                })?;
                if !delivery.is_empty() {
                    return Ok(delivery);
                }
                rows(connection, schema::SHOW_REJECTED, [&event_id], |row| {
                    let status: u16 = row.get(1)?;
                    let error: String = row.get(2)?;
                    Ok(Shown {
                        received_at: row.get(0)?,
                        summary: format!("rejected {status}: {error}"),
                        headers: row.get(3)?,
                        body: row.get(4)?,
                        processing: None,
                    })
                })
            })
            .await
    }

    /// Every accepted body, a page at a time, so that a large inbox is never held whole.
    pub async fn bodies(
        &self,
        each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), StoreError> {
        let mut after = (String::new(), String::new());
        loop {
            let from = after.clone();
            let page: Vec<(String, String, Vec<u8>)> = self
                .shared
                .run(move |connection| {
                    rows(
                        connection,
                        schema::EXPORT_PAGE,
                        params![from.0, from.1, schema::EXPORT_PAGE_ROWS],
                        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                    )
                })
                .await?;
            for (_, _, body) in &page {
                each(body)
                    .map_err(|error| StoreError::new(format!("cannot write a body: {error}")))?;
            }
            match page.into_iter().last() {
                Some((received_at, event_id, _)) => after = (received_at, event_id),
                None => return Ok(()),
            }
        }
    }

    pub async fn dead(&self) -> Result<Vec<Entry>, StoreError> {
        self.shared
            .run(|connection| rows(connection, schema::LIST_DEAD, [], delivery_entry))
            .await
    }

    pub async fn retry(&self, event_ids: &[String], now: &str) -> Result<Vec<Retried>, StoreError> {
        let (event_ids, now) = (event_ids.to_vec(), now.to_owned());
        self.shared
            .run(move |connection| {
                let transaction = connection
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(sqlite)?;
                let mut retried = Vec::with_capacity(event_ids.len());
                for event_id in &event_ids {
                    let state: Option<String> = transaction
                        .query_row(schema::STATE_OF, [event_id], |row| row.get(0))
                        .optional()
                        .map_err(sqlite)?;
                    retried.push(match state.as_deref().map(str::parse::<State>) {
                        None => Retried::Unknown,
                        Some(Ok(State::Leased)) => Retried::Leased,
                        Some(Ok(state)) => {
                            transaction
                                .execute(schema::RETRY, params![now, event_id])
                                .map_err(sqlite)?;
                            Retried::Pending(state)
                        }
                        Some(Err(unknown)) => {
                            return Err(StoreError::new(format!("SQLite: {unknown}")));
                        }
                    });
                }
                transaction.commit().map_err(sqlite)?;
                Ok(retried)
            })
            .await
    }

    pub async fn retry_dead(&self, now: &str) -> Result<u64, StoreError> {
        let now = now.to_owned();
        self.shared
            .run(move |connection| {
                let changed = connection
                    .execute(schema::RETRY_DEAD, [now])
                    .map_err(sqlite)?;
                Ok(changed as u64)
            })
            .await
    }

    pub async fn page(&self, after: i64, limit: u32) -> Result<Vec<StoredDelivery>, StoreError> {
        self.shared
            .run(move |connection| {
                rows(
                    connection,
                    schema::SELECT_DELIVERIES,
                    params![after, limit],
                    |row| {
                        Ok(StoredDelivery {
                            seq: row.get(0)?,
                            event_id: row.get(1)?,
                            callback_type: row.get(2)?,
                            received_at: row.get(3)?,
                            headers: row.get(4)?,
                            body: row.get(5)?,
                            state: state(row, 6)?,
                            method: row.get(7)?,
                        })
                    },
                )
            })
            .await
    }

    pub async fn purge(&self, purge: &Purge) -> Result<Purged, StoreError> {
        let purge = purge.clone();
        self.shared
            .run(move |connection| {
                let transaction = connection
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(sqlite)?;
                let finished = |state: &str| -> Result<u64, StoreError> {
                    let event_ids: Vec<String> = rows(
                        &transaction,
                        schema::PURGE_FINISHED[0],
                        params![state, purge.before],
                        |row| row.get(0),
                    )?;
                    delete_deliveries(&transaction, &event_ids)
                };
                let mut purged = Purged {
                    done: finished("done")?,
                    ..Purged::default()
                };
                if purge.dead {
                    purged.dead = finished("dead")?;
                }
                if purge.unfinished {
                    let event_ids: Vec<String> = rows(
                        &transaction,
                        schema::PURGE_UNFINISHED,
                        [&purge.before],
                        |row| row.get(0),
                    )?;
                    purged.unfinished = delete_deliveries(&transaction, &event_ids)?;
                }
                if purge.rejected {
                    purged.rejected = transaction
                        .execute(schema::PURGE_REJECTED, [&purge.before])
                        .map_err(sqlite)? as u64;
                }
                transaction.commit().map_err(sqlite)?;
                Ok(purged)
            })
            .await
    }

    pub async fn states(&self) -> Result<Vec<StateCount>, StoreError> {
        self.shared
            .run(|connection| {
                rows(connection, schema::COUNT_STATES, [], |row| {
                    Ok(StateCount {
                        state: state(row, 0)?,
                        count: row.get::<_, i64>(1)?.try_into().unwrap_or_default(),
                        earliest_due: row.get(2)?,
                    })
                })
            })
            .await
    }

    pub async fn oldest_pending(&self) -> Result<Option<String>, StoreError> {
        self.shared
            .run(|connection| {
                connection
                    .query_row(schema::OLDEST_PENDING, [], |row| row.get(0))
                    .map_err(sqlite)
            })
            .await
    }

    pub async fn recent(&self, recent: &Recent) -> Result<Vec<Listed>, StoreError> {
        let recent = recent.clone();
        self.shared
            .run(move |connection| {
                let params = params![
                    recent.callback_type,
                    recent.state.map(|state| state.as_str()),
                    recent.received_from,
                    recent.received_before,
                    recent.before_seq,
                    recent.limit,
                ];
                rows(connection, schema::RECENT, params, |row| {
                    Ok(Listed {
                        seq: row.get(0)?,
                        entry: Entry {
                            received_at: row.get(1)?,
                            rejected: None,
                            event_id: Some(row.get(2)?),
                            callback_type: Some(row.get(3)?),
                            size: size(row.get(4)?),
                            processing: Some(processing(row, 5)?),
                        },
                    })
                })
            })
            .await
    }

    pub async fn refused(
        &self,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Refused>, StoreError> {
        self.shared
            .run(move |connection| {
                rows(
                    connection,
                    schema::REFUSED,
                    params![before_id, limit],
                    refused,
                )
            })
            .await
    }

    pub async fn refused_one(&self, id: i64) -> Result<Option<RefusedShown>, StoreError> {
        self.shared
            .run(move |connection| {
                connection
                    .query_row(schema::REFUSED_ONE, [id], |row| {
                        Ok(RefusedShown {
                            refused: refused(row)?,
                            headers: row.get(8)?,
                            body: row.get(9)?,
                        })
                    })
                    .optional()
                    .map_err(sqlite)
            })
            .await
    }
}

/// A refused request, from the first eight columns of [`schema::REFUSED`].
fn refused(row: &Row<'_>) -> rusqlite::Result<Refused> {
    Ok(Refused {
        id: row.get(0)?,
        received_at: row.get(1)?,
        status: row.get(2)?,
        event_id: row.get(3)?,
        method: row.get(4)?,
        source: row.get(5)?,
        error: row.get(6)?,
        size: size(row.get(7)?),
    })
}

/// Removes these deliveries, whose processing rows are gone; answers how many.
fn delete_deliveries(connection: &Connection, event_ids: &[String]) -> Result<u64, StoreError> {
    let mut delete = connection
        .prepare(schema::PURGE_FINISHED[1])
        .map_err(sqlite)?;
    for event_id in event_ids {
        delete.execute([event_id]).map_err(sqlite)?;
    }
    Ok(event_ids.len() as u64)
}

/// An accepted delivery's line, from the columns of [`schema::LIST_DELIVERIES`].
fn delivery_entry(row: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        received_at: row.get(0)?,
        rejected: None,
        event_id: Some(row.get(1)?),
        callback_type: Some(row.get(2)?),
        size: size(row.get(3)?),
        processing: Some(processing(row, 4)?),
    })
}

/// The processing state in the six columns from `first`.
fn processing(row: &Row<'_>, first: usize) -> rusqlite::Result<Processing> {
    Ok(Processing {
        state: state(row, first)?,
        attempts: row.get(first + 1)?,
        due_at: row.get(first + 2)?,
        leased_by: row.get(first + 3)?,
        last_error: row.get(first + 4)?,
        finished_at: row.get(first + 5)?,
    })
}

fn state(row: &Row<'_>, index: usize) -> rusqlite::Result<State> {
    let name: String = row.get(index)?;
    name.parse().map_err(|unknown| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(unknown),
        )
    })
}

/// Every row `sql` selects with `params`, each made into a `T` by `make`.
fn rows<T>(
    connection: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    make: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = connection.prepare(sql).map_err(sqlite)?;
    let rows = statement.query_map(params, make).map_err(sqlite)?;
    rows.collect::<Result<_, _>>().map_err(sqlite)
}
