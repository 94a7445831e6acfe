//! Small picking dialogs: a member for the roster, a filter for the board.

use super::{Input, edit_picker};
use crate::domain::member::Member;
use crate::tui::action::Command;
use crate::tui::widgets::picker::{Pickable, Picker};

/// A filter of the supervision board: a unit or a station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterItem {
    pub kind: FilterKind,
    pub code: String,
    pub label: String,
    initials: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    All,
    Unit,
    Station,
}

impl FilterItem {
    pub fn new(kind: FilterKind, code: &str, label: &str) -> FilterItem {
        FilterItem {
            kind,
            code: code.to_string(),
            label: label.to_string(),
            initials: crate::domain::initials::initials(label),
        }
    }
}

impl Pickable for FilterItem {
    fn code(&self) -> &str {
        &self.code
    }
    fn label(&self) -> &str {
        &self.label
    }
    fn initials(&self) -> String {
        self.initials.clone()
    }
}

/// What a picking dialog asks for.
#[derive(Debug, Clone)]
pub enum PickDialog {
    RosterMember(Picker<Member>),
    BoardFilter(Picker<FilterItem>),
}

/// The result of input on a picking dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Nothing,
    Close,
    Member(String),
    Filter(FilterItem),
}

impl PickDialog {
    pub fn handle(&mut self, input: &Input) -> Picked {
        if matches!(input, Input::Command(Command::Close)) {
            return Picked::Close;
        }
        match self {
            PickDialog::RosterMember(p) => match edit_picker(p, input) {
                Some(true) => p
                    .chosen()
                    .map_or(Picked::Nothing, |m| Picked::Member(m.id.clone())),
                _ => Picked::Nothing,
            },
            PickDialog::BoardFilter(p) => match edit_picker(p, input) {
                Some(true) => p
                    .chosen()
                    .map_or(Picked::Nothing, |f| Picked::Filter(f.clone())),
                _ => Picked::Nothing,
            },
        }
    }
}
