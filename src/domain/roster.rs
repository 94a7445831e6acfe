//! Who is on duty at a station on a reception day.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// One member on one day's duty roster (值班表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DutyEntry {
    pub date: NaiveDate,
    pub station: String,
    pub member: String,
    pub checked_in_at: Option<NaiveDateTime>,
    pub checked_out_at: Option<NaiveDateTime>,
}

impl DutyEntry {
    /// At the desk now: checked in and not yet out.
    pub fn is_present(&self) -> bool {
        self.checked_in_at.is_some() && self.checked_out_at.is_none()
    }
}
