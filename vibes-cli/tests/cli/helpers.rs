//! Running the binary, and where the repository's fixtures and schemas are.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The workspace root; the binary runs there, so the paths it reports are the repository's.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("vibes-cli lives in the workspace")
        .to_path_buf()
}

/// What a run gave: its exit status, standard output and standard error.
#[derive(Debug, PartialEq, Eq)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The JSON objects of the output, one a line.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}"))
            })
            .collect()
    }
}

/// The command, to run in the workspace root.
pub fn vibes(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vibes"));
    command.args(args).current_dir(workspace());
    // `vibes send` takes a proxy from the environment, as HTTP clients do; the tests' endpoints
    // are on the loopback interface, reached directly.
    for proxy in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        command.env_remove(proxy);
    }
    command
}

/// Runs `vibes args`, with `stdin` as its standard input.
pub fn run_with_input(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = vibes(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = child.stdin.take().expect("a piped standard input");
    let stdin = stdin.to_vec();
    // Written from another thread, so that a large input cannot block on a full output pipe.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("the binary runs");
    writer.join().expect("the input was written");
    finished(output)
}

/// Runs `vibes args` with nothing on its standard input.
pub fn run(args: &[&str]) -> Run {
    let output = vibes(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    finished(output)
}

/// Runs `vibes args` with nothing on its standard input and the environment variables `env` set.
pub fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = vibes(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    finished(output)
}

/// Runs `vibes args` with a standard output whose reader is gone before the program starts
/// (`vibes … | head -c 0`): every write to it fails, however little is written.
pub fn run_with_closed_output(args: &[&str]) -> Run {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = vibes(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .output()
        .expect("the binary runs");
    finished(output)
}

/// Runs `vibes args` with its standard error on a terminal (a pseudo-terminal `script` opens;
/// util-linux's, which every Debian machine has) and its standard output discarded: its exit
/// status and what the terminal showed.
#[cfg(target_os = "linux")]
pub fn run_on_a_terminal(args: &[&str]) -> (i32, String) {
    // Each word quoted for the shell `script` runs the command with.
    let quoted = |word: &str| format!("'{}'", word.replace('\'', r"'\''"));
    let mut line: Vec<String> = vec![quoted(env!("CARGO_BIN_EXE_vibes"))];
    line.extend(args.iter().map(|arg| quoted(arg)));
    line.push(">/dev/null".to_owned());
    let output = Command::new("script")
        .args([
            "--quiet",
            "--return",
            "--flush",
            "--command",
            &line.join(" "),
            "/dev/null",
        ])
        .current_dir(workspace())
        .stdin(Stdio::null())
        .output()
        .expect("`script` (util-linux) runs the command on a pseudo-terminal");
    let code = output.status.code().expect("script exits, not killed");
    (code, String::from_utf8_lossy(&output.stdout).into_owned())
}

pub fn finished(output: Output) -> Run {
    Run {
        code: output.status.code().expect("the binary exits, not killed"),
        stdout: String::from_utf8(output.stdout).expect("the report is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("the messages are UTF-8"),
    }
}

/// The bytes of a fixture: a `.txt` fixture writes each byte that cannot be shown as `\xHH`
/// (`tests/fixtures/errors/callbacks/SOURCES.md`), every other file is its bytes.
pub fn fixture_bytes(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    if path.extension().is_none_or(|ext| ext != "txt") {
        return bytes;
    }
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let escape = bytes[at..]
            .starts_with(b"\\x")
            .then(|| std::str::from_utf8(bytes.get(at + 2..at + 4)?).ok())
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escape {
            Some(byte) => {
                decoded.push(byte);
                at += 4;
            }
            None => {
                decoded.push(bytes[at]);
                at += 1;
            }
        }
    }
    decoded
}

/// A file of `bytes` in a fresh folder under the target directory, removed when dropped.
pub struct TempFile {
    pub path: PathBuf,
}

impl TempFile {
    pub fn new(name: &str, bytes: &[u8]) -> Self {
        // Tests run in parallel in one process: each file has a folder of its own.
        static CREATED: AtomicUsize = AtomicUsize::new(0);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "vibes-cli-{}-{}",
            std::process::id(),
            CREATED.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("a temporary file");
        TempFile { path }
    }

    pub fn arg(&self) -> &str {
        self.path
            .to_str()
            .expect("the target directory has a UTF-8 path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(dir) = self.path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
