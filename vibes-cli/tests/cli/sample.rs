//! `vibes sample`: every callback type and every variant prints a body that
//! `vibes validate --strict` accepts as that type.

use crate::helpers::{run, run_with_input};
use vibes_types::CallbackType;

#[test]
fn every_sample_passes_strict_validation_as_its_own_type() {
    let mut cases: Vec<(String, Option<&str>)> = CallbackType::KNOWN
        .iter()
        .map(|name| ((*name).to_owned(), None))
        .collect();
    for variant in vibes_cli::sample::variant_names() {
        cases.push(("event_processed".to_owned(), Some(variant)));
    }
    assert_eq!(cases.len(), 17 + 8);
    for (callback_type, variant) in cases {
        let mut args = vec!["sample", callback_type.as_str()];
        if let Some(variant) = variant {
            args.extend(["--variant", variant]);
        }
        let sample = run(&args);
        assert_eq!(sample.code, 0, "{args:?}: {}", sample.stderr);
        assert_eq!(sample, run(&args), "{args:?} is not reproducible");
        let checked = run_with_input(
            &[
                "validate", "--strict", "--kind", "callback", "--format", "json", "-",
            ],
            sample.stdout.as_bytes(),
        );
        assert_eq!(checked.code, 0, "{args:?}: {}", checked.stdout);
        let record = &checked.json_lines()[0];
        assert_eq!(record["callback_type"], callback_type.as_str(), "{args:?}");
        assert_eq!(record["warnings"], serde_json::json!([]), "{args:?}");
    }
}

#[test]
fn the_list_names_every_type_and_variant() {
    let list = run(&["sample", "--list"]);
    assert_eq!(list.code, 0);
    for name in CallbackType::KNOWN {
        assert!(list.stdout.lines().any(|line| line == *name), "{name}");
    }
    for variant in vibes_cli::sample::variant_names() {
        assert!(
            list.stdout.contains(&format!("--variant {variant} ")),
            "{variant}"
        );
    }
}

#[test]
fn unknown_types_and_variants_are_usage_errors() {
    assert_eq!(run(&["sample", "person_merged"]).code, 2);
    assert_eq!(
        run(&["sample", "event_processed", "--variant", "routing"]).code,
        2
    );
    let no_variants = run(&["sample", "person_added", "--variant", "routing_accepted"]);
    assert_eq!(no_variants.code, 2);
    assert!(
        no_variants
            .stderr
            .contains("`person_added` has no variants"),
        "{}",
        no_variants.stderr
    );
}

#[test]
fn a_sample_of_event_processed() {
    insta::assert_snapshot!(
        run(&[
            "sample",
            "event_processed",
            "--variant",
            "routing_person_not_found"
        ])
        .stdout
    );
}
