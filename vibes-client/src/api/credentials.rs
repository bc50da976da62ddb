//! Where the API credentials come from: the environment or a file, never the command line
//! (which every user of the host sees in the process list).
//!
//! [`Credentials`] (from `vibes_types`) never show the password: not in `Debug`, not in an
//! error.

use std::fmt;
use std::path::{Path, PathBuf};
use vibes_types::api::{Credentials, CredentialsError};

/// The environment variable holding the API user.
pub const USER_VARIABLE: &str = "VIBES_API_USER";
/// The environment variable holding the API password.
pub const PASSWORD_VARIABLE: &str = "VIBES_API_PASSWORD";

/// Why no credentials could be read; never shows the password.
#[derive(Debug)]
#[non_exhaustive]
pub enum CredentialsSourceError {
    /// A variable (or a line of the file) is missing.
    Missing {
        /// `VIBES_API_USER` or `VIBES_API_PASSWORD`.
        name: &'static str,
        /// The file, when read from one.
        file: Option<PathBuf>,
    },
    /// The file cannot be read.
    File {
        /// The file.
        file: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// A line of the file is neither `NAME=value`, a comment nor blank.
    Line {
        /// The file.
        file: PathBuf,
        /// The line, from 1.
        line: usize,
    },
    /// The user or password cannot be sent as Basic authorization.
    Invalid(CredentialsError),
}

/// The credentials of `VIBES_API_USER` and `VIBES_API_PASSWORD`.
pub fn credentials_from_env() -> Result<Credentials, CredentialsSourceError> {
    let read = |name: &'static str| {
        std::env::var(name).map_err(|_| CredentialsSourceError::Missing { name, file: None })
    };
    let user = read(USER_VARIABLE)?;
    let password = read(PASSWORD_VARIABLE)?;
    Credentials::new(user, password).map_err(CredentialsSourceError::Invalid)
}

/// The credentials of a file of `NAME=value` lines, the names of the environment variables:
///
/// ```text
/// # the API user of acme
/// VIBES_API_USER=VibesUser
/// VIBES_API_PASSWORD=Password123
/// ```
///
/// Blank lines and lines starting with `#` are skipped; a value is taken as written after the
/// first `=` (no quotes removed, trailing `\r` dropped).
pub fn credentials_from_file(file: &Path) -> Result<Credentials, CredentialsSourceError> {
    let text = std::fs::read_to_string(file).map_err(|error| CredentialsSourceError::File {
        file: file.to_path_buf(),
        error,
    })?;
    let (mut user, mut password) = (None, None);
    for (index, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match line.split_once('=') {
            Some((name, value)) if name.trim() == USER_VARIABLE => user = Some(value.to_owned()),
            Some((name, value)) if name.trim() == PASSWORD_VARIABLE => {
                password = Some(value.to_owned());
            }
            _ => {
                return Err(CredentialsSourceError::Line {
                    file: file.to_path_buf(),
                    line: index + 1,
                });
            }
        }
    }
    let missing = |name| CredentialsSourceError::Missing {
        name,
        file: Some(file.to_path_buf()),
    };
    let user = user.ok_or_else(|| missing(USER_VARIABLE))?;
    let password = password.ok_or_else(|| missing(PASSWORD_VARIABLE))?;
    Credentials::new(user, password).map_err(CredentialsSourceError::Invalid)
}

impl fmt::Display for CredentialsSourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsSourceError::Missing { name, file: None } => {
                write!(f, "the environment variable {name} is not set")
            }
            CredentialsSourceError::Missing {
                name,
                file: Some(file),
            } => write!(f, "{}: no {name}= line", file.display()),
            CredentialsSourceError::File { file, error } => {
                write!(f, "{}: {error}", file.display())
            }
            CredentialsSourceError::Line { file, line } => write!(
                f,
                "{}, line {line}: expected {USER_VARIABLE}=… or {PASSWORD_VARIABLE}=… (the line is not shown: it may hold the password)",
                file.display()
            ),
            CredentialsSourceError::Invalid(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for CredentialsSourceError {}
