//! What the bench targets share: the bodies (fixtures per callback family and a generated
//! mix), and every reader and writer measured on them, so each target measures the same things.

#![allow(
    dead_code,
    reason = "each bench target uses its own part of these helpers"
)]

mod baselines;
mod json;
mod mix;
mod rng;

pub use baselines::{Tagged, schema_validator};

use serde_json::Value;
use std::hint::black_box;
use std::path::Path;
use vibes_types::Callback;

/// How many bodies the generated mix holds: enough variety that no one body dominates, small
/// enough that one pass over it stays in the milliseconds.
pub const MIX_SIZE: usize = 1000;

/// The mix is the same on every run and every machine.
pub const MIX_SEED: u64 = 0x5EED_0008;

/// The large free-form bodies are too.
pub const LARGE_SEED: u64 = 0x5EED_0023;

/// The callback families, as `vibes_types::events` groups the types: the family, then the wire
/// names of its types.
pub const FAMILIES: [(&str, &[&str]); 8] = [
    ("person", &["person_added", "person_add", "person_updated"]),
    (
        "subscription",
        &["subscription_added", "subscription_removed"],
    ),
    (
        "subscription_list",
        &["subscription_list_added", "subscription_list_updated"],
    ),
    (
        "participant",
        &[
            "ack_participant_added",
            "ack_participant_changed",
            "company_participant_added",
            "company_participant_changed",
        ],
    ),
    ("unmatched_message", &["unmatched_message_received"]),
    ("wallet", &["wallet_item_install", "wallet_item_remove"]),
    (
        "device",
        &["device_added", "device_updated", "device_removed"],
    ),
    ("event_processed", &["event_processed"]),
];

/// A set of callback bodies, with everything each measured operation starts from.
pub struct Corpus {
    /// `documented`, `mix`, `large`, or the name of a callback family.
    pub name: String,
    /// The bodies as received.
    pub bodies: Vec<Vec<u8>>,
    /// Each body read leniently: what the write-back starts from.
    pub callbacks: Vec<Callback>,
    /// Each body as a `serde_json::Value`: what the untyped write starts from.
    pub values: Vec<Value>,
    /// The bodies serde's internally tagged enum reads: those that name their type in
    /// `callback_type` (bodies with only `event_type`, like every wallet body, cannot be), less
    /// any it refuses.
    pub tagged: Vec<usize>,
    /// The bodies with a `callback_type` that the tagged enum refuses, with its error. None
    /// today; a payload struct that serde cannot read from its buffered `Content` (a field read
    /// as `RawValue`, say) would make it refuse them, which the reports then say.
    pub tagged_refused: Vec<(usize, String)>,
}

/// One measured way of handling a callback body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// `Callback::from_slice`.
    LenientRead,
    /// `Callback::from_slice_strict`.
    StrictRead,
    /// `serde_json::to_vec(&callback)`.
    Write,
    /// `serde_json::from_slice::<Value>`: the untyped baseline.
    ValueRead,
    /// `serde_json::to_vec(&value)`: the untyped baseline of the write.
    ValueWrite,
    /// The payload structs behind serde's `#[serde(tag = "callback_type")]`: the naive typed
    /// baseline, on the bodies that have a `callback_type`.
    TaggedRead,
    /// `Callback::from_slice` on exactly the bodies `TaggedRead` reads.
    LenientReadTagged,
    /// `Value`, then validation against `schemas/callback.schema.json`.
    ValidatedRead,
    /// `sonic_rs::from_slice::<sonic_rs::Value>`.
    SonicRead,
}

impl Operation {
    /// Every operation, in the order the reports list them.
    pub const ALL: [Operation; 9] = [
        Operation::LenientRead,
        Operation::StrictRead,
        Operation::Write,
        Operation::ValueRead,
        Operation::ValueWrite,
        Operation::TaggedRead,
        Operation::LenientReadTagged,
        Operation::ValidatedRead,
        Operation::SonicRead,
    ];

    /// How the reports name it.
    pub fn name(self) -> &'static str {
        match self {
            Operation::LenientRead => "lenient read",
            Operation::StrictRead => "strict read",
            Operation::Write => "write back",
            Operation::ValueRead => "Value read",
            Operation::ValueWrite => "Value write",
            Operation::TaggedRead => "serde tagged enum read",
            Operation::LenientReadTagged => "lenient read, tagged subset",
            Operation::ValidatedRead => "Value read + jsonschema",
            Operation::SonicRead => "sonic-rs Value read",
        }
    }

    /// Whether it writes JSON rather than reading it.
    pub fn writes(self) -> bool {
        matches!(self, Operation::Write | Operation::ValueWrite)
    }

    /// The indexes of the bodies it handles in `corpus`.
    pub fn indexes(self, corpus: &Corpus) -> Vec<usize> {
        match self {
            Operation::TaggedRead | Operation::LenientReadTagged => corpus.tagged.clone(),
            _ => (0..corpus.bodies.len()).collect(),
        }
    }

    /// The bytes of the bodies it handles, as received. Writes count the bytes of the bodies they
    /// write back, so every MB/s figure counts the same bytes.
    pub fn bytes(self, corpus: &Corpus) -> usize {
        self.indexes(corpus)
            .iter()
            .map(|&index| corpus.bodies[index].len())
            .sum()
    }

    /// Handles the body at `index` once, and drops what it made.
    pub fn run(self, corpus: &Corpus, index: usize) {
        let body = black_box(corpus.bodies[index].as_slice());
        match self {
            Operation::LenientRead | Operation::LenientReadTagged => {
                black_box(Callback::from_slice(body).expect("read leniently"));
            }
            Operation::StrictRead => {
                black_box(Callback::from_slice_strict(body).expect("read strictly"));
            }
            Operation::Write => {
                let callback = black_box(&corpus.callbacks[index]);
                black_box(serde_json::to_vec(callback).expect("written"));
            }
            Operation::ValueRead => {
                black_box(serde_json::from_slice::<Value>(body).expect("JSON"));
            }
            Operation::ValueWrite => {
                let value = black_box(&corpus.values[index]);
                black_box(serde_json::to_vec(value).expect("written"));
            }
            Operation::TaggedRead => {
                black_box(serde_json::from_slice::<Tagged>(body).expect("read by the tagged enum"));
            }
            Operation::ValidatedRead => {
                let value = serde_json::from_slice::<Value>(body).expect("JSON");
                black_box(schema_validator().validate(&value).is_ok());
                black_box(value);
            }
            Operation::SonicRead => {
                black_box(sonic_rs::from_slice::<sonic_rs::Value>(body).expect("JSON"));
            }
        }
    }

    /// Handles every body it handles in `corpus` once.
    pub fn run_all(self, corpus: &Corpus, indexes: &[usize]) {
        for &index in indexes {
            self.run(corpus, index);
        }
    }
}

