//! F8: the next supervision step (提醒 / 催办 / 通报) with a note, or an extension (延期)
//! with a reason, or a return by the unit (退回) with its reason.

use crate::i18n::Ui;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position as Caret, Rect};

use super::{CaseForm, Edit, Input, Outcome, Problem, cycle, edit_text};
use crate::domain::calendar::{HolidayTable, Reckoned};
use crate::domain::case::SupervisionStep;
use crate::domain::event::EventBody;
use crate::domain::handling::{LIMIT_DAYS, next_step, supervision_event};
use crate::domain::ladder::Position;
use crate::domain::text::limits;
use crate::domain::text::{half_width, half_width_text};
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Step,
    Extend,
    Return,
}

pub const ACTS: &[Act] = &[Act::Step, Act::Extend, Act::Return];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Act,
    Days,
    Text,
}

#[derive(Debug, Clone)]
pub struct SuperviseForm {
    pub record: CaseRecord,
    pub position: Position,
    /// The rung the step would record.
    pub step: SupervisionStep,
    pub act: Choice<Act>,
    pub days: TextField,
    /// The note (step) or the reason (extension, return).
    pub text: TextField,
    pub focus: Field,
    pub new_due: Option<Reckoned>,
    pub problem: Option<(Field, Problem)>,
    pub saving: bool,
    holidays: HolidayTable,
    today: NaiveDate,
}

impl SuperviseForm {
    pub fn new(
        record: CaseRecord,
        position: Position,
        holidays: HolidayTable,
        today: NaiveDate,
    ) -> SuperviseForm {
        let step = next_step(&record.case, &position);
        let mut form = SuperviseForm {
            record,
            position,
            step,
            act: Choice::new(ACTS, Some(Act::Step)),
            days: TextField::strict(3, false).with_text("5"),
            text: TextField::new(limits::NOTE, false),
            // On the act, so a digit picks it (as in the other forms); typing text there goes
            // on into the note.
            focus: Field::Act,
            new_due: None,
            problem: None,
            saving: false,
            holidays,
            today,
        };
        form.recompute();
        form
    }

