//! A duplicate follows its master: what is decided for the master is recorded on each of its
//! duplicates too, so that every resident who raised the matter sees the outcome.

use super::case::{Case, Level, Status};
use super::event::{Classification, EventBody, Handling};

/// The event a duplicate records when its master records `body`; `None` for events that
/// concern only the master (calls, supervision, call-backs, notes).
pub fn follow(body: &EventBody, master: &str) -> Option<EventBody> {
    let with = |text: &str| format!("同{master}：{text}");
    Some(match body {
        EventBody::Answered { class, answer } => EventBody::Answered {
            class: class.clone(),
            answer: with(answer),
        },
        EventBody::Assigned { .. } | EventBody::Forwarded { .. } | EventBody::Extended { .. } => {
            body.clone()
        }
        EventBody::Declined { class, guidance } => EventBody::Declined {
            class: class.clone(),
            guidance: with(guidance),
        },
        EventBody::Replied { text, on } => EventBody::Replied {
            text: with(text),
            on: *on,
        },
        EventBody::Returned { reason } => EventBody::Returned {
            reason: with(reason),
        },
        _ => return None,
    })
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
                    answer: format!("同{}：{answer}", master.number),
                });
            }
        }
        Status::Declined => {
            if let Some(guidance) = &master.answer {
                out.push(EventBody::Declined {
                    class: class.clone(),
                    guidance: format!("同{}：{guidance}", master.number),
                });
            }
        }
        Status::Assigned | Status::Forwarded => out.extend(hand_over()),
        Status::Replied | Status::Closed => {
            out.extend(hand_over());
            if let (Some(text), Some(on)) = (&master.reply, master.replied_on) {
                out.push(EventBody::Replied {
                    text: format!("同{}：{text}", master.number),
                    on,
                });
            }
        }
        Status::Queued | Status::Receiving | Status::Returned => {}
    }
    out
}
