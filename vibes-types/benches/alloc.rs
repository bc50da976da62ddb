//! `cargo bench -p vibes-types --bench alloc`: what reading and writing a callback costs in heap
//! allocations, beside `serde_json::Value`, and how large the types are.
//!
//! The counting global allocator is `allocation-counter`'s, a thin wrapper of
//! `std::alloc::System` that counts the allocations of the current thread inside `measure`.
//! Writing our own would need `unsafe impl GlobalAlloc`, which the workspace's
//! `unsafe_code = "forbid"` rules out for every target of `vibes-types`, benches included (a
//! `forbid` cannot be lifted by an `allow`). That allocator does not forward `realloc`, so each
//! growth step of a `Vec` or `String` counts as one allocation, even where the system allocator
//! could have grown the block in place: the counts are an upper bound, alike for every row.

mod support;

use allocation_counter::{AllocationInfo, measure};
use serde_json::Value;
use std::hint::black_box;
use std::mem::size_of;
use support::{Corpus, Operation, Tagged};
use vibes_types::Callback;
use vibes_types::events::{
    AckParticipantAdded, DeviceAdded, EventProcessed, PersonAdded, SubscriptionAdded,
    SubscriptionListAdded, UnmatchedMessageReceived, WalletItemInstall,
};

/// The operations whose allocations are reported: every one but the lenient read of the
/// tagged subset, which repeats the lenient read.
const MEASURED: [Operation; 8] = [
    Operation::LenientRead,
    Operation::StrictRead,
    Operation::Write,
    Operation::ValueRead,
    Operation::ValueWrite,
    Operation::TaggedRead,
    Operation::ValidatedRead,
    Operation::SonicRead,
];

/// Allocation figures summed over a corpus.
#[derive(Default)]
struct Totals {
    bodies: u64,
    allocations: u64,
    bytes: u64,
    peak_sum: u64,
    peak_max: u64,
    kept: i64,
}

impl Totals {
    fn add(&mut self, info: AllocationInfo) {
        self.bodies += 1;
        self.allocations += info.count_total;
        self.bytes += info.bytes_total;
        self.peak_sum += info.bytes_max;
        self.peak_max = self.peak_max.max(info.bytes_max);
        self.kept += info.bytes_current;
    }

    fn per_body(&self, total: u64) -> f64 {
        total as f64 / self.bodies as f64
    }
}

fn main() {
    print_sizes();
    let mix = Corpus::mix();
    println!();
    println!(
        "Generated mix: {} bodies, {} bytes a body on average. Per callback, one body at a time:",
        mix.bodies.len(),
        mix.total_bytes() / mix.bodies.len()
    );
    println!();
    print_mix(&mix);
    println!();
    println!("Allocations per callback, fixtures of each callback family:");
    println!();
    print_families(&Corpus::fixture_families());
}

/// `size_of` of the callback union beside the untyped values, and of its largest bodies.
fn print_sizes() {
    println!("| type | size_of (bytes) |");
    println!("|---|--:|");
    let sizes = [
        ("vibes_types::Callback", size_of::<Callback>()),
        ("serde_json::Value", size_of::<Value>()),
        ("sonic_rs::Value", size_of::<sonic_rs::Value>()),
        ("events::PersonAdded", size_of::<PersonAdded>()),
        ("events::SubscriptionAdded", size_of::<SubscriptionAdded>()),
        (
            "events::SubscriptionListAdded",
            size_of::<SubscriptionListAdded>(),
        ),
        (
            "events::AckParticipantAdded",
            size_of::<AckParticipantAdded>(),
        ),
        (
            "events::UnmatchedMessageReceived",
            size_of::<UnmatchedMessageReceived>(),
        ),
        ("events::WalletItemInstall", size_of::<WalletItemInstall>()),
        ("events::DeviceAdded", size_of::<DeviceAdded>()),
        (
            "events::EventProcessed (boxed)",
            size_of::<EventProcessed>(),
        ),
    ];
    for (name, size) in sizes {
        println!("| `{name}` | {size} |");
    }
}

