//! `cargo bench -p vibes-cli --bench ndjson_ratios`: the NDJSON throughput of
//! `vibes validate --ndjson` on 1 and 2 threads and of `serde_json::Value` parsing of the same
//! lines, measured in one process, printed as the markdown table of `BENCHMARKS.md`: MB/s,
//! payloads/s, and ratios against `Value` on one thread and against the tool on one thread.
//!
//! Each figure is the median of several timed passes over the stream, the operations taking
//! turns, so that other work on a shared machine slows all of them alike.

mod support;

use std::time::Instant;
use support::{Corpus, Operation};
use vibes_cli::validate::Checker;

/// Timed passes per operation; the median is reported.
const RUNS: usize = 11;

fn main() {
    let corpus = Corpus::mix();
    let checker = Checker::new(None, false);
    // Warm up, and compile the schema once.
    for operation in Operation::ALL {
        operation.run(&corpus, &checker);
    }
    let mut samples = vec![Vec::with_capacity(RUNS); Operation::ALL.len()];
    for _ in 0..RUNS {
        for (operation, samples) in Operation::ALL.iter().zip(&mut samples) {
            let start = Instant::now();
            operation.run(&corpus, &checker);
            samples.push(start.elapsed().as_secs_f64());
        }
    }
    let seconds: Vec<f64> = samples.iter_mut().map(|samples| median(samples)).collect();
    let megabytes = corpus.bytes.len() as f64 / 1e6;
    println!(
        "NDJSON stream: {} payloads, {} bytes ({} bytes a line on average); median of {RUNS} passes.",
        corpus.payloads,
        corpus.bytes.len(),
        corpus.bytes.len() / corpus.payloads
    );
    println!();
    println!("| operation | MB/s | payloads/s | vs Value, 1 thread | vs validate, 1 thread |");
    println!("|---|--:|--:|--:|--:|");
    let value = seconds[0];
    let validate = seconds[2];
    for (operation, seconds) in Operation::ALL.iter().zip(&seconds) {
        println!(
            "| {} | {:.1} | {:.0} | {:.2}× | {:.2}× |",
            operation.name(),
            megabytes / seconds,
            corpus.payloads as f64 / seconds,
            value / seconds,
            validate / seconds,
        );
    }
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
