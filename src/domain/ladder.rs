//! The supervision ladder (督办): which step an open case has reached by the calendar.
//!
//! - `Remind` when at most 2 working days remain (提醒),
//! - `Urge` from the day after the due date (催办),
//! - `Escalate` once 5 working days have passed since the due date (通报).

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::HolidayTable;
use super::case::{Case, SupervisionStep};
use crate::machine_names;

/// How far ahead the supervision board looks: cases due within this many working days are
/// shown (the step 提醒 comes at two).
pub const BOARD_HORIZON_DAYS: u32 = 2;
/// The board lists at most this many cases (most overdue first); the header counts all.
pub const BOARD_LIMIT: u32 = 500;

machine_names! {
    /// Where the calendar puts an open case on the ladder.
    pub enum Stage: "ladder stage" {
        OnTrack = "on_track",
        Remind = "remind",
        Urge = "urge",
        Escalate = "escalate",
    }
}

/// Working days before the due date when a reminder is due.
pub const REMIND_WITHIN: i64 = 2;
/// Working days after the due date when the case is escalated.
pub const ESCALATE_AFTER: i64 = 5;

impl Stage {
    /// The step that records this stage, if any.
    pub fn step(self) -> Option<SupervisionStep> {
        match self {
            Stage::OnTrack => None,
            Stage::Remind => Some(SupervisionStep::Reminded),
            Stage::Urge => Some(SupervisionStep::Urged),
            Stage::Escalate => Some(SupervisionStep::Escalated),
        }
    }
}

/// A case's place on the ladder today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub stage: Stage,
    /// Working days left until the due date (0 on the day); negative once overdue.
    pub working_days_left: i64,
    /// Calendar days past the due date, 0 when not overdue.
    pub days_overdue: i64,
    /// The calendar asks for a step that has not been recorded yet.
    pub action_due: Option<SupervisionStep>,
}

/// Places an open case on the ladder; `None` for a case not waiting on a unit.
pub fn position(case: &Case, today: NaiveDate, holidays: &HolidayTable) -> Option<Position> {
    if !case.status.is_with_unit() {
        return None;
    }
    let due = case.due_date?;
    let left = holidays.working_days_between(today, due);
    let stage = if today > due {
        if holidays.working_days_between(due, today) >= ESCALATE_AFTER {
            Stage::Escalate
        } else {
            Stage::Urge
        }
    } else if left <= REMIND_WITHIN {
        Stage::Remind
    } else {
        Stage::OnTrack
    };
    let recorded = case.supervision;
    let action_due = stage
        .step()
        .filter(|step| recorded.is_none_or(|r| r < *step));
    Some(Position {
        stage,
        working_days_left: left,
        days_overdue: (today - due).num_days().max(0),
        action_due,
    })
}
