//! The JSON Schema files under `schemas/` and the OpenAPI document that refers to them, as
//! `vibes_types::schema::files` makes them from the Rust types, and the copies the READMEs show
//! (of a schema, of an example).

use crate::codegen::{Mode, ensure_file_contents};
use std::path::Path;

/// The schema file the bindings for other languages are generated from (by
/// `bash bindings/generate.sh`, which needs Python and Node, so it is not run from here).
const BINDINGS_SOURCE: &str = "callback-union.schema.json";

/// Writes (or checks) every schema file; returns a one-line report.
pub fn generate(mode: Mode) -> Result<String, String> {
    let written: Vec<(String, String)> = vibes_types::schema::files()
        .into_iter()
        .map(|file| (format!("schemas/{}", file.path()), file.text().to_owned()))
        .collect();
    let mut changed = 0;
    let mut bindings_stale = false;
    for (path, contents) in &written {
        let file_changed = ensure_file_contents(Path::new(path), contents, mode)?;
        changed += usize::from(file_changed);
        bindings_stale |= file_changed && path.ends_with(BINDINGS_SOURCE);
    }
    let readmes_changed = crate::readmes::generate(&written, mode)?;
    changed += readmes_changed;
    Ok(match mode {
        Mode::Write if bindings_stale => format!(
            "{} generated files written, {changed} changed; {BINDINGS_SOURCE} changed, so run \
             `bash bindings/generate.sh` too",
            written.len()
        ),
        Mode::Write => format!(
            "{} generated files written, {changed} changed",
            written.len()
        ),
        Mode::Check => format!("{} generated files are fresh", written.len()),
    })
}

#[cfg(test)]
mod tests {
    /// `cargo test --workspace` fails when a committed generated file is stale.
    #[test]
    fn generated_files_are_fresh() {
        if let Err(stale) = super::generate(super::Mode::Check) {
            panic!("{stale}");
        }
    }
}
