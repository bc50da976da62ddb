//! A PostgreSQL server of the scenario's own, started by `.ci/postgres/start.sh` (a throw-away
//! cluster in a temporary folder, as a user that is not root, on a free port of 127.0.0.1), so
//! that it can be stopped as a crash stops it and started again on the same port. Its folder is
//! removed when it is dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A server under the scenario's control.
pub struct Server {
    /// Its URL, on the database `vibes_test`.
    pub url: String,
    dir: PathBuf,
    port: u16,
}

impl Server {
    /// Whether PostgreSQL's programs are installed, as `.ci/postgres/common.sh` finds them.
    pub fn installed() -> bool {
        Command::new("bash")
            .args([
                "-c",
                r#". "$1/common.sh" && postgres_bin >/dev/null"#,
                "bash",
            ])
            .arg(scripts())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    /// Starts a new server with `.ci/postgres/start.sh`.
    pub fn start() -> Server {
        let log = tempfile::NamedTempFile::new().expect("a file for start.sh's messages");
        let output = Command::new("bash")
            .arg(scripts().join("start.sh"))
            .stdin(Stdio::null())
            .stderr(log.reopen().expect("the messages' file"))
            .output()
            .expect("bash runs start.sh");
        let messages = std::fs::read_to_string(log.path()).unwrap_or_default();
        assert!(
            output.status.success(),
            "start.sh failed, {}: {messages}",
            output.status
        );
        let exports = String::from_utf8(output.stdout).expect("start.sh prints text");
        let exported = |name: &str| {
            exports
                .lines()
                .find_map(|line| line.strip_prefix(&format!("export {name}=")))
                .unwrap_or_else(|| panic!("start.sh printed no {name}: {exports}"))
                .to_owned()
        };
        let url = exported("VIBES_TEST_POSTGRES_URL");
        let dir = PathBuf::from(exported("VIBES_POSTGRES_DIR"));
        let port = url
            .rsplit_once(':')
            .and_then(|(_, rest)| rest.split('/').next()?.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url}"));
        Server { url, dir, port }
    }

    /// Stops the server as a crash would: `pg_ctl stop -m immediate`, every connection cut, no
    /// checkpoint.
    pub fn crash(&self) {
        self.pg_ctl(&["--mode=immediate", "--wait", "--silent", "stop"]);
    }

    /// Starts it again on the same port, recovering from its crash.
    pub fn start_again(&self) {
        let log = format!("--log={}", self.dir.join("server.log").display());
        let options = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories={}",
            self.port,
            self.dir.display()
        );
        self.pg_ctl(&[
            &log,
            "--wait",
            "--timeout=60",
            "--silent",
            "-o",
            &options,
            "start",
        ]);
    }

    /// Runs `pg_ctl` on the cluster as its user, with `.ci/postgres/common.sh`'s helpers.
    fn pg_ctl(&self, arguments: &[&str]) {
        let status = Command::new("bash")
            .args([
                "-c",
                r#". "$1/common.sh"; dir=$2; shift 2
                   as_postgres_user "$(postgres_bin)/pg_ctl" --pgdata="$dir/data" "$@""#,
                "bash",
            ])
            .arg(scripts())
            .arg(&self.dir)
            .args(arguments)
            // The server started keeps no pipe of ours open: its output goes to its log.
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .expect("bash runs pg_ctl");
        assert!(
            status.success(),
            "pg_ctl {arguments:?} failed, {status}: {}",
            std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
        );
    }
}

impl Drop for Server {
    /// Stops the server and removes its folder, as `.ci/postgres/stop.sh` does.
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(scripts().join("stop.sh"))
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status();
    }
}

/// The repository's `.ci/postgres` folder.
fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/postgres")
}
