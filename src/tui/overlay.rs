//! What can be open over the main screen: a form, a picking dialog, a case's details, the
//! search, the units, the recurring matters.

use super::forms::browse::{
    DutyView, ProjectsView, RecurringView, SearchView, StatsView, UnitsView,
};
use super::forms::classify::ClassifyForm;
use super::forms::feedback::FeedbackForm;
use super::forms::holidays::HolidaysView;
use super::forms::intake::IntakeForm;
use super::forms::pick::PickDialog;
use super::forms::supervise::SuperviseForm;
use super::keymap::Context;
use crate::domain::event::Event;
use crate::store::CaseRecord;

#[derive(Debug, Clone)]
pub enum Overlay {
    Intake(Box<IntakeForm>),
    Classify(Box<ClassifyForm>),
    Feedback(Box<FeedbackForm>),
    Supervise(Box<SuperviseForm>),
    Pick(Box<PickDialog>),
    Detail(Box<DetailView>),
    Search(Box<SearchView>),
    Units(Box<UnitsView>),
    Recurring(Box<RecurringView>),
    Statistics(Box<StatsView>),
    Duty(Box<DutyView>),
    Projects(Box<ProjectsView>),
    Holidays(Box<HolidaysView>),
}

impl Overlay {
    /// A form with input that closing would throw away.
    pub fn is_dirty(&self) -> bool {
        match self {
            Overlay::Intake(f) => f.is_dirty(),
            Overlay::Classify(f) => f.is_dirty(),
            Overlay::Feedback(f) => f.is_dirty(),
            Overlay::Supervise(f) => f.is_dirty(),
            Overlay::Units(v) => v.is_dirty(),
            Overlay::Holidays(v) => v.is_dirty(),
            Overlay::Pick(_)
            | Overlay::Detail(_)
            | Overlay::Search(_)
            | Overlay::Recurring(_)
            | Overlay::Statistics(_)
            | Overlay::Duty(_)
            | Overlay::Projects(_) => false,
        }
    }

    /// The key contexts active while this is open, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match self {
            Overlay::Intake(_) => vec![Context::Intake, Context::Text, Context::Form, Context::App],
            Overlay::Classify(_)
            | Overlay::Feedback(_)
            | Overlay::Supervise(_)
            | Overlay::Pick(_)
            | Overlay::Holidays(_) => {
                vec![Context::Text, Context::Form, Context::App]
            }
            Overlay::Units(v) if v.editing.is_some() => {
                vec![Context::Text, Context::Form, Context::App]
            }
            Overlay::Units(_) => vec![Context::Units, Context::List, Context::App],
            Overlay::Detail(_) => vec![Context::Detail, Context::List, Context::App],
            Overlay::Search(_) => vec![Context::Search, Context::Text, Context::App],
            Overlay::Recurring(_)
            | Overlay::Statistics(_)
            | Overlay::Duty(_)
            | Overlay::Projects(_) => {
                vec![Context::Browse, Context::List, Context::App]
            }
        }
    }
}

/// A case with its timeline.
#[derive(Debug, Clone)]
pub struct DetailView {
    pub record: CaseRecord,
    pub events: Vec<Event>,
    /// The full phone number is shown (the reveal was logged first).
    pub revealed: bool,
    pub scroll: usize,
}

/// The help screen: the bindings of the screen it was opened from.
#[derive(Debug, Clone)]
pub struct HelpView {
    pub stack: Vec<Context>,
    pub scroll: usize,
}
