//! The operator's findings of issue 24, each held by a test named after it:
//!
//! - A: `/healthz` answered 200 while nothing could be stored;
//! - B: requests refused by the HTTP layer, before the handler, were answered with an empty body
//!   and left no trace at the default log level;
//! - C: memory grew with connections: 1,000 stalled bodies of just under 1 MiB took 1.1 GB.

use crate::helpers::{Folder, client, deliveries, delivery, person_added, receiver, send};
use axum::http::StatusCode;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

/// The resident set of process `pid` now, and at its highest so far (`VmRSS`, `VmHWM`), in KiB.
fn resident_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Makes room for `files` open files in this process (and the receivers it starts, which
/// inherit it), up to its hard limit, with util-linux's `prlimit`; panics, naming the limit,
/// when the hard limit is lower.
fn open_files(files: u64) {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .unwrap();
    let numbers: Vec<u64> = line
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    let (soft, hard) = (numbers[0], numbers[1]);
    if soft >= files {
        return;
    }
    assert!(
        hard >= files,
        "this test opens {files} files, over the hard limit {hard} (ulimit -Hn)"
    );
    let raised = std::process::Command::new("prlimit")
        .arg(format!("--pid={}", std::process::id()))
        .arg(format!("--nofile={files}:{hard}"))
        .status()
        .expect("prlimit (util-linux) runs");
    assert!(
        raised.success(),
        "prlimit could not raise the open files to {files}"
    );
}

/// Finding C: 1,000 connections, each stalled with just under 1 MiB of a 1 MiB body sent, keep
/// the receiver under 200 MB resident (each body reads 32 KiB freely, the rest within the 32 MiB
/// budget, and hyper reads at most 32 KiB at once), and a delivery sent meanwhile is stored and
/// acknowledged at once.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finding_c_a_thousand_stalled_1_mib_bodies_stay_under_200_mb_and_a_delivery_gets_through() {
    const STALLED: usize = 1000;
    const BODY: usize = 1 << 20;
    open_files(2 * STALLED as u64 + 200);
    let folder = Folder::new();
    let receiver = receiver(folder.store())
        .args(["--read-timeout", "8s"])
        .run();
    let pid = receiver.pid();
    let (_, before) = resident_kib(pid);

    // One buffer for every connection: the test's own memory stays small.
    let filler: std::sync::Arc<[u8]> = vec![b' '; BODY - 1].into();
    let head = format!(
        "POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: {BODY}\r\n\r\n"
    );
    let mut stalled = Vec::with_capacity(STALLED);
    for _ in 0..STALLED {
        let stream = tokio::net::TcpStream::connect(receiver.address)
            .await
            .unwrap();
        let (filler, head) = (std::sync::Arc::clone(&filler), head.clone());
        // Written as far as the receiver reads: the writes wait while it does not.
        stalled.push(tokio::spawn(async move {
            let mut stream = stream;
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&filler).await;
            stream
        }));
    }

    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let body = person_added("E-finding-c");
    let sent = Instant::now();
    let answer = send(&client(), delivery(&receiver.url("/"), &body)).await;
    let took = sent.elapsed();
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        took < Duration::from_secs(3),
        "the delivery waited {took:?} behind the stalled bodies"
    );
    assert_eq!(deliveries(&folder.store())[0].body, body);

    // The stalled bodies time out after 8 s; the highest resident set meanwhile is the figure.
    let mut peak = 0;
    while started.elapsed() < Duration::from_secs(9) {
        peak = peak.max(resident_kib(pid).1);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    peak = peak.max(resident_kib(pid).1);
    eprintln!(
        "finding C: {STALLED} stalled 1 MiB bodies: {} MB resident at the highest ({} MB before); the delivery took {took:?}",
        peak / 1024,
        before / 1024
    );
    assert!(
        peak < 200 * 1000 * 1000 / 1024,
        "{STALLED} stalled bodies took the receiver to {peak} KiB resident"
    );
    for task in stalled {
        task.abort();
    }
}

/// Sends `raw` on a connection of its own and reads the whole answer, up to the close.
fn raw_answer(address: std::net::SocketAddr, raw: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(crate::helpers::DEADLINE))
        .unwrap();
    // The receiver may answer and close before it has read all of a large head.
    let _ = stream.write_all(raw);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8(answer).unwrap()
}

