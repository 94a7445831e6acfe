//! Small picking dialogs: a member for the roster, a filter for the board.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::{Form, Hint, Input, Outcome, PickerEdit, edit_picker, text_contexts};
use crate::domain::member::Member;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
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

impl PickDialog {
    /// The `ui` key of the query's label.
    pub fn label(&self) -> Ui {
        match self {
            PickDialog::RosterMember(_) => Ui::FieldDeputy,
            PickDialog::BoardFilter(_) => Ui::FilteredBy,
        }
    }

    fn matches(&self) -> usize {
        match self {
            PickDialog::RosterMember(p) => p.match_count(),
            PickDialog::BoardFilter(p) => p.match_count(),
        }
    }
}

impl Form for PickDialog {
    fn contexts(&self) -> Vec<Context> {
        text_contexts()
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            Hint::new(Command::Confirm, 0).when(self.matches() > 0),
            Hint::new(Command::Close, 1),
        ]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        if matches!(input, Input::Command(Command::Close)) {
            return Outcome::Close;
        }
        let label = self.label();
        let edit = match self {
            PickDialog::RosterMember(p) => edit_picker(p, input),
            PickDialog::BoardFilter(p) => edit_picker(p, input),
        };
        match (edit, &*self) {
            (PickerEdit::Chosen, PickDialog::RosterMember(p)) => match p.chosen() {
                Some(m) => Outcome::Finish(vec![Effect::AddMember(m.id.clone())]),
                None => Outcome::Stay,
            },
            (PickerEdit::Chosen, PickDialog::BoardFilter(p)) => match p.chosen() {
                Some(f) => Outcome::Filter((f.kind != FilterKind::All).then(|| f.clone())),
                None => Outcome::Stay,
            },
            (PickerEdit::Refused(problem), _) => Outcome::Refused {
                field: label,
                problem,
            },
            _ => Outcome::Stay,
        }
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::pick::render(app, self, screen, buf)
    }
}
