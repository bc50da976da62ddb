//! `cargo bench -p vibes-cli --bench ndjson`: NDJSON throughput of `vibes validate --ndjson` on
//! 1 and 2 threads, and of `serde_json::Value` parsing of the same lines, with criterion, in
//! MB/s and payloads/s. `--bench ndjson_ratios` prints the same measurements as a table of
//! ratios.

mod support;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::time::Duration;
use support::{Corpus, Operation};
use vibes_cli::validate::Checker;

fn ndjson(c: &mut Criterion) {
    let corpus = Corpus::mix();
    let checker = Checker::new(None, false);
    let mut group = c.benchmark_group("ndjson");
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
            bencher.iter(|| operation.run(&corpus, &checker));
        });
    }
    group.finish();
}

criterion_group!(benches, ndjson);
criterion_main!(benches);
