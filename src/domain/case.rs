//! A resident's opinion and where it stands: the case row, a projection of its event log.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::machine_names;

machine_names! {
    /// How the opinion reached the station.
    pub enum Source: "source" {
        WalkIn = "walk_in",
        Phone = "phone",
        Online = "online",
        Mobile = "mobile",
        Letter = "letter",
        /// The resident registered on the station's page (扫码登记); never `mobile`.
        SelfService = "self_service",
    }
}

machine_names! {
    /// 诉求性质: what kind of request it is.
    pub enum Nature: "nature" {
        Consult = "consult",
        Help = "help",
        Complaint = "complaint",
        Tipoff = "tipoff",
        Suggestion = "suggestion",
    }
}

machine_names! {
    /// 分级处置: at which tier the opinion is handled.
    pub enum Level: "level" {
        OnSite = "on_site",
        Street = "street",
        District = "district",
        Proposal = "proposal",
        Decline = "decline",
    }
}

machine_names! {
    /// Where a case stands in the handling chain.
    pub enum Status: "status" {
        Queued = "queued",
        Receiving = "receiving",
        Answered = "answered",
        Assigned = "assigned",
        Forwarded = "forwarded",
        Declined = "declined",
        Replied = "replied",
        Closed = "closed",
        Returned = "returned",
        /// Ended without handling (已撤销): outside every handling figure.
        Withdrawn = "withdrawn",
    }
}

machine_names! {
    /// 回访 satisfaction, best first.
    pub enum Satisfaction: "satisfaction" {
        VerySatisfied = "very_satisfied",
        Satisfied = "satisfied",
        Basic = "basic",
        Dissatisfied = "dissatisfied",
        VeryDissatisfied = "very_dissatisfied",
    }
}

machine_names! {
    /// A supervision (督办) step recorded on an open case.
    pub enum SupervisionStep: "supervision step" {
        Reminded = "reminded",
        Urged = "urged",
        Escalated = "escalated",
    }
}

impl Source {
    /// What the operator records at the desk: 扫码登记 is the page's alone.
    pub const AT_DESK: &'static [Source] = &[
        Source::WalkIn,
        Source::Phone,
        Source::Online,
        Source::Mobile,
        Source::Letter,
    ];
}

impl Level {
    /// The level picked by the digits 1–5 on the classification form.
    pub fn from_digit(d: char) -> Option<Level> {
        let i = d.to_digit(10)? as usize;
        (1..=Level::ALL.len())
            .contains(&i)
            .then(|| Level::ALL[i - 1])
    }
}

impl Satisfaction {
    /// Dissatisfied answers reopen the case for another handling cycle.
    pub fn is_dissatisfied(self) -> bool {
        matches!(
            self,
            Satisfaction::Dissatisfied | Satisfaction::VeryDissatisfied
        )
    }

    /// Counted as satisfied in the satisfaction rate (满意率).
    pub fn is_satisfied(self) -> bool {
        !self.is_dissatisfied()
    }
}

impl Status {
    /// Open cases wait on a handling unit and can fall overdue.
    pub fn is_with_unit(self) -> bool {
        matches!(self, Status::Assigned | Status::Forwarded)
    }

    /// Still waiting at the desk: in the queue or in front of a deputy.
    pub fn is_at_desk(self) -> bool {
        matches!(self, Status::Queued | Status::Receiving)
    }

    /// Nothing more is expected of the station unless the resident comes back.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            Status::Answered | Status::Declined | Status::Closed | Status::Withdrawn
        )
    }
}

/// Case ids are UUIDv7: unique across stations and sortable by creation time.
pub type CaseId = Uuid;

/// The current row of a case: exactly what replaying its event log produces.
///
/// Personal data of the resident is kept apart, in [`Resident`], so that a retention purge
/// can erase it without rewriting the append-only log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: CaseId,
    /// Human number, unique per station and day: `HF-20261117-007`.
    pub number: String,
    /// Code of the station that received it.
    pub station: String,
    pub received_at: NaiveDateTime,
    pub source: Source,
    pub content: String,
    /// The member receiving or who received the resident.
    pub deputy: Option<String>,
    pub category: Option<String>,
    pub nature: Option<Nature>,
    pub level: Option<Level>,
    pub unit: Option<String>,
    pub status: Status,
    pub due_date: Option<NaiveDate>,
    /// The due date ran into a year without an official holiday table.
    pub due_uncertain: bool,
    /// The last supervision step recorded in the current handling cycle.
    pub supervision: Option<SupervisionStep>,
    /// The answer given at the desk, the guidance of a decline, or a forwarding note.
    pub answer: Option<String>,
    pub reply: Option<String>,
    pub replied_on: Option<NaiveDate>,
    pub closed_at: Option<NaiveDateTime>,
    pub satisfaction: Option<Satisfaction>,
    pub resolved: Option<bool>,
    /// Handling cycles reopened after a dissatisfied call-back (重办).
    pub repeats: u32,
    pub duplicate_of: Option<CaseId>,
    /// The resident registered on their own phone through the station's page (扫码登记).
    pub self_registered: bool,
    /// Self-registered and not yet called to a deputy: the desk has not seen the resident.
    pub to_confirm: bool,
    /// Number of events in the log.
    pub events: u32,
    pub updated_at: NaiveDateTime,
}

impl Case {
    /// Overdue is derived, never stored: with a unit and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_with_unit() && self.due_date.is_some_and(|d| d < today)
    }
}

/// The resident's personal fields, masked on display unless revealed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resident {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

impl Resident {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.phone.is_none() && self.address.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), *s);
        }
        let err = "done".parse::<Status>().unwrap_err();
        assert!(err.to_string().contains("queued, receiving"), "{err}");
    }

    #[test]
    fn level_digits_follow_the_design_order() {
        assert_eq!(Level::from_digit('1'), Some(Level::OnSite));
        assert_eq!(Level::from_digit('2'), Some(Level::Street));
        assert_eq!(Level::from_digit('5'), Some(Level::Decline));
        assert_eq!(Level::from_digit('0'), None);
        assert_eq!(Level::from_digit('6'), None);
        assert_eq!(Level::from_digit('x'), None);
    }

    #[test]
    fn serde_uses_machine_names() {
        let json = serde_json::to_string(&Source::WalkIn).unwrap();
        assert_eq!(json, "\"walk_in\"");
        let back: Source = serde_json::from_str("\"phone\"").unwrap();
        assert_eq!(back, Source::Phone);
        assert!(serde_json::from_str::<Source>("\"fax\"").is_err());
    }
}
