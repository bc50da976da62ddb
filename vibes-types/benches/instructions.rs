//! `cargo bench -p vibes-types --bench instructions --no-run`, then run the built binary under
//! callgrind: instructions per body of one operation on one corpus, the setup left out.
//!
//! ```text
//! valgrind --tool=callgrind --toggle-collect='*instructions*measured_passes*' \
//!     target/release/deps/instructions-HASH documented "lenient read" 20
//! ```
//!
//! Instruction counts do not depend on what else the machine runs, so a change can be measured
//! before and after on a shared machine where timings would drift; they are not time (a cache
//! miss costs more than an add), so the `ratios` bench stays the judge of speed. The program
//! prints the bodies per pass; callgrind's total (only `measured_passes` is collected) divided
//! by passes × bodies is the count per body.

mod support;

use support::{Corpus, Operation};

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: instructions documented|mix|large|<family> <operation> [passes]";
    let corpus_name = args.next().expect(usage);
    let operation_name = args.next().expect(usage);
    let passes: usize = args
        .next()
        .map_or(10, |passes| passes.parse().expect(usage));
    let corpus = match corpus_name.as_str() {
        "documented" => Corpus::documented(),
        "mix" => Corpus::mix(),
        "large" => Corpus::large(),
        family => Corpus::fixture_families()
            .into_iter()
            .find(|corpus| corpus.name == family)
            .expect(usage),
    };
    let operation = Operation::ALL
        .into_iter()
        .find(|operation| operation.name() == operation_name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = Operation::ALL.iter().map(|op| op.name()).collect();
            panic!("{usage}; operations: {}", names.join(", "))
        });
    let indexes = operation.indexes(&corpus);
    // One pass first, outside the count: the schema compiled, lazy statics made.
    operation.run_all(&corpus, &indexes);
    measured_passes(operation, &corpus, &indexes, passes);
    println!(
        "{} `{}` on `{}`: {} passes of {} bodies",
        env!("CARGO_CRATE_NAME"),
        operation.name(),
        corpus.name,
        passes,
        indexes.len()
    );
}

/// What callgrind counts (`--toggle-collect`).
#[inline(never)]
fn measured_passes(operation: Operation, corpus: &Corpus, indexes: &[usize], passes: usize) {
    for _ in 0..passes {
        operation.run_all(corpus, indexes);
    }
}
