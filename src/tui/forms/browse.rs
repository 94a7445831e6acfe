//! The browsing overlays: search results (F7), the handling units (F9) with a small contact
//! editor, and the recurring matters (F6).

use super::intake::Problem;
use super::{Edit, Input, edit_text};
use crate::domain::category::Unit;
use crate::domain::phone::normalize_phone;
use crate::domain::recurring::Recurrence;
use crate::domain::text::limits;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::widgets::text_field::TextField;

/// A list with a selected row.
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

#[derive(Debug, Clone)]
pub struct SearchView {
    pub query: TextField,
    /// The query the results belong to, `None` before the first search.
    pub searched: Option<String>,
    pub results: Vec<CaseRecord>,
    pub rows: Rows,
}

pub enum SearchOutcome {
    Nothing,
    Run(String),
    Open(crate::domain::case::CaseId),
    Close,
}

impl SearchView {
    pub fn new() -> SearchView {
        SearchView {
            query: TextField::new(40, false),
            searched: None,
            results: Vec::new(),
            rows: Rows::default(),
        }
    }

    pub fn handle(&mut self, input: &Input) -> SearchOutcome {
        match input {
            Input::Command(Command::Close) => SearchOutcome::Close,
            // Enter searches a new query, or opens the selected result of the current one.
            Input::Command(Command::Open) => {
                let q = self.query.text().trim().to_string();
                if self.searched.as_deref() != Some(q.as_str()) && !q.is_empty() {
                    SearchOutcome::Run(q)
                } else {
                    self.results
                        .get(self.rows.selected)
                        .map_or(SearchOutcome::Nothing, |r| SearchOutcome::Open(r.case.id))
                }
            }
            Input::Command(
                c @ (Command::Up | Command::Down | Command::PageUp | Command::PageDown),
            ) => {
                self.rows.step(self.results.len(), *c);
                SearchOutcome::Nothing
            }
            other => {
                edit_text(&mut self.query, other);
                SearchOutcome::Nothing
            }
        }
    }

    pub fn found(&mut self, query: String, results: Vec<CaseRecord>) {
        self.searched = Some(query);
        self.results = results;
        self.rows = Rows::default();
    }
}

impl Default for SearchView {
    fn default() -> Self {
        Self::new()
    }
}

/// The units list, and the contact editor when one is open.
#[derive(Debug, Clone)]
pub struct UnitsView {
    pub units: Vec<Unit>,
    pub rows: Rows,
    pub editing: Option<UnitEdit>,
}

#[derive(Debug, Clone)]
pub struct UnitEdit {
    pub code: String,
    pub contact: TextField,
    pub phone: TextField,
    /// 0: contact, 1: phone.
    pub focus: usize,
    pub problem: Option<Problem>,
}

pub enum UnitsOutcome {
    Nothing,
    Save {
        code: String,
        contact: Option<String>,
        phone: Option<String>,
    },
    Close,
}

impl UnitsView {
    pub fn new(units: Vec<Unit>) -> UnitsView {
        UnitsView {
            units,
            rows: Rows::default(),
            editing: None,
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.editing.is_some()
    }

    pub fn handle(&mut self, input: &Input) -> UnitsOutcome {
        if let Some(edit) = &mut self.editing {
            match input {
                Input::Command(Command::Close) => self.editing = None,
                Input::Command(
                    Command::NextField
                    | Command::PrevField
                    | Command::Confirm
                    | Command::Up
                    | Command::Down,
                ) => edit.focus = 1 - edit.focus,
                Input::Command(Command::Save) => {
                    let phone = edit.phone.text().trim().to_string();
                    let phone = if phone.is_empty() {
                        None
                    } else {
                        match normalize_phone(&phone) {
                            Ok(p) => Some(p),
                            Err(_) => {
                                edit.problem = Some(Problem {
                                    key: "phone_invalid",
                                    detail: String::new(),
                                });
                                edit.focus = 1;
                                return UnitsOutcome::Nothing;
                            }
                        }
                    };
                    let contact =
                        Some(edit.contact.text().trim().to_string()).filter(|c| !c.is_empty());
                    return UnitsOutcome::Save {
                        code: edit.code.clone(),
                        contact,
                        phone,
                    };
                }
                other => {
                    let field = if edit.focus == 0 {
                        &mut edit.contact
                    } else {
                        &mut edit.phone
                    };
                    if edit_text(field, other) == Edit::Changed {
                        edit.problem = None;
                    }
                }
            }
            return UnitsOutcome::Nothing;
        }
        match input {
            Input::Command(Command::Close) => return UnitsOutcome::Close,
            Input::Command(Command::Edit) => {
                if let Some(u) = self.units.get(self.rows.selected) {
                    self.editing = Some(UnitEdit {
                        code: u.code.clone(),
                        contact: TextField::new(limits::NAME, false)
                            .with_text(u.contact.as_deref().unwrap_or("")),
                        phone: TextField::new(limits::PHONE, false)
                            .with_text(u.phone.as_deref().unwrap_or("")),
                        focus: 0,
                        problem: None,
                    });
                }
            }
            Input::Command(c) => self.rows.step(self.units.len(), *c),
            _ => {}
        }
        UnitsOutcome::Nothing
    }
}

#[derive(Debug, Clone)]
pub struct RecurringView {
    pub items: Vec<Recurrence>,
    pub rows: Rows,
}

/// The statistics' charts; narrow screens page through them.
#[derive(Debug, Clone)]
pub struct StatsView {
    pub stats: crate::store::Statistics,
    pub page: usize,
}

/// Number of charts in the statistics view.
pub const CHARTS: usize = 3;

#[derive(Debug, Clone)]
pub struct DutyView {
    pub year: i32,
    pub records: Vec<crate::store::DutyRecord>,
    pub rows: Rows,
}

#[derive(Debug, Clone)]
pub struct ProjectsView {
    pub projects: Vec<crate::domain::activity::Project>,
    pub rows: Rows,
    /// The selected project's history is shown.
    pub open: bool,
}
