//! What the tests share: the receiver binary started on 127.0.0.1 with an OS-chosen port and
//! stopped by the test, a real HTTP client, delivery requests as Vibes sends them, and the
//! SQLite store's rows read back.

use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};
use vibes_types::Callback;

/// How long anything a test waits for may take, generous for a loaded 2-core machine.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// The flags that let the tests' own requests, from 127.0.0.1, through the source check.
pub const FROM_LOOPBACK: [&str; 2] = ["--allow-source", "127.0.0.1/32"];

/// A receiver process to start: its store and flags.
#[derive(Debug)]
pub struct Start {
    store: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
    /// `vibes-receiver forward --to` this URL instead of the receiver.
    forward_to: Option<String>,
}

/// A receiver process that printed its address; killed, if still running, when dropped.
#[derive(Debug)]
pub struct Receiver {
    child: Child,
    /// The address it listens on.
    pub address: SocketAddr,
    log: Arc<Log>,
    /// The lines of standard output after the first.
    stdout: mpsc::Receiver<String>,
}

/// A receiver process started, whose address is not read yet.
#[derive(Debug)]
pub struct Starting {
    child: Child,
    first_line: mpsc::Receiver<String>,
    log: Arc<Log>,
}

/// The lines a process wrote to standard error, as they come.
#[derive(Debug, Default)]
struct Log {
    lines: Mutex<Vec<String>>,
    grew: Condvar,
}

/// A temporary folder with a SQLite store path in it.
#[derive(Debug)]
pub struct Folder {
    folder: tempfile::TempDir,
}

/// A receiver on the SQLite store `store` that lets 127.0.0.1 through.
pub fn receiver(store: impl AsRef<Path>) -> Start {
    receiver_on(&store.as_ref().display().to_string()).args(FROM_LOOPBACK)
}

/// A receiver on `store` (a path or a URL) with the default source list.
pub fn receiver_on(store: &str) -> Start {
    Start {
        store: store.to_owned(),
        args: Vec::new(),
        env: Vec::new(),
        forward_to: None,
    }
}

/// `vibes-receiver forward` on `store`, to `to`; its first line is `forwarding to URL`.
pub fn forwarder(store: &str, to: &str) -> Start {
    Start {
        forward_to: Some(to.to_owned()),
        ..receiver_on(store)
    }
}

impl Start {
    /// With these flags too.
    pub fn args<S: Into<String>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// With `RUST_LOG` set to `filter`.
    pub fn log(mut self, filter: &str) -> Self {
        self.env.push(("RUST_LOG".to_owned(), filter.to_owned()));
        self
    }

    /// Starts the process, and waits for the address it prints.
    pub fn run(self) -> Receiver {
        self.spawn().ready()
    }

    /// Starts the process without waiting for it.
    pub fn spawn(self) -> Starting {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vibes-receiver"));
        match &self.forward_to {
            Some(to) => command.args(["forward", "--to", to]),
            None => command.args(["--listen", "127.0.0.1:0"]),
        };
        command
            .args(["--store", &self.store])
            .args(&self.args)
            .env_remove("RUST_LOG")
            .envs(self.env)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the receiver binary starts");
        let stdout = child.stdout.take().expect("a piped stdout");
        let stderr = child.stderr.take().expect("a piped stderr");
        let (line, first_line) = mpsc::channel();
        std::thread::spawn(move || {
            for text in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = line.send(text);
            }
        });
        let log = Arc::new(Log::default());
        let writer = Arc::clone(&log);
        std::thread::spawn(move || {
            for text in BufReader::new(stderr).lines().map_while(Result::ok) {
                writer.lines.lock().unwrap().push(text);
                writer.grew.notify_all();
            }
        });
        Starting {
            child,
            first_line,
            log,
        }
    }
}

impl Starting {
    /// Waits for the first line, `listening on http://ADDRESS` (or a forwarder's `forwarding to
    /// URL`, which has no address of its own: it is given as `0.0.0.0:0`).
    pub fn ready(mut self) -> Receiver {
        let line = match self.first_line.recv_timeout(DEADLINE) {
            Ok(line) => line,
            Err(_) => {
                let _ = self.child.kill();
                panic!(
                    "the receiver printed no address; its log:\n{}",
                    self.log.text()
                );
            }
        };
        let address = match line.strip_prefix("forwarding to ") {
            Some(_) => SocketAddr::from(([0, 0, 0, 0], 0)),
            None => line
                .strip_prefix("listening on http://")
                .and_then(|address| address.parse().ok())
                .unwrap_or_else(|| panic!("not an address line: {line:?}")),
        };
        Receiver {
            child: self.child,
            address,
            log: self.log,
            stdout: self.first_line,
        }
    }
}

