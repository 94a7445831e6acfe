//! What can be open over the main screen: a form, a picking dialog, a case's details, the
//! search, the units, the read-only views. Each is a [`Form`]; the enum keeps their types
//! for the places that open them.

use super::forms::Form;
use super::forms::browse::{SearchView, UnitsView};
use super::forms::classify::ClassifyForm;
use super::forms::desks::DesksView;
use super::forms::feedback::FeedbackForm;
use super::forms::holidays::HolidaysView;
use super::forms::intake::IntakeForm;
use super::forms::pick::PickDialog;
use super::forms::self_service::SelfServiceView;
use super::forms::supervise::SuperviseForm;
use super::forms::views::{DutyView, ProjectsView, RecurringView, StatsView};

pub use super::forms::detail::DetailView;
pub use super::forms::help::HelpView;

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
    SelfService(Box<SelfServiceView>),
    Desks(Box<DesksView>),
}

impl Overlay {
    pub fn form(&self) -> &dyn Form {
        match self {
            Overlay::Intake(f) => f.as_ref(),
            Overlay::Classify(f) => f.as_ref(),
            Overlay::Feedback(f) => f.as_ref(),
            Overlay::Supervise(f) => f.as_ref(),
            Overlay::Pick(f) => f.as_ref(),
            Overlay::Detail(f) => f.as_ref(),
            Overlay::Search(f) => f.as_ref(),
            Overlay::Units(f) => f.as_ref(),
            Overlay::Recurring(f) => f.as_ref(),
            Overlay::Statistics(f) => f.as_ref(),
            Overlay::Duty(f) => f.as_ref(),
            Overlay::Projects(f) => f.as_ref(),
            Overlay::Holidays(f) => f.as_ref(),
            Overlay::SelfService(f) => f.as_ref(),
            Overlay::Desks(f) => f.as_ref(),
        }
    }

    pub fn form_mut(&mut self) -> &mut dyn Form {
        match self {
            Overlay::Intake(f) => f.as_mut(),
            Overlay::Classify(f) => f.as_mut(),
            Overlay::Feedback(f) => f.as_mut(),
            Overlay::Supervise(f) => f.as_mut(),
            Overlay::Pick(f) => f.as_mut(),
            Overlay::Detail(f) => f.as_mut(),
            Overlay::Search(f) => f.as_mut(),
            Overlay::Units(f) => f.as_mut(),
            Overlay::Recurring(f) => f.as_mut(),
            Overlay::Statistics(f) => f.as_mut(),
            Overlay::Duty(f) => f.as_mut(),
            Overlay::Projects(f) => f.as_mut(),
            Overlay::Holidays(f) => f.as_mut(),
            Overlay::SelfService(f) => f.as_mut(),
            Overlay::Desks(f) => f.as_mut(),
        }
    }

    /// A form with input that closing would throw away.
    pub fn is_dirty(&self) -> bool {
        self.form().is_dirty()
    }
}
