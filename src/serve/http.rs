//! One HTTP/1.1 exchange on a connection from a phone: the request read within a deadline
//! and size limits, the response written with the headers every answer carries, and the
//! connection closed.
//!
//! The request is parsed by `httparse`; this loop only feeds it bytes. A general server
//! crate would do the same, but the ones that stay synchronous set no timeout on a
//! connection: one phone that stops sending in the middle of a form (it left the Wi-Fi)
//! would hold its worker for good. Here every read has a deadline, a body over the limit is
//! refused from its announced length before a byte of it is read, and only what a form
//! needs is accepted (no chunked bodies, no keep-alive).

use std::io::{Read, Write};
use std::net::{IpAddr, Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// How long a request may take to arrive, headers and body together.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
/// The request line and headers, at most.
pub const MAX_HEAD: usize = 8 * 1024;
/// A form's body, at most (the form's fields hold a few thousand characters).
pub const MAX_BODY: usize = 64 * 1024;
/// At most this many headers.
const MAX_HEADERS: usize = 32;

/// What every answer says about itself: never framed, never sniffed, nothing loaded from
/// elsewhere, no script, forms only to this server, nothing cached.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'",
    ),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Other,
}

/// A request as the site sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// The path without its query, as sent (`/`, `/style.css`).
    pub path: String,
    /// The query after `?`, undecoded; empty when there is none.
    pub query: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub peer: IpAddr,
}

/// Why no request could be read; each has its short answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadError {
    /// The client went away (or sent nothing): nothing to answer.
    Closed,
    /// Not HTTP/1.x as a browser sends it.
    Malformed,
    /// The headers are too long or too many.
    HeadTooLarge,
    /// The body announced is over [`MAX_BODY`]; it was not read.
    BodyTooLarge,
    /// A body without a length (chunked): a form never needs one.
    LengthRequired,
    /// The deadline passed before the request was whole.
    TimedOut,
}

impl ReadError {
    /// The status to answer with, if any.
    pub fn status(self) -> Option<u16> {
        match self {
            ReadError::Closed => None,
            ReadError::Malformed => Some(400),
            ReadError::HeadTooLarge => Some(431),
            ReadError::BodyTooLarge => Some(413),
            ReadError::LengthRequired => Some(411),
            ReadError::TimedOut => Some(408),
        }
    }
}

/// An answer: a status, a content type, a body and any extra headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Response {
    pub fn html(status: u16, body: String) -> Response {
        Response {
            status,
            content_type: "text/html; charset=utf-8",
            body: body.into_bytes(),
            headers: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        410 => "Gone",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// Reads one request from the stream, within [`REQUEST_DEADLINE`].
pub fn read_request(stream: &mut TcpStream, peer: IpAddr) -> Result<Request, ReadError> {
    let deadline = Instant::now() + REQUEST_DEADLINE;
    let mut buf = Vec::with_capacity(2048);
    let (head_len, mut request) = loop {
        if let Some(parsed) = parse_head(&buf, peer)? {
            break parsed;
        }
        if buf.len() >= MAX_HEAD {
            return Err(ReadError::HeadTooLarge);
        }
        let room = MAX_HEAD - buf.len();
        read_some(stream, &mut buf, room, deadline)?;
    };
    let length = request.body.len();
    request.body = buf.split_off(head_len.min(buf.len()));
    if request.body.len() > length {
        // More than announced: a second request pipelined, which this server never takes.
        request.body.truncate(length);
    }
    while request.body.len() < length {
        let missing = length - request.body.len();
        read_some(stream, &mut request.body, missing, deadline)?;
    }
    Ok(request)
}

/// Reads at most `max` more bytes; the deadline bounds the wait.
fn read_some(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    max: usize,
    deadline: Instant,
) -> Result<(), ReadError> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(ReadError::TimedOut);
    }
    stream
        .set_read_timeout(Some(left))
        .map_err(|_| ReadError::Closed)?;
    let mut chunk = [0u8; 4096];
    let want = max.min(chunk.len());
    match stream.read(&mut chunk[..want]) {
        Ok(0) => Err(ReadError::Closed),
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Ok(())
        }
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            Err(ReadError::TimedOut)
        }
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(()),
        Err(_) => Err(ReadError::Closed),
    }
}