    pub fn fields(&self) -> &'static [Field] {
        match self.act.value() {
            Some(Act::Extend) => &[Field::Act, Field::Days, Field::Text],
            _ => &[Field::Act, Field::Text],
        }
    }

    pub fn is_dirty(&self) -> bool {
        !self.text.is_empty()
    }

    /// The label key of the text field for the chosen act.
    pub fn text_label(&self) -> Ui {
        match self.act.value() {
            Some(Act::Step) | None => Ui::FieldNote,
            _ => Ui::FieldReason,
        }
    }

    /// The new deadline of an extension: working days added to the current deadline, or to
    /// today when that has already passed (an extension cannot end in the past).
    fn recompute(&mut self) {
        let from = self.record.case.due_date.map(|due| due.max(self.today));
        self.new_due = match (from, self.days.text().parse::<u32>()) {
            (Some(from), Ok(days)) if LIMIT_DAYS.contains(&days) => {
                Some(self.holidays.add_working_days(from, days))
            }
            _ => None,
        };
    }

    fn input(&mut self, input: &Input) -> Outcome {
        if self.saving {
            return Outcome::Stay;
        }
        match input {
            Input::Command(Command::Save) => return self.submit(),
            Input::Command(Command::Close) => return Outcome::Close,
            Input::Command(Command::NextField | Command::Confirm | Command::Down) => {
                self.move_focus(1)
            }
            Input::Command(Command::PrevField | Command::Up) => self.move_focus(-1),
            _ => {
                if let Some(problem) = self.field_input(input) {
                    let field = self.focus;
                    self.problem = Some((field, problem.clone()));
                    return Outcome::Refused {
                        field: self.label(field),
                        problem,
                    };
                }
            }
        }
        Outcome::Stay
    }

    fn label(&self, field: Field) -> Ui {
        match field {
            Field::Act => Ui::FieldAction,
            Field::Days => Ui::FieldDays,
            Field::Text => self.text_label(),
        }
    }

    /// Input for the focused field; a problem when it could not be taken. On the act a
    /// digit picks it (the focus stays); other text typed there goes on into the note.
    fn field_input(&mut self, input: &Input) -> Option<Problem> {
        match self.focus {
            Field::Act => match input {
                Input::Insert(c) if self.act.pick_digit(*c) => self.problem = None,
                Input::Command(Command::Left) => self.act.prev(),
                Input::Command(Command::Right) => self.act.next(),
                Input::Insert(c) if half_width(*c).is_ascii_digit() => {
                    return Some(Problem::new(Ui::ChoiceKeys).with("n", ACTS.len()));
                }
                Input::Insert(_) | Input::Paste(_) => {
                    self.focus = Field::Text;
                    return self.field_input(input);
                }
                _ => {}
            },
            Field::Days => {
                let input = match input {
                    Input::Insert(c) if half_width(*c).is_ascii_digit() => {
                        Input::Insert(half_width(*c))
                    }
                    Input::Insert(_) => return Some(Problem::new(Ui::DigitsOnly)),
                    Input::Paste(p) => {
                        let p = half_width_text(p).trim().to_string();
                        if !p.chars().all(|c| c.is_ascii_digit()) {
                            return Some(Problem::new(Ui::DigitsOnly));
                        }
                        Input::Paste(p)
                    }
                    other => other.clone(),
                };
                match edit_text(&mut self.days, &input) {
                    Edit::Changed => {
                        self.problem = None;
                        self.recompute();
                    }
                    Edit::Refused(p) => return Some(p),
                    _ => {}
                }
            }
            Field::Text => match edit_text(&mut self.text, input) {
                Edit::Refused(p) => return Some(p),
                Edit::Changed => {
                    self.problem = Problem::length(&self.text).map(|p| (Field::Text, p))
                }
                _ => {}
            },
        }
        None
    }

    fn move_focus(&mut self, step: i32) {
        self.focus = cycle(self.fields(), self.focus, step);
    }

    fn fail(&mut self, field: Field, problem: Problem) -> Outcome {
        self.problem = Some((field, problem.clone()));
        self.focus = field;
        Outcome::Refused {
            field: self.label(field),
            problem,
        }
    }

    fn submit(&mut self) -> Outcome {
        if let Some(p) = Problem::length(&self.text) {
            return self.fail(Field::Text, p);
        }
        let text = self.text.text().trim().to_string();
        let body = match self.act.value().unwrap_or(Act::Step) {
            Act::Step => supervision_event(self.step, (!text.is_empty()).then_some(text)),
            Act::Extend => {
                let Some(due) = self.new_due else {
                    return self.fail(Field::Days, Problem::new(Ui::DaysInvalid));
                };
                if text.is_empty() {
                    return self.fail(Field::Text, Problem::new(Ui::ReasonRequired));
                }
                // A date set by hand is not provisional: never recomputed (issue 14).
                EventBody::Extended {
                    due_date: due.date,
                    due_uncertain: false,
                    reason: text,
                }
            }
            Act::Return => {
                if text.is_empty() {
                    return self.fail(Field::Text, Problem::new(Ui::ReasonRequired));
                }
                EventBody::Returned { reason: text }
            }
        };
        self.saving = true;
        Outcome::Run(vec![Effect::Record {
            case: self.record.case.id,
            bodies: vec![body],
            purpose: Purpose::Supervise,
        }])
    }

    pub fn save_failed(&mut self, reason: String) {
        self.saving = false;
        self.problem = Some((Field::Text, Problem::new(Ui::SaveFailed).detail(reason)));
    }
}

impl CaseForm for SuperviseForm {
    const PURPOSE: Purpose = Purpose::Supervise;

    fn input(&mut self, input: &Input) -> Outcome {
        SuperviseForm::input(self, input)
    }

    fn draw(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Caret> {
        crate::tui::panes::supervise_form::render(app, self, screen, buf)
    }

    fn unsaved(&self) -> bool {
        SuperviseForm::is_dirty(self)
    }

    fn save_failed(&mut self, reason: String) {
        SuperviseForm::save_failed(self, reason)
    }
}
