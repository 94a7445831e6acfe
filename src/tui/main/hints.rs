//! The hint bar's commands of the main screen, for the focused pane, each greyed out when it
//! cannot run now.

use super::MainScreen;
use crate::domain::case::Status;
use crate::tui::action::Command;
use crate::tui::forms::classify::classifiable;
use crate::tui::forms::feedback::awaits_feedback;
use crate::tui::kit::Hint;
use crate::tui::layout::Pane;
use crate::tui::snapshot::Snapshot;

impl MainScreen {
    /// What the hint bar offers for the focused pane, in the order shown (F1 is added by
    /// the bar).
    pub fn hints(&self, data: &Snapshot) -> Vec<Hint> {
        let case = self.selected_case(data);
        let status = case.as_ref().map(|r| r.case.status);
        let can_classify = status.is_some_and(classifiable);
        let mut hints = match self.focus {
            Pane::Duty => vec![
                Hint::new(Command::TogglePresence, 1).when(self.selected_duty(data).is_some()),
                Hint::new(Command::AddMember, 2),
                Hint::new(Command::RemoveMember, 4).when(self.selected_duty(data).is_some()),
                Hint::new(Command::Unpick, 3).when(self.duty_choice.is_some()),
                Hint::new(Command::NewCase, 1),
            ],
            Pane::Queue => {
                let callable = case.as_ref().is_some_and(|r| {
                    r.case.status == Status::Queued && self.call_target(data, r).is_ok()
                });
                vec![
                    Hint::new(Command::Call, 1).when(callable),
                    Hint::new(Command::NewCase, 1),
                    Hint::new(Command::Classify, 2).when(can_classify),
                    Hint::new(Command::Withdraw, 4).when(status.is_some_and(Status::is_at_desk)),
                    Hint::new(Command::Open, 4).when(case.is_some()),
                    Hint::new(Command::PrintReceipt, 5).when(case.is_some()),
                    // Rarer than the receipt every resident gets: at 120 columns, beside
                    // Ctrl-W, it gives way first (the details and F1 still name it).
                    Hint::new(Command::Correct, 5).when(case.is_some()),
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
                    Hint::new(Command::BulkUrge, 3).when(!self.steps_due_today(data).is_empty()),
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