/// The request's head once it is whole: its length and the request, whose `body` holds as
/// many zeros as the body announced (the caller reads the body into it).
fn parse_head(buf: &[u8], peer: IpAddr) -> Result<Option<(usize, Request)>, ReadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let head_len = match parsed.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(ReadError::HeadTooLarge),
        Err(_) => return Err(ReadError::Malformed),
    };
    let method = match parsed.method {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        Some("POST") => Method::Post,
        _ => Method::Other,
    };
    let target = parsed.path.unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut length = 0usize;
    let mut content_type = None;
    for h in parsed.headers.iter() {
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(ReadError::LengthRequired);
        }
        if h.name.eq_ignore_ascii_case("content-length") {
            let text = std::str::from_utf8(h.value).map_err(|_| ReadError::Malformed)?;
            let n: u64 = text.trim().parse().map_err(|_| ReadError::Malformed)?;
            if n > MAX_BODY as u64 {
                return Err(ReadError::BodyTooLarge);
            }
            length = n as usize;
        }
        if h.name.eq_ignore_ascii_case("content-type") {
            content_type = std::str::from_utf8(h.value).ok().map(str::to_string);
        }
    }
    Ok(Some((
        head_len,
        Request {
            method,
            path: path.to_string(),
            query: query.to_string(),
            content_type,
            body: vec![0; length],
            peer,
        },
    )))
}

/// Writes the response with the headers every answer carries, then closes the connection.
/// `unread` says the client may still be sending (a refused body): its data is drained for
/// a moment so that it can read the answer instead of a reset connection.
pub fn respond(stream: &mut TcpStream, response: &Response, head_only: bool, unread: bool) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    for (name, value) in SECURITY_HEADERS {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if !head_only {
        out.extend_from_slice(&response.body);
    }
    if stream
        .write_all(&out)
        .and_then(|()| stream.flush())
        .is_err()
    {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    if unread {
        drain(stream);
    }
}

/// Reads and drops what the client still sends, for at most two seconds and 4 MB.
fn drain(stream: &mut TcpStream) {
    let until = Instant::now() + Duration::from_secs(2);
    let mut chunk = [0u8; 16 * 1024];
    let mut total = 0usize;
    while total < 4 * 1024 * 1024 {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => total += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer() -> IpAddr {
        IpAddr::from([127, 0, 0, 1])
    }

    #[test]
    fn a_head_is_parsed_with_its_body_length() {
        let raw = b"POST /submit?lang=en HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\nab";
        let (n, r) = parse_head(raw, peer()).unwrap().unwrap();
        assert_eq!(&raw[n..], b"ab");
        assert_eq!(r.method, Method::Post);
        assert_eq!((r.path.as_str(), r.query.as_str()), ("/submit", "lang=en"));
        assert_eq!(r.body.len(), 5);
        assert!(
            r.content_type
                .unwrap()
                .starts_with("application/x-www-form")
        );
    }

    #[test]
    fn partial_heads_wait_and_bad_ones_are_refused() {
        assert_eq!(parse_head(b"GET / HTTP/1.1\r\nHost:", peer()), Ok(None));
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\nBad Header\r\n\r\n", peer()).unwrap_err(),
            ReadError::Malformed
        );
        assert_eq!(
            parse_head(
                b"POST / HTTP/1.1\r\nContent-Length: 3000000\r\n\r\n",
                peer()
            )
            .unwrap_err(),
            ReadError::BodyTooLarge
        );
        assert_eq!(
            parse_head(
                b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                peer()
            )
            .unwrap_err(),
            ReadError::LengthRequired
        );
        assert_eq!(
            parse_head(b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", peer()).unwrap_err(),
            ReadError::Malformed
        );
    }
}