impl Receiver {
    /// The URL of `path` on this receiver.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// The address of the admin listener, from the line `admin listening on http://ADDRESS`
    /// it prints after its first (started with `--admin`).
    pub fn admin_address(&self) -> SocketAddr {
        let line = self.stdout.recv_timeout(DEADLINE).unwrap_or_else(|_| {
            panic!(
                "the process printed no admin address; its log:\n{}",
                self.log.text()
            )
        });
        line.strip_prefix("admin listening on http://")
            .and_then(|address| address.parse().ok())
            .unwrap_or_else(|| panic!("not an admin address line: {line:?}"))
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until a line of the log contains `needle`, and returns it.
    pub fn wait_for_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + DEADLINE;
        let mut lines = self.log.lines.lock().unwrap();
        loop {
            if let Some(line) = lines.iter().find(|line| line.contains(needle)) {
                return line.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no log line contains {needle:?}; the log:\n{}",
                lines.join("\n")
            );
            lines = self.log.grew.wait_timeout(lines, left).unwrap().0;
        }
    }

    /// Every line of the log so far.
    pub fn log_text(&self) -> String {
        self.log.text()
    }

    /// Forgets the log so far, so that the next [`wait_for_log`](Self::wait_for_log) finds only a
    /// line written after.
    pub fn clear_log(&self) {
        self.log.lines.lock().unwrap().clear();
    }

    /// Sends SIGTERM, as a supervisor stops a service.
    pub fn terminate(&self) {
        self.signal("TERM");
    }

    /// Sends the signal `name` (`TERM`, `INT`), with `kill`.
    pub fn signal(&self, name: &str) {
        let sent = Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -{name} {}", self.pid());
    }

    /// Sends SIGTERM and waits for the process to exit.
    pub fn stop(mut self) -> ExitStatus {
        self.terminate();
        self.wait()
    }

    /// Kills the process with SIGKILL (what `Child::kill` sends on Unix), and reaps it.
    pub fn kill(mut self) {
        self.child.kill().expect("the receiver can be killed");
        self.child.wait().expect("the killed receiver is reaped");
    }

    /// Waits for the process to exit, by itself, within the deadline.
    pub fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("the receiver's status") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the receiver did not exit; its log:\n{}",
                self.log.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Log {
    fn text(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }
}

impl Folder {
    /// A new empty folder.
    pub fn new() -> Folder {
        Folder {
            folder: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The path of the SQLite store in it.
    pub fn store(&self) -> PathBuf {
        self.folder.path().join("inbox.sqlite")
    }
}

/// A real HTTP/1 client: hyper's, with its connection pool.
pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// A new client.
pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// What the receiver answered.
#[derive(Debug)]
pub struct Answered {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answered {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("{error}: {:?}", self.body))
    }
}

/// Sends `request` and reads the whole answer; an error when no answer came.
pub async fn try_send(
    client: &HttpClient,
    request: Request<Full<Bytes>>,
) -> Result<Answered, String> {
    let response = client
        .request(request)
        .await
        .map_err(|error| format!("{error:?}"))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|error| format!("{error:?}"))?
        .to_bytes();
    Ok(Answered {
        status,
        headers,
        body,
    })
}

/// Sends `request`, which must be answered.
pub async fn send(client: &HttpClient, request: Request<Full<Bytes>>) -> Answered {
    try_send(client, request).await.expect("an answer")
}

/// A request of `body` with `headers`, by `method` to `url`.
pub fn request(
    method: Method,
    url: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Request<Full<Bytes>> {
    let mut request = Request::builder()
        .method(method)
        .uri(url)
        .body(Full::new(Bytes::copy_from_slice(body)))
        .expect("a valid request");
    request.headers_mut().extend(headers.clone());
    request
}

/// A delivery of `body` by `POST` to `url`, with the headers Vibes sends with it.
pub fn delivery(url: &str, body: &[u8]) -> Request<Full<Bytes>> {
    request(Method::POST, url, &headers_for(body), body)
}

/// The `Content-Type` and five headers Vibes sends with `body`, which must read as a callback.
pub fn headers_for(body: &[u8]) -> HeaderMap {
    let callback = Callback::from_slice(body).expect("a callback body");
    let mut headers = vibes_tests::headers_for(&callback)
        .to_headers()
        .expect("text headers");
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers
}

/// `GET /healthz` on `receiver`.
pub async fn health(client: &HttpClient, receiver: &Receiver) -> Answered {
    let url = receiver.url("/healthz");
    send(client, request(Method::GET, &url, &HeaderMap::new(), b"")).await
}

/// A delivery of `body` that stalls: its head and the first `sent` bytes of its body, written on
/// a socket of its own to `address`, the rest left for the test to write (or not).
pub fn stalled(address: SocketAddr, body: &[u8], sent: usize) -> TcpStream {
    let mut head = format!(
        "POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in &headers_for(body) {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap()));
    }
    head.push_str("\r\n");
    let mut stream = TcpStream::connect(address).expect("the receiver accepts");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body[..sent]).unwrap();
    stream
}

/// Reads an HTTP answer's head from `stream`: up to its blank line.
pub fn read_head(stream: &mut TcpStream) -> String {
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            other => panic!("the answer ended early ({other:?}): {head:?}"),
        }
    }
    String::from_utf8(head).unwrap()
}

