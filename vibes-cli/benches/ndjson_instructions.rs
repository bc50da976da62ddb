//! `cargo bench -p vibes-cli --bench ndjson_instructions --no-run`, then run the built binary
//! under callgrind: instructions per line of one operation on one stream, every thread counted.
//!
//! ```text
//! valgrind --tool=callgrind --callgrind-out-file=none.out \
//!     target/release/deps/ndjson_instructions-HASH documented "validate --ndjson -j 1" 0
//! valgrind --tool=callgrind --callgrind-out-file=five.out \
//!     target/release/deps/ndjson_instructions-HASH documented "validate --ndjson -j 1" 5
//! ```
//!
//! The pipeline of `vibes validate --ndjson` runs on threads of its own, which callgrind's
//! `--toggle-collect` would not follow, so everything is counted and the setup (reading the
//! fixtures, compiling the schemas, one pass to warm up) is taken out by difference: the count
//! with five passes less the count with none, over five times the payloads, is the count per
//! line. Besides the operations of the `ndjson_ratios` tables, two parts of `validate` can be
//! counted alone on one thread: `Checker::check` (the verdict of each line, no pipeline, no
//! report) and `Callback::from_slice` (the typed read only).
//!
//! Instruction counts do not depend on what else the machine runs, so a change can be measured
//! before and after on a shared machine; they are not time (a cache miss costs more than an
//! add), so `ndjson_ratios` stays the judge of speed.

mod support;

use std::hint::black_box;
use support::{Checkers, Corpus, Operation};

/// The parts of `validate` that can be counted alone, beside [`Operation::ALL`].
const PARTS: [&str; 2] = ["Checker::check", "Callback::from_slice"];

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: ndjson_instructions documented|mix <operation> [passes]";
    let corpus = match args.next().expect(usage).as_str() {
        "documented" => Corpus::documented(),
        "mix" => Corpus::mix(),
        _ => panic!("{usage}"),
    };
    let name = args.next().expect(usage);
    let passes: usize = args.next().map_or(5, |passes| passes.parse().expect(usage));
    let operation = Operation::ALL
        .into_iter()
        .find(|operation| operation.name() == name);
    if operation.is_none() && !PARTS.contains(&name.as_str()) {
        let mut names: Vec<&str> = Operation::ALL.iter().map(|op| op.name()).collect();
        names.extend(PARTS);
        panic!("{usage}; operations: {}", names.join(", "));
    }
    let checkers = Checkers::new();
    let run = || match operation {
        Some(operation) => operation.run(&corpus, &checkers),
        None => run_part(&name, &corpus, &checkers),
    };
    // One pass first, in both counts: lazy statics made, the allocator's arenas grown.
    run();
    measured_passes(&run, passes);
    println!(
        "{} `{name}` on `{}`: {passes} passes of {} payloads",
        env!("CARGO_CRATE_NAME"),
        corpus.name,
        corpus.payloads
    );
}

/// The passes that the difference between two counts measures.
#[inline(never)]
fn measured_passes(run: &dyn Fn(), passes: usize) {
    for _ in 0..passes {
        run();
    }
}

/// One of [`PARTS`] on every line of `corpus`.
fn run_part(name: &str, corpus: &Corpus, checkers: &Checkers) {
    for line in corpus.bytes.split(|&byte| byte == b'\n') {
        if line.is_empty() {
            continue;
        }
        if name == PARTS[0] {
            let verdict = checkers.fast.check(line);
            assert!(verdict.valid, "the stream holds an invalid body");
            black_box(verdict);
        } else {
            let callback = vibes_types::Callback::from_slice(line).expect("a valid body");
            black_box(callback);
        }
    }
}
