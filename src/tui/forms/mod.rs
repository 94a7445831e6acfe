//! The forms, one per file, each declared with the form kit ([`super::kit::form`]): its
//! fields and its submit. A form is a layer of the stack.

pub mod classify;
pub mod correct;
pub mod feedback;
pub mod intake;
pub mod note;
pub mod reclassify;
pub mod supervise;
pub mod unit_contact;
pub mod wish;

use std::sync::Arc;

use crate::i18n::Ui;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::kit::{Form, Outcome, View};

/// The form of a case's next step (F3, F4, F8, a note), opened over what is open; a case in
/// no state for it is refused, saying why.
pub fn follow(command: Command, record: CaseRecord, view: &View) -> Outcome {
    let data = view.data;
    let t = view.texts;
    let size = view.size;
    match command {
        Command::Classify if classify::classifiable(record.case.status) => {
            let spec = classify::Classify::new(record, Arc::clone(&data.refs), data.today, t);
            Outcome::Push(Box::new(Form::new(spec, size)))
        }
        Command::Classify => Outcome::Say(Ui::NotClassifiable),
        Command::Feedback => {
            match feedback::Feedback::new(record, Arc::clone(&data.refs), data.today, t) {
                Some(spec) => Outcome::Push(Box::new(Form::new(spec, size))),
                None => Outcome::Say(Ui::NoFeedback),
            }
        }
        Command::Supervise => {
            let holidays = data.refs.calendar.holidays.clone();
            match supervise::Supervise::new(record, holidays, data.today, t) {
                Some(spec) => Outcome::Push(Box::new(Form::new(spec, size))),
                None => Outcome::Say(Ui::NotSupervised),
            }
        }
        Command::AddNote => Outcome::Push(Box::new(Form::new(note::Note::new(record), size))),
        Command::Reclassify if reclassify::reclassifiable(&record) => {
            let spec = reclassify::Reclassify::new(record, Arc::clone(&data.refs), t);
            Outcome::Push(Box::new(Form::new(spec, size)))
        }
        Command::Reclassify => Outcome::Say(Ui::NotReclassifiable),
        Command::Correct => Outcome::Push(Box::new(Form::new(correct::Correct::new(record), size))),
        _ => Outcome::Stay,
    }
}
