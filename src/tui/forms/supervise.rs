//! F8: the next supervision step (提醒 / 催办 / 通报) with a note, or an extension (延期)
//! with a reason, or a return by the unit (退回) with its reason. The form opens on the act,
//! so a digit picks it; text typed there goes on into the note.

use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::calendar::{HolidayTable, Reckoned};
use crate::domain::case::SupervisionStep;
use crate::domain::event::EventBody;
use crate::domain::handling::{LIMIT_DAYS, next_step, supervision_event};
use crate::domain::ladder::{Position, position};
use crate::domain::text::{half_width, limits};
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::store::CaseRecord;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::kit::form::{Field as Declared, FormSpec, recorded};
use crate::tui::kit::input::Digits;
use crate::tui::kit::labels::ladder_label;
use crate::tui::kit::{FieldInput, Form, Input, Problem, View};
use crate::tui::layout;
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

#[derive(Debug)]
pub struct Supervise {
    pub record: CaseRecord,
    pub position: Position,
    /// The rung the step would record.
    pub step: SupervisionStep,
    pub act: Choice<Act>,
    pub days: Digits,
    /// The note (step) or the reason (extension, return).
    pub text: TextField,
    pub new_due: Option<Reckoned>,
    holidays: HolidayTable,
    today: NaiveDate,
}

pub type SuperviseForm = Form<Supervise>;

impl Supervise {
    /// `None` for a case that has no place on the ladder (no unit, no deadline).
    pub fn new(
        record: CaseRecord,
        holidays: HolidayTable,
        today: NaiveDate,
        t: &Texts,
    ) -> Option<Supervise> {
        let position = position(&record.case, today, &holidays)?;
        let step = next_step(&record.case, &position);
        let act_label = |a: Act| match a {
            Act::Step => t.name(supervision_event(step, None).kind()).to_string(),
            Act::Extend => t.ui(Ui::ActionExtend).to_string(),
            Act::Return => t.ui(Ui::ActionReturn).to_string(),
        };
        let mut form = Supervise {
            step,
            act: Choice::new(ACTS, Some(Act::Step)).labelled(act_label),
            days: Digits::new(3, "").with_text("5"),
            text: TextField::new(limits::NOTE, false),
            new_due: None,
            record,
            position,
            holidays,
            today,
        };
        form.recompute();
        Some(form)
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
}

impl FormSpec for Supervise {
    type Key = Field;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormSupervise), self.record.case.number)
    }

    fn area(&self, screen: Rect) -> Rect {
        layout::popup(screen, 76, 13)
    }

    fn fields(&self) -> Vec<Declared<Field>> {
        let text_label = match self.act.value() {
            Some(Act::Step) | None => Ui::FieldNote,
            _ => Ui::FieldReason,
        };
        let mut fields = vec![Declared::new(Field::Act, Ui::FieldAction).hint(Ui::DigitsHint)];
        if self.act.value() == Some(Act::Extend) {
            fields.push(Declared::new(Field::Days, Ui::FieldDays).width(5));
        }
        fields.push(Declared::new(Field::Text, text_label));
        fields
    }

    fn input(&self, key: Field) -> &dyn FieldInput {
        match key {
            Field::Act => &self.act,
            Field::Days => &self.days,
            Field::Text => &self.text,
        }
    }

    fn input_mut(&mut self, key: Field) -> &mut dyn FieldInput {
        match key {
            Field::Act => &mut self.act,
            Field::Days => &mut self.days,
            Field::Text => &mut self.text,
        }
    }

    /// Text typed on the act is the note (a digit picks the act).
    fn redirect(&self, key: Field, input: &Input) -> Option<Field> {
        let text = match input {
            Input::Insert(c) => !half_width(*c).is_ascii_digit(),
            Input::Paste(_) => true,
            Input::Command(_) => false,
        };
        (key == Field::Act && text).then_some(Field::Text)
    }

    fn changed(&mut self, key: Field) {
        if key == Field::Days {
            self.recompute();
        }
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Field, Problem)> {
        let text = self.text.text().trim().to_string();
        let body = match self.act.value().unwrap_or(Act::Step) {
            Act::Step => supervision_event(self.step, (!text.is_empty()).then_some(text)),
            Act::Extend => {
                let Some(due) = self.new_due else {
                    return Err((Field::Days, Problem::new(Ui::DaysInvalid)));
                };
                if text.is_empty() {
                    return Err((Field::Text, Problem::new(Ui::ReasonRequired)));
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
                    return Err((Field::Text, Problem::new(Ui::ReasonRequired)));
                }
                EventBody::Returned { reason: text }
            }
        };
        Ok(vec![Effect::Record {
            case: self.record.case.id,
            bodies: vec![body],
            purpose: Purpose::Supervise,
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        recorded(done, Purpose::Supervise)
    }

    fn failure_field(&self) -> Field {
        Field::Text
    }

    fn is_dirty(&self) -> bool {
        !self.text.is_empty()
    }

    /// What the resident said, and where the case stands: its unit, deadline, days over or
    /// left, and its place on the ladder as the board says it.
    fn head(&self, view: &View) -> Vec<(String, Style)> {
        let t = view.texts;
        let c = &self.record.case;
        let p = self.position;
        let unit = c
            .unit
            .as_deref()
            .and_then(|u| view.data.refs.taxonomy.unit(u))
            .map_or("-", |u| t.label(u));
        let over = if p.days_overdue > 0 {
            format!("{} +{}", t.ui(Ui::DaysOverdue), p.days_overdue)
        } else {
            format!("{} {}", t.ui(Ui::DaysLeft), p.working_days_left)
        };
        let status = format!(
            "{unit}  {} {}  {over}  {}: {}",
            t.ui(Ui::Due),
            c.due_date.map(|d| d.to_string()).unwrap_or_default(),
            t.ui(Ui::Stage),
            ladder_label(t, &p, c.supervision)
        );
        vec![
            (
                crate::domain::numbers_in_text::mask_numbers(&c.content).into_owned(),
                view.theme.dim,
            ),
            (status, view.theme.key),
        ]
    }

    fn beside(&self, key: Field, view: &View) -> Option<(String, Style)> {
        let t = view.texts;
        (key == Field::Days).then(|| {
            let text = self
                .new_due
                .map(|d| format!("{} {}", t.ui(Ui::FieldNewDue), d.date))
                .unwrap_or_else(|| t.ui(Ui::DaysInvalid).to_string());
            (text, view.theme.key)
        })
    }
}
