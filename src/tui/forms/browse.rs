//! The search (F7) and the handling units (F9) with a small contact editor.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::{Edit, Form, Hint, Input, Outcome, Problem, edit_text, form_hints};
use crate::domain::category::Unit;
use crate::domain::phone::normalize_phone;
use crate::domain::text::limits;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;
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

impl SearchView {
    pub fn new() -> SearchView {
        SearchView {
            query: TextField::strict(40, false),
            searched: None,
            results: Vec::new(),
            rows: Rows::default(),
        }
    }

    pub fn found(&mut self, query: String, results: Vec<CaseRecord>) {
        self.searched = Some(query);
        self.results = results;
        self.rows = Rows::default();
    }

    /// Enter searches a new query, or opens the selected result of the current one.
    fn enter(&self) -> Outcome {
        let q = self.query.text().trim().to_string();
        if self.searched.as_deref() != Some(q.as_str()) && !q.is_empty() {
            return Outcome::Run(vec![Effect::Search(q)]);
        }
        match self.results.get(self.rows.selected) {
            Some(r) => Outcome::Run(vec![Effect::LoadDetail(r.case.id)]),
            None => Outcome::Stay,
        }
    }
}

impl Form for SearchView {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Search, Context::Text, Context::App]
    }

    fn hints(&self) -> Vec<Hint> {
        vec![Hint::new(Command::Open, 0), Hint::new(Command::Close, 1)]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        match input {
            Input::Command(Command::Close) => Outcome::Close,
            Input::Command(Command::Open) => self.enter(),
            Input::Command(
                c @ (Command::Up | Command::Down | Command::PageUp | Command::PageDown),
            ) => {
                self.rows.step(self.results.len(), *c);
                Outcome::Stay
            }
            other => match edit_text(&mut self.query, other) {
                Edit::Refused(problem) => Outcome::Refused {
                    field: Ui::FieldQuery,
                    problem,
                },
                _ => Outcome::Stay,
            },
        }
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::browse::search(app, self, screen, buf)
    }

    fn receive(&mut self, done: &Done) {
        if let Done::Found {
            query,
            result: Ok(found),
        } = done
        {
            self.found(query.clone(), found.clone());
        }
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

impl UnitEdit {
    fn label(&self) -> Ui {
        if self.focus == 0 {
            Ui::FieldContact
        } else {
            Ui::FieldPhone
        }
    }

    fn refuse(&mut self, focus: usize, problem: Problem) -> Outcome {
        self.focus = focus;
        self.problem = Some(problem.clone());
        Outcome::Refused {
            field: self.label(),
            problem,
        }
    }

    fn save(&mut self) -> Outcome {
        if let Some(p) = Problem::length(&self.contact) {
            return self.refuse(0, p);
        }
        let phone = self.phone.text().trim().to_string();
        let phone = if phone.is_empty() {
            None
        } else {
            match normalize_phone(&phone) {
                Ok(p) => Some(p),
                Err(_) => return self.refuse(1, Problem::new(Ui::PhoneInvalid)),
            }
        };
        let contact = Some(self.contact.text().trim().to_string()).filter(|c| !c.is_empty());
        Outcome::Run(vec![Effect::SaveUnit {
            code: self.code.clone(),
            contact,
            phone,
        }])
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        match input {
            Input::Command(
                Command::NextField
                | Command::PrevField
                | Command::Confirm
                | Command::Up
                | Command::Down,
            ) => self.focus = 1 - self.focus,
            Input::Command(Command::Save) => return self.save(),
            other => {
                let field = if self.focus == 0 {
                    &mut self.contact
                } else {
                    &mut self.phone
                };
                match edit_text(field, other) {
                    Edit::Changed => self.problem = Problem::length(field),
                    Edit::Refused(p) => return self.refuse(self.focus, p),
                    _ => {}
                }
            }
        }
        Outcome::Stay
    }
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

    fn open_editor(&mut self) {
        if let Some(u) = self.units.get(self.rows.selected) {
            self.editing = Some(UnitEdit {
                code: u.code.clone(),
                contact: TextField::new(limits::NAME, false)
                    .with_text(u.contact.as_deref().unwrap_or("")),
                phone: TextField::strict(limits::PHONE, false)
                    .with_text(u.phone.as_deref().unwrap_or("")),
                focus: 0,
                problem: None,
            });
        }
    }
}

impl Form for UnitsView {
    fn contexts(&self) -> Vec<Context> {
        if self.editing.is_some() {
            vec![Context::Text, Context::Form, Context::App]
        } else {
            vec![Context::Units, Context::List, Context::App]
        }
    }

    fn hints(&self) -> Vec<Hint> {
        if self.editing.is_some() {
            form_hints()
        } else {
            vec![
                Hint::new(Command::Edit, 0).when(!self.units.is_empty()),
                Hint::new(Command::Close, 1),
            ]
        }
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        if let Some(edit) = &mut self.editing {
            if input == &Input::Command(Command::Close) {
                // Esc leaves the editor (nothing was saved), not the list.
                self.editing = None;
                return Outcome::Stay;
            }
            return edit.handle(input);
        }
        match input {
            Input::Command(Command::Close) => return Outcome::Close,
            Input::Command(Command::Edit) => self.open_editor(),
            Input::Command(c) => self.rows.step(self.units.len(), *c),
            _ => {}
        }
        Outcome::Stay
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::browse::units(app, self, screen, buf)
    }

    fn receive(&mut self, done: &Done) {
        match done {
            Done::UnitSaved(Ok(())) => self.editing = None,
            Done::UnitSaved(Err(reason)) => {
                if let Some(edit) = &mut self.editing {
                    edit.problem = Some(Problem::new(Ui::SaveFailed).detail(reason.clone()));
                }
            }
            // The list shows what was just saved, or what another terminal changed.
            Done::Reloaded(Ok(snapshot)) if self.editing.is_none() => {
                self.units = snapshot.refs.taxonomy.units.clone();
            }
            _ => {}
        }
    }
}
