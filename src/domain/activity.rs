//! Deputies' activities besides the reception day, and the street's livelihood projects.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::machine_names;

machine_names! {
    pub enum ActivityKind: "activity kind" {
        /// 志愿服务.
        Volunteer = "volunteer",
        /// 视察.
        Inspection = "inspection",
        /// 培训.
        Training = "training",
        /// 交流.
        Exchange = "exchange",
        Other = "other",
    }
}

/// One activity: a session (场次) with its participants (人次).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub id: Uuid,
    pub date: NaiveDate,
    pub kind: ActivityKind,
    pub title: String,
    pub place: Option<String>,
    pub station: Option<String>,
    pub members: Vec<String>,
    pub note: Option<String>,
}

/// A livelihood project voted by the street's deputies (人大票决民生实事).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    /// `2026-01`.
    pub code: String,
    pub year: i32,
    pub title: String,
    /// The unit that carries it out.
    pub unit: String,
    pub target: String,
    pub votes: Option<u32>,
    pub progress: Vec<Progress>,
    pub inspections: Vec<Inspection>,
    pub issues: Vec<ProjectIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub date: NaiveDate,
    pub percent: u8,
    pub note: String,
}

/// A deputies' inspection of the project (专项视察).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inspection {
    pub date: NaiveDate,
    pub members: Vec<String>,
    pub findings: String,
}

/// A problem a deputy raised about the project; it may become a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectIssue {
    pub date: NaiveDate,
    pub member: String,
    pub text: String,
    pub case_number: Option<String>,
}

impl Project {
    /// The latest progress, 0 before any report.
    pub fn percent(&self) -> u8 {
        self.progress
            .iter()
            .max_by_key(|p| p.date)
            .map_or(0, |p| p.percent)
    }
}
