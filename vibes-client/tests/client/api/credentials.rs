//! Credentials read from a file: the two lines, comments and blank lines; a bad line named by
//! its number, never shown, since it may hold the password.

use super::PASSWORD;
use std::path::PathBuf;
use vibes_client::api::{CredentialsSourceError, credentials_from_file};

/// A file of the test's own under the temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn with(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!("vibes-client-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn a_file_of_two_lines_gives_the_credentials() {
    let file = TempFile::with(
        "good",
        &format!("# acme\n\nVIBES_API_USER=VibesUser\r\nVIBES_API_PASSWORD={PASSWORD}\n"),
    );
    let credentials = credentials_from_file(&file.0).unwrap();
    assert_eq!(credentials.user(), "VibesUser");
    let expected = vibes_types::api::Credentials::new("VibesUser", PASSWORD).unwrap();
    assert_eq!(credentials, expected);
    assert!(!format!("{credentials:?}").contains(PASSWORD));
}

#[test]
fn a_bad_line_is_named_by_its_number_and_not_shown() {
    let file = TempFile::with(
        "bad",
        &format!("VIBES_API_USER=VibesUser\npassword {PASSWORD}\n"),
    );
    let error = credentials_from_file(&file.0).unwrap_err();
    assert!(
        matches!(error, CredentialsSourceError::Line { line: 2, .. }),
        "{error:?}"
    );
    assert!(!error.to_string().contains(PASSWORD), "{error}");
    assert!(!format!("{error:?}").contains(PASSWORD), "{error:?}");
}

#[test]
fn a_missing_password_is_named() {
    let file = TempFile::with("missing", "VIBES_API_USER=VibesUser\n");
    let error = credentials_from_file(&file.0).unwrap_err();
    assert!(
        error.to_string().ends_with("no VIBES_API_PASSWORD= line"),
        "{error}"
    );
}
