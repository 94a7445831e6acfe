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

/// How long the request line and headers may take to arrive: a phone sends them in one
/// packet; a client that trickles them (or sends nothing) gives its slot back this soon.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(5);
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
    // Not `no-referrer`: with it a browser sends `Origin: null` on the form's own POST, and
    // the server could not tell its own page from another site's (see `site::from_elsewhere`).
    ("Referrer-Policy", "same-origin"),
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
    /// The `Host` header: where the client believes it is (`192.168.1.20:8080`).
    pub host: Option<String>,
    /// The `Origin` header: the site whose page sent the request (browsers send it with
    /// every POST).
    pub origin: Option<String>,
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
    /// Where the body ends is ambiguous: two different `Content-Length`s, or one beside a
    /// `Transfer-Encoding` (RFC 9112 §6.1, §6.3: the shape of request smuggling).
    AmbiguousLength,
    /// The deadline passed before the request was whole.
    TimedOut,
}

impl ReadError {
    /// The status to answer with, if any.
    pub fn status(self) -> Option<u16> {
        match self {
            ReadError::Closed => None,
            ReadError::Malformed | ReadError::AmbiguousLength => Some(400),
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

/// Reads one request from the stream: its head within [`HEAD_DEADLINE`], the whole within
/// [`REQUEST_DEADLINE`] of `since` (when the connection was taken).
pub fn read_request(
    stream: &mut TcpStream,
    peer: IpAddr,
    since: Instant,
) -> Result<Request, ReadError> {
    let head_deadline = since + HEAD_DEADLINE;
    let deadline = since + REQUEST_DEADLINE;
    let mut buf = Vec::with_capacity(2048);
    let (head_len, mut request) = loop {
        if let Some(parsed) = parse_head(&buf, peer)? {
            break parsed;
        }
        if buf.len() >= MAX_HEAD {
            return Err(ReadError::HeadTooLarge);
        }
        let room = MAX_HEAD - buf.len();
        read_some(stream, &mut buf, room, head_deadline)?;
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
    let mut lengths = Vec::new();
    let mut transfer_encoding = false;
    let mut content_type = None;
    let mut host = None;
    let mut origin = None;
    for h in parsed.headers.iter() {
        let name = h.name;
        if name.eq_ignore_ascii_case("transfer-encoding") {
            transfer_encoding = true;
        } else if name.eq_ignore_ascii_case("content-length") {
            let text = std::str::from_utf8(h.value).map_err(|_| ReadError::Malformed)?;
            // `5`, or a list of the same value repeated (`5, 5`): RFC 9110 §8.6.
            for part in text.split(',') {
                lengths.push(content_length(part.trim())?);
            }
        } else if name.eq_ignore_ascii_case("content-type") {
            content_type = std::str::from_utf8(h.value).ok().map(str::to_string);
        } else if name.eq_ignore_ascii_case("host") {
            // Two hosts: which server is meant is ambiguous (RFC 9112 §3.2).
            if host.is_some() {
                return Err(ReadError::Malformed);
            }
            host = Some(header_text(h.value)?);
        } else if name.eq_ignore_ascii_case("origin") {
            if origin.is_some() {
                return Err(ReadError::Malformed);
            }
            origin = Some(header_text(h.value)?);
        }
    }
    if transfer_encoding {
        return Err(if lengths.is_empty() {
            ReadError::LengthRequired
        } else {
            ReadError::AmbiguousLength
        });
    }
    if lengths.windows(2).any(|w| w[0] != w[1]) {
        return Err(ReadError::AmbiguousLength);
    }
    let length = lengths.first().copied().unwrap_or(0);
    if length > MAX_BODY as u64 {
        return Err(ReadError::BodyTooLarge);
    }
    let length = length as usize;
    Ok(Some((
        head_len,
        Request {
            method,
            path: path.to_string(),
            query: query.to_string(),
            content_type,
            host,
            origin,
            body: vec![0; length],
            peer,
        },
    )))
}

/// A `Content-Length` value: digits only (RFC 9110 §8.6: no sign, no space inside).
fn content_length(text: &str) -> Result<u64, ReadError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ReadError::Malformed);
    }
    // More digits than a u64 holds is over any limit.
    Ok(text.parse().unwrap_or(u64::MAX))
}

/// A header's value as text: visible ASCII only (anything else is no host or origin).
fn header_text(value: &[u8]) -> Result<String, ReadError> {
    let text = std::str::from_utf8(value).map_err(|_| ReadError::Malformed)?;
    if !text.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return Err(ReadError::Malformed);
    }
    Ok(text.trim().to_string())
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

    #[test]
    fn a_body_whose_end_is_ambiguous_is_refused() {
        let head = |headers: &str| {
            parse_head(
                format!("POST /submit HTTP/1.1\r\nHost: x\r\n{headers}\r\n").as_bytes(),
                peer(),
            )
        };
        // Two lengths, in two headers or one list: which one ends the body?
        for conflicting in [
            "Content-Length: 5\r\nContent-Length: 6\r\n",
            "Content-Length: 5, 6\r\n",
            "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        ] {
            assert_eq!(
                head(conflicting).unwrap_err(),
                ReadError::AmbiguousLength,
                "{conflicting:?}"
            );
        }
        assert_eq!(ReadError::AmbiguousLength.status(), Some(400));
        // The same length twice says one thing.
        let (_, r) = head("Content-Length: 5\r\nContent-Length: 5\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(r.body.len(), 5);
        for odd in [
            "Content-Length: +5\r\n",
            "Content-Length: 5 5\r\n",
            "Content-Length: \r\n",
            "Content-Length: 0x5\r\n",
        ] {
            assert_eq!(head(odd).unwrap_err(), ReadError::Malformed, "{odd:?}");
        }
        assert_eq!(
            head("Content-Length: 99999999999999999999999\r\n").unwrap_err(),
            ReadError::BodyTooLarge
        );
    }

    #[test]
    fn host_and_origin_are_read_once() {
        let (_, r) = parse_head(
            b"POST /submit HTTP/1.1\r\nHost: 192.168.1.20:8080\r\nOrigin: http://evil.example\r\n\r\n",
            peer(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.host.as_deref(), Some("192.168.1.20:8080"));
        assert_eq!(r.origin.as_deref(), Some("http://evil.example"));
        for twice in [
            "Host: a\r\nHost: b\r\n",
            "Origin: http://a\r\nOrigin: http://b\r\n",
        ] {
            assert_eq!(
                parse_head(format!("POST / HTTP/1.1\r\n{twice}\r\n").as_bytes(), peer())
                    .unwrap_err(),
                ReadError::Malformed
            );
        }
    }
}
