//! F4: the unit's reply (反馈) for a case with a unit, or the call-back (回访) for a case
//! that was replied to or answered at the desk. A dissatisfied or unresolved call-back opens
//! a new handling cycle in the same save.

use crate::i18n::Ui;
use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position as Caret, Rect};

use super::{CaseForm, Edit, Input, Outcome, Problem, cycle, edit_text};
use crate::domain::case::{Satisfaction, Status};
use crate::domain::event::EventBody;
use crate::domain::handling::call_back;
use crate::domain::text::limits;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::snapshot::Refs;
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Reply,
    ReplyOn,
    Satisfaction,
    Resolved,
    Note,
}

/// Which of the two this form records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Reply,
    CallBack,
}

/// 办成 yes or no, picked with 1 or 2.
pub const RESOLVED: &[bool] = &[true, false];

#[derive(Debug, Clone)]
pub struct FeedbackForm {
    pub record: CaseRecord,
    pub mode: Mode,
    pub reply: TextField,
    pub reply_on: TextField,
    pub satisfaction: Choice<Satisfaction>,
    pub resolved: Choice<bool>,
    pub note: TextField,
    pub focus: Field,
    pub problem: Option<(Field, Problem)>,
    pub saving: bool,
    refs: Arc<Refs>,
    today: NaiveDate,
}

impl Field {
    fn label(self) -> Ui {
        match self {
            Field::Reply => Ui::FieldReply,
            Field::ReplyOn => Ui::FieldReplyOn,
            Field::Satisfaction => Ui::FieldSatisfaction,
            Field::Resolved => Ui::FieldResolved,
            Field::Note => Ui::FieldNote,
        }
    }
}

impl FeedbackForm {
    /// `None` when the case waits for neither a reply nor a call-back.
    pub fn new(record: CaseRecord, refs: Arc<Refs>, today: NaiveDate) -> Option<FeedbackForm> {
        let mode = match record.case.status {
            Status::Assigned | Status::Forwarded => Mode::Reply,
            Status::Replied | Status::Answered => Mode::CallBack,
            _ => return None,
        };
        Some(FeedbackForm {
            focus: if mode == Mode::Reply {
                Field::Reply
            } else {
                Field::Satisfaction
            },
            mode,
            reply: TextField::new(limits::CONTENT, false),
            reply_on: TextField::strict(10, false).with_text(&today.to_string()),
            satisfaction: Choice::new(Satisfaction::ALL, None),
            // Chosen each time, like the satisfaction: a default would count as 办成.
            resolved: Choice::new(RESOLVED, None),
            note: TextField::new(limits::NOTE, false),
            problem: None,
            saving: false,
            record,
            refs,
            today,
        })
    }

