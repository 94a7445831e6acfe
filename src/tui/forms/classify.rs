//! Quick classification (F3): category, nature, level, handling unit, time limit and a note.
//! The unit and the due date are suggested from the category and level; accepting them
//! takes a digit for the nature and Ctrl-S.

use std::sync::Arc;

use chrono::NaiveDate;

use super::intake::Problem;
use super::{Edit, Input, cycle, edit_picker, edit_text};
use crate::domain::calendar::Reckoned;
use crate::domain::case::{Level, Nature};
use crate::domain::category::{Category, Unit};
use crate::domain::event::EventBody;
use crate::domain::handling::{Disposition, HandlingError, LIMIT_DAYS, dispose};
use crate::domain::text::limits;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::snapshot::Refs;
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::text_field::{Refused, TextField};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Category,
    Nature,
    Level,
    Unit,
    Limit,
    Note,
}

#[derive(Debug, Clone)]
pub struct ClassifyForm {
    pub record: CaseRecord,
    pub category: Picker<Category>,
    pub nature: Choice<Nature>,
    pub level: Choice<Level>,
    pub unit: Picker<Unit>,
    pub limit: TextField,
    pub note: TextField,
    pub focus: Field,
    /// The due date for the current category, level and limit.
    pub due: Option<Reckoned>,
    pub problem: Option<(Field, Problem)>,
    pub saving: bool,
    refs: Arc<Refs>,
    today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    Save(Vec<EventBody>),
    Close,
}

impl ClassifyForm {
    pub fn new(record: CaseRecord, refs: Arc<Refs>, today: NaiveDate) -> ClassifyForm {
        let mut category = Picker::new(refs.taxonomy.categories.clone());
        if let Some(code) = &record.case.category {
            category.choose_code(code);
        }
        let mut form = ClassifyForm {
            nature: Choice::new(Nature::ALL, record.case.nature),
            level: Choice::new(Level::ALL, Some(Level::Street)),
            unit: Picker::new(refs.taxonomy.units.clone()),
            limit: TextField::new(3, false),
            note: TextField::new(limits::NOTE, false),
            focus: Field::Category,
            due: None,
            problem: None,
            saving: false,
            category,
            record,
            refs,
            today,
        };
        form.suggest();
        form
    }

    pub fn is_dirty(&self) -> bool {
        self.category.chosen().is_some() && self.record.case.category.is_none()
            || self.nature.value().is_some() && self.record.case.nature.is_none()
            || !self.note.is_empty()
    }

