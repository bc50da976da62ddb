//! What goes wrong with a store: unreachable, full, or a schema this version cannot use.

use std::fmt;

/// The store failed: unreachable, full, or its schema is not one this version can use.
#[derive(Clone, Debug)]
pub struct StoreError {
    what: String,
    newer_schema: Option<u32>,
}

impl StoreError {
    /// An error that says what failed, as a phrase ("the SQLite store x.sqlite cannot be
    /// opened: …").
    pub(crate) fn new(what: impl Into<String>) -> Self {
        StoreError {
            what: what.into(),
            newer_schema: None,
        }
    }

    /// The store's schema is at `version`, which a newer release of this crate wrote.
    pub(crate) fn newer_schema(store: impl fmt::Display, version: u32) -> Self {
        StoreError {
            what: format!(
                "{store} has schema version {version}, newer than this vibes-inbox {} knows \
                 (up to {}): it was written by a newer release; upgrade this program rather \
                 than let it change the store",
                env!("CARGO_PKG_VERSION"),
                crate::store::schema::LATEST,
            ),
            newer_schema: Some(version),
        }
    }

    /// The schema version of a store that a newer release wrote, when that is the error.
    pub fn newer_schema_version(&self) -> Option<u32> {
        self.newer_schema
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)
    }
}

impl std::error::Error for StoreError {}
