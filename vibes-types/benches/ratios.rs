//! `cargo bench -p vibes-types --bench ratios`: every reader and writer in one process, on three
//! corpora in this order, printed as the markdown tables of `BENCHMARKS.md`: ns per callback,
//! MB/s, callbacks/s, and ratios against the baselines measured in the same run on the same
//! bytes.
//!
//! 1. The documented bodies: the repository's callback fixtures (copied from the documentation
//!    and the seeds, or written from DOMAIN.md), all together, then per callback family. These
//!    are the bodies Vibes sends, and the headline figure.
//! 2. The generated mix: 1000 bodies of a busy account, 45 % `event_processed`.
//! 3. The large free-form bodies: `event_processed` with 5 KB to 500 KB of `event_data`.
//!
//! Ratios are what travel between machines; absolute figures do not. Each figure is the median
//! of many short timed runs, and the runs of the operations take turns, so a neighbour's compile
//! on a shared machine slows all of them alike rather than one.

mod support;

use std::time::{Duration, Instant};
use support::{Corpus, Operation};

/// Timed runs per operation on a whole corpus; the median is reported.
const RUNS: usize = 15;

/// How long one timed run repeats its operation over a corpus (a pass takes microseconds to a
/// few milliseconds).
const BUDGET: Duration = Duration::from_millis(100);

/// The operations of the per-family rows: the targets' reads and writes and their baselines.
const FAMILY_OPERATIONS: [Operation; 5] = [
    Operation::LenientRead,
    Operation::StrictRead,
    Operation::Write,
    Operation::ValueRead,
    Operation::ValueWrite,
];

/// Timed runs of each per-family operation, and their length: eight families, kept short.
const FAMILY_RUNS: usize = 11;
const FAMILY_BUDGET: Duration = Duration::from_millis(50);

/// What one operation measured.
struct Figure {
    operation: Operation,
    /// Bodies handled per pass.
    bodies: usize,
    /// Their bytes as received.
    bytes: usize,
    /// Median time per callback.
    nanos: f64,
}

impl Figure {
    /// Megabytes (10⁶ bytes) of bodies per second.
    fn megabytes_per_second(&self) -> f64 {
        self.bytes as f64 / (self.nanos * self.bodies as f64) * 1e3
    }

    /// Callbacks per second.
    fn callbacks_per_second(&self) -> f64 {
        1e9 / self.nanos
    }

    /// How many times the throughput of `baseline` this is (above 1: faster).
    fn ratio(&self, baseline: &Figure) -> f64 {
        self.megabytes_per_second() / baseline.megabytes_per_second()
    }
}

/// The figures of one corpus.
struct Measured {
    corpus: Corpus,
    figures: Vec<Figure>,
}

impl Measured {
    /// The figure of `operation`.
    fn get(&self, operation: Operation) -> &Figure {
        self.figures
            .iter()
            .find(|figure| figure.operation == operation)
            .expect("every operation is measured")
    }

    /// The lenient read against `Value`'s, the strict read against the lenient one, and the
    /// write against `Value`'s: the targets of issue 23.
    fn target_ratios(&self) -> [f64; 3] {
        let lenient = self.get(Operation::LenientRead);
        [
            lenient.ratio(self.get(Operation::ValueRead)),
            self.get(Operation::StrictRead).ratio(lenient),
            self.get(Operation::Write)
                .ratio(self.get(Operation::ValueWrite)),
        ]
    }
}

fn main() {
    let load = load_average();
    let documented = measure(Corpus::documented(), &Operation::ALL, RUNS, BUDGET);
    let families: Vec<Measured> = Corpus::fixture_families()
        .into_iter()
        .map(|family| measure(family, &FAMILY_OPERATIONS, FAMILY_RUNS, FAMILY_BUDGET))
        .collect();
    let mix = measure(Corpus::mix(), &Operation::ALL, RUNS, BUDGET);
    let large = measure(Corpus::large(), &Operation::ALL, RUNS, BUDGET);
    println!(
        "Load average at the start: {load}; at the end: {}.",
        load_average()
    );
    println!();
    println!("## 1. The documented bodies");
    println!();
    print_corpus(&documented);
    print_families(&families);
    println!("## 2. The generated mix");
    println!();
    print_corpus(&mix);
    println!("## 3. The large free-form bodies");
    println!();
    print_corpus(&large);
    print_targets(&documented, &mix, &large);
}

/// Measures `operations` on `corpus`: `runs` timed runs of each, taking turns.
fn measure(corpus: Corpus, operations: &[Operation], runs: usize, budget: Duration) -> Measured {
    let plans: Vec<(Operation, Vec<usize>)> = operations
        .iter()
        .map(|&operation| (operation, operation.indexes(&corpus)))
        .collect();
    // Warm up: caches, branch predictors, the schema compiled once.
    for (operation, indexes) in &plans {
        operation.run_all(&corpus, indexes);
    }
    let mut samples = vec![Vec::with_capacity(runs); plans.len()];
    for _ in 0..runs {
        for ((operation, indexes), samples) in plans.iter().zip(&mut samples) {
            samples.push(time(*operation, &corpus, indexes, budget));
        }
    }
    let figures = plans
        .iter()
        .zip(&mut samples)
        .map(|((operation, indexes), samples)| Figure {
            operation: *operation,
            bodies: indexes.len(),
            bytes: operation.bytes(&corpus),
            nanos: median(samples),
        })
        .collect();
    Measured { corpus, figures }
}

