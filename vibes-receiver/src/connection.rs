//! One connection's socket, watched: the requests hyper refuses before the router sees them are
//! answered in the receiver's JSON error form, and what the connection read since its last
//! answer tells a half-sent head from an idle connection.
//!
//! hyper answers a request head it cannot read with a bare status and closes the connection:
//! `400 Bad Request` for a malformed one (a NUL in a header, a negative or repeated
//! `Content-Length`, a broken request line), `431 Request Header Fields Too Large` for one over
//! [`MAX_HEAD_BYTES`](crate::server::MAX_HEAD_BYTES) or with more than 100 headers. No request
//! reached the receiver, so no row can be written; the answer is given the JSON body every other
//! refusal has (kind `request`), and the connection's end is logged at WARN with the peer and
//! hyper's reason ([`crate::server::serve`]).

use serde_json::json;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What a connection did, as its end is logged.
#[derive(Debug, Default)]
pub struct Seen {
    /// Bytes read since the last answer began (or since the connection opened): a request head
    /// under way when the connection ends, if not zero.
    pub read_since_answer: usize,
    /// The status of a refusal by hyper that was given the JSON form.
    pub refused: Option<u16>,
}

/// A socket whose bare refusals by hyper are given the JSON form.
#[derive(Debug)]
pub struct Watched<S> {
    inner: S,
    seen: Arc<Mutex<Seen>>,
    /// A rewritten answer still to write, and how much of it is written.
    pending: Vec<u8>,
    written: usize,
}

impl<S> Watched<S> {
    /// Watches `inner`; `seen` is shared with whoever logs the connection's end.
    pub fn new(inner: S, seen: Arc<Mutex<Seen>>) -> Watched<S> {
        Watched {
            inner,
            seen,
            pending: Vec::new(),
            written: 0,
        }
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<S: AsyncWrite + Unpin> Watched<S> {
    /// Writes what is left of a rewritten answer.
    fn drain(&mut self, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n = ready!(
                Pin::new(&mut self.inner).poll_write(context, &self.pending[self.written..])
            )?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.inner).poll_read(context, buf))?;
        let read = buf.filled().len() - before;
        self.seen().read_since_answer += read;
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.drain(context))?;
        if buf.starts_with(b"HTTP/1.1 ") {
            self.seen().read_since_answer = 0;
            if let Some((status, answer)) = json_refusal(buf) {
                self.seen().refused = Some(status);
                self.pending = answer;
                // What hyper wrote is taken whole; the rewritten answer goes out on the next
                // write, flush or shutdown if the socket does not take it all now.
                let _ = self.drain(context)?;
                return Poll::Ready(Ok(buf.len()));
            }
        }
        Pin::new(&mut self.inner).poll_write(context, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(context))?;
        Pin::new(&mut self.inner).poll_flush(context)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(context))?;
        Pin::new(&mut self.inner).poll_shutdown(context)
    }

    // Each answer's head comes in a write of its own, where it can be recognised.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

/// The statuses hyper answers a head it cannot read with, and what each means.
fn refusal_message(status: u16) -> Option<String> {
    Some(match status {
        400 => "the request could not be read as HTTP/1.1: its request line or a header is \
                malformed (a byte a header cannot hold, such as NUL; a Content-Length that is \
                negative, not a number, or given twice with different values)"
            .to_owned(),
        414 => "the request's URL is too long".to_owned(),
        431 => format!(
            "the request head is too large: over {} bytes (its URL and headers), or more than \
             100 headers",
            crate::server::MAX_HEAD_BYTES
        ),
        501 => "the request uses a transfer coding the receiver does not implement".to_owned(),
        505 => "the request's HTTP version is not supported: HTTP/1.1 is".to_owned(),
        _ => return None,
    })
}

/// The JSON form of `head`, when it is hyper's bare answer to a head it could not read: one of
/// the statuses of [`refusal_message`] with an empty body. The receiver's own answers to those
/// statuses always have a body, so none of them is taken for one.
fn json_refusal(head: &[u8]) -> Option<(u16, Vec<u8>)> {
    let text = std::str::from_utf8(head).ok()?;
    let (status_line, headers) = text.strip_suffix("\r\n\r\n")?.split_once("\r\n")?;
    let status: u16 = status_line.get(9..12)?.parse().ok()?;
    let message = refusal_message(status)?;
    let lines: Vec<&str> = headers.split("\r\n").collect();
    if !lines.contains(&"content-length: 0") {
        return None;
    }
    let body = json!({"error": {
        "kind": "request",
        "message": message,
        "path": null,
        "problems": [{"kind": "request", "header": null, "path": null, "message": message}],
    }})
    .to_string();
    let mut answer = format!("{status_line}\r\n");
    for line in lines {
        if line != "content-length: 0" {
            answer.push_str(line);
            answer.push_str("\r\n");
        }
    }
    answer.push_str(&format!(
        "content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    ));
    Some((status, answer.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::json_refusal;

    #[test]
    fn a_bare_refusal_gets_the_json_form_and_keeps_its_other_headers() {
        let head = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 07 Dec 2026 19:01:45 GMT\r\n\r\n";
        let (status, answer) = json_refusal(head).unwrap();
        assert_eq!(status, 431);
        let answer = String::from_utf8(answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(
            head.starts_with(
                "HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ndate: "
            ),
            "{head}"
        );
        assert!(
            head.ends_with(&format!(
                "content-type: application/json\r\ncontent-length: {}",
                body.len()
            )),
            "{head}"
        );
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["error"]["kind"], "request");
        assert!(
            json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("32768 bytes")
        );
    }

    #[test]
    fn the_receivers_own_answers_are_left_as_they_are() {
        for head in [
            &b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 120\r\n\r\n"[..],
            b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
        ] {
            assert_eq!(json_refusal(head), None, "{}", String::from_utf8_lossy(head));
        }
    }
}
