//! A worker killed with SIGKILL in the middle of a handler, on SQLite and on PostgreSQL: the
//! delivery it held is handled again, as attempt 2, by another worker once its lease has run
//! out, and every delivery ends done and handled.
//!
//! One worker takes 200 deliveries, four handlers at a time, each working 10 ms. The handler of
//! the twentieth writes its effect and then never returns; once that effect is there, the worker
//! is killed, so that it dies holding that delivery, the ones it claimed ahead, and outcomes it
//! had not written yet. A second worker then takes over.

use crate::Ran;
use crate::fleet::Fleet;
use crate::rig::Rig;
use crate::worker::{Mode, Orders};
use std::time::{Duration, Instant, SystemTime};

/// The deliveries stored.
const DELIVERIES: usize = 200;

/// The lease: short, so that the second worker takes the stalled delivery soon.
const LEASE: Duration = Duration::from_secs(1);

/// How long each handler works.
const PACE: Duration = Duration::from_millis(10);

/// How long any wait of the scenario may take before it fails.
const LONGEST: Duration = Duration::from_secs(60);

/// The scenario on a SQLite file.
pub async fn on_sqlite() -> Ran {
    #[cfg(feature = "sqlite")]
    {
        let rig = Rig::sqlite(DELIVERIES).await;
        killed_mid_handler("SQLite", &rig).await;
        rig.clean().await;
        Ran::Yes
    }
    #[cfg(not(feature = "sqlite"))]
    Ran::Skipped("built without the `sqlite` feature".to_owned())
}

/// The scenario on the test PostgreSQL server, in a schema of its own.
pub async fn on_postgres() -> Ran {
    #[cfg(feature = "postgres")]
    {
        let Some(server) = vibes_tests::postgres::server(
            "a_worker_killed_mid_handler_on_postgres_is_handled_again_after_its_lease",
        ) else {
            return crate::no_test_server();
        };
        let rig = Rig::postgres(&server, DELIVERIES).await;
        killed_mid_handler("PostgreSQL", &rig).await;
        rig.clean().await;
        Ran::Yes
    }
    #[cfg(not(feature = "postgres"))]
    crate::postgres_not_built()
}

async fn killed_mid_handler(database: &str, rig: &Rig) {
    let stalled = rig.event_ids[19].clone();
    let mut orders = Orders::new(&rig.store, &rig.effects, Mode::Plain);
    orders.lease = LEASE;
    orders.pace = PACE;
    orders.stall = Some(stalled.clone());
    let mut fleet = Fleet::new(orders, &rig.logs());
    let first = fleet.start();

    // The stalled handler wrote its effect, and runs on: the worker is killed under it.
    let deadline = Instant::now() + LONGEST;
    while !rig
        .effects()
        .await
        .is_some_and(|effects| effects.iter().any(|effect| effect.event_id == stalled))
    {
        assert!(
            Instant::now() < deadline,
            "the handler of {stalled} never started: {}",
            fleet.logs()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    fleet.kill(0);
    let killed_at = SystemTime::now();
    let held = rig.processing().await.expect("the store answers")[&stalled].clone();
    assert_eq!(
        (
            held.state.as_str(),
            held.attempts,
            pid_of(held.leased_by.as_deref())
        ),
        ("leased", 1, Some(first)),
        "{stalled} is leased to the killed worker, attempt 1: {held:?}"
    );
    let unfinished = rig.event_ids.len() - rig.done().await.expect("the store answers");

    let second = fleet.start();
    rig.until_done(DELIVERIES, LONGEST, || fleet.logs()).await;
    for stopped in fleet.stop().await {
        assert!(stopped.status.success(), "{stopped:?}");
    }

    let readback = rig.readback().await;
    let scenario = format!("a worker killed mid-handler on {database}");
    readback.assert_all_done_and_handled(&scenario);
    let effects = readback.effects_of(&stalled);
    let attempts: Vec<(u32, Option<u32>)> = effects
        .iter()
        .map(|effect| (effect.attempt, pid_of(Some(&effect.worker))))
        .collect();
    assert_eq!(
        attempts,
        [(1, Some(first)), (2, Some(second))],
        "{scenario}: {stalled} was handled by the killed worker, then once more by the next"
    );
    assert_eq!(readback.deliveries[&stalled].attempts, 2, "{scenario}");
    // Not before its lease ran out: the killed worker's lease held it until then.
    let again = &effects[1].at;
    assert!(
        again.as_str() >= held.due_at.as_str(),
        "{scenario}: attempt 2 of {stalled} began at {again}, before the lease ran out at {}",
        held.due_at
    );
    let after_kill = seconds_between(killed_at, again);
    println!(
        "chaos: a worker killed mid-handler on {database}: {DELIVERIES} deliveries, 1 kill \
         ({unfinished} unfinished then), {} claimed again, {} handled twice, the stalled one \
         handled again as attempt 2 {after_kill:.2}s after the kill (lease {LEASE:?}), {:.1}s",
        readback.repeated(),
        readback.duplicates(),
        rig.made.elapsed().as_secs_f64()
    );
}

/// The process id in a worker's id (`chaos:PID:SUFFIX`).
pub fn pid_of(worker: Option<&str>) -> Option<u32> {
    worker?.split(':').nth(1)?.parse().ok()
}

/// The seconds from `from` to the time `to` (RFC 3339).
pub fn seconds_between(from: SystemTime, to: &str) -> f64 {
    let to = chrono::DateTime::parse_from_rfc3339(to).expect("an RFC 3339 time");
    let to = SystemTime::from(to.with_timezone(&chrono::Utc));
    match to.duration_since(from) {
        Ok(after) => after.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}
