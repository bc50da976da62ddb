//! PostgreSQL's reader: the store read back, and the deliveries' state changed, for the `inbox`
//! commands.

use super::{open, postgres, processing, state};
use crate::error::StoreError;
use crate::state::State;
use crate::store::schema;
use crate::store::{
    Entry, Listed, Purge, Purged, Recent, Refused, RefusedShown, Retried, Shown, StateCount,
    StoredDelivery,
};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, GenericClient, Row};

/// A PostgreSQL store opened to read it back.
#[derive(Debug)]
pub struct Reader {
    client: Client,
}

impl Reader {
    /// Connects to the database at `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Reader, StoreError> {
        let (_, client) = open(url).await?;
        Ok(Reader { client })
    }

    pub async fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        let mut entries = Vec::new();
        for row in query(&self.client, schema::LIST_DELIVERIES, &[]).await? {
            entries.push(delivery_entry(&row)?);
        }
        for row in query(&self.client, schema::LIST_REJECTED, &[]).await? {
            entries.push(Entry {
                received_at: row.try_get(0).map_err(postgres)?,
                rejected: Some(status(&row, 1)?),
                event_id: row.try_get(2).map_err(postgres)?,
                callback_type: None,
                size: size(&row, 3)?,
                processing: None,
            });
        }
        Ok(entries)
    }

    pub async fn show(&self, event_id: &str) -> Result<Vec<Shown>, StoreError> {
        if let Some(row) = query(&self.client, schema::SHOW_DELIVERY, &[&event_id])
            .await?
            .first()
        {
            return Ok(vec![Shown {
                received_at: row.try_get(0).map_err(postgres)?,
                summary: row.try_get(1).map_err(postgres)?,
                headers: row.try_get(2).map_err(postgres)?,
                body: Some(row.try_get(3).map_err(postgres)?),
                processing: Some(processing(row, 4)?),
            }]);
        }
        let mut shown = Vec::new();
        for row in query(&self.client, schema::SHOW_REJECTED, &[&event_id]).await? {
            let error: String = row.try_get(2).map_err(postgres)?;
            shown.push(Shown {
                received_at: row.try_get(0).map_err(postgres)?,
                summary: format!("rejected {}: {error}", status(&row, 1)?),
                headers: row.try_get(3).map_err(postgres)?,
                body: row.try_get(4).map_err(postgres)?,
                processing: None,
            });
        }
        Ok(shown)
    }

    /// Every accepted body, a page at a time, so that a large inbox is never held whole.
    pub async fn bodies(
        &self,
        each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), StoreError> {
        let (mut received_at, mut event_id) = (String::new(), String::new());
        loop {
            let page = query(
                &self.client,
                schema::EXPORT_PAGE,
                &[&received_at, &event_id, &schema::EXPORT_PAGE_ROWS],
            )
            .await?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            received_at = last.try_get(0).map_err(postgres)?;
            event_id = last.try_get(1).map_err(postgres)?;
            for row in &page {
                let body: &[u8] = row.try_get(2).map_err(postgres)?;
                each(body)
                    .map_err(|error| StoreError::new(format!("cannot write a body: {error}")))?;
            }
        }
    }

    pub async fn dead(&self) -> Result<Vec<Entry>, StoreError> {
        query(&self.client, schema::LIST_DEAD, &[])
            .await?
            .iter()
            .map(delivery_entry)
            .collect()
    }

    pub async fn retry(
        &mut self,
        event_ids: &[String],
        now: &str,
    ) -> Result<Vec<Retried>, StoreError> {
        let transaction = self.client.transaction().await.map_err(postgres)?;
        let mut retried = Vec::with_capacity(event_ids.len());
        for event_id in event_ids {
            // The row is locked until the commit, so a worker's claim cannot slip in between.
            let state = query(
                &transaction,
                &format!("{} FOR UPDATE", schema::STATE_OF),
                &[event_id],
            )
            .await?;
            retried.push(match state.first() {
                None => Retried::Unknown,
                Some(row) => match super::state(row, 0)? {
                    State::Leased => Retried::Leased,
                    before => {
                        transaction
                            .execute(schema::RETRY, &[&now, event_id])
                            .await
                            .map_err(postgres)?;
                        Retried::Pending(before)
                    }
                },
            });
        }
        transaction.commit().await.map_err(postgres)?;
        Ok(retried)
    }

    pub async fn retry_dead(&self, now: &str) -> Result<u64, StoreError> {
        self.client
            .execute(schema::RETRY_DEAD, &[&now])
            .await
            .map_err(postgres)
    }

    pub async fn page(&self, after: i64, limit: u32) -> Result<Vec<StoredDelivery>, StoreError> {
        let limit = i64::from(limit);
        query(&self.client, schema::SELECT_DELIVERIES, &[&after, &limit])
            .await?
            .iter()
            .map(|row| {
                Ok(StoredDelivery {
                    seq: row.try_get(0).map_err(postgres)?,
                    event_id: row.try_get(1).map_err(postgres)?,
                    callback_type: row.try_get(2).map_err(postgres)?,
                    received_at: row.try_get(3).map_err(postgres)?,
                    headers: row.try_get(4).map_err(postgres)?,
                    body: row.try_get(5).map_err(postgres)?,
                    state: state(row, 6)?,
                    method: row.try_get(7).map_err(postgres)?,
                })
            })
            .collect()
    }

    pub async fn purge(&mut self, purge: &Purge) -> Result<Purged, StoreError> {
        let transaction = self.client.transaction().await.map_err(postgres)?;
        let finished = async |state: &str| -> Result<u64, StoreError> {
            let event_ids: Vec<String> = query(
                &transaction,
                schema::PURGE_FINISHED[0],
                &[&state, &purge.before],
            )
            .await?
            .iter()
            .map(|row| row.try_get(0).map_err(postgres))
            .collect::<Result<_, _>>()?;
            delete_deliveries(&transaction, &event_ids).await
        };
        let mut purged = Purged {
            done: finished("done").await?,
            ..Purged::default()
        };
        if purge.dead {
            purged.dead = finished("dead").await?;
        }
        if purge.unfinished {
            let event_ids: Vec<String> =
                query(&transaction, schema::PURGE_UNFINISHED, &[&purge.before])
                    .await?
                    .iter()
                    .map(|row| row.try_get(0).map_err(postgres))
                    .collect::<Result<_, _>>()?;
            purged.unfinished = delete_deliveries(&transaction, &event_ids).await?;
        }
        if purge.rejected {
            purged.rejected = transaction
                .execute(schema::PURGE_REJECTED, &[&purge.before])
                .await
                .map_err(postgres)?;
        }
        transaction.commit().await.map_err(postgres)?;
        Ok(purged)
    }

    pub async fn states(&self) -> Result<Vec<StateCount>, StoreError> {
        query(&self.client, schema::COUNT_STATES, &[])
            .await?
            .iter()
            .map(|row| {
                let count: i64 = row.try_get(1).map_err(postgres)?;
                Ok(StateCount {
                    state: state(row, 0)?,
                    count: u64::try_from(count).unwrap_or_default(),
                    earliest_due: row.try_get(2).map_err(postgres)?,
                })
            })
            .collect()
    }

    pub async fn oldest_pending(&self) -> Result<Option<String>, StoreError> {
        let row = self
            .client
            .query_one(schema::OLDEST_PENDING, &[])
            .await
            .map_err(postgres)?;
        row.try_get(0).map_err(postgres)
    }

    pub async fn recent(&self, recent: &Recent) -> Result<Vec<Listed>, StoreError> {
        let state = recent.state.map(State::as_str);
        let limit = i64::from(recent.limit);
        let rows = query(
            &self.client,
            schema::RECENT,
            &[
                &recent.callback_type,
                &state,
                &recent.received_from,
                &recent.received_before,
                &recent.before_seq,
                &limit,
            ],
        )
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Listed {
                    seq: row.try_get(0).map_err(postgres)?,
                    entry: Entry {
                        received_at: row.try_get(1).map_err(postgres)?,
                        rejected: None,
                        event_id: Some(row.try_get(2).map_err(postgres)?),
                        callback_type: Some(row.try_get(3).map_err(postgres)?),
                        size: size(row, 4)?,
                        processing: Some(processing(row, 5)?),
                    },
                })
            })
            .collect()
    }

    pub async fn refused(
        &self,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Refused>, StoreError> {
        let limit = i64::from(limit);
        query(&self.client, schema::REFUSED, &[&before_id, &limit])
            .await?
            .iter()
            .map(refused)
            .collect()
    }

    pub async fn refused_one(&self, id: i64) -> Result<Option<RefusedShown>, StoreError> {
        let rows = query(&self.client, schema::REFUSED_ONE, &[&id]).await?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        Ok(Some(RefusedShown {
            refused: refused(row)?,
            headers: row.try_get(8).map_err(postgres)?,
            body: row.try_get(9).map_err(postgres)?,
        }))
    }
}