impl Corpus {
    /// Prepares `bodies` for every operation, checking first that each of them accepts every
    /// body: a benchmark of an error path would measure the wrong thing.
    pub fn new(name: impl Into<String>, bodies: Vec<Vec<u8>>) -> Corpus {
        let name = name.into();
        let mut callbacks = Vec::with_capacity(bodies.len());
        let mut values = Vec::with_capacity(bodies.len());
        let mut tagged = Vec::new();
        let mut tagged_refused = Vec::new();
        for (index, body) in bodies.iter().enumerate() {
            let shown = || format!("{name} body {index}: {}", String::from_utf8_lossy(body));
            let callback = Callback::from_slice(body)
                .unwrap_or_else(|error| panic!("lenient read failed: {error}\n{}", shown()));
            if let Err(error) = Callback::from_slice_strict(body) {
                panic!("strict read failed: {error}\n{}", shown());
            }
            let value: Value = serde_json::from_slice(body).expect("JSON");
            if let Err(error) = schema_validator().validate(&value) {
                panic!("schema validation failed: {error}\n{}", shown());
            }
            if value.get("callback_type").is_some() {
                match serde_json::from_slice::<Tagged>(body) {
                    Ok(_) => tagged.push(index),
                    Err(error) => tagged_refused.push((index, error.to_string())),
                }
            }
            sonic_rs::from_slice::<sonic_rs::Value>(body).expect("sonic-rs reads it");
            callbacks.push(callback);
            values.push(value);
        }
        if let Some((index, error)) = tagged_refused.first() {
            eprintln!(
                "note: {name}: the serde tagged enum refuses {} of the bodies that have a `callback_type` (body {index}: {error}); its rows leave them out",
                tagged_refused.len()
            );
        }
        Corpus {
            name,
            bodies,
            callbacks,
            values,
            tagged,
            tagged_refused,
        }
    }

    /// The generated mix: bodies that are not fixtures, in the proportions of a busy account.
    pub fn mix() -> Corpus {
        Corpus::new("mix", mix::bodies(MIX_SIZE, MIX_SEED))
    }

    /// The documented bodies: every callback fixture of this repository (copied from the
    /// documentation and the seeds, and written from DOMAIN.md where no example is published),
    /// as one corpus. The bodies Vibes sends, small and mostly typed fields: the first corpus.
    pub fn documented() -> Corpus {
        Corpus::new("documented", fixtures())
    }

    /// Four `event_processed` bodies with 5 KB to 500 KB of free-form `event_data`.
    pub fn large() -> Corpus {
        Corpus::new("large", mix::large_bodies(LARGE_SEED))
    }

    /// The fixtures of this repository, one corpus per callback family, in `FAMILIES` order.
    pub fn fixture_families() -> Vec<Corpus> {
        let mut families: Vec<(&str, Vec<Vec<u8>>)> = FAMILIES
            .iter()
            .map(|(family, _)| (*family, Vec::new()))
            .collect();
        for body in fixtures() {
            let value: Value = serde_json::from_slice(&body).expect("fixture is JSON");
            let family = family_of(&value).expect("fixture of a known callback type");
            let (_, bodies) = families
                .iter_mut()
                .find(|(name, _)| *name == family)
                .expect("one of FAMILIES");
            bodies.push(body);
        }
        families
            .into_iter()
            .map(|(family, bodies)| Corpus::new(family, bodies))
            .collect()
    }

    /// The total size of the bodies, in bytes.
    pub fn total_bytes(&self) -> usize {
        self.bodies.iter().map(Vec::len).sum()
    }

    /// How many bodies of each callback type it holds, most frequent first.
    pub fn composition(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for value in &self.values {
            let name = type_name(value).unwrap_or("(none)").to_owned();
            match counts.iter_mut().find(|(known, _)| *known == name) {
                Some((_, count)) => *count += 1,
                None => counts.push((name, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
    }
}

/// The callback type a body names: `callback_type`, else `event_type` (the dispatch rule).
fn type_name(body: &Value) -> Option<&str> {
    body.get("callback_type")
        .or_else(|| body.get("event_type"))
        .and_then(Value::as_str)
}

/// The family of the callback type a body names.
fn family_of(body: &Value) -> Option<&'static str> {
    let name = type_name(body)?;
    FAMILIES
        .iter()
        .find(|(_, types)| types.contains(&name))
        .map(|(family, _)| *family)
}

/// Every callback body fixture of the repository, in file name order.
fn fixtures() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/callbacks");
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
    paths
        .iter()
        .map(|path| std::fs::read(path).expect("fixture"))
        .collect()
}
