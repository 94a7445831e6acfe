//! The self-service page (扫码登记, Alt-9): Enter starts the server for the day on this
//! desk's local network address (or `serve_listen` from the settings) and shows its address
//! with the day's token as a QR code; Enter again stops it; Ctrl-N makes a new token (pages
//! and codes with the old one are refused from then on); Esc closes the view and leaves the
//! server running. The server stops with the desk.

use std::path::Path;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::{Form, Hint, Input, Outcome};
use crate::clock::Clock;
use crate::serve::qr::QrMatrix;
use crate::serve::{ServeOptions, Server, address};
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;

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
}

impl Running {
    pub fn new(url: &str, day: NaiveDate) -> Running {
        Running {
            url: url.to_string(),
            day,
            qr: QrMatrix::encode(url),
        }
    }
}

/// The loop's answer: the server's state after the request, or why it could not be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeDone {
    pub request: ServeRequest,
    pub result: Result<Option<Running>, String>,
}

#[derive(Debug, Clone, Default)]
pub struct SelfServiceView {
    pub running: Option<Running>,
    /// The last refusal (the port is taken, no local network), shown under the status.
    pub problem: Option<String>,
    /// A request is on its way.
    pub busy: bool,
}

impl SelfServiceView {
    fn request(&mut self, request: ServeRequest) -> Outcome {
        self.busy = true;
        Outcome::Run(vec![Effect::Serve(request)])
    }
}

impl Form for SelfServiceView {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::SelfService, Context::App]
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            Hint::new(Command::ServeToggle, 0),
            Hint::new(Command::NewToken, 2).when(self.running.is_some()),
            Hint::new(Command::Close, 1),
        ]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        match input {
            _ if self.busy => Outcome::Stay,
            Input::Command(Command::Close) => Outcome::Close,
            Input::Command(Command::ServeToggle) => {
                let next = if self.running.is_some() {
                    ServeRequest::Stop
                } else {
                    ServeRequest::Start
                };
                self.request(next)
            }
            Input::Command(Command::NewToken) if self.running.is_some() => {
                self.request(ServeRequest::NewToken)
            }
            _ => Outcome::Stay,
        }
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::self_service::render(app, self, screen, buf);
        None
    }

    fn receive(&mut self, done: &Done) {
        if let Done::Serve(done) = done {
            self.busy = false;
            match &done.result {
                Ok(running) => {
                    self.running = running.clone();
                    self.problem = None;
                }
                Err(reason) => self.problem = Some(reason.clone()),
            }
        }
    }
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
    let result = match &request {
        ServeRequest::Status => Ok(server.as_ref().map(shown)),
        ServeRequest::Stop => {
            if let Some(s) = server.take() {
                s.stop();
            }
            Ok(None)
        }
        ServeRequest::Start => {
            // Another day's server is replaced by today's.
            if let Some(s) = server.take() {
                s.stop();
            }
            address::listen_address(listen)
                .map_err(|e| e.to_string())
                .and_then(|listen| {
                    Server::start(ServeOptions {
                        db: db.to_path_buf(),
                        listen,
                        clock,
                        new_token: false,
                    })
                    .map_err(|e| e.to_string())
                })
                .map(|s| {
                    let running = shown(&s);
                    *server = Some(s);
                    Some(running)
                })
        }
        ServeRequest::NewToken => match server.as_mut() {
            Some(s) => match s.new_token() {
                Ok(_) => Ok(Some(shown(s))),
                Err(e) => Err(e.to_string()),
            },
            None => Ok(None),
        },
    };
    ServeDone { request, result }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_starts_and_stops_and_the_view_waits_for_the_answer() {
        let mut view = SelfServiceView::default();
        let out = view.handle(&Input::Command(Command::ServeToggle));
        assert_eq!(out, Outcome::Run(vec![Effect::Serve(ServeRequest::Start)]));
        assert_eq!(
            view.handle(&Input::Command(Command::ServeToggle)),
            Outcome::Stay,
            "busy"
        );
        let day = NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
        view.receive(&Done::Serve(ServeDone {
            request: ServeRequest::Start,
            result: Ok(Some(Running::new("http://192.168.1.20:8080/ABC", day))),
        }));
        assert!(view.running.is_some());
        assert_eq!(
            view.handle(&Input::Command(Command::NewToken)),
            Outcome::Run(vec![Effect::Serve(ServeRequest::NewToken)])
        );
        view.receive(&Done::Serve(ServeDone {
            request: ServeRequest::NewToken,
            result: Err("the disk is full".into()),
        }));
        assert!(view.running.is_some(), "still running on the old token");
        assert_eq!(view.problem.as_deref(), Some("the disk is full"));
        assert_eq!(
            view.handle(&Input::Command(Command::ServeToggle)),
            Outcome::Run(vec![Effect::Serve(ServeRequest::Stop)])
        );
    }
}
