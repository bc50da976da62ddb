//! A worker process: a [`Worker`] on the store its arguments name, with a handler that writes an
//! effect for each attempt, until its standard input closes. The scenarios start it, kill it
//! with SIGKILL, or close its input to stop it; it then prints what it recorded.

use crate::effects::Writer;
use std::io::Read;
use std::sync::Arc;
use std::time::Duration;
use vibes_inbox::{Delivery, Failure, Options, RetryPolicy, StoreSpec, Worker};

/// The first argument that makes this executable a worker rather than the scenarios.
pub const FLAG: &str = "--chaos-worker";

/// What a worker is told, on its command line.
#[derive(Clone, Debug, PartialEq)]
pub struct Orders {
    /// The store, as `--store` names it.
    pub store: String,
    /// Where the effects go: a `postgres://` URL or a SQLite file.
    pub effects: String,
    /// How the handler marks a delivery done.
    pub mode: Mode,
    /// How many handlers run at once.
    pub concurrency: usize,
    /// How many deliveries are claimed ahead.
    pub prefetch: usize,
    /// The lease of each claim.
    pub lease: Duration,
    /// How long each handler works before it writes its effect.
    pub pace: Duration,
    /// The delivery whose first attempt never ends, once its effect is written: a handler
    /// under way when its worker is killed.
    pub stall: Option<String>,
    /// A bug to put in the worker, to see the checks fail (`VIBES_CHAOS_FAULT`).
    pub fault: Option<Fault>,
}

/// How a handler marks a delivery done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// It writes its effect, committed on its own, and returns `Ok`: the worker marks it done
    /// afterwards (at least once).
    Plain,
    /// It writes its effect and marks the delivery done in one transaction,
    /// [`Delivery::mark_done_in`] (exactly once).
    Transactional,
}

/// A bug a worker can be told to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Each delivery is marked done, and that committed, before its handler works: a worker
    /// killed or cut off in between leaves a delivery done that was never handled.
    DoneFirst,
}

/// How long a faulty handler waits between its done mark and its work, so that kills fall in
/// between.
const FAULT_GAP: Duration = Duration::from_millis(5);

impl Orders {
    /// Orders for a worker on `store` writing its effects to `effects`, with the fault
    /// `VIBES_CHAOS_FAULT` names, if any.
    pub fn new(store: &str, effects: &str, mode: Mode) -> Orders {
        let fault = match std::env::var("VIBES_CHAOS_FAULT").as_deref() {
            Ok("done-first") => Some(Fault::DoneFirst),
            Ok("") | Err(_) => None,
            Ok(other) => panic!("VIBES_CHAOS_FAULT={other}: the one fault is `done-first`"),
        };
        Orders {
            fault,
            ..Orders::sound(store, effects, mode)
        }
    }

    /// Orders without a fault, and the defaults the scenarios start from: four handlers, sixteen
    /// prefetched, a lease of two seconds, no pace.
    fn sound(store: &str, effects: &str, mode: Mode) -> Orders {
        Orders {
            store: store.to_owned(),
            effects: effects.to_owned(),
            mode,
            concurrency: 4,
            prefetch: 16,
            lease: Duration::from_secs(2),
            pace: Duration::ZERO,
            stall: None,
            fault: None,
        }
    }

    /// The command line that gives these orders, after [`FLAG`].
    pub fn arguments(&self) -> Vec<String> {
        let mut arguments = vec![
            FLAG.to_owned(),
            format!("--store={}", self.store),
            format!("--effects={}", self.effects),
            format!("--mode={}", self.mode.name()),
            format!("--concurrency={}", self.concurrency),
            format!("--prefetch={}", self.prefetch),
            format!("--lease-ms={}", self.lease.as_millis()),
            format!("--pace-ms={}", self.pace.as_millis()),
        ];
        arguments.extend(self.stall.iter().map(|stall| format!("--stall={stall}")));
        if self.fault == Some(Fault::DoneFirst) {
            arguments.push("--fault=done-first".to_owned());
        }
        arguments
    }

    /// Reads the orders from the arguments after [`FLAG`].
    pub fn parse(arguments: &[String]) -> Result<Orders, String> {
        let mut orders = Orders::sound("", "", Mode::Plain);
        for argument in arguments {
            let (name, value) = argument
                .split_once('=')
                .ok_or_else(|| format!("`{argument}`: every option is --name=value"))?;
            let number = || {
                value
                    .parse::<u64>()
                    .map_err(|error| format!("{name}: `{value}`: {error}"))
            };
            match name {
                "--store" => orders.store = value.to_owned(),
                "--effects" => orders.effects = value.to_owned(),
                "--mode" => {
                    orders.mode = match value {
                        "plain" => Mode::Plain,
                        "transactional" => Mode::Transactional,
                        _ => {
                            return Err(format!("--mode: `{value}` is not plain or transactional"));
                        }
                    }
                }
                "--concurrency" => orders.concurrency = number()? as usize,
                "--prefetch" => orders.prefetch = number()? as usize,
                "--lease-ms" => orders.lease = Duration::from_millis(number()?),
                "--pace-ms" => orders.pace = Duration::from_millis(number()?),
                "--stall" => orders.stall = Some(value.to_owned()),
                "--fault" if value == "done-first" => orders.fault = Some(Fault::DoneFirst),
                _ => return Err(format!("`{argument}` is not a worker option")),
            }
        }
        if orders.store.is_empty() || orders.effects.is_empty() {
            return Err("a worker needs --store and --effects".to_owned());
        }
        Ok(orders)
    }
}

