//! The one function that decides every state change of a case.
//!
//! `apply(current, event)` either returns the new row or a typed error; it never panics and
//! never half-applies. The store calls it inside the write transaction, the integrity check
//! and the tests call it to replay a log.

use chrono::NaiveDate;

use super::case::{Case, Level, Source, Status, SupervisionStep};
use super::event::{Classification, Event, EventBody, EventKind, Handling};
use super::withdrawal::WithdrawReason;

/// Why an event cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error(
        "case {number} is `{status}`: `{event}` is only allowed when the case is {}",
        crate::domain::names::list(allowed)
    )]
    NotAllowed {
        number: String,
        status: Status,
        event: EventKind,
        allowed: &'static [Status],
    },
    #[error("a case's log must start with `registered`, not `{0}`")]
    NotRegistered(EventKind),
    #[error("case {0} is already registered")]
    AlreadyRegistered(String),
    #[error("the event belongs to another case")]
    WrongCase,
    #[error("`{event}` cannot carry level `{level}`")]
    LevelMismatch { event: EventKind, level: Level },
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("the new due date {new} must be later than the current one {current}")]
    ExtensionNotLater {
        new: chrono::NaiveDate,
        current: chrono::NaiveDate,
    },
    #[error("the due date {due} is before the day of the event {day}")]
    DueInThePast {
        due: chrono::NaiveDate,
        day: chrono::NaiveDate,
    },
    #[error("the reply date {on} is before the case was received ({received})")]
    ReplyBeforeReceipt {
        on: chrono::NaiveDate,
        received: chrono::NaiveDate,
    },
    #[error("the reply date {on} is after the day it is recorded ({recorded})")]
    ReplyInFuture {
        on: chrono::NaiveDate,
        recorded: chrono::NaiveDate,
    },
    #[error("a case cannot be linked to itself")]
    SelfLink,
    #[error("a duplicate registration names the other one (--of)")]
    DuplicateNeedsOf,
    #[error("only a duplicate registration names another one (--of)")]
    OfNeedsDuplicate,
    #[error("a registration cannot duplicate itself")]
    DuplicateOfItself,
    #[error(
        "case {0} is linked as a duplicate: another resident with the same matter is received, not withdrawn"
    )]
    LinkedNotWithdrawn(String),
    #[error("case {number} cannot be renumbered from {previous}, which is not its number")]
    NotItsNumber { number: String, previous: String },
    #[error("case {number} is not classified yet: classify it first")]
    NotClassified { number: String },
    #[error("case {number}: the correction was made to content the case no longer has")]
    CorrectedFromOther { number: String },
    #[error("the recomputed deadline starts from {previous}, but the case is due {current:?}")]
    RecomputedFromOther {
        previous: chrono::NaiveDate,
        current: Option<chrono::NaiveDate>,
    },
}

/// The statuses from which an event kind may be applied; `None` means any status.
pub fn allowed_from(kind: EventKind) -> Option<&'static [Status]> {
    use EventKind as K;
    use Status as S;
    const TO_CLASSIFY: &[Status] = &[S::Queued, S::Receiving, S::Returned];
    const WITH_UNIT: &[Status] = &[S::Assigned, S::Forwarded];
    match kind {
        K::Registered => Some(&[]),
        K::Called => Some(&[S::Queued]),
        K::Classified | K::Answered | K::Assigned | K::Forwarded | K::Declined => Some(TO_CLASSIFY),
        K::Reminded
        | K::Urged
        | K::Escalated
        | K::Extended
        | K::Returned
        | K::Replied
        | K::Recomputed => Some(WITH_UNIT),
        K::CalledBack => Some(&[S::Replied, S::Answered]),
        K::Reopened => Some(&[S::Closed]),
        K::Linked
        | K::Revealed
        | K::Note
        | K::Renumbered
        | K::Transferred
        | K::Corrected
        // Checked by what it changes (see `reclassify`).
        | K::Reclassified => None,
        K::Purged => Some(&[S::Answered, S::Declined, S::Closed, S::Withdrawn]),
        // Only before classification: once classified the case is handled, not withdrawn.
        K::Withdrawn => Some(&[S::Queued, S::Receiving]),
    }
}

/// The statuses from which an event kind may be applied to this case: the table, except that
/// a duplicate follows its original's reopen (随原件重办) whether or not its own resident was
/// called back yet, so that both residents hear the new reply.
pub fn allowed_for(case: &Case, kind: EventKind) -> Option<&'static [Status]> {
    if kind == EventKind::Reopened && case.duplicate_of.is_some() {
        return Some(&[Status::Replied, Status::Closed]);
    }
    allowed_from(kind)
}