pub use vibes_tests::person_added;

/// A row of `deliveries`.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryRow {
    pub event_id: String,
    pub callback_type: String,
    pub received_at: String,
    pub source: String,
    pub headers: Vec<(String, Value)>,
    pub body: Vec<u8>,
}

/// A row of `rejected`.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    pub status: u16,
    pub event_id: Option<String>,
    pub method: String,
    pub error: Value,
    pub headers: Vec<(String, Value)>,
    pub body: Option<Vec<u8>>,
}

impl DeliveryRow {
    /// The value of the header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

impl RejectedRow {
    /// The value of the header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, Value)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(found, _)| found == name)
        .and_then(|(_, value)| value.as_str())
}

/// Opens the SQLite store at `path` as another process would, while the receiver runs or after.
pub fn open_store(path: &Path) -> rusqlite::Connection {
    let connection =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    connection.busy_timeout(DEADLINE).unwrap();
    connection
}

/// Every row of `deliveries`, by event id.
pub fn deliveries(path: &Path) -> Vec<DeliveryRow> {
    let sql = "SELECT event_id, callback_type, received_at, source, headers, body FROM deliveries
               ORDER BY event_id";
    rows(path, sql, |row| {
        Ok(DeliveryRow {
            event_id: row.get(0)?,
            callback_type: row.get(1)?,
            received_at: row.get(2)?,
            source: row.get(3)?,
            headers: pairs(&row.get::<_, String>(4)?),
            body: row.get(5)?,
        })
    })
}

/// Every row of `rejected`, in order.
pub fn rejected(path: &Path) -> Vec<RejectedRow> {
    let sql = "SELECT status, event_id, method, error, headers, body FROM rejected ORDER BY id";
    rows(path, sql, |row| {
        Ok(RejectedRow {
            status: row.get(0)?,
            event_id: row.get(1)?,
            method: row.get(2)?,
            error: serde_json::from_str(&row.get::<_, String>(3)?).unwrap(),
            headers: pairs(&row.get::<_, String>(4)?),
            body: row.get(5)?,
        })
    })
}

/// Every row `sql` selects from the store at `path`, made by `make`.
fn rows<T>(
    path: &Path,
    sql: &str,
    make: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    let connection = open_store(path);
    let mut statement = connection.prepare(sql).unwrap();
    let rows = statement.query_map([], make).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// The stored headers: `[name, value]` pairs.
pub fn pairs(json: &str) -> Vec<(String, Value)> {
    serde_json::from_str(json).unwrap_or_else(|error| panic!("{error}: {json}"))
}

/// The `header` of every problem of an error body, in order.
pub fn problem_headers(error: &Value) -> Vec<&str> {
    error["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|problem| problem["header"].as_str().unwrap_or("-"))
        .collect()
}
