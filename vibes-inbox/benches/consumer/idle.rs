//! What an idle worker costs: the CPU time this process spends over a while with one worker
//! waiting on an inbox with nothing due, against the same while with no worker at all.

use std::collections::HashMap;
use std::time::Duration;
use vibes_inbox::{Delivery, Failure, Options, StoreSpec, Worker};

/// The CPU time of this process while it waits `span`, with a worker on `spec` or none.
pub async fn cpu_over(spec: Option<&StoreSpec>, span: Duration) -> Duration {
    let worker = match spec {
        Some(spec) => Some(
            Worker::open(spec, Options::default())
                .await
                .expect("a worker opens"),
        ),
        None => None,
    };
    // Let the worker start and find nothing, so that what is measured is its waiting.
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = worker.map(|worker| {
        tokio::spawn(async move {
            let handler =
                |_: Delivery| async { Err::<(), Failure>(Failure::dead("nothing is due")) };
            worker
                .run(handler, async {
                    let _ = stopped.await;
                })
                .await
        })
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = threads_cpu();
    tokio::time::sleep(span).await;
    let spent = spent_between(&before, &threads_cpu());
    let _ = stop.send(());
    if let Some(running) = running {
        let tally = running.await.expect("the worker ran");
        assert_eq!(tally.handled, 0, "nothing was due");
    }
    spent
}

/// The CPU time (user and system) each thread of this process has had so far, by thread id:
/// the first field of its `/proc/self/task/ID/schedstat`, in nanoseconds.
pub fn threads_cpu() -> HashMap<String, u64> {
    let tasks = std::fs::read_dir("/proc/self/task").expect("/proc/self/task (Linux)");
    tasks
        .filter_map(|task| {
            let task = task.ok()?;
            let text = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            let nanos = text.split_whitespace().next()?.parse::<u64>().ok()?;
            Some((task.file_name().to_string_lossy().into_owned(), nanos))
        })
        .collect()
}

/// The CPU time spent between two [`threads_cpu`] readings: each thread's growth, a thread
/// started in between counted whole. A thread that ended in between is not counted (tokio ends
/// a blocking thread idle for 10 s; the worker's claims use one every few seconds).
pub fn spent_between(before: &HashMap<String, u64>, after: &HashMap<String, u64>) -> Duration {
    let nanos = after
        .iter()
        .map(|(id, now)| now.saturating_sub(before.get(id).copied().unwrap_or(0)))
        .sum();
    Duration::from_nanos(nanos)
}
