use std::hint::black_box;
fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/callbacks");
    let mut bodies = Vec::new();
    for folder in ["docs", "seeds", "authored"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                bodies.push(std::fs::read(path).unwrap());
            }
        }
    }
    sizes();
    let mode = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(20000);
    let start = std::time::Instant::now();
    for _ in 0..n {
        for b in &bodies {
            if mode == "value" {
                black_box(serde_json::from_slice::<serde_json::Value>(b).unwrap());
            } else if mode == "strict" {
                black_box(vibes_types::Callback::from_slice_strict(b).unwrap());
            } else {
                black_box(vibes_types::Callback::from_slice(b).unwrap());
            }
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / (n * bodies.len()) as f64;
    println!("{mode}: {ns:.0} ns/body");
}
#[allow(dead_code)]
fn sizes() {
    println!(
        "Callback {} ParseError {} Registration {} Entity {} Value {}",
        size_of::<vibes_types::Callback>(),
        size_of::<vibes_types::ParseError>(),
        size_of::<vibes_types::CallbackRegistration>(),
        size_of::<vibes_types::CallbackEntity>(),
        size_of::<serde_json::Value>()
    );
}
