//! Peak memory of `vibes validate --ndjson` does not grow with the stream: the resident set of
//! the process, read from `/proc` while it runs, stays under 100 MB, for a stream of 120 MiB too,
//! and a stream of payloads four times longer than another takes no more than a few megabytes
//! more. Nor does it grow with the reports, or with the thread count: a stream of short lines
//! that are not bodies, each reported in a hundred times its length, and a stream of 1 MiB lines
//! on the most threads `-j` allows stay under the bound too. (The streams are small enough for a
//! debug build to check in a few seconds each.)

#![cfg(target_os = "linux")]

use crate::helpers::{TempFile, vibes, workspace};
use std::process::Stdio;
use std::time::Duration;
use vibes_cli::ndjson::MAX_LINE;

/// The promise: peak memory under 100 MB, whatever the size of the stream.
const BOUND_KIB: u64 = 100 * 1000 * 1000 / 1024;

/// The highest resident set (`VmHWM`, in KiB) `vibes args` reaches. The high-water mark only
/// grows, so its last reading before the process ends is its peak but for the last
/// milliseconds, when the stream has ended and memory is being released.
pub(crate) fn peak_kib(args: &[&str]) -> u64 {
    let mut child = vibes(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let mark = text
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| {
                    value
                        .trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                });
            peak = peak.max(mark.unwrap_or(0));
        }
        if child
            .try_wait()
            .expect("the child can be waited for")
            .is_some()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(peak > 0, "no reading of {status}");
    peak
}

/// `megabytes` of callback bodies, one a line: the repository's callback fixtures, every tenth
/// line broken.
fn callbacks(megabytes: usize) -> Vec<u8> {
    let mut lines = Vec::new();
    for folder in ["docs", "seeds", "authored"] {
        let dir = workspace().join("tests/fixtures/callbacks").join(folder);
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let value: serde_json::Value =
                serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            lines.push(serde_json::to_vec(&value).unwrap());
        }
    }
    let mut stream = Vec::with_capacity(megabytes << 20);
    for at in 0.. {
        if stream.len() >= megabytes << 20 {
            break;
        }
        let line = &lines[at % lines.len()];
        if at % 10 == 9 {
            stream.extend_from_slice(&line[..line.len() / 2]);
        } else {
            stream.extend_from_slice(line);
        }
        stream.push(b'\n');
    }
    stream
}

/// The peak of `vibes validate --ndjson` on `file`, with `args` before it.
fn peak_of(args: &[&str], file: &TempFile) -> u64 {
    let mut all = vec!["validate", "--ndjson"];
    all.extend_from_slice(args);
    all.push(file.arg());
    peak_kib(&all)
}

/// Asserts that every named peak is under the bound, after printing them all.
fn assert_bounded(peaks: &[(String, u64)]) {
    for (name, peak) in peaks {
        println!("peak resident set: {peak} KiB, {name}");
    }
    for (name, peak) in peaks {
        assert!(
            *peak < BOUND_KIB,
            "{name}: peak {peak} KiB, over the bound of {BOUND_KIB} KiB"
        );
    }
}

#[test]
fn peak_memory_of_a_stream_is_bounded_and_does_not_grow_with_its_length() {
    let json = ["--format", "json", "-j", "2"];
    let short = TempFile::new("short.ndjson", &callbacks(4));
    let long = TempFile::new("long.ndjson", &callbacks(16));
    let short_peak = peak_of(&json, &short);
    let long_peak = peak_of(&json, &long);
    // Lines too long to read are skipped without being held: 120 MB of them hold nothing.
    let mut huge = vec![b'x'; 40 << 20];
    huge.push(b'\n');
    let huge = TempFile::new("huge.ndjson", &huge.repeat(3));
    let huge_peak = peak_of(&json, &huge);
    assert_bounded(&[
        ("4 MiB stream".to_owned(), short_peak),
        ("16 MiB stream".to_owned(), long_peak),
        ("120 MiB of long lines".to_owned(), huge_peak),
    ]);
    assert!(
        long_peak < short_peak + 8 * 1024,
        "a stream 4 times longer took {} KiB more",
        long_peak.saturating_sub(short_peak)
    );
}

/// A stream of `count` lines, each `line` padded with spaces to `length` bytes.
fn lines_of(line: &[u8], length: usize, count: usize) -> Vec<u8> {
    let mut padded = line.to_vec();
    padded.resize(length - 1, b' ');
    padded.push(b'\n');
    padded.repeat(count)
}

#[test]
fn peak_memory_is_bounded_whatever_the_lines_and_the_thread_count() {
    // `1` is JSON but no body: each line of 2 bytes is reported in about 250 bytes (JSON) or 150
    // (text), so that 1 MiB of them is reported in over 100 MB.
    let ones = TempFile::new("ones.ndjson", &lines_of(b"1", 2, 1 << 19));
    // Lines of nearly 1 MiB are read and held, a batch each: on as many threads as `-j` allows,
    // as many of them as there are batches could wait at once.
    let wide = TempFile::new("wide.ndjson", &lines_of(b"1", MAX_LINE, 240));
    // Checking a line of `[0,0,…]` holds about 20 times its length (the schema's JSON value):
    // eight at once held 240 MB.
    let mut zeros = b"[".to_vec();
    zeros.extend(b"0,".repeat(MAX_LINE / 2 - 2));
    zeros.extend(b"0]");
    let zeros = TempFile::new("zeros.ndjson", &lines_of(&zeros, MAX_LINE, 24));
    let cases: [(&str, &TempFile, &[&str]); 5] = [
        ("1 MiB of `1` lines", &ones, &["-j", "2"]),
        (
            "1 MiB of `1` lines",
            &ones,
            &["--format", "json", "-j", "2"],
        ),
        ("1 MiB of `1` lines", &ones, &["-j", "256"]),
        ("240 MiB of 1 MiB lines", &wide, &["-j", "256"]),
        ("24 MiB of 1 MiB lines of [0,0,…]", &zeros, &["-j", "8"]),
    ];
    let peaks: Vec<(String, u64)> = cases
        .iter()
        .map(|(stream, file, args)| (format!("{stream}, {}", args.join(" ")), peak_of(args, file)))
        .collect();
    assert_bounded(&peaks);
}
