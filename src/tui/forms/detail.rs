//! A case's every field and its whole timeline (Ctrl-O, Enter on the board, a search
//! result). From here the case's next step opens (F3, F4, F8) and its papers print.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::{Form, Hint, Input, Outcome, scroll_text};
use crate::domain::case::Status;
use crate::domain::event::Event;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;

/// A case with its timeline.
#[derive(Debug, Clone)]
pub struct DetailView {
    pub record: CaseRecord,
    pub events: Vec<Event>,
    /// The full phone number is shown (the reveal was logged first).
    pub revealed: bool,
    pub scroll: usize,
}

/// Whether the classification form can open on a case in this status.
pub fn classifiable(status: Status) -> bool {
    matches!(
        status,
        Status::Queued | Status::Receiving | Status::Returned
    )
}

/// Whether a reply or a call-back can be recorded on a case in this status.
pub fn awaits_feedback(status: Status) -> bool {
    matches!(
        status,
        Status::Assigned | Status::Forwarded | Status::Replied | Status::Answered
    )
}

impl DetailView {
    /// Whether the details mask anything: the phone, or a number typed into a text.
    fn hides_something(&self) -> bool {
        self.record.resident.phone.is_some()
            || crate::domain::numbers_in_text::case_holds_numbers(&self.record.case)
            || self.events.iter().any(|e| {
                let mut body = e.body.clone();
                body.map_texts(crate::domain::numbers_in_text::mask_numbers)
            })
    }
}

impl Form for DetailView {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Detail, Context::List, Context::App]
    }

    fn hints(&self) -> Vec<Hint> {
        let status = self.record.case.status;
        let can_reveal = self.hides_something() && !self.revealed;
        vec![
            Hint::new(Command::Close, 0),
            Hint::new(Command::Reveal, 4).when(can_reveal),
            Hint::new(Command::Classify, 1).when(classifiable(status)),
            Hint::new(Command::Feedback, 2).when(awaits_feedback(status)),
            Hint::new(Command::Supervise, 2).when(status.is_with_unit()),
            Hint::new(Command::PrintReceipt, 3),
            Hint::new(Command::PrintSlip, 3).when(self.record.case.unit.is_some()),
        ]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        let Input::Command(command) = input else {
            return Outcome::Stay;
        };
        let case = self.record.case.id;
        if scroll_text(&mut self.scroll, *command) {
            return Outcome::Stay;
        }
        match command {
            Command::Close => return Outcome::Close,
            Command::Reveal if self.hides_something() && !self.revealed => {
                return Outcome::Run(vec![Effect::Reveal(case)]);
            }
            c @ (Command::Classify | Command::Feedback | Command::Supervise) => {
                return Outcome::Follow(*c, Box::new(self.record.clone()));
            }
            Command::PrintSlip if self.record.case.unit.is_none() => {
                return Outcome::Say(Ui::PrintNothing);
            }
            c @ (Command::PrintReceipt | Command::PrintSlip) => {
                return Outcome::Run(vec![Effect::Print {
                    case,
                    slip: *c == Command::PrintSlip,
                }]);
            }
            _ => {}
        }
        Outcome::Stay
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::detail::render(app, self, screen, buf);
        None
    }
}