/// Finding B: the requests hyper refuses before the handler (a head too large, or malformed)
/// were answered with an empty body and left no trace at the default log level. They are now
/// answered in the JSON error form of every refusal (kind `request`), and, since no request was
/// read to make a row of, logged at WARN with the peer and hyper's reason.
#[tokio::test]
async fn finding_b_requests_refused_before_the_handler_are_answered_in_json_and_logged_at_warn() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let head = "POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n";
    let many: String = (0..10_000).map(|i| format!("x-h{i}: v\r\n")).collect();
    let long_value = "a".repeat(1_000_000);
    let long_url = format!(
        "POST /{} HTTP/1.1\r\nhost: x\r\n\r\n",
        "a".repeat(1_000_000)
    );
    let cases: [(&str, Vec<u8>, u16, &str); 6] = [
        (
            "10,000 headers",
            format!("{head}{many}\r\n").into_bytes(),
            431,
            "too large",
        ),
        (
            "a 1 MB header line",
            format!("{head}x-big: {long_value}\r\n\r\n").into_bytes(),
            431,
            "too large",
        ),
        ("a 1 MB URL", long_url.into_bytes(), 431, "too large"),
        (
            "conflicting Content-Length",
            format!("{head}content-length: 5\r\ncontent-length: 6\r\n\r\nhello!").into_bytes(),
            400,
            "invalid",
        ),
        (
            "a negative Content-Length",
            format!("{head}content-length: -5\r\n\r\n").into_bytes(),
            400,
            "invalid",
        ),
        (
            "a NUL in a header",
            format!("{head}x-nul: a\0b\r\ncontent-length: 2\r\n\r\n{{}}").into_bytes(),
            400,
            "invalid",
        ),
    ];
    for (what, raw, status, reason) in cases {
        let answer = raw_answer(receiver.address, &raw);
        let (answer_head, body) = answer
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("{what}: {answer:?}"));
        assert!(
            answer_head.starts_with(&format!("HTTP/1.1 {status} ")),
            "{what}: {answer_head}"
        );
        assert!(
            answer_head.contains("content-type: application/json"),
            "{what}: {answer_head}"
        );
        assert!(
            answer_head.contains(&format!("content-length: {}", body.len())),
            "{what}: {answer_head}"
        );
        let error: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(error["error"]["kind"], "request", "{what}");
        assert_eq!(
            error["error"]["problems"][0]["message"], error["error"]["message"],
            "{what}"
        );
        let line = receiver.wait_for_log(&format!("answered {status}, not kept"));
        assert!(line.contains(" WARN "), "{what}: {line}");
        assert!(
            line.contains("refused a request from 127.0.0.1:"),
            "{what}: {line}"
        );
        assert!(line.to_lowercase().contains(reason), "{what}: {line}");
        // The next case waits for a line of its own.
        receiver.clear_log();
    }
    // No request was read, so none is kept; the receiver goes on serving.
    assert!(crate::helpers::rejected(&folder.store()).is_empty());
    let body = person_added("E-finding-b");
    assert_eq!(
        send(&client(), delivery(&receiver.url("/"), &body))
            .await
            .status,
        StatusCode::OK
    );
}

/// Finding A: `/healthz` ran a read, so with the SQLite file unable to take a write every
/// delivery was answered 503 while the health check, which a load balancer follows, answered
/// 200. It now answers 503 after a failed write, saying why, until a write succeeds, and tries
/// one itself, so that it comes back with the store. Here another connection holds SQLite's
/// write lock, as a full disk would refuse the commit: reads go on, writes fail.
#[tokio::test]
async fn finding_a_healthz_answers_503_after_a_failed_write_until_a_write_succeeds() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let client = client();
    assert_eq!(
        crate::helpers::health(&client, &receiver).await.status,
        StatusCode::OK
    );

    let blocker = crate::helpers::open_store(&folder.store());
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let body = person_added("E-finding-a");
    let answer = send(&client, delivery(&receiver.url("/"), &body)).await;
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "the commit fails"
    );

    let health = crate::helpers::health(&client, &receiver).await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
    let said = String::from_utf8_lossy(&health.body).into_owned();
    assert!(
        said.starts_with("the store cannot write: a write failed at 20"),
        "{said}"
    );
    assert!(said.contains("database is locked"), "{said}");
    assert!(said.contains("a write tried now fails too"), "{said}");
    receiver.wait_for_log("the health check failed, since the store cannot write");

    // The store takes writes again: the health check's own write succeeds, before any delivery.
    blocker.execute_batch("COMMIT").unwrap();
    let health = crate::helpers::health(&client, &receiver).await;
    assert_eq!(
        (health.status, &health.body[..]),
        (StatusCode::OK, &b"ok\n"[..])
    );
    let answer = send(&client, delivery(&receiver.url("/"), &body)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(deliveries(&folder.store())[0].body, body);
}
