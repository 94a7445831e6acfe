//! A duplicate follows its master: what is decided for the master is recorded on each of its
//! duplicates too, so that every resident who raised the matter sees the outcome.

use super::case::{Case, Level, Status};
use super::event::{Classification, EventBody, Handling};
use super::text::limits;

/// The event a duplicate records when its master records `body`; `None` for events that
/// concern only the master (calls, supervision, call-backs, notes).
pub fn follow(body: &EventBody, master: &str) -> Option<EventBody> {
    let with = |text: &str, limit: usize| same_as(master, text, limit);
    Some(match body {
        EventBody::Answered { class, answer } => EventBody::Answered {
            class: class.clone(),
            answer: with(answer, limits::NOTE),
        },
        EventBody::Assigned { .. }
        | EventBody::Forwarded { .. }
        | EventBody::Extended { .. }
        | EventBody::Recomputed { .. } => body.clone(),
        EventBody::Declined { class, guidance } => EventBody::Declined {
            class: class.clone(),
            guidance: with(guidance, limits::NOTE),
        },
        EventBody::Replied { text, on } => EventBody::Replied {
            text: with(text, limits::CONTENT),
            on: *on,
        },
        EventBody::Returned { reason } => EventBody::Returned {
            reason: with(reason, limits::NOTE),
        },
        // The original reopened: its duplicates go back to the unit with it (随原件重办).
        EventBody::Reopened { handling, reason } => EventBody::Reopened {
            handling: Handling {
                note: Some(format!("同{master}")),
                ..handling.clone()
            },
            reason: with(reason, limits::NOTE),
        },
        // The original re-classified (改分类): its duplicates go to the same unit with it,
        // so that they hear the new unit's reply; a category fix is theirs too.
        EventBody::Reclassified { change } => EventBody::Reclassified {
            change: super::reclassify::Reclassification {
                handling: change.handling.as_ref().map(|h| Handling {
                    note: Some(format!("同{master}")),
                    ..h.clone()
                }),
                ..change.clone()
            },
        },
        _ => return None,
    })
}

/// `同HF-20261117-003：text`, kept within the field's limit as everything a desk writes is
/// (the home refuses bundles with over-long text).
fn same_as(master: &str, text: &str, limit: usize) -> String {
    let full = format!("同{master}：{text}");
    if full.chars().count() <= limit {
        return full;
    }
    let mut cut: String = full.chars().take(limit - 1).collect();
    cut.push('…');
    cut
}

/// The events that bring a newly linked duplicate to where its master stands.
pub fn catch_up(master: &Case) -> Vec<EventBody> {
    let class = Classification {
        category: master.category.clone(),
        nature: master.nature,
    };
    let handling = || {
        Some(Handling {
            unit: master.unit.clone()?,
            due_date: master.due_date?,
            due_uncertain: master.due_uncertain,
            limit_days: None,
            note: Some(format!("同{}", master.number)),
        })
    };
    let hand_over = || -> Option<EventBody> {
        let handling = handling()?;
        Some(match master.level {
            Some(level @ (Level::District | Level::Proposal)) => EventBody::Forwarded {
                class: class.clone(),
                level,
                handling,
            },
            _ => EventBody::Assigned {
                class: class.clone(),
                handling,
            },
        })
    };
    let mut out = Vec::new();
    match master.status {
        Status::Answered => {
            if let Some(answer) = &master.answer {
                out.push(EventBody::Answered {
                    class: class.clone(),
                    answer: same_as(&master.number, answer, limits::NOTE),
                });
            }
        }
        Status::Declined => {
            if let Some(guidance) = &master.answer {
                out.push(EventBody::Declined {
                    class: class.clone(),
                    guidance: same_as(&master.number, guidance, limits::NOTE),
                });
            }
        }
        Status::Assigned | Status::Forwarded => out.extend(hand_over()),
        Status::Replied | Status::Closed => {
            out.extend(hand_over());
            if let (Some(text), Some(on)) = (&master.reply, master.replied_on) {
                out.push(EventBody::Replied {
                    text: same_as(&master.number, text, limits::CONTENT),
                    on,
                });
            }
        }
        // A withdrawn original took nothing up for its duplicates to follow.
        Status::Queued | Status::Receiving | Status::Returned | Status::Withdrawn => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::Event;
    use crate::domain::transition::apply;

    fn event(case_id: uuid::Uuid, body: EventBody) -> Event {
        Event {
            id: uuid::Uuid::nil(),
            case_id,
            at: "2026-12-03T10:00:00".parse().unwrap(),
            actor: "t".into(),
            body,
        }
    }

    /// A case handed over and replied to, as a duplicate of `original` or on its own.
    fn replied(original: Option<uuid::Uuid>) -> Case {
        let id = uuid::Uuid::now_v7();
        let handling = Handling {
            unit: "SZ".into(),
            due_date: "2026-12-10".parse().unwrap(),
            due_uncertain: false,
            limit_days: None,
            note: None,
        };
        let mut log = vec![event(
            id,
            EventBody::Registered {
                number: "HF-20261117-002".into(),
                station: "HF".into(),
                source: crate::domain::case::Source::WalkIn,
                content: "路灯".into(),
                deputy: None,
                self_registered: false,
            },
        )];
        if let Some(other) = original {
            log.push(event(
                id,
                EventBody::Linked {
                    other,
                    relation: crate::domain::event::LinkKind::Duplicate,
                },
            ));
        }
        log.push(event(
            id,
            EventBody::Assigned {
                class: Classification::default(),
                handling,
            },
        ));
        log.push(event(
            id,
            EventBody::Replied {
                text: "好".into(),
                on: "2026-12-03".parse().unwrap(),
            },
        ));
        crate::domain::transition::replay(&log).unwrap().unwrap()
    }

    /// The original reopens: a duplicate whose resident was not called back yet goes back to
    /// the unit with it; a case that is no duplicate is still reopened only after its call-back.
    #[test]
    fn a_replied_duplicate_follows_its_originals_reopen() {
        let reopen = EventBody::Reopened {
            handling: Handling {
                unit: "SZ".into(),
                due_date: "2026-12-17".parse().unwrap(),
                due_uncertain: false,
                limit_days: Some(10),
                note: None,
            },
            reason: "回访不满意".into(),
        };
        let followed = follow(&reopen, "HF-20261117-001").unwrap();
        let EventBody::Reopened { handling, reason } = &followed else {
            panic!("a reopen is followed as a reopen");
        };
        assert_eq!(handling.note.as_deref(), Some("同HF-20261117-001"));
        assert!(reason.starts_with("同HF-20261117-001："));
        let duplicate = replied(Some(uuid::Uuid::now_v7()));
        let next = apply(Some(&duplicate), &event(duplicate.id, followed.clone())).unwrap();
        assert_eq!(next.status, Status::Assigned);
        assert_eq!(next.due_date, Some("2026-12-17".parse().unwrap()));
        let alone = replied(None);
        assert!(apply(Some(&alone), &event(alone.id, followed)).is_err());
    }

    #[test]
    fn followed_text_names_the_master_and_stays_within_its_limit() {
        let long = "答".repeat(limits::NOTE);
        let Some(EventBody::Answered { answer, .. }) = follow(
            &EventBody::Answered {
                class: Classification::default(),
                answer: long,
            },
            "HF-20261117-003",
        ) else {
            panic!("an answer is followed");
        };
        assert!(answer.starts_with("同HF-20261117-003：答"));
        assert_eq!(answer.chars().count(), limits::NOTE);
        assert!(answer.ends_with('…'));
        assert_eq!(same_as("HF-1", "好", 10), "同HF-1：好");
    }
}
