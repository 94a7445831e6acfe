//! F4: the unit's reply (反馈) for a case with a unit, or the call-back (回访) for a case
//! that was replied to or answered at the desk. A dissatisfied or unresolved call-back opens
//! a new handling cycle in the same save.

use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::case::{Satisfaction, Status};
use crate::domain::event::EventBody;
use crate::domain::handling::call_back;
use crate::domain::text::limits;
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::store::CaseRecord;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::kit::form::{Field as Declared, FormSpec, recorded};
use crate::tui::kit::input::Digits;
use crate::tui::kit::{FieldInput, Form, Problem, View};
use crate::tui::layout;
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

#[derive(Debug)]
pub struct Feedback {
    pub record: CaseRecord,
    pub mode: Mode,
    pub reply: TextField,
    pub reply_on: Digits,
    pub satisfaction: Choice<Satisfaction>,
    pub resolved: Choice<bool>,
    pub note: TextField,
    refs: Arc<Refs>,
    today: NaiveDate,
}

pub type FeedbackForm = Form<Feedback>;

/// Whether a reply or a call-back can be recorded on a case in this status.
pub fn awaits_feedback(status: Status) -> bool {
    matches!(
        status,
        Status::Assigned | Status::Forwarded | Status::Replied | Status::Answered
    )
}

impl Feedback {
    /// `None` when the case waits for neither a reply nor a call-back.
    pub fn new(
        record: CaseRecord,
        refs: Arc<Refs>,
        today: NaiveDate,
        t: &Texts,
    ) -> Option<Feedback> {
        let mode = match record.case.status {
            Status::Assigned | Status::Forwarded => Mode::Reply,
            Status::Replied | Status::Answered => Mode::CallBack,
            _ => return None,
        };
        let yes_no = |v: bool| {
            t.ui(if v { Ui::ResolvedYes } else { Ui::ResolvedNo })
                .into()
        };
        Some(Feedback {
            mode,
            reply: TextField::new(limits::CONTENT, false),
            reply_on: Digits::new(10, "-").with_text(&today.to_string()),
            satisfaction: Choice::new(Satisfaction::ALL, None).labelled(|s| t.name(s).into()),
            // Chosen each time, like the satisfaction: a default would count as 办成.
            resolved: Choice::new(RESOLVED, None).labelled(yes_no),
            note: TextField::new(limits::NOTE, false),
            record,
            refs,
            today,
        })
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
}

impl FormSpec for Feedback {
    type Key = Field;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormFeedback), self.record.case.number)
    }

    fn area(&self, screen: Rect) -> Rect {
        layout::popup(screen, 76, 14)
    }

    fn fields(&self) -> Vec<Declared<Field>> {
        match self.mode {
            Mode::Reply => vec![
                Declared::new(Field::Reply, Ui::FieldReply).required(Ui::ReplyRequired),
                Declared::new(Field::ReplyOn, Ui::FieldReplyOn),
            ],
            Mode::CallBack => vec![
                Declared::new(Field::Satisfaction, Ui::FieldSatisfaction).hint(Ui::DigitsHint),
                Declared::new(Field::Resolved, Ui::FieldResolved).hint(Ui::DigitsHint),
                Declared::new(Field::Note, Ui::FieldNote),
            ],
        }
    }

    fn input(&self, key: Field) -> &dyn FieldInput {
        match key {
            Field::Reply => &self.reply,
            Field::ReplyOn => &self.reply_on,
            Field::Satisfaction => &self.satisfaction,
            Field::Resolved => &self.resolved,
            Field::Note => &self.note,
        }
    }

    fn input_mut(&mut self, key: Field) -> &mut dyn FieldInput {
        match key {
            Field::Reply => &mut self.reply,
            Field::ReplyOn => &mut self.reply_on,
            Field::Satisfaction => &mut self.satisfaction,
            Field::Resolved => &mut self.resolved,
            Field::Note => &mut self.note,
        }
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Field, Problem)> {
        let bodies = match self.mode {
            Mode::Reply => {
                let Ok(on) = self.reply_on.text().trim().parse::<NaiveDate>() else {
                    return Err((Field::ReplyOn, Problem::new(Ui::DateInvalid)));
                };
                if on > self.today {
                    return Err((Field::ReplyOn, Problem::new(Ui::ReplyOnFuture)));
                }
                if on < self.record.case.received_at.date() {
                    return Err((Field::ReplyOn, Problem::new(Ui::ReplyOnBeforeReceipt)));
                }
                vec![EventBody::Replied {
                    text: self.reply.text().to_string(),
                    on,
                }]
            }
            Mode::CallBack => {
                let Some(satisfaction) = self.satisfaction.value() else {
                    return Err((Field::Satisfaction, Problem::new(Ui::SatisfactionRequired)));
                };
                let Some(resolved) = self.resolved.value() else {
                    return Err((Field::Resolved, Problem::new(Ui::ResolvedRequired)));
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
        Ok(vec![Effect::Record {
            case: self.record.case.id,
            bodies,
            purpose: Purpose::Feedback,
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        recorded(done, Purpose::Feedback)
    }

    fn is_dirty(&self) -> bool {
        !self.reply.is_empty() || !self.note.is_empty() || self.satisfaction.value().is_some()
    }

    /// What the resident said, where the case stands, and the unit's reply.
    fn head(&self, view: &View) -> Vec<(String, Style)> {
        let t = view.texts;
        let c = &self.record.case;
        let mask = crate::domain::numbers_in_text::mask_numbers;
        let unit = c
            .unit
            .as_deref()
            .and_then(|u| view.data.refs.taxonomy.unit(u))
            .map_or("-", |u| t.label(u));
        let due = c.due_date.map(|d| d.to_string()).unwrap_or_default();
        let mut lines = vec![
            (mask(&c.content).into_owned(), view.theme.dim),
            (
                format!("{}  {unit}  {due}", t.name(c.status)),
                view.theme.dim,
            ),
        ];
        if let Some(reply) = &c.reply {
            lines.push((
                format!("{}: {}", t.ui(Ui::FieldReply), mask(reply)),
                view.theme.dim,
            ));
        }
        lines
    }

    /// A call-back that reopens says so, with the new deadline.
    fn foot(&self, view: &View, area: Rect, buf: &mut Buffer) {
        if !self.reopens() || area.height == 0 {
            return;
        }
        let t = view.texts;
        let text = match self.reopened_due() {
            Some(due) => format!("{} {due}", t.ui(Ui::ReopenNote)),
            None => t.ui(Ui::ReopenNoUnit).to_string(),
        };
        let w = area.width as usize;
        buf.set_stringn(
            area.x,
            area.y,
            crate::display::fit(&text, w),
            w,
            view.theme.warn,
        );
    }

    fn foot_rows(&self) -> u16 {
        u16::from(self.reopens())
    }
}
