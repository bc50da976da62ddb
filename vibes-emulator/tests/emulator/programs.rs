//! The workspace's programs, `vibes` and `vibes-receiver`, as the end-to-end test runs them.
//!
//! A test can only name the binaries of its own package (`CARGO_BIN_EXE_…`), so these are built
//! and found by asking cargo (`cargo build -p vibes-cli --bin vibes -p vibes-receiver --bin
//! vibes-receiver`, which reports each executable's path): always the current code, whether the
//! test runs alone or under `cargo test --workspace`, and independent of the other packages'
//! test targets. Under `cargo test --workspace` the two programs are built once more with the
//! features of these two packages alone (a minute or two on 2 cores).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The path of the workspace program `name` (`vibes`, `vibes-receiver`), built if needed.
pub fn program(name: &str) -> PathBuf {
    static BUILT: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    BUILT
        .get_or_init(build)
        .get(name)
        .unwrap_or_else(|| panic!("cargo built no program named {name}"))
        .clone()
}

fn build() -> HashMap<String, PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let output = Command::new(env!("CARGO"))
        .args([
            "build",
            "--locked",
            "--message-format=json-render-diagnostics",
            "-p",
            "vibes-cli",
            "--bin",
            "vibes",
            "-p",
            "vibes-receiver",
            "--bin",
            "vibes-receiver",
        ])
        .current_dir(workspace)
        .stderr(Stdio::inherit())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo build of vibes and vibes-receiver failed"
    );
    let mut programs = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_bin = message["target"]["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|kind| kind == "bin"));
        if message["reason"] == "compiler-artifact"
            && is_bin
            && let (Some(name), Some(path)) = (
                message["target"]["name"].as_str(),
                message["executable"].as_str(),
            )
        {
            programs.insert(name.to_owned(), PathBuf::from(path));
        }
    }
    programs
}
