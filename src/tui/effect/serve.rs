//! The self-service page's server for the Alt-9 view: started, stopped or asked after in
//! this process; a server another process runs on the same file is found by its lock
//! ([`crate::serve_lock`]) and shown, never started twice.

use std::path::Path;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::i18n::Error;
use crate::refusal::Refusal;
use crate::serve::address;
use crate::serve::qr::QrMatrix;
use crate::serve::{ServeOptions, Server};
use crate::serve_lock;

/// What the view asks of the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServeRequest {
    /// Whether the server runs, and where.
    Status,
    Start,
    Stop,
    NewToken,
}

/// A running server, as the view shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub url: String,
    pub day: NaiveDate,
    pub qr: Option<QrMatrix>,
    /// Run by another process on this file (`liaison serve`): shown, not stopped from here.
    pub elsewhere: bool,
}

impl Running {
    pub fn new(url: &str, day: NaiveDate) -> Running {
        Running {
            url: url.to_string(),
            day,
            qr: QrMatrix::encode(url),
            elsewhere: false,
        }
    }
}

/// The loop's answer: the server's state after the request, or why it could not be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeDone {
    pub request: ServeRequest,
    pub result: Result<Option<Running>, Refusal>,
}

/// Carries out a request on the desk's server (`None` while stopped).
pub fn run(
    server: &mut Option<Server>,
    request: ServeRequest,
    db: &Path,
    clock: Clock,
    listen: Option<&str>,
) -> ServeDone {
    let shown = |s: &Server| Running::new(s.url(), s.day());
    // A server of another process on this file answers for it.
    let elsewhere = || {
        serve_lock::running(db).map(|r| Running {
            elsewhere: true,
            ..Running::new(&r.url, r.day)
        })
    };
    let result = match &request {
        ServeRequest::Status => Ok(server.as_ref().map(shown).or_else(elsewhere)),
        ServeRequest::Stop => {
            if let Some(s) = server.take() {
                s.stop();
            }
            Ok(elsewhere())
        }
        ServeRequest::Start => {
            // Another day's server is replaced by today's.
            if let Some(s) = server.take() {
                s.stop();
            }
            match elsewhere() {
                Some(running) => Err(Refusal::new(Error::ServedElsewhere).data("url", running.url)),
                None => address::listen_address(listen)
                    .map_err(|e| Refusal::from(&e))
                    .and_then(|listen| {
                        Server::start(ServeOptions {
                            db: db.to_path_buf(),
                            listen,
                            clock,
                            new_token: false,
                        })
                        .map_err(|e| Refusal::from(&e))
                    })
                    .map(|s| {
                        let running = shown(&s);
                        *server = Some(s);
                        Some(running)
                    }),
            }
        }
        ServeRequest::NewToken => match server.as_mut() {
            Some(s) => match s.new_token() {
                Ok(_) => Ok(Some(shown(s))),
                Err(e) => Err(Refusal::from(&e)),
            },
            None => Ok(elsewhere()),
        },
    };
    ServeDone { request, result }
}
