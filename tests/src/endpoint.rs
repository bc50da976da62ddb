//! A team's endpoint, played by a small HTTP/1.1 server on `127.0.0.1` that a test starts and
//! stops itself: it records each request (method, target, headers, body bytes) and answers the
//! statuses of its script in order, or stays silent, then `200` once the script is done; or, for
//! a forwarder that sends many deliveries at once, answers each event by its own script.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the endpoint does with one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Answers with this status (a `3XX` with a `Location` elsewhere on the server), and a
    /// body saying so unless it is a `2XX`: `scripted answer 503`.
    Status(u16),
    /// Answers with this status and this body.
    WithBody(u16, &'static str),
    /// Reads the request and never answers, until the client gives up and closes.
    Silent,
}

/// One request as the endpoint received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The request target: the path and query.
    pub target: String,
    /// The headers in the order received, names as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A running endpoint; stopped when dropped.
#[derive(Debug)]
pub struct Endpoint {
    address: SocketAddr,
    state: Arc<State>,
    accepting: Option<JoinHandle<()>>,
}

struct State {
    script: Script,
    requests: Mutex<Vec<Recorded>>,
    stopping: AtomicBool,
}

/// The answer to the `n`th request (from 0) of an event id.
type EventScript = Box<dyn Fn(&str, usize) -> Answer + Send + Sync>;

/// How the endpoint chooses its answers.
enum Script {
    /// The answers in the order the requests come, then `200`.
    InOrder(Vec<Answer>),
    /// The answer to the `n`th request (from 0) of an event id (`X-Event-Id`).
    ByEvent(EventScript),
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").finish_non_exhaustive()
    }
}

/// Where the endpoint takes deliveries; a redirect points elsewhere on the server.
const PATH: &str = "/vibes";
const ELSEWHERE: &str = "/moved";

impl Endpoint {
    /// An endpoint answering `script`, then `200` to every request after it.
    pub fn start(script: &[Answer]) -> Self {
        Endpoint::with(Script::InOrder(script.to_vec()))
    }

    /// An endpoint answering the `n`th request (from 0) of each event id with `script(event
    /// id, n)`.
    pub fn by_event(script: impl Fn(&str, usize) -> Answer + Send + Sync + 'static) -> Self {
        Endpoint::with(Script::ByEvent(Box::new(script)))
    }

    fn with(script: Script) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let address = listener.local_addr().expect("the port bound");
        let state = Arc::new(State {
            script,
            requests: Mutex::new(Vec::new()),
            stopping: AtomicBool::new(false),
        });
        let shared = Arc::clone(&state);
        let accepting = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if shared.stopping.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&shared);
                // A thread per connection: a silent answer must not hold up the next attempt.
                std::thread::spawn(move || serve(&shared, stream));
            }
        });
        Endpoint {
            address,
            state,
            accepting: Some(accepting),
        }
    }

    /// The URL deliveries go to.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.address)
    }

    /// The URL of the server without the deliveries' path: the base URL an API client calls.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.state.stopping.store(true, Ordering::SeqCst);
        // Wakes the accepting thread, which sees the flag and ends.
        let _ = TcpStream::connect(self.address);
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
    }
}

/// A loopback URL nothing listens on: a port the system gave and took back.
pub fn refusing_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("the port bound");
    drop(listener);
    format!("http://{address}{PATH}")
}

/// Reads one request, records it, and answers as the script says; one request a connection.
fn serve(state: &State, stream: TcpStream) {
    // A client that stops mid-request must not hold the thread for ever.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(reader) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reader);
    let Some(request) = read_request(&mut reader) else {
        return;
    };
    let answer = {
        let mut requests = state.requests.lock().unwrap();
        let answer = match &state.script {
            Script::InOrder(script) => script
                .get(requests.len())
                .copied()
                .unwrap_or(Answer::Status(200)),
            Script::ByEvent(script) => {
                let event_id = request.header("x-event-id").first().copied().unwrap_or("");
                let earlier = requests
                    .iter()
                    .filter(|earlier| {
                        earlier.header("x-event-id").first().copied() == Some(event_id)
                    })
                    .count();
                script(event_id, earlier)
            }
        };
        requests.push(request);
        answer
    };
    let mut stream = stream;
    match answer {
        Answer::Status(status) if (200..300).contains(&status) => {
            write_answer(&mut stream, status, "")
        }
        Answer::Status(status) => {
            write_answer(&mut stream, status, &format!("scripted answer {status}"));
        }
        Answer::WithBody(status, body) => write_answer(&mut stream, status, body),
        Answer::Silent => {
            // Until the client closes (or the read timeout above).
            let _ = reader.read_to_end(&mut Vec::new());
        }
    }
}

/// Writes an answer of `status` with `body`.
fn write_answer(stream: &mut TcpStream, status: u16, body: &str) {
    let location = if (300..400).contains(&status) {
        format!("Location: {ELSEWHERE}\r\n")
    } else {
        String::new()
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} Scripted\r\n{location}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// The request line, the headers and a `Content-Length` body; `None` for anything else (the
/// accepting thread's wake-up connection among them).
fn read_request(reader: &mut impl BufRead) -> Option<Recorded> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

impl Recorded {
    /// The values of the header `name`, in any letter case.
    pub fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(found, _)| found.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The headers as the `http` crate holds them, for a receiver to read.
    pub fn header_map(&self) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (name, value) in &self.headers {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                http::HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    /// The method as the `http` crate holds it.
    pub fn http_method(&self) -> http::Method {
        http::Method::from_bytes(self.method.as_bytes()).unwrap()
    }

    /// `X-Delivery-Attempts`, the one value.
    pub fn attempt(&self) -> &str {
        match self.header(vibes_types::CallbackHeaders::DELIVERY_ATTEMPTS)[..] {
            [attempt] => attempt,
            ref found => panic!("X-Delivery-Attempts: {found:?}"),
        }
    }
}
