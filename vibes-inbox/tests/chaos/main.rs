//! The consumer's chaos tests: real worker processes killed with SIGKILL, and a real PostgreSQL
//! stopped under them, with every row read back afterwards (issue 20, point 9).
//!
//! - `kill.rs`: a worker killed mid-handler, on SQLite and on PostgreSQL; the delivery is
//!   handled again once its lease ran out, and nothing is lost.
//! - `kills.rs`: four workers on PostgreSQL with 20,000 deliveries, one killed at random and
//!   another started, again and again; with the done mark in the handler's own transaction each
//!   effect exists exactly once, without it each delivery is handled at least once and the
//!   duplicates stay within what the kills could repeat.
//! - `outage.rs`: a PostgreSQL server of the test's own stopped mid-run and started again; the
//!   workers back off, recover on their own, and mark nothing done that was not handled.
//!
//! The target has no libtest harness: `main` runs the scenarios one after the other, printing
//! one line of counts for each, and a worker is this same executable run again with
//! [`worker::FLAG`] and its options (`worker.rs`), so that each is a process of its own that a
//! SIGKILL ends at once. Of the arguments `cargo test` passes, a word that is not a flag runs
//! only the scenarios whose names contain it (libtest's filter), `--skip WORD` leaves out those
//! that contain it, `--list` names them, and every other flag (`--nocapture`, `--quiet`, …) is
//! ignored.
//!
//! The PostgreSQL scenarios need the `postgres` feature and the server of
//! `VIBES_TEST_POSTGRES_URL` (`eval "$(bash .ci/postgres/start.sh)"` starts one); without them
//! they are reported skipped, with the reason, or fail when `VIBES_REQUIRE_POSTGRES=1`, as CI
//! sets it. The outage starts a server of its own with `.ci/postgres/start.sh`, when
//! PostgreSQL's programs are installed or `VIBES_REQUIRE_POSTGRES=1`, and is reported skipped
//! otherwise.
//!
//! To see the checks fail, run the target with `VIBES_CHAOS_FAULT=done-first`: every worker then
//! marks each delivery done, in a transaction of its own that commits, before its handler
//! writes the effect, the bug these checks are for, and each scenario fails.

// Built with one store only, the scenarios of the other leave parts of the rig unused.
#![cfg_attr(not(all(feature = "sqlite", feature = "postgres")), allow(dead_code))]

mod check;
mod effects;
mod fleet;
mod kill;
mod kills;
mod outage;
mod rig;
mod server;
mod worker;

use std::future::Future;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::time::Instant;

/// A scenario: its name, and the run that panics when a check fails.
type Scenario = (&'static str, fn() -> Pin<Box<dyn Future<Output = Ran>>>);

/// Whether a scenario ran, or why not.
enum Ran {
    /// It ran, and its checks held.
    Yes,
    /// It did not run, for this reason.
    Skipped(String),
}

const SCENARIOS: &[Scenario] = &[
    (
        "a_worker_killed_mid_handler_on_sqlite_is_handled_again_after_its_lease",
        || Box::pin(kill::on_sqlite()),
    ),
    (
        "a_worker_killed_mid_handler_on_postgres_is_handled_again_after_its_lease",
        || Box::pin(kill::on_postgres()),
    ),
    (
        "four_workers_killed_again_and_again_with_the_done_mark_in_their_transaction_have_each_effect_once",
        || Box::pin(kills::transactional()),
    ),
    (
        "four_workers_killed_again_and_again_handle_each_delivery_at_least_once_with_bounded_duplicates",
        || Box::pin(kills::plain()),
    ),
    (
        "workers_outlive_a_postgres_outage_and_mark_nothing_done_that_was_not_handled",
        || Box::pin(outage::run()),
    ),
];

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if arguments.first().map(String::as_str) == Some(worker::FLAG) {
        std::process::exit(worker::main(&arguments[1..]));
    }
    let chosen = choose(&arguments);
    if arguments.iter().any(|argument| argument == "--list") {
        for (name, _) in chosen {
            println!("{name}: test");
        }
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the scenarios");
    let started = Instant::now();
    let mut failed = Vec::new();
    let mut skipped = 0;
    println!("\nrunning {} chaos scenarios", chosen.len());
    for (name, run) in &chosen {
        let _ = std::io::stdout().flush();
        let ran = std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(run())));
        match ran {
            Ok(Ran::Yes) => println!("scenario {name} ... ok"),
            Ok(Ran::Skipped(why)) => {
                println!("scenario {name} ... skipped: {why}");
                skipped += 1;
            }
            Err(_) => {
                println!("scenario {name} ... FAILED");
                failed.push(*name);
            }
        }
    }
    println!(
        "\nchaos result: {}. {} passed; {} failed; {skipped} skipped; finished in {:.1}s",
        if failed.is_empty() { "ok" } else { "FAILED" },
        chosen.len() - failed.len() - skipped,
        failed.len(),
        started.elapsed().as_secs_f64()
    );
    if !failed.is_empty() {
        for name in failed {
            println!("    {name}");
        }
        std::process::exit(101);
    }
}

/// The scenarios the arguments choose: those whose names contain one of the words that are not
/// flags (all of them when there is none), less those a `--skip WORD` names.
fn choose(arguments: &[String]) -> Vec<Scenario> {
    let mut filters = Vec::new();
    let mut skips = Vec::new();
    let mut words = arguments.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--skip" => skips.extend(words.next()),
            // libtest's flags that take a value: the value is not a filter.
            "--test-threads" | "--color" | "--format" | "--logfile" | "-Z" | "--shuffle-seed" => {
                words.next();
            }
            flag if flag.starts_with('-') => {}
            filter => filters.push(filter),
        }
    }
    SCENARIOS
        .iter()
        .filter(|(name, _)| filters.is_empty() || filters.iter().any(|f| name.contains(f)))
        .filter(|(name, _)| !skips.iter().any(|skip| name.contains(skip.as_str())))
        .copied()
        .collect()
}

/// Why a PostgreSQL scenario did not run: built without the `postgres` feature. Fails instead
/// when `VIBES_REQUIRE_POSTGRES=1`.
#[cfg(not(feature = "postgres"))]
fn postgres_not_built() -> Ran {
    assert!(
        std::env::var("VIBES_REQUIRE_POSTGRES").as_deref() != Ok("1"),
        "VIBES_REQUIRE_POSTGRES=1 but vibes-inbox is built without its `postgres` feature"
    );
    Ran::Skipped("built without the `postgres` feature".to_owned())
}

/// Why a PostgreSQL scenario did not run: no test server.
#[cfg(feature = "postgres")]
fn no_test_server() -> Ran {
    Ran::Skipped("VIBES_TEST_POSTGRES_URL is not set".to_owned())
}