/// Applies one event to a case (or creates the case from `registered`).
pub fn apply(current: Option<&Case>, event: &Event) -> Result<Case, TransitionError> {
    let kind = event.body.kind();
    let Some(case) = current else {
        return register(event);
    };
    if event.case_id != case.id {
        return Err(TransitionError::WrongCase);
    }
    check_allowed(case, kind)?;

    let mut next = case.clone();
    next.events += 1;
    next.updated_at = event.at;
    let day = event.at.date();

    match &event.body {
        EventBody::Registered { .. } => unreachable!("refused by check_allowed"),
        EventBody::Called { deputy } => {
            non_empty(deputy, "deputy")?;
            next.deputy = Some(deputy.clone());
            next.status = Status::Receiving;
            // A self-registered resident called to a deputy is at the desk: confirmed.
            next.to_confirm = false;
        }
        EventBody::Classified {
            category,
            nature,
            level,
        } => {
            non_empty(category, "category")?;
            next.category = Some(category.clone());
            if nature.is_some() {
                next.nature = *nature;
            }
            if level.is_some() {
                next.level = *level;
            }
        }
        EventBody::Answered { class, answer } => {
            non_empty(answer, "answer")?;
            classify(&mut next, class, Level::OnSite);
            next.answer = Some(answer.clone());
            next.status = Status::Answered;
            next.closed_at = Some(event.at);
        }
        EventBody::Assigned { class, handling } => {
            check_handling(handling, day)?;
            classify(&mut next, class, Level::Street);
            hand_over(&mut next, handling);
            next.status = Status::Assigned;
        }
        EventBody::Forwarded {
            class,
            level,
            handling,
        } => forward(&mut next, class, *level, handling, day)?,
        EventBody::Declined { class, guidance } => {
            non_empty(guidance, "guidance")?;
            classify(&mut next, class, Level::Decline);
            next.answer = Some(guidance.clone());
            next.status = Status::Declined;
            next.closed_at = Some(event.at);
        }
        EventBody::Reminded { .. } => next.supervision = Some(SupervisionStep::Reminded),
        EventBody::Urged { .. } => next.supervision = Some(SupervisionStep::Urged),
        EventBody::Escalated { .. } => next.supervision = Some(SupervisionStep::Escalated),
        EventBody::Extended {
            due_date,
            due_uncertain,
            reason,
        } => {
            non_empty(reason, "reason")?;
            extend(&mut next, *due_date, *due_uncertain, day)?;
        }
        EventBody::Recomputed {
            previous,
            due_date,
            due_uncertain,
            ..
        } => recompute(&mut next, *previous, *due_date, *due_uncertain)?,
        EventBody::Returned { reason } => {
            non_empty(reason, "reason")?;
            take_back(&mut next);
        }
        EventBody::Replied { text, on } => {
            non_empty(text, "reply")?;
            reply(&mut next, text, *on, event.at.date())?;
        }
        EventBody::CalledBack {
            satisfaction,
            resolved,
            ..
        } => {
            next.satisfaction = Some(*satisfaction);
            next.resolved = Some(*resolved);
            next.status = Status::Closed;
            next.closed_at = Some(event.at);
        }
        EventBody::Reopened { handling, reason } => {
            non_empty(reason, "reason")?;
            check_handling(handling, day)?;
            reopen(&mut next, handling);
        }
        EventBody::Linked { other, relation } => {
            if *other == case.id {
                return Err(TransitionError::SelfLink);
            }
            if *relation == super::event::LinkKind::Duplicate {
                next.duplicate_of = Some(*other);
            }
        }
        // Personal data lives outside the case row; the store erases it.
        EventBody::Revealed {} | EventBody::Purged { .. } => {}
        // Who owns the case is read from its log (see `domain::trust`), not from its row.
        EventBody::Transferred { .. } => {}
        EventBody::Note { text } => non_empty(text, "note")?,
        // The resident's fields live outside the row (the store applies them); the content
        // is the row's, and a correction applies only to the text it was made against.
        EventBody::Corrected { correction } => {
            if let Some(change) = &correction.content {
                let after = change.after.as_deref().unwrap_or("");
                non_empty(after, "content")?;
                if change.before.as_deref() != Some(case.content.as_str()) {
                    return Err(TransitionError::CorrectedFromOther {
                        number: case.number.clone(),
                    });
                }
                next.content = after.to_string();
            }
        }
        EventBody::Reclassified { change } => reclassify(&mut next, change, day)?,
        EventBody::Withdrawn { reason, of, .. } => withdraw(&mut next, *reason, *of, event.at)?,
        EventBody::Renumbered { number, previous } => {
            if *previous != case.number {
                return Err(TransitionError::NotItsNumber {
                    number: case.number.clone(),
                    previous: previous.clone(),
                });
            }
            non_empty(number, "number")?;
            next.number = number.clone();
        }
    }
    Ok(next)
}

