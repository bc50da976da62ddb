//! PostgreSQL's migrations: the recorded version read, the missing steps run, and the new
//! version recorded, in one transaction under an advisory lock, so that receivers and workers
//! that start together upgrade the schema once.

use super::postgres;
use crate::error::StoreError;
use crate::store::schema::{self, MIGRATIONS};
use tokio_postgres::{Client, Transaction};

/// Brings the schema the connection sees (on its search path) up to [`schema::LATEST`]; a
/// store of a newer version is refused and left as it is.
pub(super) async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let failed = |error| {
        let error = postgres(error);
        StoreError::new(format!("the PostgreSQL store cannot be upgraded: {error}"))
    };
    let transaction = client.transaction().await.map_err(failed)?;
    transaction
        .execute(
            "SELECT pg_advisory_xact_lock($1)",
            &[&schema::POSTGRES_LOCK],
        )
        .await
        .map_err(failed)?;
    let recorded: Option<i32> = if has_table(&transaction, "inbox_schema").await? {
        transaction
            .query_opt(schema::READ_VERSION, &[])
            .await
            .map_err(failed)?
            .map(|row| row.get(0))
    } else {
        None
    };
    // Before versions were recorded, the first schema's tables were all there was.
    let version = match recorded {
        Some(version) => u32::try_from(version).unwrap_or_default(),
        None if has_table(&transaction, "deliveries").await? => 1,
        None => 0,
    };
    if version > schema::LATEST {
        return Err(StoreError::newer_schema("the PostgreSQL store", version));
    }
    if recorded.is_some_and(|recorded| recorded as u32 == schema::LATEST) {
        return Ok(());
    }
    for migration in MIGRATIONS.iter().filter(|step| step.version > version) {
        transaction
            .batch_execute(migration.postgres)
            .await
            .map_err(|error| {
                StoreError::new(format!(
                    "the PostgreSQL store cannot be upgraded to version {} ({}): {}",
                    migration.version,
                    migration.adds,
                    postgres(error)
                ))
            })?;
    }
    let latest = schema::LATEST as i32;
    transaction
        .batch_execute(schema::VERSION_TABLE)
        .await
        .map_err(failed)?;
    transaction
        .execute(schema::WRITE_VERSION[0], &[])
        .await
        .map_err(failed)?;
    transaction
        .execute(schema::WRITE_VERSION[1], &[&latest])
        .await
        .map_err(failed)?;
    transaction.commit().await.map_err(failed)
}

async fn has_table(transaction: &Transaction<'_>, name: &str) -> Result<bool, StoreError> {
    let row = transaction
        .query_one(schema::POSTGRES_HAS_TABLE, &[&name])
        .await
        .map_err(postgres)?;
    Ok(row.get(0))
}
