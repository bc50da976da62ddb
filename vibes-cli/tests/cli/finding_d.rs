//! Finding D of issue 24: `vibes validate FILE` read any input whole, however large (a 1 GB body
//! peaked at 3.1 GB resident, and `/dev/zero` was read until memory ran out), and showed a file
//! name that is not UTF-8 with replacement characters (`bad��name.json`), naming no file. An input
//! over `--max-bytes` (64 MiB by default) is now refused without being read to the end, and a
//! name is shown exactly: escaped in text, its bytes in JSON.

use crate::helpers::{TempFile, finished, run, vibes};
use std::process::Stdio;

#[test]
fn finding_d_an_input_over_max_bytes_is_refused_with_exit_status_2_and_the_others_still_checked() {
    let large = TempFile::new("large.json", &vec![b' '; 2048]);
    let fixture = "tests/fixtures/callbacks/docs/person_added__platform.json";
    let text = run(&["validate", "--max-bytes", "1024", large.arg(), fixture]);
    assert_eq!(text.code, 2, "{text:?}");
    assert_eq!(
        text.stderr,
        format!(
            "vibes: {}: cannot be read: over the limit of 1024 bytes, so not read to the end \
             (--max-bytes)\n",
            large.arg()
        )
    );
    assert!(
        text.stdout
            .starts_with(&format!("{fixture}: valid callback person_added")),
        "{text:?}"
    );

    let json = run(&[
        "validate",
        "--format",
        "json",
        "--max-bytes",
        "1024",
        large.arg(),
    ]);
    assert_eq!(json.code, 2);
    let record = &json.json_lines()[0];
    assert_eq!(record["file"], large.arg());
    assert_eq!(record["valid"], false);
    assert_eq!(record["kind"], serde_json::Value::Null);
    assert_eq!(record["errors"][0]["kind"], "too_large");

    // At the limit, the input is read and checked.
    let exact = TempFile::new("exact.json", &vec![b' '; 1024]);
    let checked = run(&["validate", "--max-bytes", "1024", exact.arg()]);
    assert_eq!(checked.code, 1, "{checked:?}");
    assert!(checked.stdout.contains("invalid callback"), "{checked:?}");
}

#[test]
fn finding_d_standard_input_over_max_bytes_is_refused_after_the_limit_is_read() {
    let text =
        crate::helpers::run_with_input(&["validate", "--max-bytes", "100", "-"], &[b'{'; 5000]);
    assert_eq!(text.code, 2, "{text:?}");
    assert!(
        text.stderr
            .contains("-: cannot be read: over the limit of 100 bytes"),
        "{text:?}"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn finding_d_dev_zero_is_refused_without_being_read_to_the_end_of_memory() {
    let refused = run(&["validate", "/dev/zero"]);
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(
        refused
            .stderr
            .contains("/dev/zero: cannot be read: over the limit of 67108864 bytes"),
        "{refused:?}"
    );
    // The default limit, 64 MiB, read in full and refused: a few times that at most, never the
    // machine's memory.
    let peak = crate::memory::peak_kib(&["validate", "/dev/zero"]);
    assert!(peak < 300 * 1024, "/dev/zero took {peak} KiB");
}

#[test]
#[cfg(unix)]
fn finding_d_a_file_name_that_is_not_utf8_is_shown_exactly_escaped_in_text_and_as_bytes_in_json() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let file = TempFile::new("placeholder", b"");
    let name = OsStr::from_bytes(b"bad\x80name.json");
    let path = file.path.with_file_name(name);
    let fixture = "tests/fixtures/callbacks/docs/person_added__platform.json";
    std::fs::copy(crate::helpers::workspace().join(fixture), &path).unwrap();
    let folder = path.parent().unwrap().to_str().unwrap();

    let text = finished(
        vibes(&["validate"])
            .arg(&path)
            .stdin(Stdio::null())
            .output()
            .unwrap(),
    );
    assert_eq!(text.code, 0, "{text:?}");
    assert_eq!(
        text.stdout,
        format!(
            "\"{folder}/bad\\x80name.json\": valid callback person_added (kind recognised; JSON Schema accepts it)\n"
        )
    );

    let json = finished(
        vibes(&["validate", "--format", "json"])
            .arg(&path)
            .stdin(Stdio::null())
            .output()
            .unwrap(),
    );
    let record = &json.json_lines()[0];
    let bytes: Vec<u8> = serde_json::from_value(record["file"].clone()).unwrap();
    assert_eq!(
        bytes,
        path.as_os_str().as_bytes(),
        "the name, byte for byte"
    );

    // A name that cannot be read is named exactly too, on standard error and in the report.
    let missing = path.with_file_name(OsStr::from_bytes(b"gone\xff.json"));
    let unread = finished(
        vibes(&["validate", "--format", "json"])
            .arg(&missing)
            .stdin(Stdio::null())
            .output()
            .unwrap(),
    );
    assert_eq!(unread.code, 2);
    assert!(
        unread.stderr.starts_with(&format!(
            "vibes: \"{folder}/gone\\xff.json\": cannot be read"
        )),
        "{unread:?}"
    );
    let bytes: Vec<u8> = serde_json::from_value(unread.json_lines()[0]["file"].clone()).unwrap();
    assert_eq!(bytes, missing.as_os_str().as_bytes());
}