    pub fn fields(&self) -> &'static [Field] {
        match self.mode {
            Mode::Reply => &[Field::Reply, Field::ReplyOn],
            Mode::CallBack => &[Field::Satisfaction, Field::Resolved, Field::Note],
        }
    }

    pub fn is_dirty(&self) -> bool {
        !self.reply.is_empty() || !self.note.is_empty() || self.satisfaction.value().is_some()
    }

    /// A call-back that will open a new handling cycle.
    pub fn reopens(&self) -> bool {
        self.mode == Mode::CallBack
            && (self
                .satisfaction
                .value()
                .is_some_and(Satisfaction::is_dissatisfied)
                || self.resolved.value() == Some(false))
    }

    /// The new deadline a reopening call-back would set, as the save would compute it; `None`
    /// when the case has no unit to hand it back to (answered on the spot): it closes.
    pub fn reopened_due(&self) -> Option<NaiveDate> {
        let refs = &self.refs;
        call_back(
            &self.record.case,
            self.satisfaction
                .value()
                .unwrap_or(Satisfaction::Dissatisfied),
            self.resolved.value().unwrap_or(false),
            None,
            &refs.taxonomy,
            &refs.calendar.holidays,
            self.today,
        )
        .into_iter()
        .find_map(|body| match body {
            EventBody::Reopened { handling, .. } => Some(handling.due_date),
            _ => None,
        })
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
                        field: field.label(),
                        problem,
                    };
                }
            }
        }
        Outcome::Stay
    }

    /// Input for the focused field; a problem when it could not be taken. A digit picks a
    /// choice and the focus stays.
    fn field_input(&mut self, input: &Input) -> Option<Problem> {
        let field = self.focus;
        match field {
            Field::Satisfaction | Field::Resolved => match input {
                Input::Insert(c) => {
                    let (picked, n) = if field == Field::Satisfaction {
                        (self.satisfaction.pick_digit(*c), Satisfaction::ALL.len())
                    } else {
                        (self.resolved.pick_digit(*c), RESOLVED.len())
                    };
                    if !picked {
                        return Some(Problem::new(Ui::ChoiceKeys).with("n", n));
                    }
                    self.problem = None;
                }
                Input::Paste(_) => return Some(Problem::new(Ui::ChoiceKeys).with("n", 5)),
                Input::Command(Command::Left) if field == Field::Satisfaction => {
                    self.satisfaction.prev()
                }
                Input::Command(Command::Right) if field == Field::Satisfaction => {
                    self.satisfaction.next()
                }
                Input::Command(Command::Left | Command::Right) => self.resolved.next(),
                _ => {}
            },
            Field::Reply | Field::ReplyOn | Field::Note => {
                // A date typed by a full-width IME reads as the ASCII it means.
                let input = match (field, input) {
                    (Field::ReplyOn, Input::Insert(c)) => {
                        Input::Insert(crate::domain::text::half_width(*c))
                    }
                    (Field::ReplyOn, Input::Paste(p)) => {
                        Input::Paste(crate::domain::text::half_width_text(p).into_owned())
                    }
                    (_, other) => other.clone(),
                };
                let text = match field {
                    Field::Reply => &mut self.reply,
                    Field::ReplyOn => &mut self.reply_on,
                    _ => &mut self.note,
                };
                match edit_text(text, &input) {
                    Edit::Refused(p) => return Some(p),
                    Edit::Changed => self.problem = Problem::length(text).map(|p| (field, p)),
                    _ => {}
                }
            }
        }
        None
    }

    fn move_focus(&mut self, step: i32) {
        self.focus = cycle(self.fields(), self.focus, step);
    }

    fn fail(&mut self, field: Field, key: Ui) -> Outcome {
        self.refuse(field, Problem::new(key))
    }

    fn refuse(&mut self, field: Field, problem: Problem) -> Outcome {
        self.problem = Some((field, problem.clone()));
        self.focus = field;
        Outcome::Refused {
            field: field.label(),
            problem,
        }
    }

    fn submit(&mut self) -> Outcome {
        let over = [(Field::Reply, &self.reply), (Field::Note, &self.note)]
            .into_iter()
            .find_map(|(field, text)| Problem::length(text).map(|p| (field, p)));
        if let Some((field, p)) = over {
            return self.refuse(field, p);
        }
        let bodies = match self.mode {
            Mode::Reply => {
                if self.reply.text().trim().is_empty() {
                    return self.fail(Field::Reply, Ui::ReplyRequired);
                }
                let Ok(on) = self.reply_on.text().trim().parse::<NaiveDate>() else {
                    return self.fail(Field::ReplyOn, Ui::DateInvalid);
                };
                if on > self.today {
                    return self.fail(Field::ReplyOn, Ui::ReplyOnFuture);
                }
                if on < self.record.case.received_at.date() {
                    return self.fail(Field::ReplyOn, Ui::ReplyOnBeforeReceipt);
                }
                vec![EventBody::Replied {
                    text: self.reply.text().to_string(),
                    on,
                }]
            }
            Mode::CallBack => {
                let Some(satisfaction) = self.satisfaction.value() else {
                    return self.fail(Field::Satisfaction, Ui::SatisfactionRequired);
                };
                let Some(resolved) = self.resolved.value() else {
                    return self.fail(Field::Resolved, Ui::ResolvedRequired);
                };
                let note =
                    (!self.note.text().trim().is_empty()).then(|| self.note.text().to_string());
                let refs = &self.refs;
                call_back(
                    &self.record.case,
                    satisfaction,
                    resolved,
                    note,
                    &refs.taxonomy,
                    &refs.calendar.holidays,
                    self.today,
                )
            }
        };
        self.saving = true;
        Outcome::Run(vec![Effect::Record {
            case: self.record.case.id,
            bodies,
            purpose: Purpose::Feedback,
        }])
    }

    pub fn save_failed(&mut self, reason: String) {
        self.saving = false;
        let field = self.fields()[0];
        self.problem = Some((field, Problem::new(Ui::SaveFailed).detail(reason)));
    }
}

impl CaseForm for FeedbackForm {
    const PURPOSE: Purpose = Purpose::Feedback;

    fn input(&mut self, input: &Input) -> Outcome {
        FeedbackForm::input(self, input)
    }

    fn draw(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Caret> {
        crate::tui::panes::feedback_form::render(app, self, screen, buf)
    }

    fn unsaved(&self) -> bool {
        FeedbackForm::is_dirty(self)
    }

    fn save_failed(&mut self, reason: String) {
        FeedbackForm::save_failed(self, reason)
    }
}
