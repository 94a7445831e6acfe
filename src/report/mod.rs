//! The monthly report pack (上报): what the station received and how it was handled, per
//! station, per handling unit, per deputy, and the case ledger. Built from the event log
//! replayed to the end of the month, so a report for a past month reads as it stood then.

pub mod build;
pub mod definitions;
pub mod load;
pub mod render;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::activity::ActivityKind;
use crate::domain::case::{Level, Nature, Satisfaction, Source, Status};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .expect("a valid month")
            .pred_opt()
            .expect("in range")
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        d >= self.first_day() && d <= self.last_day()
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || format!("`{s}` is not a month: write it as YYYY-MM, e.g. 2026-11");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let (year, month) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&month) || !(1990..=2200).contains(&year) || y.len() != 4 {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

/// Counts and rates over a set of cases.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub received: u32,
    pub finished: u32,
    pub finished_on_time: u32,
    pub called_back: u32,
    pub satisfied: u32,
    pub resolved: u32,
    pub repeats: u32,
    pub overdue_at_end: u32,
}

impl Figures {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let m: Month = "2026-02".parse().unwrap();
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        let d: Month = "2026-12".parse().unwrap();
        assert_eq!(d.last_day(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert!("2026-13".parse::<Month>().is_err());
        assert!("26-01".parse::<Month>().is_err());
        assert!("november".parse::<Month>().is_err());
        assert_eq!(percent(ratio(7, 8)), "87.5%");
        assert_eq!(percent(ratio(0, 0)), "-");
    }
}
