//! The consumer measured: `Worker`s with the default options, as many as asked, in this
//! process, until every stored delivery is handled and recorded. The handler does nothing, or
//! (on PostgreSQL) marks the delivery done in a transaction of its own
//! (`Delivery::mark_done_in`), as a handler with exactly-once effects does, without the effect.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use vibes_inbox::{Delivery, Failure, Options, StoreSpec, Worker};

/// What the handler does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handling {
    /// Nothing: the worker records the done marks, a batch at a time.
    Nothing,
    /// Begins a transaction on a connection of its own, marks the delivery done in it and
    /// commits (PostgreSQL only).
    #[cfg(feature = "postgres")]
    MarksDoneInItsTransaction,
}

/// Runs `workers` workers on `spec` until `count` deliveries were handled, then stops them and
/// waits for each to record its outcomes; answers the time from their start to their end.
pub async fn drain(spec: &StoreSpec, workers: usize, count: usize, handling: Handling) -> Duration {
    let mut opened = Vec::with_capacity(workers);
    for n in 0..workers {
        let options = Options {
            name: format!("bench{n}"),
            ..Options::default()
        };
        let pool = Pool::open(spec, handling, options.concurrency).await;
        opened.push((
            Worker::open(spec, options).await.expect("a worker opens"),
            pool,
        ));
    }
    let handled = Arc::new(AtomicUsize::new(0));
    let (stop, stopped) = watch::channel(false);
    let stop = Arc::new(stop);
    let started = Instant::now();
    let mut running = tokio::task::JoinSet::new();
    for (worker, pool) in opened {
        let (handled, stop, mut stopped) =
            (Arc::clone(&handled), Arc::clone(&stop), stopped.clone());
        let pool = Arc::new(pool);
        running.spawn(async move {
            let handler = move |delivery: Delivery| {
                let (handled, stop, pool) =
                    (Arc::clone(&handled), Arc::clone(&stop), Arc::clone(&pool));
                async move {
                    pool.mark_done(&delivery).await?;
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

/// The handlers' own connections, one for each handler that may run at once, when they mark
/// done in their own transactions.
enum Pool {
    None,
    #[cfg(feature = "postgres")]
    Postgres(tokio::sync::Mutex<Vec<tokio_postgres::Client>>),
}

impl Pool {
    async fn open(spec: &StoreSpec, handling: Handling, handlers: usize) -> Pool {
        match (handling, spec) {
            (Handling::Nothing, _) => {
                let _ = handlers;
                Pool::None
            }
            #[cfg(feature = "postgres")]
            (Handling::MarksDoneInItsTransaction, StoreSpec::Postgres(url)) => {
                let mut clients = Vec::with_capacity(handlers);
                for _ in 0..handlers {
                    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                        .await
                        .expect("the database answers");
                    tokio::spawn(connection);
                    clients.push(client);
                }
                Pool::Postgres(tokio::sync::Mutex::new(clients))
            }
            #[cfg(feature = "postgres")]
            (Handling::MarksDoneInItsTransaction, StoreSpec::Sqlite(_)) => {
                unreachable!("the done mark in the handler's transaction is PostgreSQL's")
            }
        }
    }

    /// Marks `delivery` done in a transaction of its own, if the handlers do.
    async fn mark_done(&self, delivery: &Delivery) -> Result<(), Failure> {
        match self {
            Pool::None => {
                let _ = delivery;
                Ok(())
            }
            #[cfg(feature = "postgres")]
            Pool::Postgres(clients) => {
                let mut client = clients
                    .lock()
                    .await
                    .pop()
                    .expect("a connection for each handler");
                let marked = async {
                    let transaction = client.transaction().await?;
                    delivery.mark_done_in(&transaction).await?;
                    transaction.commit().await?;
                    Ok::<(), Failure>(())
                }
                .await;
                clients.lock().await.push(client);
                marked
            }
        }
    }
}