/// 改分类: category and nature on any classified case; level and unit only while the case is
/// with a unit and has no reply in its current cycle. A new unit's hand-over replaces the
/// old one (deadline, ladder).
fn reclassify(
    next: &mut Case,
    change: &super::reclassify::Reclassification,
    day: NaiveDate,
) -> Result<(), TransitionError> {
    if next.category.is_none() {
        return Err(TransitionError::NotClassified {
            number: next.number.clone(),
        });
    }
    if change.level.is_some() || change.handling.is_some() {
        const WITH_UNIT: &[Status] = &[Status::Assigned, Status::Forwarded];
        if !WITH_UNIT.contains(&next.status) {
            return Err(TransitionError::NotAllowed {
                number: next.number.clone(),
                status: next.status,
                event: EventKind::Reclassified,
                allowed: WITH_UNIT,
            });
        }
    }
    if let Some(category) = &change.category {
        non_empty(category, "category")?;
        next.category = Some(category.clone());
    }
    if change.nature.is_some() {
        next.nature = change.nature;
    }
    if let Some(level) = change.level {
        next.status = match level {
            Level::Street => Status::Assigned,
            Level::District | Level::Proposal => Status::Forwarded,
            Level::OnSite | Level::Decline => {
                return Err(TransitionError::LevelMismatch {
                    event: EventKind::Reclassified,
                    level,
                });
            }
        };
        next.level = Some(level);
    }
    if let Some(handling) = &change.handling {
        check_handling(handling, day)?;
        hand_over(next, handling);
    }
    Ok(())
}

/// Ends the registration unhandled; a deputy receiving the resident is free again (the row
/// keeps who it was), and a self-registered resident is no longer waiting to be confirmed.
fn withdraw(
    next: &mut Case,
    reason: WithdrawReason,
    of: Option<super::case::CaseId>,
    at: chrono::NaiveDateTime,
) -> Result<(), TransitionError> {
    // A linked duplicate is another resident with the same matter: received in their own right.
    if next.duplicate_of.is_some() {
        return Err(TransitionError::LinkedNotWithdrawn(next.number.clone()));
    }
    match (reason, of) {
        (WithdrawReason::Duplicate, None) => return Err(TransitionError::DuplicateNeedsOf),
        (WithdrawReason::Duplicate, Some(other)) if other == next.id => {
            return Err(TransitionError::DuplicateOfItself);
        }
        (WithdrawReason::Left | WithdrawReason::Mistake, Some(_)) => {
            return Err(TransitionError::OfNeedsDuplicate);
        }
        _ => {}
    }
    next.status = Status::Withdrawn;
    next.to_confirm = false;
    next.closed_at = Some(at);
    Ok(())
}

/// Refuses an event the case's status does not allow (and a second `registered`).
fn check_allowed(case: &Case, kind: EventKind) -> Result<(), TransitionError> {
    let Some(allowed) = allowed_for(case, kind) else {
        return Ok(());
    };
    if kind == EventKind::Registered {
        return Err(TransitionError::AlreadyRegistered(case.number.clone()));
    }
    if allowed.contains(&case.status) {
        return Ok(());
    }
    Err(TransitionError::NotAllowed {
        number: case.number.clone(),
        status: case.status,
        event: kind,
        allowed,
    })
}

/// Handed up: to the district (区级) or as material for a deputy's proposal, never lower.
fn forward(
    next: &mut Case,
    class: &Classification,
    level: Level,
    handling: &Handling,
    day: NaiveDate,
) -> Result<(), TransitionError> {
    if !matches!(level, Level::District | Level::Proposal) {
        return Err(TransitionError::LevelMismatch {
            event: EventKind::Forwarded,
            level,
        });
    }
    check_handling(handling, day)?;
    classify(next, class, level);
    hand_over(next, handling);
    next.status = Status::Forwarded;
    Ok(())
}

/// A later deadline, never one already past; it restarts the ladder.
fn extend(
    next: &mut Case,
    due_date: NaiveDate,
    due_uncertain: bool,
    day: NaiveDate,
) -> Result<(), TransitionError> {
    if let Some(current) = next.due_date
        && due_date <= current
    {
        return Err(TransitionError::ExtensionNotLater {
            new: due_date,
            current,
        });
    }
    if due_date < day {
        return Err(TransitionError::DueInThePast { due: due_date, day });
    }
    next.due_date = Some(due_date);
    next.due_uncertain = due_uncertain;
    next.supervision = None;
    Ok(())
}