impl Mode {
    /// The mode's name on the command line and in the summaries.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Plain => "plain",
            Mode::Transactional => "transactional",
        }
    }
}

/// A worker process's `main`: runs until standard input closes, prints its tally, and answers
/// the exit code.
pub fn main(arguments: &[String]) -> i32 {
    let orders = match Orders::parse(arguments) {
        Ok(orders) => orders,
        Err(error) => {
            eprintln!("chaos worker: {error}");
            return 2;
        }
    };
    // The consumer's log, with its pauses after store errors, goes to standard error, which the
    // scenario keeps in a file.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("vibes_inbox=info"))
        .with_ansi(false)
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the worker");
    let tally = runtime.block_on(work(orders));
    println!(
        "tally done={} retried={} dead={} lost={} handled={}",
        tally.done, tally.retried, tally.dead, tally.lost, tally.handled
    );
    0
}

async fn work(orders: Orders) -> vibes_inbox::Tally {
    let spec: StoreSpec = orders.store.parse().expect("any text is a store");
    let options = Options {
        name: "chaos".to_owned(),
        concurrency: orders.concurrency,
        prefetch: orders.prefetch,
        lease: orders.lease,
        timeout: Duration::from_secs(60),
        // Quick retries, and enough of them that a database stopped for a few seconds kills no
        // delivery.
        retry: RetryPolicy {
            attempts: 50,
            first: Duration::from_millis(50),
            factor: 2.0,
            cap: Duration::from_secs(1),
            jitter: 0.2,
        },
        idle: Duration::from_millis(500),
        ..Options::default()
    };
    let worker = Worker::open(&spec, options)
        .await
        .unwrap_or_else(|error| panic!("the worker cannot open {spec}: {error}"));
    let effects = Arc::new(Writer::open(&orders.effects, orders.concurrency));
    let orders = Arc::new(orders);
    let handler = move |delivery: Delivery| {
        let (orders, effects) = (Arc::clone(&orders), Arc::clone(&effects));
        async move { handle(&orders, &effects, delivery).await }
    };
    worker.run(handler, input_closed()).await
}

/// The handler: the work (a pause), then the effect, written as the mode says.
async fn handle(orders: &Orders, effects: &Writer, delivery: Delivery) -> Result<(), Failure> {
    if orders.fault == Some(Fault::DoneFirst) {
        mark_done_first(orders, effects, &delivery).await?;
        tokio::time::sleep(FAULT_GAP).await;
    }
    if !orders.pace.is_zero() {
        tokio::time::sleep(orders.pace).await;
    }
    match orders.mode {
        Mode::Plain => effects.write(&delivery).await?,
        #[cfg(feature = "postgres")]
        Mode::Transactional => effects.write_and_mark_done(&delivery).await?,
        #[cfg(not(feature = "postgres"))]
        Mode::Transactional => panic!("the transactional done mark needs the `postgres` feature"),
    }
    if delivery.attempt == 1 && orders.stall.as_ref() == Some(&delivery.event_id) {
        std::future::pending::<()>().await;
    }
    Ok(())
}

/// The fault: the delivery marked done, and committed, before it is handled.
async fn mark_done_first(
    orders: &Orders,
    effects: &Writer,
    delivery: &Delivery,
) -> Result<(), Failure> {
    if orders.store.starts_with("postgres://") {
        #[cfg(feature = "postgres")]
        return effects.mark_done_alone(delivery).await;
    }
    let _ = effects;
    let (store, event_id, worker) = (
        orders.store.clone(),
        delivery.event_id.clone(),
        delivery.worker().to_owned(),
    );
    let attempt = delivery.attempt;
    tokio::task::spawn_blocking(move || {
        let connection = rusqlite::Connection::open(store)?;
        connection.busy_timeout(Duration::from_secs(10))?;
        connection.execute(
            "UPDATE processing SET state = 'done', finished_at = $1 \
             WHERE event_id = $2 AND state = 'leased' AND leased_by = $3 AND attempts = $4",
            rusqlite::params![
                vibes_inbox::timestamp(std::time::SystemTime::now()),
                event_id,
                worker,
                attempt
            ],
        )
    })
    .await
    .map_err(Failure::retry)??;
    Ok(())
}

/// Completes when standard input ends: the scenario closed it to stop the worker.
async fn input_closed() {
    let _ = tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new())).await;
}
