//! The committed schemas say exactly what the Rust types accept under the documented contract:
//! for every JSON fixture and a corpus of mutations around each, the Rust verdict
//! (`Document::accepts`, which is `Callback::from_slice_strict` for callbacks) equals the JSON
//! Schema validator's, for the fixture's schema and, for callbacks, the union for code
//! generators (`callback-union.schema.json`) and the schema of its own type.

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use vibes_tests::mutations::mutations;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace")
        .to_path_buf()
}

/// The JSON document at `path`, for the tests that read the committed schemas.
pub(crate) fn read_json(path: &Path) -> Value {
    let text = std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The validator of the committed schema file `file` (a path under `schemas/`).
pub(crate) fn validator(file: &str) -> jsonschema::Validator {
    let schema = read_json(&workspace().join("schemas").join(file));
    jsonschema::draft202012::new(&schema).unwrap_or_else(|error| panic!("{file}: {error}"))
}

#[test]
fn strict_parsing_and_the_schemas_agree_on_the_mutation_corpus() {
    let mut validators: HashMap<String, jsonschema::Validator> = HashMap::new();
    let mut cases = 0;
    let mut by_document: HashMap<String, usize> = HashMap::new();
    let mut disagreements = Vec::new();
    for (path, document, seed) in vibes_tests::json_fixtures() {
        let judges = vibes_tests::judges(&document, &seed);
        let mut corpus = vec![("as published".to_owned(), seed.clone())];
        corpus.extend(mutations(&seed));
        for judge in &judges {
            let file = judge.file_name();
            let validator = validators
                .entry(file.clone())
                .or_insert_with(|| validator(&file));
            for (what, mutated) in &corpus {
                let rust = judge.accepts(mutated.to_string().as_bytes());
                let schema = validator.is_valid(mutated);
                cases += 1;
                *by_document.entry(file.clone()).or_default() += 1;
                if rust != schema {
                    disagreements.push(format!(
                        "{} {what}: {file} says {schema}, Rust says {rust}",
                        path.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
    }
    let mut counts: Vec<_> = by_document.into_iter().collect();
    counts.sort();
    println!("schema agreement: {cases} cases {counts:?}");
    assert!(cases > 5_000, "only {cases} cases");
    assert!(
        disagreements.is_empty(),
        "{} of {cases} cases disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// Every committed schema file (`*.schema.json` under `schemas/`, at any depth).
pub(crate) fn schema_files() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![workspace().join("schemas")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).expect("schemas folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.to_string_lossy().ends_with(".schema.json") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_schema_is_valid_draft_2020_12() {
    let files = schema_files();
    for path in &files {
        let schema = read_json(path);
        if let Err(error) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{}: {error}", path.display());
        }
    }
    assert!(files.len() >= 18, "only {} schema files", files.len());
}
