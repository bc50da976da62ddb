//! `vibes schema`: the files it prints are the committed `schemas/`, byte for byte.

use crate::helpers::{run, workspace};
use std::path::Path;

/// Every schema file under `schemas/` (every file but the folder's README), as paths relative to
/// it, sorted.
fn committed() -> Vec<String> {
    let root = workspace().join("schemas");
    let mut found = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).expect("schemas folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|name| name != "README.md") {
                let relative = path.strip_prefix(&root).unwrap();
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_list_is_every_committed_schema_file() {
    let run = run(&["schema", "--list"]);
    assert_eq!(run.code, 0);
    let mut listed: Vec<String> = run.stdout.lines().map(str::to_owned).collect();
    listed.sort();
    assert_eq!(listed, committed());
}

#[test]
fn every_file_is_printed_as_committed_byte_for_byte() {
    for file in committed() {
        let printed = run(&["schema", &file]);
        assert_eq!(printed.code, 0, "{file}");
        let on_disk = std::fs::read_to_string(workspace().join("schemas").join(&file)).unwrap();
        assert!(
            printed.stdout == on_disk,
            "vibes schema {file} differs from schemas/{file}"
        );
    }
}

#[test]
fn short_names_find_their_file() {
    let text = |name: &str| run(&["schema", name]).stdout;
    let file = |path: &str| {
        std::fs::read_to_string(workspace().join("schemas").join(Path::new(path))).unwrap()
    };
    assert_eq!(text("callback"), file("callback.schema.json"));
    assert_eq!(text("openapi"), file("openapi.json"));
    assert_eq!(
        text("person_added"),
        file("callbacks/person_added.schema.json")
    );
    let unknown = run(&["schema", "person"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no schema file is named `person`"),
        "{}",
        unknown.stderr
    );
}

/// The library's view of the same fact, without the binary: every kind's validator compiles.
#[test]
fn every_kind_has_a_schema_that_compiles() {
    let validators = vibes_cli::schema::Validators::new();
    for kind in vibes_cli::kind::Kind::ALL {
        assert!(
            !validators.get(kind).is_valid(&serde_json::json!(null)),
            "{kind}"
        );
    }
}