/// One timed run: passes over the corpus until the budget is spent; nanoseconds per callback.
fn time(operation: Operation, corpus: &Corpus, indexes: &[usize], budget: Duration) -> f64 {
    let start = Instant::now();
    let mut handled = 0usize;
    while start.elapsed() < budget {
        operation.run_all(corpus, indexes);
        handled += indexes.len();
    }
    start.elapsed().as_secs_f64() * 1e9 / handled as f64
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// The system's load average (1, 5, 15 minutes), as `/proc/loadavg` gives it, or `unknown`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The table of every operation on one corpus.
fn print_corpus(measured: &Measured) {
    let corpus = &measured.corpus;
    let find = |operation| measured.get(operation);
    let value_read = find(Operation::ValueRead);
    let value_write = find(Operation::ValueWrite);
    let tagged = find(Operation::TaggedRead);
    let validated = find(Operation::ValidatedRead);
    let bytes = corpus.total_bytes();
    println!(
        "`{}`: {} bodies, {bytes} bytes ({} bytes a body on average); median of {RUNS} runs of {} ms each.",
        corpus.name,
        corpus.bodies.len(),
        bytes / corpus.bodies.len(),
        BUDGET.as_millis()
    );
    let shares: Vec<String> = corpus
        .composition()
        .iter()
        .map(|(name, count)| format!("{name} {count}"))
        .collect();
    println!("Types: {}.", shares.join(", "));
    if corpus.tagged_refused.is_empty() {
        println!(
            "The serde tagged enum reads the {} bodies that have a `callback_type`; the row `lenient read, tagged subset` reads exactly those.",
            tagged.bodies
        );
    } else {
        let (index, error) = &corpus.tagged_refused[0];
        println!(
            "The serde tagged enum reads {} bodies: of those that have a `callback_type`, it refuses {} (body {index}: {error}). The row `lenient read, tagged subset` reads exactly the {} it reads.",
            tagged.bodies,
            corpus.tagged_refused.len(),
            tagged.bodies
        );
    }
    println!();
    println!(
        "| operation | bodies | ns/callback | MB/s | callbacks/s | vs Value | vs serde tagged | vs Value + jsonschema |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    for figure in &measured.figures {
        let versus = |baseline: &Figure| {
            if figure.operation.writes() {
                "—".to_owned()
            } else {
                format!("{:.2}×", figure.ratio(baseline))
            }
        };
        let value = if figure.operation.writes() {
            value_write
        } else {
            value_read
        };
        println!(
            "| {} | {} | {:.0} | {:.1} | {:.0} | {:.2}× | {} | {} |",
            figure.operation.name(),
            figure.bodies,
            figure.nanos,
            figure.megabytes_per_second(),
            figure.callbacks_per_second(),
            figure.ratio(value),
            versus(tagged),
            versus(validated),
        );
    }
    println!();
    println!(
        "Ratios compare throughput (MB/s of the same bodies): above 1 is faster than the baseline. Writes compare with `Value`'s write."
    );
    println!();
}

/// One row per callback family of the documented bodies.
fn print_families(families: &[Measured]) {
    println!(
        "Per callback family (median of {FAMILY_RUNS} runs of {} ms each):",
        FAMILY_BUDGET.as_millis()
    );
    println!();
    println!(
        "| family | bodies | bytes a body | lenient ns | lenient vs Value | strict vs lenient | write back vs Value write |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|");
    for family in families {
        let corpus = &family.corpus;
        let [lenient, strict, write] = family.target_ratios();
        println!(
            "| {} | {} | {} | {:.0} | {lenient:.2}× | {strict:.2}× | {write:.2}× |",
            corpus.name,
            corpus.bodies.len(),
            corpus.total_bytes() / corpus.bodies.len(),
            family.get(Operation::LenientRead).nanos,
        );
    }
    println!();
}

/// The targets of issue 23 on each corpus, checked against this run.
fn print_targets(documented: &Measured, mix: &Measured, large: &Measured) {
    let [lenient, strict_documented, write] = documented.target_ratios();
    let [_, strict_mix, write_mix] = mix.target_ratios();
    let [_, strict_large, write_large] = large.target_ratios();
    let targets = [
        (
            "lenient read ≥ 2× Value read, documented bodies",
            lenient,
            2.0,
        ),
        (
            "strict read ≥ 0.9× lenient read, documented bodies",
            strict_documented,
            0.9,
        ),
        (
            "strict read ≥ 0.9× lenient read, generated mix",
            strict_mix,
            0.9,
        ),
        (
            "strict read ≥ 0.9× lenient read, large free-form bodies",
            strict_large,
            0.9,
        ),
        (
            "write back ≥ 1.0× Value write, documented bodies",
            write,
            1.0,
        ),
        (
            "write back ≥ 1.0× Value write, generated mix",
            write_mix,
            1.0,
        ),
        (
            "write back ≥ 1.0× Value write, large free-form bodies",
            write_large,
            1.0,
        ),
    ];
    println!("## Targets (issue 23)");
    println!();
    println!("| target | measured | met |");
    println!("|---|--:|:-:|");
    for (target, measured, wanted) in targets {
        let met = if measured >= wanted { "yes" } else { "no" };
        println!("| {target} | {measured:.2}× | {met} |");
    }
}
