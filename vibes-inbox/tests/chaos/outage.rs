//! PostgreSQL stopped under four workers mid-run, as a crash stops it (`pg_ctl stop -m
//! immediate`), and started again on the same port a few seconds later. Nobody restarts the
//! workers: each backs off while the database is away (its log shows pauses that grow, up to
//! the cap), none of its claims or writes fails once the database is back, the same workers
//! finish the work, and in the end every delivery is done and nothing is marked done that was
//! not handled (the handlers commit their effect on their own, then return `Ok`, so a done mark
//! without the effect of its attempt would be a delivery lost).
//!
//! The server is the scenario's own, so that stopping it disturbs no other test. The scenario
//! runs when PostgreSQL's programs are installed, or fails without them when
//! `VIBES_REQUIRE_POSTGRES=1`, and otherwise says that it did not run.

use crate::Ran;
use crate::fleet::{Fleet, Stopped};
use crate::rig::Rig;
use crate::server::Server;
use crate::worker::{Mode, Orders};
use std::time::{Duration, SystemTime};
use vibes_inbox::timestamp;

/// The workers.
const WORKERS: usize = 4;

/// The deliveries stored.
const DELIVERIES: usize = 5_000;

/// How long the database is away.
const OUTAGE: Duration = Duration::from_secs(3);

/// How long any wait of the scenario may take before it fails.
const LONGEST: Duration = Duration::from_secs(120);

/// The consumer's pause after a store error: the first, and the longest.
const PAUSES: (Duration, Duration) = (Duration::from_millis(100), Duration::from_secs(5));

pub async fn run() -> Ran {
    #[cfg(feature = "postgres")]
    {
        let required = std::env::var("VIBES_REQUIRE_POSTGRES").as_deref() == Ok("1");
        if !required && !Server::installed() {
            return Ran::Skipped(
                "PostgreSQL's programs (initdb, pg_ctl) are not installed, and \
                 VIBES_REQUIRE_POSTGRES is not 1"
                    .to_owned(),
            );
        }
        let server = Server::start();
        let rig = Rig::postgres_at(&server.url, DELIVERIES).await;
        through_an_outage(&server, &rig).await;
        Ran::Yes
    }
    #[cfg(not(feature = "postgres"))]
    crate::postgres_not_built()
}

async fn through_an_outage(server: &Server, rig: &Rig) {
    let mut orders = Orders::new(&rig.store, &rig.effects, Mode::Plain);
    // Each handler waits a millisecond, so that handlers are under way when the database goes.
    orders.pace = Duration::from_millis(1);
    let mut fleet = Fleet::new(orders, &rig.logs());
    for _ in 0..WORKERS {
        fleet.start();
    }
    rig.until_done(DELIVERIES / 4, LONGEST, || fleet.logs())
        .await;
    let done_before = rig.done().await.expect("the store answers");
    server.crash();
    let down = rig.done().await;
    assert_eq!(down, None, "the store still answers after the crash");
    tokio::time::sleep(OUTAGE).await;
    fleet.assert_running();
    server.start_again();
    let back_at = SystemTime::now();
    rig.until_done(DELIVERIES, LONGEST, || fleet.logs()).await;
    fleet.assert_running();
    let stopped = fleet.stop().await;

    let readback = rig.readback().await;
    let scenario = "four workers through a PostgreSQL outage";
    readback.assert_all_done_and_handled(scenario);
    let mut longest = Duration::ZERO;
    let mut most = 0;
    let mut went_on = 0;
    for worker in &stopped {
        assert!(worker.status.success(), "{worker:?}");
        let failures = failures(worker);
        let pauses: Vec<Duration> = failures.iter().map(|(_, pause)| *pause).collect();
        // It noticed, and backed off: its pauses grew past the first, and not past the cap,
        // and it tried again a few times rather than in a tight loop.
        assert!(
            pauses.iter().any(|pause| *pause > PAUSES.0),
            "{scenario}: worker {} did not back off: {pauses:?}\n{}",
            worker.pid,
            worker.log
        );
        assert!(
            pauses.iter().all(|pause| *pause <= PAUSES.1) && pauses.len() <= 40,
            "{scenario}: worker {} paused {pauses:?}",
            worker.pid
        );
        // And recovered: once the database was back, none of its claims or writes failed.
        assert!(
            failures.iter().all(|(at, _)| *at < back_at),
            "{scenario}: worker {} still failed after the database was back at {}:\n{}",
            worker.pid,
            timestamp(back_at),
            worker.log
        );
        longest = longest.max(pauses.iter().copied().max().unwrap_or_default());
        most = most.max(pauses.len());
        // How many handled deliveries again: not always all, since one still in a long pause
        // when the database came back may find the others took the rest.
        let pid = worker.pid.to_string();
        went_on += usize::from(readback.effects.iter().any(|effect| {
            effect.worker.split(':').nth(1) == Some(&pid)
                && crate::kill::seconds_between(back_at, &effect.at) > 0.0
        }));
    }
    let lost: u64 = stopped.iter().map(|worker| worker.lost).sum();
    println!(
        "chaos: PostgreSQL stopped (-m immediate) under four workers for {OUTAGE:?} once \
         {done_before} of {DELIVERIES} deliveries were done: every worker backed off (pauses up \
         to {longest:?}, at most {most} failed tries) and went on by itself ({went_on} of \
         {WORKERS} handled deliveries again before the last was done); {} effects, {} \
         duplicates, {} claimed again, {lost} outcomes not recorded (lease lost), {} done \
         without its effect, {:.1}s",
        readback.effects.len(),
        readback.duplicates(),
        readback.repeated(),
        readback.done_unhandled().len(),
        rig.made.elapsed().as_secs_f64()
    );
}

/// When a worker's claim or write failed, and the pause it then took, as its log shows them
/// (the consumer's warning "the worker could not …, and tries again in 200ms: …", after the
/// time the line was written).
fn failures(worker: &Stopped) -> Vec<(SystemTime, Duration)> {
    worker
        .log
        .lines()
        .filter_map(|line| {
            let (at, rest) = line.split_once(' ')?;
            let at = chrono::DateTime::parse_from_rfc3339(at).ok()?;
            let (pause, _) = rest
                .split_once(", and tries again in ")?
                .1
                .split_once(':')?;
            let (number, unit) = pause.split_at(pause.find(|c: char| c.is_alphabetic())?);
            let number: f64 = number.parse().ok()?;
            let pause = match unit {
                "ms" => Duration::from_secs_f64(number / 1000.0),
                "s" => Duration::from_secs_f64(number),
                _ => return None,
            };
            Some((SystemTime::from(at.with_timezone(&chrono::Utc)), pause))
        })
        .collect()
}
