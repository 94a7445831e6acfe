//! Ctrl-W on the queue: withdraw a registration not yet classified (撤销登记). The operator
//! picks why: the resident left, it was a mistake, or the same resident registered twice (each
//! earlier registration of today with the same name or phone is offered by its number).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::display::{fit, wrap};
use crate::domain::case::{CaseId, Status};
use crate::domain::event::EventBody;
use crate::domain::withdrawal::WithdrawReason;
use crate::i18n::Ui;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::keymap::Context;
use crate::tui::kit::draw::dialog;
use crate::tui::kit::{Hint, Input, Layer, Outcome, View};
use crate::tui::layout;

/// One line of the choice: a reason, and for a duplicate the other registration.
#[derive(Debug, Clone, PartialEq)]
struct Choice {
    reason: WithdrawReason,
    of: Option<(CaseId, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Withdraw {
    case: CaseId,
    number: String,
    resident: String,
    choices: Vec<Choice>,
    at: usize,
}

impl Withdraw {
    /// The dialog for `record`, offering as duplicates the other registrations of `today`
    /// (from the queue) that name the same resident.
    pub fn new(record: &CaseRecord, queue: &[CaseRecord]) -> Withdraw {
        let same = |other: &CaseRecord| {
            let name = |r: &CaseRecord| r.resident.name.clone().filter(|n| !n.is_empty());
            let phone = |r: &CaseRecord| r.resident.phone.clone().filter(|p| !p.is_empty());
            (name(record).is_some() && name(record) == name(other))
                || (phone(record).is_some() && phone(record) == phone(other))
        };
        let mut choices = vec![
            Choice {
                reason: WithdrawReason::Left,
                of: None,
            },
            Choice {
                reason: WithdrawReason::Mistake,
                of: None,
            },
        ];
        choices.extend(
            queue
                .iter()
                .filter(|o| o.case.id != record.case.id && o.case.status != Status::Withdrawn)
                .filter(|o| same(o))
                .map(|o| Choice {
                    reason: WithdrawReason::Duplicate,
                    of: Some((o.case.id, o.case.number.clone())),
                }),
        );
        Withdraw {
            case: record.case.id,
            number: record.case.number.clone(),
            resident: record.resident.name.clone().unwrap_or_default(),
            choices,
            at: 0,
        }
    }

    fn effect(&self) -> Effect {
        let choice = &self.choices[self.at];
        Effect::Record {
            case: self.case,
            bodies: vec![EventBody::Withdrawn {
                reason: choice.reason,
                of: choice.of.as_ref().map(|(id, _)| *id),
                of_number: choice.of.as_ref().map(|(_, n)| n.clone()),
            }],
            purpose: Purpose::Withdraw,
        }
    }
}

impl Layer for Withdraw {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::List, Context::Confirm, Context::App]
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![
            Hint::new(Command::Yes, 0),
            Hint::new(Command::Down, 1),
            Hint::new(Command::No, 0),
        ]
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
        let last = self.choices.len() - 1;
        match input {
            Input::Command(Command::Up) => self.at = self.at.saturating_sub(1),
            Input::Command(Command::Down) => self.at = (self.at + 1).min(last),
            Input::Command(Command::First) => self.at = 0,
            Input::Command(Command::Last) => self.at = last,
            Input::Command(Command::Yes) => return Outcome::Pop(vec![self.effect()]),
            Input::Command(Command::No) => return Outcome::Pop(Vec::new()),
            _ => {}
        }
        Outcome::Stay
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        // The question and the note wrap (English runs longer than the dialog at 80 columns);
        // the dialog grows to hold them.
        let width = 56;
        let w = width as usize - 4;
        let asked = wrap(
            &crate::fill!(t, Ui::WithdrawAsk, resident = &self.resident),
            w,
        );
        let note = wrap(t.ui(Ui::WithdrawNote), w);
        let height = (asked.len() + self.choices.len() + note.len()) as u16 + 3;
        let title = crate::fill!(t, Ui::WithdrawTitle, number = &self.number);
        let inner = dialog(buf, layout::popup(screen, width, height), &title, theme);
        let w = inner.width.saturating_sub(2) as usize;
        let mut y = inner.y;
        let mut line = |buf: &mut Buffer, text: &str, style| {
            if y < inner.bottom() {
                buf.set_stringn(inner.x + 1, y, fit(text, w), w, style);
                y += 1;
            }
        };
        for row in &asked {
            line(buf, row, theme.plain);
        }
        for (i, choice) in self.choices.iter().enumerate() {
            let label = match &choice.of {
                Some((_, number)) => format!("{}  {number}", t.name(choice.reason)),
                None => t.name(choice.reason).to_string(),
            };
            let (mark, style) = if i == self.at {
                ("> ", theme.selected)
            } else {
                ("  ", theme.plain)
            };
            line(buf, &format!("{mark}{label}"), style);
        }
        for row in &note {
            line(buf, row, theme.dim);
        }
        None
    }
}
