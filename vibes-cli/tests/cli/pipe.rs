//! A standard output closed before the end (`vibes … | head`) ends the program quietly with exit
//! status 0, whatever it was printing, so that a pipeline under `set -o pipefail` does not fail
//! for it.

use crate::helpers::{TempFile, run_with_closed_output};

#[test]
fn a_closed_standard_output_ends_the_program_quietly_with_status_0() {
    // Every line is invalid, so that the report is longer than a pipe holds.
    let stream = TempFile::new("invalid.ndjson", &b"{}\n".repeat(20_000));
    let cases: [&[&str]; 5] = [
        &["schema", "openapi"],
        &["completions", "bash"],
        &["sample", "person_added"],
        &[
            "validate",
            "tests/fixtures/callbacks/docs/person_added__platform.json",
        ],
        &["validate", "--ndjson", stream.arg()],
    ];
    for args in cases {
        let run = run_with_closed_output(args);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
    }
}
