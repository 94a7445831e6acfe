//! A yes/no question over whatever is open (Enter = yes, Esc = no).

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::{Form, Hint, Input, Outcome};
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;

/// What a "yes" does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnYes {
    Quit,
    DiscardForm,
    RemoveMember(String),
    /// Record every supervision step due today.
    BulkUrge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// Key of the question in the `ui` text table.
    pub question: Ui,
    /// A line under the question saying what "yes" would touch; may be empty.
    pub detail: String,
    pub on_yes: OnYes,
}

impl Form for Confirm {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Confirm, Context::App]
    }

    fn hints(&self) -> Vec<Hint> {
        vec![Hint::new(Command::Yes, 0), Hint::new(Command::No, 0)]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        match input {
            Input::Command(Command::Yes) => Outcome::Yes(self.on_yes.clone()),
            Input::Command(Command::No) => Outcome::Close,
            _ => Outcome::Stay,
        }
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::confirm::render(app, self, screen, buf);
        None
    }
}
