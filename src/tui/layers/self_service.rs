//! The self-service page (扫码登记, Alt-9): Enter starts the server for the day on this
//! desk's local network address (or `serve_listen` from the settings) and shows its address
//! with the day's token, the same as a QR code in black and white half-blocks inside a quiet
//! zone, and how many residents registered themselves today; Enter again stops it; Ctrl-N
//! makes a new token (pages and codes with the old one are refused from then on); Esc closes
//! the view and leaves the server running. The server stops with the desk. A server another
//! liaison runs on this file (`liaison serve`) is shown, never started twice.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::i18n::Serve;
use crate::refusal::Refusal;
use crate::serve::qr::{QUIET, QUIET_MIN, QrMatrix};
use crate::tui::action::Command;
use crate::tui::effect::serve::{Running, ServeRequest};
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;
use crate::tui::kit::draw::dialog;
use crate::tui::kit::{Hint, Input, Layer, Outcome, View};
use crate::tui::layout;

#[derive(Debug, Clone, Default)]
pub struct SelfService {
    pub running: Option<Running>,
    /// The last refusal (the port is taken, no local network), shown under the status.
    pub problem: Option<Refusal>,
    /// A request is on its way.
    pub busy: bool,
}

impl SelfService {
    fn request(&mut self, request: ServeRequest) -> Outcome {
        self.busy = true;
        Outcome::Run(vec![Effect::Serve(request)])
    }

    /// Served by this desk (not another process's server).
    fn ours(&self) -> bool {
        self.running.as_ref().is_some_and(|r| !r.elsewhere)
    }
}

impl Layer for SelfService {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::SelfService, Context::App]
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        let elsewhere = self.running.as_ref().is_some_and(|r| r.elsewhere);
        vec![
            Hint::new(Command::ServeToggle, 0).when(!elsewhere),
            Hint::new(Command::NewToken, 2).when(self.ours()),
            Hint::new(Command::Close, 1),
        ]
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
        match input {
            _ if self.busy => Outcome::Stay,
            Input::Command(Command::Close) => Outcome::Close,
            Input::Command(Command::ServeToggle) => {
                let next = match &self.running {
                    Some(r) if r.elsewhere => {
                        return Outcome::Say(crate::i18n::Ui::ServedElsewhere);
                    }
                    Some(_) => ServeRequest::Stop,
                    None => ServeRequest::Start,
                };
                self.request(next)
            }
            Input::Command(Command::NewToken) if self.ours() => {
                self.request(ServeRequest::NewToken)
            }
            _ => Outcome::Stay,
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        draw(self, view, screen, buf);
        None
    }

    fn receive(&mut self, done: &Done, _view: &View) -> Outcome {
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
        Outcome::Stay
    }
}

fn word(view: &View, key: Serve) -> &'static str {
    view.texts.get(key)
}

/// Draws a QR code at (x, y): each cell `▀` with the upper module as its foreground and
/// the lower one as its background, black for dark and white for light.
pub fn draw_qr(buf: &mut Buffer, x: u16, y: u16, code: &QrMatrix, quiet: usize) {
    let colour = |dark: bool| if dark { Color::Black } else { Color::White };
    for (row, cells) in code.cells(quiet).iter().enumerate() {
        for (col, (top, bottom)) in cells.iter().enumerate() {
            let (cx, cy) = (x + col as u16, y + row as u16);
            if !buf.area.contains((cx, cy).into()) {
                continue;
            }
            buf[(cx, cy)]
                .set_symbol("\u{2580}")
                .set_style(Style::new().fg(colour(*top)).bg(colour(*bottom)));
        }
    }
}

/// The largest quiet zone with which the code fits `width` × `height`, if any.
fn quiet_that_fits(code: &QrMatrix, width: u16, height: u16) -> Option<usize> {
    [QUIET, QUIET_MIN].into_iter().find(|q| {
        let (w, h) = code.size(*q);
        w <= width as usize && h <= height as usize
    })
}

fn draw(page: &SelfService, view: &View, screen: Rect, buf: &mut Buffer) {
    let theme = view.theme;
    let area = layout::overlay_area(screen);
    let inner = dialog(
        buf,
        layout::dialog(area, area.width.min(100), area.height),
        word(view, Serve::Title),
        theme,
    );
    let mut text: Vec<Line> = Vec::new();
    let code = page.running.as_ref().and_then(|r| r.qr.as_ref());
    match &page.running {
        None => text.push(Line::styled(word(view, Serve::Off), theme.plain)),
        Some(running) if running.day != view.data.today => {
            text.push(Line::styled(word(view, Serve::Over), theme.error));
        }
        Some(running) if running.elsewhere => {
            text.push(Line::styled(word(view, Serve::Elsewhere), theme.ok));
            if !running.url.is_empty() {
                text.push(Line::styled(
                    format!("{} {}", word(view, Serve::Address), running.url),
                    theme.key,
                ));
            }
        }
        Some(running) => {
            text.push(Line::styled(word(view, Serve::On), theme.ok));
            text.push(Line::styled(
                format!("{} {}", word(view, Serve::Address), running.url),
                theme.key,
            ));
        }
    }
    let today = view.data.today;
    let mine = view
        .data
        .queue
        .iter()
        .filter(|r| r.case.self_registered && r.case.received_at.date() == today);
    let (n, m) = mine.fold((0, 0), |(n, m), r| {
        (n + 1, m + usize::from(r.case.to_confirm))
    });
    text.push(Line::styled(
        crate::fill!(view.texts, Serve::TodayCount, n = n, m = m),
        theme.dim,
    ));
    if let Some(problem) = &page.problem {
        text.push(Line::styled(problem.say(view.texts), theme.error));
    }
    let elsewhere = page.running.as_ref().is_some_and(|r| r.elsewhere);
    let keys = if elsewhere {
        Serve::ElsewhereKeys
    } else {
        Serve::Keys
    };
    text.push(Line::styled(word(view, keys), theme.dim));

    let Some(code) = code.filter(|_| page.running.as_ref().map(|r| r.day) == Some(today)) else {
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
        return;
    };
    // The code on the left and the words beside it when there is room; else the words
    // above the code.
    let beside = quiet_that_fits(code, inner.width.saturating_sub(24), inner.height);
    if let Some(quiet) = beside {
        let (w, _) = code.size(quiet);
        draw_qr(buf, inner.x, inner.y, code, quiet);
        let words = Rect {
            x: inner.x + w as u16 + 1,
            width: inner.width.saturating_sub(w as u16 + 1),
            ..inner
        };
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(words, buf);
        return;
    }
    let words_height = (text.len() as u16).min(inner.height);
    let below = Rect {
        y: inner.y + words_height,
        height: inner.height - words_height,
        ..inner
    };
    match quiet_that_fits(code, below.width, below.height) {
        Some(quiet) => {
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
            let (w, _) = code.size(quiet);
            let x = below.x + (below.width - w as u16) / 2;
            draw_qr(buf, x, below.y, code, quiet);
        }
        None => {
            text.push(Line::styled(word(view, Serve::TooSmall), theme.error));
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        }
    }
}
