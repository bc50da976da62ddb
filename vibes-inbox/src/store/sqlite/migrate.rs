//! SQLite's migrations: the recorded version read, the missing steps run, and the new version
//! recorded, in one immediate transaction, so that two processes opening one file at once
//! upgrade it once.

use super::sqlite;
use crate::error::StoreError;
use crate::store::schema::{self, MIGRATIONS};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;

/// Brings the schema of the database `connection` is open on up to [`schema::LATEST`]; a
/// store of a newer version is refused and left as it is.
pub(super) fn migrate(connection: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let store = || format!("the SQLite store {}", path.display());
    let failed = |error: rusqlite::Error| {
        StoreError::new(format!("{} cannot be upgraded: {error}", store()))
    };
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(failed)?;
    let recorded: Option<u32> = if has_table(&transaction, "inbox_schema").map_err(sqlite)? {
        transaction
            .query_row(schema::READ_VERSION, [], |row| row.get(0))
            .optional()
            .map_err(failed)?
    } else {
        None
    };
    // Before versions were recorded, the first schema's tables were all there was.
    let version = match recorded {
        Some(version) => version,
        None if has_table(&transaction, "deliveries").map_err(sqlite)? => 1,
        None => 0,
    };
    if version > schema::LATEST {
        return Err(StoreError::newer_schema(store(), version));
    }
    if recorded == Some(schema::LATEST) {
        return Ok(());
    }
    for migration in MIGRATIONS.iter().filter(|step| step.version > version) {
        transaction
            .execute_batch(migration.sqlite)
            .map_err(|error| {
                StoreError::new(format!(
                    "{} cannot be upgraded to version {} ({}): {error}",
                    store(),
                    migration.version,
                    migration.adds
                ))
            })?;
    }
    transaction
        .execute_batch(schema::VERSION_TABLE)
        .and_then(|()| transaction.execute(schema::WRITE_VERSION[0], []))
        .and_then(|_| transaction.execute(schema::WRITE_VERSION[1], [schema::LATEST]))
        .and_then(|_| transaction.commit())
        .map_err(failed)
}

fn has_table(connection: &Connection, name: &str) -> rusqlite::Result<bool> {
    connection.query_row(schema::SQLITE_HAS_TABLE, [name], |row| {
        Ok(row.get::<_, i64>(0)? > 0)
    })
}
