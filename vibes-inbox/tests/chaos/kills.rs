//! Four workers on PostgreSQL share 20,000 deliveries while one of them, chosen at random, is
//! killed with SIGKILL and another started in its place, five times over the run.
//!
//! - With the done mark in the handler's own transaction ([`Mode::Transactional`]), each
//!   delivery's effect exists exactly once: its effect and its mark commit together, and a
//!   killed worker's open transaction rolls back with its connection.
//! - Without it ([`Mode::Plain`]: the effect committed on its own, then `Ok`), each delivery is
//!   handled at least once, and the duplicates are bounded by the kills. A killed worker can
//!   leave at most `2 × concurrency + prefetch` deliveries whose effect was written and whose
//!   done mark was not, and each is handled once more by the worker that claims it next:
//!   `Run::go` writes its outcomes with its next claim, or once a claim's worth
//!   (`concurrency + prefetch`) wait, so at most that many are finished and unwritten (the last
//!   of them in a write the kill cut off), and besides them at most `concurrency` handlers are
//!   under way, each perhaps past its effect. The deliveries claimed ahead and not started have no effect to repeat. Hence the
//!   assertion `duplicates ≤ kills × (2 × concurrency + prefetch)`; a worker that lost a lease
//!   while alive (its extensions late by most of a lease) would also repeat a delivery, and
//!   the two-second lease keeps that out of reach here.
//!
//! Each kill waits for its share of the run (the `k`th once `k/6` of the deliveries are done)
//! and half a second to a second and a half after the previous one, so that all five fall while
//! there is work, on a fast machine or a slow one.

use crate::Ran;
use crate::fleet::Fleet;
use crate::rig::Rig;
use crate::worker::{Mode, Orders};
use std::time::{Duration, Instant};

/// The workers under way at any time.
const WORKERS: usize = 4;

/// The deliveries stored.
const DELIVERIES: usize = 20_000;

/// The kills over the run.
const KILLS: usize = 5;

/// How long any wait of the scenario may take before it fails.
const LONGEST: Duration = Duration::from_secs(150);

/// With the done mark in the handler's transaction.
pub async fn transactional() -> Ran {
    on_test_server(
        "four_workers_killed_again_and_again_with_the_done_mark_in_their_transaction_have_each_effect_once",
        Mode::Transactional,
    )
    .await
}

/// With the effect committed on its own, then `Ok`.
pub async fn plain() -> Ran {
    on_test_server(
        "four_workers_killed_again_and_again_handle_each_delivery_at_least_once_with_bounded_duplicates",
        Mode::Plain,
    )
    .await
}

async fn on_test_server(scenario: &str, mode: Mode) -> Ran {
    #[cfg(feature = "postgres")]
    {
        let Some(server) = vibes_tests::postgres::server(scenario) else {
            return crate::no_test_server();
        };
        let rig = Rig::postgres(&server, DELIVERIES).await;
        through_kills(&rig, mode).await;
        rig.clean().await;
        Ran::Yes
    }
    #[cfg(not(feature = "postgres"))]
    {
        let _ = (scenario, mode);
        crate::postgres_not_built()
    }
}

async fn through_kills(rig: &Rig, mode: Mode) {
    let orders = Orders::new(&rig.store, &rig.effects, mode);
    let bound = 2 * orders.concurrency + orders.prefetch;
    let mut fleet = Fleet::new(orders, &rig.logs());
    for _ in 0..WORKERS {
        fleet.start();
    }
    let mut random = Random::new();
    let mut last = Instant::now();
    for kill in 1..=KILLS {
        let pause = Duration::from_millis(500 + random.below(1_000) as u64);
        tokio::time::sleep_until((last + pause).into()).await;
        rig.until_done(DELIVERIES * kill / (KILLS + 1), LONGEST, || fleet.logs())
            .await;
        let done = rig.done().await.expect("the store answers");
        assert!(
            done < DELIVERIES,
            "kill {kill} came after the last delivery was done: the run is too quick for its kills"
        );
        fleet.assert_running();
        fleet.kill(random.below(fleet.len()));
        fleet.start();
        last = Instant::now();
    }
    rig.until_done(DELIVERIES, LONGEST, || fleet.logs()).await;
    let kills = fleet.kills;
    let mut lost = 0;
    for stopped in fleet.stop().await {
        assert!(stopped.status.success(), "{stopped:?}");
        lost += stopped.lost;
    }

    let readback = rig.readback().await;
    let scenario = format!("four workers through {kills} kills, {} mode", mode.name());
    readback.assert_all_done_and_handled(&scenario);
    // The kills fell on work in flight: what the killed workers held was claimed again.
    assert!(
        readback.repeated() > 0,
        "{scenario}: no delivery was claimed twice"
    );
    let duplicates = readback.duplicates();
    let outcome = match mode {
        Mode::Transactional => {
            assert_eq!(
                (readback.effects.len(), duplicates),
                (DELIVERIES, 0),
                "{scenario}: each delivery's effect exactly once"
            );
            // Each effect is the one of the attempt marked done, by the worker that marked it.
            for effect in &readback.effects {
                let processing = &readback.deliveries[&effect.event_id];
                assert_eq!(
                    (effect.attempt, Some(effect.worker.as_str())),
                    (processing.attempts, processing.leased_by.as_deref()),
                    "{scenario}: {effect:?}"
                );
            }
            "exactly once".to_owned()
        }
        Mode::Plain => {
            assert!(
                duplicates <= kills * bound,
                "{scenario}: {duplicates} repeated effects, more than {kills} kills × {bound} \
                 (2 × concurrency + prefetch) could repeat"
            );
            format!(
                "at least once, duplicates bounded by {kills} × {bound} = {}",
                kills * bound
            )
        }
    };
    println!(
        "chaos: four workers, {} done mark, PostgreSQL: {DELIVERIES} deliveries, {kills} kills, \
         {} effects, {duplicates} duplicates ({outcome}), {} claimed again, {lost} outcomes \
         not recorded (lease lost), {:.1}s",
        mode.name(),
        readback.effects.len(),
        readback.repeated(),
        rig.made.elapsed().as_secs_f64()
    );
}

/// Which worker to kill, and when: a small random source (xorshift), seeded from the clock.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |since| since.as_nanos() as u64);
        Random(nanos | 1)
    }

    /// A number in `0..limit`.
    fn below(&mut self, limit: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % limit as u64) as usize
    }
}