/// A deadline counted again on a newly published holiday notice, from the date it replaces.
fn recompute(
    next: &mut Case,
    previous: NaiveDate,
    due_date: NaiveDate,
    due_uncertain: bool,
) -> Result<(), TransitionError> {
    if next.due_date != Some(previous) {
        return Err(TransitionError::RecomputedFromOther {
            previous,
            current: next.due_date,
        });
    }
    // A date the notice moved restarts the ladder, as an extension does; a date it only
    // confirmed keeps the steps recorded.
    if due_date != previous {
        next.supervision = None;
    }
    next.due_date = Some(due_date);
    next.due_uncertain = due_uncertain;
    Ok(())
}

/// Returned by the unit (退回): back to be classified, with no unit, deadline or ladder.
fn take_back(next: &mut Case) {
    next.status = Status::Returned;
    next.level = None;
    next.unit = None;
    next.due_date = None;
    next.due_uncertain = false;
    next.supervision = None;
}

/// The unit's reply, dated between the case's receipt and the day it is recorded.
fn reply(
    next: &mut Case,
    text: &str,
    on: NaiveDate,
    recorded: NaiveDate,
) -> Result<(), TransitionError> {
    let received = next.received_at.date();
    if on < received {
        return Err(TransitionError::ReplyBeforeReceipt { on, received });
    }
    // A reply is recorded once it has come in: a later date would make it look on time (or
    // late) before it happened.
    if on > recorded {
        return Err(TransitionError::ReplyInFuture { on, recorded });
    }
    next.reply = Some(text.to_string());
    next.replied_on = Some(on);
    next.status = Status::Replied;
    Ok(())
}

/// A closed case handed over again: at least at street level, one more repeat, and the
/// earlier reply and call-back cleared.
fn reopen(next: &mut Case, handling: &Handling) {
    hand_over(next, handling);
    if matches!(
        next.level,
        None | Some(Level::OnSite) | Some(Level::Decline)
    ) {
        next.level = Some(Level::Street);
    }
    next.status = Status::Assigned;
    next.repeats += 1;
    next.reply = None;
    next.replied_on = None;
    next.satisfaction = None;
    next.resolved = None;
    next.closed_at = None;
}

/// Replays a whole log from nothing; the result must equal the stored row.
pub fn replay<'a>(
    events: impl IntoIterator<Item = &'a Event>,
) -> Result<Option<Case>, TransitionError> {
    let mut case: Option<Case> = None;
    for event in events {
        case = Some(apply(case.as_ref(), event)?);
    }
    Ok(case)
}

fn register(event: &Event) -> Result<Case, TransitionError> {
    let EventBody::Registered {
        number,
        station,
        source,
        content,
        deputy,
        self_registered,
    } = &event.body
    else {
        return Err(TransitionError::NotRegistered(event.body.kind()));
    };
    non_empty(content, "content")?;
    non_empty(number, "number")?;
    non_empty(station, "station")?;
    Ok(Case {
        id: event.case_id,
        number: number.clone(),
        station: station.clone(),
        received_at: event.at,
        // Typed on the resident's own phone: 扫码登记, whatever source an older desk wrote
        // (it wrote `mobile`); the signed event stays as it was.
        source: if *self_registered {
            Source::SelfService
        } else {
            *source
        },
        content: content.clone(),
        deputy: deputy.clone(),
        category: None,
        nature: None,
        level: None,
        unit: None,
        status: Status::Queued,
        due_date: None,
        due_uncertain: false,
        supervision: None,
        answer: None,
        reply: None,
        replied_on: None,
        closed_at: None,
        satisfaction: None,
        resolved: None,
        repeats: 0,
        duplicate_of: None,
        self_registered: *self_registered,
        to_confirm: *self_registered,
        events: 1,
        updated_at: event.at,
    })
}

fn classify(case: &mut Case, class: &Classification, level: Level) {
    if let Some(category) = &class.category {
        case.category = Some(category.clone());
    }
    if class.nature.is_some() {
        case.nature = class.nature;
    }
    case.level = Some(level);
}

fn hand_over(case: &mut Case, handling: &Handling) {
    case.unit = Some(handling.unit.clone());
    case.due_date = Some(handling.due_date);
    case.due_uncertain = handling.due_uncertain;
    case.supervision = None;
}

fn check_handling(handling: &Handling, day: chrono::NaiveDate) -> Result<(), TransitionError> {
    non_empty(&handling.unit, "unit")?;
    if handling.due_date < day {
        return Err(TransitionError::DueInThePast {
            due: handling.due_date,
            day,
        });
    }
    Ok(())
}

fn non_empty(text: &str, field: &'static str) -> Result<(), TransitionError> {
    if text.trim().is_empty() {
        Err(TransitionError::Empty { field })
    } else {
        Ok(())
    }
}
