//! A yes/no question over whatever is open (Enter = yes, Esc = no).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::display::fit;
use crate::i18n::Ui;
use crate::tui::action::Command;
use crate::tui::keymap::{Context, join_keys};
use crate::tui::kit::draw::dialog;
use crate::tui::kit::{Answer, Hint, Input, Layer, Outcome, View};
use crate::tui::layout;

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    /// Key of the question in the `ui` text table.
    pub question: Ui,
    /// A line under the question saying what "yes" would touch; may be empty.
    pub detail: String,
    pub on_yes: Answer,
}

impl Confirm {
    pub fn new(question: Ui, on_yes: Answer) -> Confirm {
        Confirm {
            question,
            detail: String::new(),
            on_yes,
        }
    }

    pub fn detail(mut self, detail: String) -> Confirm {
        self.detail = detail;
        self
    }
}

impl Layer for Confirm {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Confirm, Context::App]
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![Hint::new(Command::Yes, 0), Hint::new(Command::No, 0)]
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
        match input {
            Input::Command(Command::Yes) => Outcome::Answer(self.on_yes.clone()),
            Input::Command(Command::No) => Outcome::Pop(Vec::new()),
            _ => Outcome::Stay,
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        let inner = dialog(buf, layout::popup(screen, 54, 6), "?", theme);
        let w = inner.width.saturating_sub(2) as usize;
        buf.set_stringn(
            inner.x + 1,
            inner.y + 1,
            fit(t.ui(self.question), w),
            w,
            theme.plain,
        );
        if inner.height > 2 && !self.detail.is_empty() {
            buf.set_stringn(inner.x + 1, inner.y + 2, fit(&self.detail, w), w, theme.dim);
        }
        let keys = |c: Command| {
            view.keymap
                .visible(&[Context::Confirm])
                .into_iter()
                .find(|(_, cmd, _)| *cmd == c)
                .map(|(_, _, k)| join_keys(&k))
                .unwrap_or_default()
        };
        let line = Line::from(vec![
            Span::styled(keys(Command::Yes), theme.key),
            Span::raw(format!(" {}    ", t.name(Command::Yes))),
            Span::styled(keys(Command::No), theme.key),
            Span::raw(format!(" {}", t.name(Command::No))),
        ]);
        if inner.height > 3 {
            buf.set_line(
                inner.x + 1,
                inner.y + 3,
                &line,
                inner.width.saturating_sub(2),
            );
        }
        None
    }
}
