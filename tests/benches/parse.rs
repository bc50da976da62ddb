//! `cargo bench`: what typed parsing costs, as ratios against plain `serde_json::Value` parsing of
//! the same bodies measured in the same run (so the figures travel between machines).

use std::hint::black_box;
use std::time::{Duration, Instant};
use vibes_types::{Callback, Inspect};

/// Runs `work` over all items until `budget` has passed, seven times; the median ns per item.
fn measure<T>(items: &[T], budget: Duration, work: impl Fn(&T)) -> f64 {
    let mut samples = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let mut parsed = 0u32;
        while start.elapsed() < budget {
            for item in items {
                work(black_box(item));
            }
            parsed += u32::try_from(items.len()).expect("a few items");
        }
        samples.push(start.elapsed().as_secs_f64() * 1e9 / f64::from(parsed));
    }
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/callbacks");
    let mut bodies = Vec::new();
    for folder in ["docs", "seeds", "authored"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("fixture folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|ext| ext == "json") {
                bodies.push(std::fs::read(path).expect("fixture"));
            }
        }
    }
    let budget = Duration::from_millis(200);
    let baseline = measure(&bodies, budget, |body| {
        black_box(serde_json::from_slice::<serde_json::Value>(body).expect("JSON"));
    });
    let lenient = measure(&bodies, budget, |body| {
        black_box(Callback::from_slice(body).expect("callback"));
    });
    let strict = measure(&bodies, budget, |body| {
        black_box(Callback::from_slice_strict(body).expect("callback"));
    });
    let parsed: Vec<Callback> = bodies
        .iter()
        .map(|body| Callback::from_slice(body).expect("callback"))
        .collect();
    let write_baseline = {
        let values: Vec<serde_json::Value> = bodies
            .iter()
            .map(|body| serde_json::from_slice(body).expect("JSON"))
            .collect();
        measure(&values, budget, |value| {
            black_box(serde_json::to_vec(value).expect("write"));
        })
    };
    let write = measure(&parsed, budget, |callback| {
        black_box(serde_json::to_vec(callback).expect("write"));
    });
    let inspect = measure(&parsed, budget, |callback| {
        black_box(callback.unrecognized());
    });
    println!("{} callback bodies, median of 7 runs", bodies.len());
    println!("read  serde_json::Value (baseline) {baseline:>8.0} ns/body  1.00x");
    println!(
        "read  Callback::from_slice         {lenient:>8.0} ns/body  {:.2}x",
        lenient / baseline
    );
    println!(
        "read  Callback::from_slice_strict  {strict:>8.0} ns/body  {:.2}x",
        strict / baseline
    );
    println!("write serde_json::Value (baseline) {write_baseline:>8.0} ns/body  1.00x");
    println!(
        "write Callback                     {write:>8.0} ns/body  {:.2}x",
        write / write_baseline
    );
    println!(
        "walk  unrecognized()               {inspect:>8.0} ns/body  {:.2}x of the read baseline",
        inspect / baseline
    );
}
