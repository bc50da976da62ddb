//! `cargo bench -p vibes-cli --bench ndjson`: NDJSON throughput of `vibes validate --ndjson` on
//! 1 and 2 threads, and of `serde_json::Value` parsing of the same lines, with criterion, in
//! MB/s and payloads/s: group `ndjson/documented` (the repository's callback fixtures, repeated),
//! then `ndjson/mix`. `--bench ndjson_ratios` prints the same measurements as tables of ratios,
//! per CPU second too.

mod support;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::time::Duration;
use support::{Checkers, Corpus, Operation};

fn ndjson(c: &mut Criterion) {
    let checkers = Checkers::new();
    for corpus in [Corpus::documented(), Corpus::mix()] {
        measure(c, &corpus, &checkers);
    }
}

/// One criterion group: every operation on `corpus`.
fn measure(c: &mut Criterion, corpus: &Corpus, checkers: &Checkers) {
    let mut group = c.benchmark_group(format!("ndjson/{}", corpus.name));
    // An iteration is a pass over the whole stream, a few hundred milliseconds.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::ElementsAndBytes {
            elements: corpus.payloads as u64,
            bytes: corpus.bytes.len() as u64,
        });
    for operation in Operation::ALL {
        group.bench_function(operation.name(), |bencher| {
            bencher.iter(|| operation.run(corpus, checkers));
        });
    }
    group.finish();
}

criterion_group!(benches, ndjson);
criterion_main!(benches);
