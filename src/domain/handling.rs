//! Turning a handler's decision into events: a disposition, a call-back (reopening when the
//! resident is not satisfied), a supervision step. Shared by the forms and the command line.

use chrono::NaiveDate;

use super::calendar::HolidayTable;
use super::case::{Case, Level, Nature, Satisfaction, SupervisionStep};
use super::category::Taxonomy;
use super::event::{Classification, EventBody, Handling};
use super::ladder::Position;

/// Reason recorded when a dissatisfied call-back opens a new handling cycle.
pub const REOPEN_REASON: &str = "回访不满意或问题未解决，重新交办（重办）";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandlingError {
    #[error("an on-site answer needs the answer given")]
    AnswerRequired,
    #[error("a decline needs the guidance given to the resident")]
    GuidanceRequired,
    #[error("unknown category `{0}`")]
    UnknownCategory(String),
    #[error("level `{0}` needs a handling unit")]
    UnitRequired(Level),
    #[error("a time limit of {0} working days is not 1–250")]
    LimitInvalid(u32),
}

/// Time limits and extensions, in working days: a year at most (a larger number is a typo).
pub const LIMIT_DAYS: std::ops::RangeInclusive<u32> = 1..=250;

/// What the handler decided at classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disposition {
    pub category: String,
    pub nature: Option<Nature>,
    pub level: Level,
    /// The unit; the category's default for the level when `None`.
    pub unit: Option<String>,
    /// Working days; the default for the level when `None`.
    pub limit_days: Option<u32>,
    /// The answer, the guidance, or a note to the unit.
    pub note: String,
}

/// The event that records a disposition decided `today`.
pub fn dispose(
    d: &Disposition,
    taxonomy: &Taxonomy,
    holidays: &HolidayTable,
    today: NaiveDate,
) -> Result<EventBody, HandlingError> {
    let category = taxonomy
        .category(&d.category)
        .ok_or_else(|| HandlingError::UnknownCategory(d.category.clone()))?;
    let class = Classification {
        category: Some(category.code.clone()),
        nature: d.nature,
    };
    let note = d.note.trim().to_string();
    Ok(match d.level {
        Level::OnSite if note.is_empty() => return Err(HandlingError::AnswerRequired),
        Level::Decline if note.is_empty() => return Err(HandlingError::GuidanceRequired),
        Level::OnSite => EventBody::Answered {
            class,
            answer: note,
        },
        Level::Decline => EventBody::Declined {
            class,
            guidance: note,
        },
        level => {
            let route = taxonomy.route(category, level);
            let unit = d
                .unit
                .clone()
                .or_else(|| route.as_ref().map(|r| r.unit.to_string()))
                .ok_or(HandlingError::UnitRequired(level))?;
            let days = d.limit_days.or(route.map(|r| r.limit_days)).unwrap_or(0);
            if !LIMIT_DAYS.contains(&days) {
                return Err(HandlingError::LimitInvalid(days));
            }
            let due = holidays.add_working_days(today, days);
            let handling = Handling {
                unit,
                due_date: due.date,
                due_uncertain: due.uncertain,
                limit_days: Some(days),
                note: (!note.is_empty()).then_some(note),
            };
            if level == Level::Street {
                EventBody::Assigned { class, handling }
            } else {
                EventBody::Forwarded {
                    class,
                    level,
                    handling,
                }
            }
        }
    })
}

/// The call-back, and when the resident is dissatisfied or the matter unresolved, the new
/// handling cycle: same unit, a new due date from the category's time limit.
pub fn call_back(
    case: &Case,
    satisfaction: Satisfaction,
    resolved: bool,
    note: Option<String>,
    taxonomy: &Taxonomy,
    holidays: &HolidayTable,
    today: NaiveDate,
) -> Vec<EventBody> {
    let mut out = vec![EventBody::CalledBack {
        satisfaction,
        resolved,
        note,
    }];
    let again = satisfaction.is_dissatisfied() || !resolved;
    if again && let Some(unit) = case.unit.clone() {
        let days = case
            .category
            .as_deref()
            .and_then(|c| taxonomy.category(c))
            .and_then(|c| {
                taxonomy
                    .route(c, case.level.unwrap_or(Level::Street))
                    .map(|r| r.limit_days)
            })
            .unwrap_or(10);
        let due = holidays.add_working_days(today, days);
        out.push(EventBody::Reopened {
            handling: Handling {
                unit,
                due_date: due.date,
                due_uncertain: due.uncertain,
                limit_days: Some(days),
                note: None,
            },
            reason: REOPEN_REASON.to_string(),
        });
    }
    out
}

/// The supervision step to record now: the one the calendar asks for, or, if that is
/// already recorded, the next rung up.
pub fn next_step(case: &Case, position: &Position) -> SupervisionStep {
    if let Some(due) = position.action_due {
        return due;
    }
    match case.supervision {
        None => SupervisionStep::Reminded,
        Some(SupervisionStep::Reminded) => SupervisionStep::Urged,
        Some(_) => SupervisionStep::Escalated,
    }
}

pub fn supervision_event(step: SupervisionStep, note: Option<String>) -> EventBody {
    match step {
        SupervisionStep::Reminded => EventBody::Reminded { note },
        SupervisionStep::Urged => EventBody::Urged { note },
        SupervisionStep::Escalated => EventBody::Escalated { note },
    }
}
