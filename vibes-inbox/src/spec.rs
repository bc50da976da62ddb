//! Where a store is: a SQLite file, or a PostgreSQL URL, as `--store` names it.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// Which store: a SQLite file, or a PostgreSQL URL.
///
/// Any text parses: a `postgres://` or `postgresql://` URL is PostgreSQL, anything else is a
/// file path. A URL given to a build without the `postgres` feature is refused when the store
/// is opened, with an error that names the feature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreSpec {
    /// An embedded SQLite database in this file.
    Sqlite(PathBuf),
    /// A PostgreSQL database, by its `postgres://` (or `postgresql://`) URL.
    Postgres(String),
}

impl FromStr for StoreSpec {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let postgres = ["postgres://", "postgresql://"]
            .iter()
            .any(|scheme| text.starts_with(scheme));
        Ok(if postgres {
            StoreSpec::Postgres(text.to_owned())
        } else {
            StoreSpec::Sqlite(PathBuf::from(text))
        })
    }
}

impl fmt::Display for StoreSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreSpec::Sqlite(path) => write!(f, "the SQLite store {}", path.display()),
            // The URL may hold a password: only its kind is said.
            StoreSpec::Postgres(_) => f.write_str("the PostgreSQL store"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_is_postgres_and_anything_else_a_file() {
        for url in ["postgres://u@localhost/db", "postgresql://localhost"] {
            assert!(matches!(url.parse(), Ok(StoreSpec::Postgres(found)) if found == url));
        }
        for path in ["inbox.sqlite", "/tmp/postgres://x", "postgres"] {
            assert!(matches!(path.parse(), Ok(StoreSpec::Sqlite(_))), "{path}");
        }
        let secret: StoreSpec = "postgres://u:secret@h/db".parse().unwrap();
        assert!(!secret.to_string().contains("secret"));
    }
}
