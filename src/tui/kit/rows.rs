//! A list with a selected row, moved by the list keys.

use crate::tui::action::Command;

#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub selected: usize,
}

impl Rows {
    pub fn step(&mut self, len: usize, command: Command) {
        let last = len.saturating_sub(1);
        self.selected = match command {
            Command::Up => self.selected.saturating_sub(1),
            Command::Down => (self.selected + 1).min(last),
            Command::PageUp => self.selected.saturating_sub(10),
            Command::PageDown => (self.selected + 10).min(last),
            Command::First | Command::LineStart => 0,
            Command::Last | Command::LineEnd => last,
            _ => self.selected,
        };
    }
}