/// A refused request, from the first eight columns of [`schema::REFUSED`].
fn refused(row: &Row) -> Result<Refused, StoreError> {
    Ok(Refused {
        id: row.try_get(0).map_err(postgres)?,
        received_at: row.try_get(1).map_err(postgres)?,
        status: status(row, 2)?,
        event_id: row.try_get(3).map_err(postgres)?,
        method: row.try_get(4).map_err(postgres)?,
        source: row.try_get(5).map_err(postgres)?,
        error: row.try_get(6).map_err(postgres)?,
        size: size(row, 7)?,
    })
}

/// Removes these deliveries, whose processing rows are gone; answers how many.
async fn delete_deliveries(
    client: &impl GenericClient,
    event_ids: &[String],
) -> Result<u64, StoreError> {
    let delete = client
        .prepare(schema::PURGE_FINISHED[1])
        .await
        .map_err(postgres)?;
    for event_id in event_ids {
        client
            .execute(&delete, &[event_id])
            .await
            .map_err(postgres)?;
    }
    Ok(event_ids.len() as u64)
}

/// An accepted delivery's line, from the columns of [`schema::LIST_DELIVERIES`].
fn delivery_entry(row: &Row) -> Result<Entry, StoreError> {
    Ok(Entry {
        received_at: row.try_get(0).map_err(postgres)?,
        rejected: None,
        event_id: Some(row.try_get(1).map_err(postgres)?),
        callback_type: Some(row.try_get(2).map_err(postgres)?),
        size: size(row, 3)?,
        processing: Some(processing(row, 4)?),
    })
}

async fn query(
    client: &impl GenericClient,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<Row>, StoreError> {
    client.query(sql, params).await.map_err(postgres)
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
