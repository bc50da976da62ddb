//! `cargo bench -p vibes-types --bench throughput`: every reader and writer of callback bodies,
//! with criterion, in MB/s and callbacks/s, on three corpora in this order: the documented bodies
//! (the repository's callback fixtures, group `documented`, then one group
//! `documented/<family>` per callback family), the generated mix (group `mix`), and the large
//! free-form bodies (group `large`).
//!
//! One iteration handles every body of the group once; criterion's throughput counts the bodies
//! and their bytes as received, so reads and writes of the same bodies compare directly.

mod support;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::time::Duration;
use support::{Corpus, Operation};

/// Criterion's defaults (100 samples, 5 s) would take half an hour here; 20 samples over a few
/// seconds keep a full `cargo bench -p vibes-types` within minutes on a shared two-core machine.
fn settings() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn throughput(c: &mut Criterion) {
    measure_corpus(
        c,
        "documented",
        &Corpus::documented(),
        Duration::from_secs(2),
    );
    // The family groups hold a few small bodies each: one second measures them well enough.
    for family in Corpus::fixture_families() {
        let name = format!("documented/{}", family.name);
        measure_corpus(c, &name, &family, Duration::from_secs(1));
    }
    measure_corpus(c, "mix", &Corpus::mix(), Duration::from_secs(2));
    measure_corpus(c, "large", &Corpus::large(), Duration::from_secs(2));
}

/// One criterion group: every operation on `corpus`.
fn measure_corpus(c: &mut Criterion, name: &str, corpus: &Corpus, measurement: Duration) {
    let mut group = c.benchmark_group(name);
    // An iteration is a whole pass over the corpus, long enough to time on its own.
    group
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(measurement);
    for operation in Operation::ALL {
        let indexes = operation.indexes(corpus);
        // The tagged baseline cannot read a family whose bodies all lack `callback_type`.
        if indexes.is_empty() {
            continue;
        }
        group.throughput(Throughput::ElementsAndBytes {
            elements: indexes.len() as u64,
            bytes: operation.bytes(corpus) as u64,
        });
        group.bench_function(operation.name(), |bencher| {
            bencher.iter(|| operation.run_all(corpus, &indexes));
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = settings();
    targets = throughput
}
criterion_main!(benches);
