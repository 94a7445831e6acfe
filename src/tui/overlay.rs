//! What can be open over the main screen: a form, a picking dialog, a case's details, help.

use super::forms::classify::ClassifyForm;
use super::forms::intake::IntakeForm;
use super::forms::pick::PickDialog;
use super::keymap::Context;
use crate::domain::event::Event;
use crate::store::CaseRecord;

#[derive(Debug, Clone)]
pub enum Overlay {
    Intake(Box<IntakeForm>),
    Classify(Box<ClassifyForm>),
    Pick(Box<PickDialog>),
    Detail(Box<DetailView>),
}

impl Overlay {
    /// A form with input that closing would throw away.
    pub fn is_dirty(&self) -> bool {
        match self {
            Overlay::Intake(f) => f.is_dirty(),
            Overlay::Classify(f) => f.is_dirty(),
            Overlay::Pick(_) | Overlay::Detail(_) => false,
        }
    }

    /// The key contexts active while this is open, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match self {
            Overlay::Intake(_) | Overlay::Classify(_) | Overlay::Pick(_) => {
                vec![Context::Text, Context::Form, Context::App]
            }
            Overlay::Detail(_) => vec![Context::Detail, Context::List, Context::App],
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
