//! Quick classification (F3): category, nature, level, handling unit, time limit and a note.
//! The unit and the due date are suggested from the category and level; accepting them
//! takes a digit for the nature and Ctrl-S. A digit picks a choice and leaves the focus
//! where it is, as everywhere: Tab moves on.

use crate::i18n::Ui;
use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position as Caret, Rect};

use super::{CaseForm, Edit, Input, Outcome, PickerEdit, Problem, cycle, edit_picker, edit_text};
use crate::domain::calendar::Reckoned;
use crate::domain::case::{Level, Nature};
use crate::domain::category::{Category, Unit};
use crate::domain::handling::{Disposition, HandlingError, LIMIT_DAYS, dispose};
use crate::domain::text::limits;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::snapshot::Refs;
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::text_field::TextField;

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

impl Field {
    /// The `ui` key of the field's label (the note's depends on the level).
    fn label(self, form: &ClassifyForm) -> Ui {
        match self {
            Field::Category => Ui::FieldCategory,
            Field::Nature => Ui::FieldNature,
            Field::Level => Ui::FieldLevel,
            Field::Unit => Ui::FieldUnit,
            Field::Limit => Ui::FieldLimit,
            Field::Note => form.note_label(),
        }
    }
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
            limit: TextField::strict(3, false),
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
    pub fn note_label(&self) -> Ui {
        match self.level.value() {
            Some(Level::OnSite) => Ui::FieldAnswer,
            Some(Level::Decline) => Ui::FieldGuidance,
            _ => Ui::FieldNote,
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
            self.limit = TextField::strict(3, false).with_text(&route.limit_days.to_string());
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

    fn input(&mut self, input: &Input) -> Outcome {
        if self.saving {
            return Outcome::Stay;
        }
        match input {
            Input::Command(Command::Save) => return self.submit(),
            Input::Command(Command::Close) => return Outcome::Close,
            Input::Command(Command::NextField) => self.move_focus(1),
            Input::Command(Command::PrevField) => self.move_focus(-1),
            _ => {
                if let Some(problem) = self.field_input(input) {
                    let field = self.focus;
                    self.problem = Some((field, problem.clone()));
                    return Outcome::Refused {
                        field: field.label(self),
                        problem,
                    };
                }
            }
        }
        Outcome::Stay
    }

    /// Input for the focused field; a problem when it could not be taken.
    fn field_input(&mut self, input: &Input) -> Option<Problem> {
        match self.focus {
            Field::Category | Field::Unit => {
                let picker = match self.focus {
                    Field::Category => edit_picker(&mut self.category, input),
                    _ => edit_picker(&mut self.unit, input),
                };
                match picker {
                    PickerEdit::Chosen => {
                        if self.focus == Field::Category {
                            self.suggest();
                        }
                        self.problem = None;
                        self.move_focus(1);
                    }
                    PickerEdit::Refused(p) => return Some(p),
                    PickerEdit::Handled | PickerEdit::Ignored => {}
                }
            }
            Field::Nature | Field::Level => return self.choice_input(input),
            Field::Limit | Field::Note => match input {
                Input::Command(Command::Confirm | Command::Down) => self.move_focus(1),
                Input::Command(Command::Up) => self.move_focus(-1),
                other => return self.text_input(other),
            },
        }
        None
    }

    /// A digit picks the nature or level (the focus stays); arrows step through them.
    fn choice_input(&mut self, input: &Input) -> Option<Problem> {
        let field = self.focus;
        let choice_changed = match input {
            Input::Insert(c) => {
                let picked = match field {
                    Field::Nature => self.nature.pick_digit(*c),
                    _ => self.level.pick_digit(*c),
                };
                if !picked {
                    let n = match field {
                        Field::Nature => Nature::ALL.len(),
                        _ => Level::ALL.len(),
                    };
                    return Some(Problem::new(Ui::ChoiceKeys).with("n", n));
                }
                true
            }
            Input::Paste(_) => return Some(Problem::new(Ui::ChoiceKeys).with("n", 5)),
            Input::Command(Command::Left) => {
                match field {
                    Field::Nature => self.nature.prev(),
                    _ => self.level.prev(),
                }
                true
            }
            Input::Command(Command::Right) => {
                match field {
                    Field::Nature => self.nature.next(),
                    _ => self.level.next(),
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
        None
    }

    fn text_input(&mut self, input: &Input) -> Option<Problem> {
        let field = self.focus;
        // The limit takes digits only (full-width ones as digits).
        let input = match (field, input) {
            (Field::Limit, Input::Insert(c)) => {
                let c = crate::domain::text::half_width(*c);
                if !c.is_ascii_digit() {
                    return Some(Problem::new(Ui::DigitsOnly));
                }
                Input::Insert(c)
            }
            (Field::Limit, Input::Paste(p)) => {
                let p = crate::domain::text::half_width_text(p).trim().to_string();
                if !p.chars().all(|c| c.is_ascii_digit()) {
                    return Some(Problem::new(Ui::DigitsOnly));
                }
                Input::Paste(p)
            }
            (_, other) => other.clone(),
        };
        let text = if field == Field::Limit {
            &mut self.limit
        } else {
            &mut self.note
        };
        match edit_text(text, &input) {
            Edit::Refused(p) => return Some(p),
            Edit::Changed => {
                self.problem = Problem::length(text).map(|p| (field, p));
                if field == Field::Limit {
                    self.recompute_due();
                }
            }
            _ => {}
        }
        None
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

    fn fail(&mut self, field: Field, problem: Problem) -> Outcome {
        self.problem = Some((field, problem.clone()));
        self.focus = field;
        Outcome::Refused {
            field: field.label(self),
            problem,
        }
    }

    fn submit(&mut self) -> Outcome {
        let Some(category) = self.category.chosen() else {
            return self.fail(Field::Category, Problem::new(Ui::CategoryRequired));
        };
        let Some(nature) = self.nature.value() else {
            return self.fail(Field::Nature, Problem::new(Ui::NatureRequired));
        };
        if let Some(p) = Problem::length(&self.note) {
            return self.fail(Field::Note, p);
        }
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
        let refused = |key| Problem::new(key);
        match dispose(
            &decision,
            &refs.taxonomy,
            &refs.calendar.holidays,
            self.today,
        ) {
            Ok(body) => {
                self.saving = true;
                Outcome::Run(vec![Effect::Record {
                    case: self.record.case.id,
                    bodies: vec![body],
                    purpose: Purpose::Classify,
                }])
            }
            Err(HandlingError::AnswerRequired) => {
                self.fail(Field::Note, refused(Ui::AnswerRequired))
            }
            Err(HandlingError::GuidanceRequired) => {
                self.fail(Field::Note, refused(Ui::GuidanceRequired))
            }
            Err(HandlingError::UnitRequired(_) | HandlingError::UnknownCategory(_)) => {
                self.fail(Field::Unit, refused(Ui::UnitRequired))
            }
            Err(HandlingError::LimitInvalid(_)) => {
                self.fail(Field::Limit, refused(Ui::LimitInvalid))
            }
        }
    }

    pub fn save_failed(&mut self, reason: String) {
        self.saving = false;
        self.problem = Some((Field::Note, Problem::new(Ui::SaveFailed).detail(reason)));
    }
}

impl CaseForm for ClassifyForm {
    const PURPOSE: Purpose = Purpose::Classify;

    fn input(&mut self, input: &Input) -> Outcome {
        ClassifyForm::input(self, input)
    }

    fn draw(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Caret> {
        crate::tui::panes::classify_form::render(app, self, screen, buf)
    }

    fn unsaved(&self) -> bool {
        ClassifyForm::is_dirty(self)
    }

    fn save_failed(&mut self, reason: String) {
        ClassifyForm::save_failed(self, reason)
    }
}
