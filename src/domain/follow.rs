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
