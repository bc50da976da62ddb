//! What the NDJSON bench targets share: the streams (the repository's callback fixtures, the
//! documented bodies, one a line and repeated; the generated mix of vibes-types' benches) and the
//! operations measured on them.

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

/// How many payloads the stream of documented bodies holds, about: as many as the mix's.
const DOCUMENTED_PAYLOADS: usize = MIX_SIZE * REPEATS;

/// An NDJSON stream of callback bodies, every one valid.
pub struct Corpus {
    /// What the reports call it.
    pub name: &'static str,
    /// The stream: one body a line.
    pub bytes: Vec<u8>,
    /// How many bodies it holds.
    pub payloads: usize,
}

impl Corpus {
    /// The generated mix, one body a line, repeated. A pretty-printed body becomes one line by
    /// turning its line breaks into spaces (JSON strings cannot hold a raw line break).
    pub fn mix() -> Corpus {
        Corpus::lines("mix", &mix::bodies(MIX_SIZE, MIX_SEED), REPEATS)
    }

    /// The documented bodies: every callback fixture of the repository
    /// (`tests/fixtures/callbacks/{docs,seeds,authored}`, what Vibes documents), one a line,
    /// repeated to about as many payloads as the mix.
    pub fn documented() -> Corpus {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/callbacks");
        let mut paths = Vec::new();
        for folder in ["docs", "seeds", "authored"] {
            for entry in std::fs::read_dir(root.join(folder)).expect("fixture folder") {
                let path = entry.expect("fixture entry").path();
                if path
                    .extension()
                    .is_some_and(|extension| extension == "json")
                {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        let bodies: Vec<Vec<u8>> = paths
            .iter()
            .map(|path| std::fs::read(path).expect("fixture"))
            .collect();
        let repeats = DOCUMENTED_PAYLOADS.div_ceil(bodies.len());
        Corpus::lines("documented", &bodies, repeats)
    }

    /// `bodies` one a line, `repeats` times.
    fn lines(name: &'static str, bodies: &[Vec<u8>], repeats: usize) -> Corpus {
        let mut bytes = Vec::new();
        for _ in 0..repeats {
            for body in bodies {
                bytes.extend(body.iter().map(|&byte| {
                    if byte == b'\n' || byte == b'\r' {
                        b' '
                    } else {
                        byte
                    }
                }));
                bytes.push(b'\n');
            }
        }
        Corpus {
            name,
            bytes,
            payloads: bodies.len() * repeats,
        }
    }
}

/// The checkers the operations use: as `vibes validate` runs by default, and with
/// `--schema-everywhere`.
pub struct Checkers {
    /// `Checker::new(None, false)`: the schema only where it can differ from the typed reader.
    pub fast: Checker,
    /// The same with the schema run on every payload.
    pub everywhere: Checker,
    /// The schemas, compiled once, for the hand-written check.
    pub validators: vibes_cli::schema::Validators,
}

impl Checkers {
    pub fn new() -> Checkers {
        Checkers {
            fast: Checker::new(None, false),
            everywhere: Checker::new(None, false).schema_everywhere(true),
            validators: vibes_cli::schema::Validators::new(),
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
    /// `vibes validate --ndjson -j 1` (the typed parser, and the JSON Schema where it can
    /// differ; text report).
    Validate,
    /// `vibes validate --ndjson -j 2`.
    ValidateTwoThreads,
    /// `vibes validate --ndjson -j 1 --schema-everywhere`.
    ValidateSchemaEverywhere,
    /// Each line read as a `serde_json::Value` and validated against the callback schema, on
    /// one thread: the obvious hand-written check.
    ValueSchema,
}

impl Operation {
    /// Every operation, the baseline first.
    pub const ALL: [Operation; 6] = [
        Operation::Value,
        Operation::ValueTwoThreads,
        Operation::Validate,
        Operation::ValidateTwoThreads,
        Operation::ValidateSchemaEverywhere,
        Operation::ValueSchema,
    ];

    /// Its name in the reports.
    pub fn name(self) -> &'static str {
        match self {
            Operation::Value => "Value parse, 1 thread",
            Operation::ValueTwoThreads => "Value parse, 2 threads",
            Operation::Validate => "validate --ndjson -j 1",
            Operation::ValidateTwoThreads => "validate --ndjson -j 2",
            Operation::ValidateSchemaEverywhere => "validate --ndjson -j 1 --schema-everywhere",
            Operation::ValueSchema => "Value parse + JSON Schema, 1 thread",
        }
    }

    /// Goes through the whole stream once.
    ///
    /// # Panics
    /// When a body is refused: a benchmark of the error path would measure the wrong thing.
    pub fn run(self, corpus: &Corpus, checkers: &Checkers) {
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
            Operation::ValueSchema => {
                let validator = checkers.validators.get(vibes_cli::kind::Kind::Callback);
                for line in corpus.bytes.split(|&byte| byte == b'\n') {
                    if !line.is_empty() {
                        let value: serde_json::Value =
                            serde_json::from_slice(line).expect("the stream is JSON");
                        assert!(
                            validator.is_valid(&value),
                            "the stream holds an invalid body"
                        );
                        black_box(value);
                    }
                }
            }
            Operation::Validate
            | Operation::ValidateTwoThreads
            | Operation::ValidateSchemaEverywhere => {
                let threads = if self == Operation::ValidateTwoThreads {
                    2
                } else {
                    1
                };
                let checker = if self == Operation::ValidateSchemaEverywhere {
                    &checkers.everywhere
                } else {
                    &checkers.fast
                };
                let stream = Stream {
                    checker,
                    format: Format::Text,
                    threads,
                };
                let summary = stream
                    .check(
                        &vibes_cli::file_name::FileName::of(std::path::Path::new(corpus.name)),
                        &corpus.bytes[..],
                        &mut std::io::sink(),
                        &mut |_| {},
                    )
                    .expect("a stream in memory reads and a sink writes");
                assert_eq!(summary.invalid, 0, "the stream holds an invalid body");
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
