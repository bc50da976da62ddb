//! A scenario's worker processes: this executable run again as a worker (`worker.rs`), each
//! killed with SIGKILL or stopped by closing its standard input, its log kept in a file.

use crate::worker::Orders;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The workers of a scenario, all with the same orders.
pub struct Fleet {
    orders: Orders,
    logs: PathBuf,
    running: Vec<Running>,
    started: usize,
    /// How many were killed.
    pub kills: usize,
}

/// A worker process under way.
struct Running {
    child: Child,
    input: Option<ChildStdin>,
    log: PathBuf,
}

/// A worker process that was stopped: how it ended, what it recorded, and its log.
#[derive(Debug)]
pub struct Stopped {
    /// Its process id.
    pub pid: u32,
    /// How it exited.
    pub status: ExitStatus,
    /// The outcomes it could not record because their lease had been lost to a later claim.
    pub lost: u64,
    /// Its log: the consumer's, at `info`.
    pub log: String,
}

/// How long a stopped worker may take to finish its handlers and exit.
const STOPPING: Duration = Duration::from_secs(30);

impl Fleet {
    /// No worker yet; their logs go to the folder `logs`.
    pub fn new(orders: Orders, logs: &Path) -> Fleet {
        Fleet {
            orders,
            logs: logs.to_owned(),
            running: Vec::new(),
            started: 0,
            kills: 0,
        }
    }

    /// Starts one more worker; answers its process id.
    pub fn start(&mut self) -> u32 {
        let log = self.logs.join(format!("worker-{}.log", self.started));
        self.started += 1;
        let mut child = Command::new(std::env::current_exe().expect("this executable"))
            .args(self.orders.arguments())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(File::create(&log).expect("a log file"))
            .spawn()
            .expect("a worker process starts");
        let input = child.stdin.take();
        let pid = child.id();
        self.running.push(Running { child, input, log });
        pid
    }

    /// Kills the worker `index` (among those under way) with SIGKILL, and waits for it to end;
    /// answers its process id.
    pub fn kill(&mut self, index: usize) -> u32 {
        let mut running = self.running.remove(index);
        let pid = running.child.id();
        if let Ok(Some(status)) = running.child.try_wait() {
            panic!(
                "worker {pid} had ended before it was killed, {status}: {}",
                tail(&running.log)
            );
        }
        // `Child::kill` sends SIGKILL on Unix: no handler, no clean-up, as a crash.
        running.child.kill().expect("SIGKILL");
        running.child.wait().expect("the killed worker is reaped");
        self.kills += 1;
        pid
    }

    /// How many workers are under way.
    pub fn len(&self) -> usize {
        self.running.len()
    }

    /// Panics, with its log, if a worker under way has ended on its own.
    pub fn assert_running(&mut self) {
        for running in &mut self.running {
            if let Ok(Some(status)) = running.child.try_wait() {
                panic!(
                    "worker {} ended on its own, {status}: {}",
                    running.child.id(),
                    tail(&running.log)
                );
            }
        }
    }

    /// The last lines of every worker's log under way, for a failure's message.
    pub fn logs(&self) -> String {
        self.running
            .iter()
            .map(|running| format!("worker {}: {}", running.child.id(), tail(&running.log)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Stops every worker under way (their input closed: they finish the handlers under way,
    /// record them, and exit), and answers how each ended.
    pub async fn stop(mut self) -> Vec<Stopped> {
        for running in &mut self.running {
            running.input.take();
        }
        let mut stopped = Vec::new();
        for mut running in std::mem::take(&mut self.running) {
            let deadline = Instant::now() + STOPPING;
            let status = loop {
                if let Some(status) = running.child.try_wait().expect("a worker's status") {
                    break status;
                }
                if Instant::now() > deadline {
                    let _ = running.child.kill();
                    panic!(
                        "worker {} did not stop within {STOPPING:?}: {}",
                        running.child.id(),
                        tail(&running.log)
                    );
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            };
            let mut output = String::new();
            if let Some(mut stdout) = running.child.stdout.take() {
                std::io::Read::read_to_string(&mut stdout, &mut output).expect("its output");
            }
            let count = |name: &str| {
                output
                    .split_whitespace()
                    .find_map(|word| word.strip_prefix(name)?.strip_prefix('='))
                    .and_then(|number| number.parse().ok())
                    .unwrap_or_else(|| {
                        panic!(
                            "worker {} printed no tally ({status}): {output:?} {}",
                            running.child.id(),
                            tail(&running.log)
                        )
                    })
            };
            stopped.push(Stopped {
                pid: running.child.id(),
                status,
                lost: count("lost"),
                log: std::fs::read_to_string(&running.log).unwrap_or_default(),
            });
        }
        stopped
    }
}

impl Drop for Fleet {
    /// A scenario that failed leaves no worker behind.
    fn drop(&mut self) {
        for running in &mut self.running {
            let _ = running.child.kill();
            let _ = running.child.wait();
        }
    }
}

/// The last lines of a log.
fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(12)..].join("\n")
}
