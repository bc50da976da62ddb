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
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use vibes_emulator::Emulator;

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

/// Runs `vibes callbacks ARGS` against `emulator` for the tests' company, its credentials in
/// the environment as a team would give them.
pub fn run_callbacks(emulator: &Emulator, args: &[&str]) -> Output {
    Command::new(program("vibes"))
        .arg("callbacks")
        .args(args)
        .args([
            "--company",
            crate::helpers::COMPANY,
            "--base-url",
            &emulator.base_url(),
        ])
        .env("VIBES_API_USER", emulator.user())
        .env("VIBES_API_PASSWORD", emulator.password())
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .expect("vibes runs")
}

/// `vibes callbacks ARGS --format json`, which must succeed; the JSON it prints.
pub fn callbacks(emulator: &Emulator, args: &[&str]) -> serde_json::Value {
    let mut with_json = args.to_vec();
    with_json.extend(["--format", "json"]);
    let output = run_callbacks(emulator, &with_json);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "vibes callbacks {args:?}: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|error| panic!("{error}: {stdout}"))
}
