//! `cargo bench -p vibes-types --bench ratios`: every reader and writer on the generated mix in
//! one process, printed as the markdown table of `BENCHMARKS.md`: ns per callback, MB/s,
//! callbacks/s, and ratios against the baselines measured in the same run on the same bytes.
//!
//! Ratios are what travel between machines; absolute figures do not. Each figure is the median
//! of many short timed runs, and the runs of the operations take turns, so a neighbour's compile
//! on a shared machine slows all of them alike rather than one.

mod support;

use std::time::{Duration, Instant};
use support::{Corpus, Operation};

/// Timed runs per operation; the median is reported.
const RUNS: usize = 25;

/// How long one timed run repeats its operation over the mix (a pass takes a few milliseconds).
const BUDGET: Duration = Duration::from_millis(100);

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

fn main() {
    let corpus = Corpus::mix();
    let plans: Vec<(Operation, Vec<usize>)> = Operation::ALL
        .iter()
        .map(|&operation| (operation, operation.indexes(&corpus)))
        .collect();
    // Warm up: caches, branch predictors, the schema compiled once.
    for (operation, indexes) in &plans {
        operation.run_all(&corpus, indexes);
    }
    let mut samples = vec![Vec::with_capacity(RUNS); plans.len()];
    for _ in 0..RUNS {
        for ((operation, indexes), samples) in plans.iter().zip(&mut samples) {
            samples.push(time(*operation, &corpus, indexes));
        }
    }
    let figures: Vec<Figure> = plans
        .iter()
        .zip(&mut samples)
        .map(|((operation, indexes), samples)| Figure {
            operation: *operation,
            bodies: indexes.len(),
            bytes: operation.bytes(&corpus),
            nanos: median(samples),
        })
        .collect();
    print_report(&corpus, &figures);
}

/// One timed run: passes over the mix until the budget is spent; nanoseconds per callback.
fn time(operation: Operation, corpus: &Corpus, indexes: &[usize]) -> f64 {
    let start = Instant::now();
    let mut handled = 0usize;
    while start.elapsed() < BUDGET {
        operation.run_all(corpus, indexes);
        handled += indexes.len();
    }
    start.elapsed().as_secs_f64() * 1e9 / handled as f64
}

/// The figure of `operation`.
fn figure(figures: &[Figure], operation: Operation) -> &Figure {
    figures
        .iter()
        .find(|figure| figure.operation == operation)
        .expect("every operation is measured")
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn print_report(corpus: &Corpus, figures: &[Figure]) {
    let find = |operation| figure(figures, operation);
    let value_read = find(Operation::ValueRead);
    let value_write = find(Operation::ValueWrite);
    let tagged = find(Operation::TaggedRead);
    let validated = find(Operation::ValidatedRead);
    let bytes = corpus.total_bytes();
    println!(
        "Generated mix: {} bodies, {bytes} bytes ({} bytes a body on average); median of {RUNS} runs of {} ms each.",
        corpus.bodies.len(),
        bytes / corpus.bodies.len(),
        BUDGET.as_millis()
    );
    let shares: Vec<String> = corpus
        .composition()
        .iter()
        .map(|(name, count)| format!("{name} {count}"))
        .collect();
    println!("Mix: {}.", shares.join(", "));
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
    for figure in figures {
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
    print_targets(figures);
}

/// The targets of issue 8, point 6, checked against this run.
fn print_targets(figures: &[Figure]) {
    let find = |operation| figure(figures, operation);
    let lenient = find(Operation::LenientRead);
    let strict = find(Operation::StrictRead);
    let targets = [
        (
            "lenient read ≥ 1.5× Value read",
            lenient.ratio(find(Operation::ValueRead)),
            1.5,
        ),
        (
            "strict read within 10 % of lenient read",
            strict.ratio(lenient),
            0.9,
        ),
        (
            "write back ≥ 1.0× Value write",
            find(Operation::Write).ratio(find(Operation::ValueWrite)),
            1.0,
        ),
        (
            "lenient read ≥ 2× serde tagged (same bodies)",
            find(Operation::LenientReadTagged).ratio(find(Operation::TaggedRead)),
            2.0,
        ),
        (
            "lenient read ≥ 10× Value + jsonschema",
            lenient.ratio(find(Operation::ValidatedRead)),
            10.0,
        ),
    ];
    println!("| target (issue 8) | measured | met |");
    println!("|---|--:|:-:|");
    for (target, measured, wanted) in targets {
        let met = if measured >= wanted { "yes" } else { "no" };
        println!("| {target} | {measured:.2}× | {met} |");
    }
}
