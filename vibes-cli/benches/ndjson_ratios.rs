//! `cargo bench -p vibes-cli --bench ndjson_ratios`: the NDJSON throughput of
//! `vibes validate --ndjson` on 1 and 2 threads, with and without `--schema-everywhere`, of
//! `serde_json::Value` parsing of the same lines and of `Value` parsing with the JSON Schema,
//! measured in one process, printed as the markdown tables of `BENCHMARKS.md`: on the documented
//! bodies (the repository's callback fixtures, repeated) first, then on the generated mix.
//!
//! Each operation is measured in CPU time of the whole process (every thread: the reader, the
//! workers, the writer) and in wall-clock time; per CPU second is what one core gives, and holds
//! on a machine shared with other work, where wall-clock time is what a user waits. Each figure
//! is the median of several passes over the stream, the operations taking turns, so that other
//! work slows all of them alike.

mod support;

use rustix::time::{ClockId, clock_gettime};
use std::time::{Duration, Instant};
use support::{Checkers, Corpus, Operation};

/// Timed passes per operation; the median is reported.
const RUNS: usize = 11;

/// The CPU time this process has used so far, every thread's, ended ones included.
fn cpu_time() -> Duration {
    let time = clock_gettime(ClockId::ProcessCPUTime);
    Duration::new(
        u64::try_from(time.tv_sec).unwrap_or(0),
        u32::try_from(time.tv_nsec).unwrap_or(0),
    )
}

fn main() {
    let checkers = Checkers::new();
    println!("Load average at the start: {}.", load_average());
    for corpus in [Corpus::documented(), Corpus::mix()] {
        measure(&corpus, &checkers);
    }
    println!("Load average at the end: {}.", load_average());
}

/// Measures every operation on `corpus` and prints its table.
fn measure(corpus: &Corpus, checkers: &Checkers) {
    // Warm up, and compile the schema once.
    for operation in Operation::ALL {
        operation.run(corpus, checkers);
    }
    let mut cpu = vec![Vec::with_capacity(RUNS); Operation::ALL.len()];
    let mut wall = vec![Vec::with_capacity(RUNS); Operation::ALL.len()];
    for _ in 0..RUNS {
        for (index, operation) in Operation::ALL.iter().enumerate() {
            let (start_cpu, start) = (cpu_time(), Instant::now());
            operation.run(corpus, checkers);
            wall[index].push(start.elapsed().as_secs_f64());
            cpu[index].push((cpu_time() - start_cpu).as_secs_f64());
        }
    }
    let cpu: Vec<f64> = cpu.iter_mut().map(|samples| median(samples)).collect();
    let wall: Vec<f64> = wall.iter_mut().map(|samples| median(samples)).collect();
    let megabytes = corpus.bytes.len() as f64 / 1e6;
    println!();
    println!(
        "`{}`: {} payloads, {} bytes ({} bytes a line on average); median of {RUNS} passes.",
        corpus.name,
        corpus.payloads,
        corpus.bytes.len(),
        corpus.bytes.len() / corpus.payloads
    );
    println!();
    println!(
        "| operation | MB/s | payloads/s | vs Value, 1 thread | vs validate, 1 thread | MB per CPU second | vs Value, per CPU second |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|");
    let position = |wanted| {
        Operation::ALL
            .iter()
            .position(|operation| *operation == wanted)
            .expect("measured")
    };
    let value = position(Operation::Value);
    let validate = position(Operation::Validate);
    for (index, operation) in Operation::ALL.iter().enumerate() {
        println!(
            "| {} | {:.1} | {:.0} | {:.2}× | {:.2}× | {:.1} | {:.2}× |",
            operation.name(),
            megabytes / wall[index],
            corpus.payloads as f64 / wall[index],
            wall[value] / wall[index],
            wall[validate] / wall[index],
            megabytes / cpu[index],
            cpu[value] / cpu[index],
        );
    }
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
