//! What the NDJSON bench targets share: the stream (the generated mix of vibes-types' benches,
//! one body a line) and the operations measured on it.

#![allow(
    dead_code,
    reason = "the mix generator has helpers only vibes-types' benches use"
)]

// The same generated bodies as vibes-types' benches (the same seed), so the figures of both
// describe the same traffic.
#[path = "../../../vibes-types/benches/support/json.rs"]
mod json;
#[path = "../../../vibes-types/benches/support/mix.rs"]
mod mix;
#[path = "../../../vibes-types/benches/support/rng.rs"]
mod rng;

use std::hint::black_box;
use vibes_cli::cli::Format;
use vibes_cli::ndjson::Stream;
use vibes_cli::validate::Checker;

/// How many bodies the mix holds, and its seed: as vibes-types' benches generate it.
const MIX_SIZE: usize = 1000;
const MIX_SEED: u64 = 0x5EED_0008;

/// How many times the mix is repeated: a stream of several megabytes, many batches long.
const REPEATS: usize = 8;

/// An NDJSON stream of callback bodies, every one valid.
pub struct Corpus {
    /// The stream: one body a line.
    pub bytes: Vec<u8>,
    /// How many bodies it holds.
    pub payloads: usize,
}

impl Corpus {
    /// The generated mix, one body a line, repeated. A pretty-printed body becomes one line by
    /// turning its line breaks into spaces (JSON strings cannot hold a raw line break).
    pub fn mix() -> Corpus {
        let bodies = mix::bodies(MIX_SIZE, MIX_SEED);
        let mut bytes = Vec::new();
        for _ in 0..REPEATS {
            for body in &bodies {
                bytes.extend(
                    body.iter()
                        .map(|&byte| if byte == b'\n' { b' ' } else { byte }),
                );
                bytes.push(b'\n');
            }
        }
        Corpus {
            bytes,
            payloads: MIX_SIZE * REPEATS,
        }
    }
}

/// One measured way of going through the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// Each line read as a `serde_json::Value` on one thread: the baseline.
    Value,
    /// The same on two threads, each reading half of the lines: what two cores give plain
    /// parsing on this machine.
    ValueTwoThreads,
    /// `vibes validate --ndjson -j 1` (typed parser and JSON Schema, text report).
    Validate,
    /// `vibes validate --ndjson -j 2`.
    ValidateTwoThreads,
}

impl Operation {
    /// Every operation, the baseline first.
    pub const ALL: [Operation; 4] = [
        Operation::Value,
        Operation::ValueTwoThreads,
        Operation::Validate,
        Operation::ValidateTwoThreads,
    ];

    /// Its name in the reports.
    pub fn name(self) -> &'static str {
        match self {
            Operation::Value => "Value parse, 1 thread",
            Operation::ValueTwoThreads => "Value parse, 2 threads",
            Operation::Validate => "validate --ndjson -j 1",
            Operation::ValidateTwoThreads => "validate --ndjson -j 2",
        }
    }

    /// Goes through the whole stream once.
    ///
    /// # Panics
    /// When a body is refused: a benchmark of the error path would measure the wrong thing.
    pub fn run(self, corpus: &Corpus, checker: &Checker) {
        match self {
            Operation::Value => parse_lines(&corpus.bytes),
            Operation::ValueTwoThreads => {
                let middle = corpus.bytes.len() / 2;
                let cut = middle
                    + corpus.bytes[middle..]
                        .iter()
                        .position(|&byte| byte == b'\n')
                        .unwrap_or(0);
                let (first, second) = corpus.bytes.split_at(cut);
                std::thread::scope(|scope| {
                    scope.spawn(|| parse_lines(first));
                    parse_lines(second);
                });
            }
            Operation::Validate | Operation::ValidateTwoThreads => {
                let threads = if self == Operation::Validate { 1 } else { 2 };
                let stream = Stream {
                    checker,
                    format: Format::Text,
                    threads,
                };
                let summary = stream
                    .check(
                        &vibes_cli::file_name::FileName::of(std::path::Path::new("mix")),
                        &corpus.bytes[..],
                        &mut std::io::sink(),
                        &mut |_| {},
                    )
                    .expect("a stream in memory reads and a sink writes");
                assert_eq!(summary.invalid, 0, "the mix holds an invalid body");
                assert_eq!(summary.payloads as usize, corpus.payloads);
            }
        }
    }
}

/// Reads every line of `bytes` as a `serde_json::Value`.
fn parse_lines(bytes: &[u8]) {
    for line in bytes.split(|&byte| byte == b'\n') {
        if !line.is_empty() {
            let value: serde_json::Value = serde_json::from_slice(line).expect("the mix is JSON");
            black_box(value);
        }
    }
}
