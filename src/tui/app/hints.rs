//! The hint bar's commands: the open form's, or the main screen's for the focused pane,
//! each greyed out when it cannot run now.

use super::App;
use crate::domain::case::Status;
use crate::tui::action::Command;
use crate::tui::forms::Hint;
use crate::tui::forms::detail::{awaits_feedback, classifiable};
use crate::tui::layout::Pane;

impl App {
    /// What the hint bar offers now, in the order shown (F1 is added by the bar).
    pub fn hints(&self) -> Vec<Hint> {
        match self.top() {
            Some(top) => top.hints(),
            None => self.main_hints(),
        }
    }

    fn main_hints(&self) -> Vec<Hint> {
        let case = self.selected_case();
        let status = case.as_ref().map(|r| r.case.status);
        let can_classify = status.is_some_and(classifiable);
        let mut hints = match self.focus {
            Pane::Duty => vec![
                Hint::new(Command::TogglePresence, 1).when(self.selected_duty().is_some()),
                Hint::new(Command::AddMember, 2),
                Hint::new(Command::RemoveMember, 4).when(self.selected_duty().is_some()),
                Hint::new(Command::Unpick, 3).when(self.duty_choice.is_some()),
                Hint::new(Command::NewCase, 1),
            ],
            Pane::Queue => {
                let callable = case.as_ref().is_some_and(|r| {
                    r.case.status == Status::Queued && self.call_target(r).is_ok()
                });
                vec![
                    Hint::new(Command::Call, 1).when(callable),
                    Hint::new(Command::NewCase, 1),
                    Hint::new(Command::Classify, 2).when(can_classify),
                    Hint::new(Command::Open, 4).when(case.is_some()),
                    Hint::new(Command::PrintReceipt, 5).when(case.is_some()),
                    Hint::new(Command::Search, 3),
                ]
            }
            Pane::Classify => vec![
                Hint::new(Command::Classify, 1).when(can_classify),
                Hint::new(Command::Open, 3).when(case.is_some()),
                Hint::new(Command::NewCase, 2),
                Hint::new(Command::Search, 4),
            ],
            Pane::Board => {
                let with_unit = status.is_some_and(Status::is_with_unit);
                vec![
                    Hint::new(Command::Open, 2).when(case.is_some()),
                    Hint::new(Command::Supervise, 1).when(with_unit),
                    Hint::new(Command::BulkUrge, 3).when(!self.steps_due_today().is_empty()),
                    Hint::new(Command::Feedback, 3).when(status.is_some_and(awaits_feedback)),
                    Hint::new(Command::Filter, 4),
                    Hint::new(Command::Search, 5),
                ]
            }
        };
        hints.push(Hint::new(Command::Quit, 2));
        hints
    }
}
