//! The consumer measured: `Worker`s with the default options and a handler that does nothing,
//! as many as asked, in this process, until every stored delivery is handled and recorded.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use vibes_inbox::{Delivery, Failure, Options, StoreSpec, Worker};

/// Runs `workers` workers on `spec` until `count` deliveries were handled, then stops them and
/// waits for each to record its outcomes; answers the time from their start to their end.
pub async fn drain(spec: &StoreSpec, workers: usize, count: usize) -> Duration {
    let mut opened = Vec::with_capacity(workers);
    for n in 0..workers {
        let options = Options {
            name: format!("bench{n}"),
            ..Options::default()
        };
        opened.push(Worker::open(spec, options).await.expect("a worker opens"));
    }
    let handled = Arc::new(AtomicUsize::new(0));
    let (stop, stopped) = watch::channel(false);
    let stop = Arc::new(stop);
    let started = Instant::now();
    let mut running = tokio::task::JoinSet::new();
    for worker in opened {
        let (handled, stop, mut stopped) =
            (Arc::clone(&handled), Arc::clone(&stop), stopped.clone());
        running.spawn(async move {
            let handler = move |_: Delivery| {
                let (handled, stop) = (Arc::clone(&handled), Arc::clone(&stop));
                async move {
                    if handled.fetch_add(1, Ordering::Relaxed) + 1 == count {
                        let _ = stop.send(true);
                    }
                    Ok::<(), Failure>(())
                }
            };
            let shutdown = async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            };
            worker.run(handler, shutdown).await
        });
    }
    drop(stopped);
    let mut done = 0;
    while let Some(tally) = running.join_next().await {
        let tally = tally.expect("a worker ran");
        assert_eq!(tally.retried + tally.dead + tally.lost, 0, "{tally:?}");
        done += tally.done;
    }
    let took = started.elapsed();
    assert_eq!(
        done as usize, count,
        "every delivery handled once and recorded"
    );
    took
}
