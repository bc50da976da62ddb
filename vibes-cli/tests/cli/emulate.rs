//! `vibes emulate`, run as a user runs it: the address and credentials it prints, the API it
//! serves, a test event delivered and retried, `vibes emulate deliveries` in text and JSON, and
//! a clean stop on SIGTERM.

use crate::helpers::{run, vibes};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use vibes_tests::endpoint::{Answer, Endpoint};

/// `emulator:p` in Basic authorization.
const AUTHORIZATION: &str = "Basic ZW11bGF0b3I6cA==";

/// A running `vibes emulate`, killed when dropped.
struct Emulate {
    child: Child,
    address: SocketAddr,
    lines: Vec<String>,
}

impl Emulate {
    fn start() -> Emulate {
        let mut child = vibes(&[
            "emulate",
            "--listen",
            "127.0.0.1:0",
            "--password",
            "p",
            "--time-scale",
            "0.001",
        ])
        .env_remove("VIBES_API_USER")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let lines: Vec<String> = (0..4)
            .map(|_| {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                line.trim_end().to_owned()
            })
            .collect();
        let address = lines[0]
            .strip_prefix("listening on http://")
            .and_then(|address| address.parse().ok())
            .unwrap_or_else(|| panic!("{lines:?}"));
        Emulate {
            child,
            address,
            lines,
        }
    }

    /// `method path` with `body`, with the emulator's credentials; the status and body.
    fn call(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(self.address).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: {AUTHORIZATION}\r\nX-API-Version: 2\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer[9..12].parse().unwrap();
        let body = answer.split_once("\r\n\r\n").unwrap().1.to_owned();
        (status, body)
    }
}

impl Drop for Emulate {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn it_serves_the_api_delivers_test_events_and_lists_them() {
    let endpoint = Endpoint::start(&[Answer::Status(503)]);
    let emulate = Emulate::start();
    assert_eq!(emulate.lines[1], "user: emulator");
    assert_eq!(emulate.lines[2], "password: as given");
    assert_eq!(
        emulate.lines[3],
        format!(
            "deliveries: http://{}/_emulator/deliveries",
            emulate.address
        )
    );

    let registration = format!(
        r#"{{"callback_type": "person_added", "destination": {{"url": "{}"}}}}"#,
        endpoint.url()
    );
    let (status, entity) = emulate.call("POST", "/companies/acme/config/callbacks", &registration);
    assert_eq!(status, 201, "{entity}");
    let (status, answer) = emulate.call(
        "POST",
        "/companies/acme/config/callback_events/test",
        r#"{"event_type": "person_added"}"#,
    );
    assert_eq!(status, 201, "{answer}");
    let event_id = serde_json::from_str::<serde_json::Value>(&answer).unwrap()["event_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // 503, then 200 on the retry.
    let from = format!("http://{}", emulate.address);
    let deadline = Instant::now() + Duration::from_secs(60);
    let text = loop {
        let listing = run(&["emulate", "deliveries", "--from", &from]);
        assert_eq!(listing.code, 0, "{}", listing.stderr);
        if listing.stdout.contains("): done") || Instant::now() > deadline {
            break listing.stdout;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with(&format!(
            "{event_id} person_added to POST {}",
            endpoint.url()
        )),
        "{text}"
    );
    assert!(lines[0].ends_with("company acme): done"), "{text}");
    assert!(
        lines[1].starts_with("  attempt 1 at ") && lines[1].contains(": 503 (retried, "),
        "{text}"
    );
    assert!(
        lines[2].starts_with("  attempt 2 at ") && lines[2].contains(": 200 (done, "),
        "{text}"
    );
    let attempts: Vec<String> = endpoint
        .requests()
        .iter()
        .map(|r| r.attempt().to_owned())
        .collect();
    assert_eq!(attempts, ["1", "2"]);

    let json = run(&["emulate", "deliveries", "--from", &from, "--format", "json"]);
    assert_eq!(json.code, 0);
    let view: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(view["deliveries"][0]["event_id"], event_id.as_str());
    assert_eq!(view["deliveries"][0]["state"], "done");
    assert_eq!(view["deliveries"][0]["attempts"][1]["status"], 200);
    assert_eq!(
        view["deliveries"][0]["body"].as_str().unwrap().as_bytes(),
        endpoint.requests()[1].body.as_slice()
    );
}

#[test]
fn it_stops_cleanly_on_sigterm() {
    let mut emulate = Emulate::start();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &emulate.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = emulate.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_password_is_generated_and_printed_when_none_is_given() {
    let mut child = vibes(&["emulate", "--listen", "127.0.0.1:0"])
        .env_remove("VIBES_API_USER")
        .env_remove("VIBES_API_PASSWORD")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..3 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        lines.push(line.trim_end().to_owned());
    }
    let _ = child.kill();
    let _ = child.wait();
    let password = lines[2].strip_prefix("password: ").unwrap();
    assert_eq!(password.len(), 20, "{lines:?}");
    assert!(password.bytes().all(|b| b.is_ascii_alphanumeric()));
}

#[test]
fn what_cannot_start_or_be_read_is_exit_status_2() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let busy = run(&["emulate", "--listen", &address, "--password", "p"]);
    assert_eq!(busy.code, 2);
    assert!(
        busy.stderr.contains(&format!("cannot listen on {address}")),
        "{}",
        busy.stderr
    );
    let nobody = vibes_tests::endpoint::refusing_url();
    let base = nobody.trim_end_matches("/vibes");
    let listing = run(&["emulate", "deliveries", "--from", base]);
    assert_eq!(listing.code, 2);
    assert!(
        listing.stderr.starts_with("vibes: no answer from "),
        "{}",
        listing.stderr
    );
}
