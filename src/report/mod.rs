//! The monthly report pack (上报): what the station received and how it was handled, per
//! station, per handling unit, per deputy, and the case ledger. Built from the event log
//! replayed to the end of the month, so a report for a past month reads as it stood then.

pub mod build;
pub mod definitions;
pub mod load;
pub mod render;
pub mod rubric_file;
pub mod scorecard;
pub mod wishes;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

pub use crate::domain::month::Month;

use crate::domain::activity::ActivityKind;
use crate::domain::case::{Level, Nature, Satisfaction, Source, Status};

/// Counts and rates over a set of cases.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// 受理数: registrations of the month not withdrawn; every other figure counts these.
    pub received: u32,
    /// 撤销数: registrations of the month withdrawn (the resident left, a mistake, a
    /// duplicate); 登记数 = 受理数 + 撤销数.
    pub withdrawn: u32,
    pub finished: u32,
    pub finished_on_time: u32,
    pub called_back: u32,
    pub satisfied: u32,
    pub resolved: u32,
    pub repeats: u32,
    pub overdue_at_end: u32,
}

impl Figures {
    /// 登记数: every registration of the month.
    pub fn registered(&self) -> u32 {
        self.received + self.withdrawn
    }
    pub fn on_time_rate(&self) -> Option<f64> {
        ratio(self.finished_on_time, self.finished)
    }
    pub fn satisfaction_rate(&self) -> Option<f64> {
        ratio(self.satisfied, self.called_back)
    }
    pub fn resolution_rate(&self) -> Option<f64> {
        ratio(self.resolved, self.called_back)
    }
}

pub fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A rate as people read it: `87.5%`, or `-` when there is nothing to divide by.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "-".into(),
    }
}

/// The summary of the month: the figures and the breakdowns of what was received.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub figures: Figures,
    pub by_source: Vec<(Source, u32)>,
    /// `None` for cases not classified by the end of the month.
    pub by_level: Vec<(Option<Level>, u32)>,
    pub by_nature: Vec<(Option<Nature>, u32)>,
    /// Main categories (two digits) with their names; `None` for unclassified cases.
    pub by_category: Vec<(Option<String>, String, u32)>,
    pub by_status: Vec<(Status, u32)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationRow {
    pub code: String,
    pub name: String,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub handed: u32,
    pub replied: u32,
    pub overdue_at_end: u32,
    /// Average calendar days from hand-over to reply, for the month's replies.
    pub average_days: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeputyRow {
    pub id: String,
    pub name: String,
    pub station: String,
    pub reception_days: u32,
    pub residents_received: u32,
    pub followed_to_closure: u32,
    /// Activities joined this month (人次).
    pub activities: u32,
}

/// One line of the reception ledger (接待登记台账).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRow {
    pub number: String,
    pub station: String,
    pub received_at: NaiveDateTime,
    pub source: Source,
    pub name: String,
    /// Masked unless the report was asked for unmasked.
    pub phone: String,
    pub address: String,
    pub content: String,
    pub deputy: String,
    pub category: String,
    pub nature: Option<Nature>,
    pub level: Option<Level>,
    pub unit: String,
    pub due_date: Option<NaiveDate>,
    /// 待核: counted over a year whose holiday notice was not loaded.
    pub due_uncertain: bool,
    pub status: Status,
    pub reply: String,
    pub satisfaction: Option<Satisfaction>,
    pub resolved: Option<bool>,
}

/// Activities: sessions (场次) and person-times (人次), in the month and the year to its end.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActivityTotals {
    pub by_kind: Vec<(ActivityKind, u32, u32, u32, u32)>,
}

/// The whole pack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthReport {
    pub month: Month,
    /// Who reports: the desk's station (the home reports for all).
    pub station: String,
    pub cutoff: NaiveDateTime,
    pub unmasked: bool,
    pub summary: Summary,
    pub stations: Vec<StationRow>,
    pub units: Vec<UnitRow>,
    pub deputies: Vec<DeputyRow>,
    pub ledger: Vec<LedgerRow>,
    pub activities: ActivityTotals,
    /// 微心愿: apart from every case figure.
    pub wishes: wishes::WishFigures,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(percent(ratio(7, 8)), "87.5%");
        assert_eq!(percent(ratio(0, 0)), "-");
    }
}