/// Every operation on the mix: allocations, bytes, peak and what stays allocated.
fn print_mix(mix: &Corpus) {
    let totals: Vec<(Operation, Totals)> = MEASURED
        .iter()
        .map(|&operation| (operation, count(operation, mix)))
        .collect();
    let value_read = &totals
        .iter()
        .find(|(operation, _)| *operation == Operation::ValueRead)
        .expect("Value read is measured")
        .1;
    println!(
        "| operation | allocations/callback | vs Value read | bytes allocated/callback | peak live bytes/callback (mean) | peak (max) | bytes kept/callback |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|");
    for (operation, totals) in &totals {
        let allocations = totals.per_body(totals.allocations);
        println!(
            "| {} | {allocations:.1} | {:.2}× | {:.0} | {:.0} | {} | {:.0} |",
            operation.name(),
            allocations / value_read.per_body(value_read.allocations),
            totals.per_body(totals.bytes),
            totals.per_body(totals.peak_sum),
            totals.peak_max,
            totals.kept as f64 / totals.bodies as f64,
        );
    }
    println!();
    println!(
        "Peak live bytes: the most heap held at once while handling one body, its result included. Bytes kept: the heap the result holds (for a write, the JSON text's buffer). `vs Value read`: allocations as a multiple of `Value`'s (below 1: fewer)."
    );
}

/// Allocations per callback of the main operations, per fixture family.
fn print_families(families: &[Corpus]) {
    let columns = [
        Operation::LenientRead,
        Operation::StrictRead,
        Operation::Write,
        Operation::ValueRead,
        Operation::ValueWrite,
    ];
    let names: Vec<&str> = columns.iter().map(|operation| operation.name()).collect();
    println!("| family | bodies | {} |", names.join(" | "));
    println!("|---|--:|{}", "--:|".repeat(columns.len()));
    for family in families {
        let cells: Vec<String> = columns
            .iter()
            .map(|&operation| {
                let totals = count(operation, family);
                format!("{:.1}", totals.per_body(totals.allocations))
            })
            .collect();
        println!(
            "| {} | {} | {} |",
            family.name,
            family.bodies.len(),
            cells.join(" | ")
        );
    }
}

/// Counts `operation` on every body it handles in `corpus`, one body at a time, keeping its
/// result alive to the end of the count so the bytes it holds are seen.
fn count(operation: Operation, corpus: &Corpus) -> Totals {
    let mut totals = Totals::default();
    for index in operation.indexes(corpus) {
        let body = corpus.bodies[index].as_slice();
        let info = match operation {
            Operation::LenientRead | Operation::LenientReadTagged => {
                keep(|| Callback::from_slice(body).expect("read leniently"))
            }
            Operation::StrictRead => {
                keep(|| Callback::from_slice_strict(body).expect("read strictly"))
            }
            Operation::Write => {
                keep(|| serde_json::to_vec(&corpus.callbacks[index]).expect("written"))
            }
            Operation::ValueRead => keep(|| serde_json::from_slice::<Value>(body).expect("JSON")),
            Operation::ValueWrite => {
                keep(|| serde_json::to_vec(&corpus.values[index]).expect("written"))
            }
            Operation::TaggedRead => {
                keep(|| serde_json::from_slice::<Tagged>(body).expect("read by the tagged enum"))
            }
            Operation::ValidatedRead => keep(|| {
                let value = serde_json::from_slice::<Value>(body).expect("JSON");
                black_box(support::schema_validator().validate(&value).is_ok());
                value
            }),
            Operation::SonicRead => {
                keep(|| sonic_rs::from_slice::<sonic_rs::Value>(body).expect("JSON"))
            }
        };
        totals.add(info);
    }
    totals
}

/// Counts the allocations of `make`, with what it makes still alive when the count ends.
fn keep<T>(make: impl FnOnce() -> T) -> AllocationInfo {
    let mut kept = None;
    let info = measure(|| kept = Some(black_box(make())));
    drop(kept);
    info
}
