//! Writing generated files, or checking that they are fresh: one function for both.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What to do with a generated file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write it when it differs.
    Write,
    /// Change nothing; report it when it differs.
    Check,
}

/// The workspace root (this crate lives one level below it).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Makes `path` (relative to the root) hold `contents`: writes it in [`Mode::Write`], and in
/// [`Mode::Check`] returns an error with a short diff and the command to run when it differs.
/// Returns whether the file changed (or would).
pub fn ensure_file_contents(relative: &Path, contents: &str, mode: Mode) -> Result<bool, String> {
    let path = project_root().join(relative);
    let current = std::fs::read_to_string(&path).ok();
    if current.as_deref() == Some(contents) {
        return Ok(false);
    }
    match mode {
        Mode::Write => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|error| format!("{}: {error}", parent.display()))?;
            }
            std::fs::write(&path, contents)
                .map_err(|error| format!("{}: {error}", path.display()))?;
            Ok(true)
        }
        Mode::Check => Err(format!(
            "{} is stale:\n{}\nrun `cargo xtask generate` and commit the result",
            relative.display(),
            short_diff(current.as_deref().unwrap_or(""), contents)
        )),
    }
}

/// The first lines that differ, as `-` (on disk) and `+` (generated), at most ten of each.
fn short_diff(on_disk: &str, generated: &str) -> String {
    let old: Vec<&str> = on_disk.lines().collect();
    let new: Vec<&str> = generated.lines().collect();
    let first = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let mut diff = format!("@@ line {} @@", first + 1);
    for line in old.iter().skip(first).take(10) {
        let _ = write!(diff, "\n-{line}");
    }
    for line in new.iter().skip(first).take(10) {
        let _ = write!(diff, "\n+{line}");
    }
    if on_disk.is_empty() {
        diff.push_str("\n(the file does not exist)");
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::short_diff;

    #[test]
    fn diff_shows_the_first_differing_lines() {
        let diff = short_diff("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(diff, "@@ line 2 @@\n-b\n-c\n+B\n+c");
    }
}
