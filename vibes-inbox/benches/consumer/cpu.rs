//! CPU time read from `/proc`: this process's, and that of the PostgreSQL server of
//! `VIBES_POSTGRES_DIR` (`.ci/postgres/start.sh` sets it), to tell which of them is busy; and,
//! on PostgreSQL, how many transactions wrote, which is how many commits waited for the disk.
//! The CPU readings are those of the receiver's benches (`vibes-receiver/benches/support/cpu.rs`),
//! kept here too since a bench target cannot use another package's bench files.

use std::time::Duration;

/// A reading of both clocks.
#[derive(Clone, Copy, Debug, Default)]
pub struct Reading {
    /// This process: its threads, and those that ended.
    pub bench: Duration,
    /// The PostgreSQL server: its postmaster, its processes alive, and those it reaped.
    pub postgres: Option<Duration>,
}

impl Reading {
    pub fn now() -> Reading {
        Reading {
            bench: ticks("/proc/self/stat", false).unwrap_or_default(),
            postgres: postgres(),
        }
    }

    /// What was spent since `before`.
    pub fn since(self, before: Reading) -> Reading {
        Reading {
            bench: self.bench.saturating_sub(before.bench),
            postgres: self
                .postgres
                .zip(before.postgres)
                .map(|(now, then)| now.saturating_sub(then)),
        }
    }
}

/// User and system time of the process whose `stat` is at `path` (with its reaped children's
/// when `children`), from clock ticks of 10 ms.
fn ticks(path: &str, children: bool) -> Option<Duration> {
    let text = std::fs::read_to_string(path).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = text.rsplit_once(')')?.1.split_whitespace().collect();
    // utime, stime, cutime, cstime are fields 14 to 17 of stat, 12 to 15 after the name.
    let take = if children { 4 } else { 2 };
    let ticks: u64 = fields[11..11 + take]
        .iter()
        .filter_map(|field| field.parse::<u64>().ok())
        .sum();
    Some(Duration::from_millis(ticks * 10))
}

/// The PostgreSQL server's CPU time: the postmaster and what it reaped, and its live children.
fn postgres() -> Option<Duration> {
    let dir = std::env::var("VIBES_POSTGRES_DIR").ok()?;
    let pid = std::fs::read_to_string(format!("{dir}/data/postmaster.pid")).ok()?;
    let pid = pid.lines().next()?.trim().to_owned();
    let mut total = ticks(&format!("/proc/{pid}/stat"), true)?;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let name = entry.file_name();
        let Some(child) = name
            .to_str()
            .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1));
        if parent == Some(pid.as_str()) {
            total += ticks(&format!("/proc/{child}/stat"), false).unwrap_or_default();
        }
    }
    Some(total)
}

/// The id the next transaction that writes will take (PostgreSQL hands one to each transaction
/// that writes, and to this one, which asks): two readings apart by `n + 1` mean `n` writing
/// transactions between them.
#[cfg(feature = "postgres")]
pub async fn transaction_id(url: &str) -> i64 {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("the database answers");
    tokio::spawn(connection);
    client
        .query_one("SELECT pg_current_xact_id()::text::bigint", &[])
        .await
        .expect("a transaction id")
        .get(0)
}
