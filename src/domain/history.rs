//! A case's whole story as reports read it: its log and its resident.

use super::case::Resident;
use super::event::Event;

/// A case's full log and its resident.
#[derive(Debug, Clone)]
pub struct CaseHistory {
    pub resident: Resident,
    pub events: Vec<Event>,
}
