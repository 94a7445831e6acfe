//! F1: every binding of the screen it was opened from, generated from the keymap; what
//! cannot run there now is greyed out.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::{Form, Hint, Input, Outcome, scroll_text};
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;

#[derive(Debug, Clone)]
pub struct HelpView {
    /// The key contexts of the screen it was opened from.
    pub stack: Vec<Context>,
    /// Commands of that screen that could not run when it was opened.
    pub disabled: Vec<Command>,
    pub scroll: usize,
}

impl Form for HelpView {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Help, Context::List, Context::App]
    }

    fn hints(&self) -> Vec<Hint> {
        vec![Hint::new(Command::Close, 0)]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        let Input::Command(command) = input else {
            return Outcome::Stay;
        };
        if *command == Command::Close {
            return Outcome::Close;
        }
        scroll_text(&mut self.scroll, *command);
        Outcome::Stay
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::help::render(app, self, screen, buf);
        None
    }
}