    /// Fields that take input at the current level, in Tab order.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = vec![Field::Category, Field::Nature, Field::Level];
        if self.needs_unit() {
            fields.extend([Field::Unit, Field::Limit]);
        }
        fields.push(Field::Note);
        fields
    }

    pub fn needs_unit(&self) -> bool {
        !matches!(self.level.value(), Some(Level::OnSite | Level::Decline))
    }

    /// The key of the note field's label, which depends on the level.
    pub fn note_label(&self) -> &'static str {
        match self.level.value() {
            Some(Level::OnSite) => "field_answer",
            Some(Level::Decline) => "field_guidance",
            _ => "field_note",
        }
    }

    /// Fills the unit, limit and due date from the category and level.
    fn suggest(&mut self) {
        let (Some(category), Some(level)) = (self.category.chosen(), self.level.value()) else {
            self.due = None;
            return;
        };
        if let Some(route) = self.refs.taxonomy.route(category, level) {
            let unit = route.unit.to_string();
            self.limit = TextField::new(3, false).with_text(&route.limit_days.to_string());
            self.unit.choose_code(&unit);
        }
        self.recompute_due();
    }

    fn recompute_due(&mut self) {
        self.due = self
            .limit
            .text()
            .parse::<u32>()
            .ok()
            .filter(|d| LIMIT_DAYS.contains(d))
            .filter(|_| self.needs_unit())
            .map(|days| {
                self.refs
                    .calendar
                    .holidays
                    .add_working_days(self.today, days)
            });
    }

    pub fn handle(&mut self, input: &Input) -> Outcome {
        if self.saving {
            return Outcome::Nothing;
        }
        match input {
            Input::Command(Command::Save) => return self.submit(),
            Input::Command(Command::Close) => return Outcome::Close,
            Input::Command(Command::NextField) => self.move_focus(1),
            Input::Command(Command::PrevField) => self.move_focus(-1),
            _ => self.field_input(input),
        }
        Outcome::Nothing
    }

    fn field_input(&mut self, input: &Input) {
        match self.focus {
            Field::Category => {
                if let Some(true) = edit_picker(&mut self.category, input) {
                    self.suggest();
                    self.move_focus(1);
                }
            }
            Field::Unit => {
                if let Some(true) = edit_picker(&mut self.unit, input) {
                    self.move_focus(1);
                }
            }
            Field::Nature | Field::Level => {
                let field = self.focus;
                let choice_changed = match input {
                    Input::Insert(c) if c.is_ascii_digit() => {
                        let picked = match field {
                            Field::Nature => self.nature.pick_digit(*c),
                            _ => self.level.pick_digit(*c),
                        };
                        if picked {
                            self.after_choice(field);
                            self.move_focus(1);
                        }
                        false
                    }
                    Input::Command(Command::Left) => {
                        if field == Field::Nature {
                            self.nature.prev()
                        } else {
                            self.level.prev()
                        }
                        true
                    }
                    Input::Command(Command::Right) => {
                        if field == Field::Nature {
                            self.nature.next()
                        } else {
                            self.level.next()
                        }
                        true
                    }
                    Input::Command(Command::Confirm | Command::Down) => {
                        self.move_focus(1);
                        false
                    }
                    Input::Command(Command::Up) => {
                        self.move_focus(-1);
                        false
                    }
                    _ => false,
                };
                if choice_changed {
                    self.after_choice(field);
                }
            }
            Field::Limit | Field::Note => match input {
                Input::Command(Command::Confirm | Command::Down) => self.move_focus(1),
                Input::Command(Command::Up) => self.move_focus(-1),
                Input::Insert(c) if self.focus == Field::Limit && !c.is_ascii_digit() => {}
                other => {
                    let field = self.focus;
                    let text = if field == Field::Limit {
                        &mut self.limit
                    } else {
                        &mut self.note
                    };
                    match edit_text(text, other) {
                        Edit::Refused(Refused::TooLong { limit }) => {
                            self.problem = Some((
                                field,
                                Problem {
                                    key: "too_long",
                                    detail: limit.to_string(),
                                },
                            ));
                        }
                        Edit::Changed => {
                            self.problem = None;
                            if field == Field::Limit {
                                self.recompute_due();
                            }
                        }
                        _ => {}
                    }
                }
            },
        }
    }

    fn after_choice(&mut self, field: Field) {
        if field == Field::Level {
            self.suggest();
        }
        self.problem = None;
    }

    fn move_focus(&mut self, step: i32) {
        self.focus = cycle(&self.fields(), self.focus, step);
    }

    fn fail(&mut self, field: Field, key: &'static str) -> Outcome {
        self.problem = Some((
            field,
            Problem {
                key,
                detail: String::new(),
            },
        ));
        self.focus = field;
        Outcome::Nothing
    }

    fn submit(&mut self) -> Outcome {
        let Some(category) = self.category.chosen() else {
            return self.fail(Field::Category, "category_required");
        };
        let Some(nature) = self.nature.value() else {
            return self.fail(Field::Nature, "nature_required");
        };
        let level = self.level.value().unwrap_or(Level::Street);
        let decision = Disposition {
            category: category.code.clone(),
            nature: Some(nature),
            level,
            unit: self.unit.chosen().map(|u| u.code.clone()),
            limit_days: Some(self.limit.text().parse().unwrap_or(0)),
            note: self.note.text().to_string(),
        };
        let refs = &self.refs;
        match dispose(
            &decision,
            &refs.taxonomy,
            &refs.calendar.holidays,
            self.today,
        ) {
            Ok(body) => {
                self.saving = true;
                Outcome::Save(vec![body])
            }
            Err(HandlingError::AnswerRequired) => self.fail(Field::Note, "answer_required"),
            Err(HandlingError::GuidanceRequired) => self.fail(Field::Note, "guidance_required"),
            Err(HandlingError::UnitRequired(_) | HandlingError::UnknownCategory(_)) => {
                self.fail(Field::Unit, "unit_required")
            }
            Err(HandlingError::LimitInvalid(_)) => self.fail(Field::Limit, "limit_invalid"),
        }
    }

    pub fn save_failed(&mut self, reason: String) {
        self.saving = false;
        self.problem = Some((
            Field::Note,
            Problem {
                key: "save_failed",
                detail: reason,
            },
        ));
    }
}
