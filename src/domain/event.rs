//! The append-only event log of a case: what happened, when and by whom.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::case::{CaseId, Level, Nature, Satisfaction, Source};
use super::correction::Correction;
use super::withdrawal::WithdrawReason;
use crate::machine_names;

machine_names! {
    /// The kind of an event, as stored in `case_events.kind`.
    pub enum EventKind: "event kind" {
        Registered = "registered",
        Called = "called",
        Classified = "classified",
        Answered = "answered",
        Assigned = "assigned",
        Forwarded = "forwarded",
        Declined = "declined",
        Reminded = "reminded",
        Urged = "urged",
        Escalated = "escalated",
        Extended = "extended",
        Returned = "returned",
        Replied = "replied",
        CalledBack = "called_back",
        Reopened = "reopened",
        Linked = "linked",
        Revealed = "revealed",
        Note = "note",
        Purged = "purged",
        Renumbered = "renumbered",
        Recomputed = "recomputed",
        Transferred = "transferred",
        Corrected = "corrected",
        Reclassified = "reclassified",
        Withdrawn = "withdrawn",
    }
}

machine_names! {
    /// How two cases are linked.
    pub enum LinkKind: "link kind" {
        /// This case repeats another one and follows its outcome.
        Duplicate = "duplicate",
        /// Same matter, handled separately.
        Related = "related",
    }
}

/// One entry of a case's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: Uuid,
    pub case_id: CaseId,
    pub at: NaiveDateTime,
    /// Who did it: the operator at the desk, a supervisor, or `cli`.
    pub actor: String,
    pub body: EventBody,
}

/// What happened, with everything needed to replay it: derived values such as due dates are
/// decided when the event is written and stored in it, so replay never consults a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventBody {
    Registered {
        number: String,
        station: String,
        source: Source,
        content: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deputy: Option<String>,
        /// The resident typed it on their own phone (扫码登记): it waits, flagged "to be
        /// confirmed", until they are called to a deputy.
        #[serde(default, skip_serializing_if = "is_false")]
        self_registered: bool,
    },
    Called {
        deputy: String,
    },
    Classified {
        category: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nature: Option<Nature>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<Level>,
    },
    /// Closed at the desk (当场答复).
    Answered {
        #[serde(flatten)]
        class: Classification,
        answer: String,
    },
    /// Handed to a street unit (街道交办).
    Assigned {
        #[serde(flatten)]
        class: Classification,
        #[serde(flatten)]
        handling: Handling,
    },
    /// Sent up to the district, or turned into a deputy's proposal.
    Forwarded {
        #[serde(flatten)]
        class: Classification,
        level: Level,
        #[serde(flatten)]
        handling: Handling,
    },
    /// Not accepted; the guidance given to the resident is recorded.
    Declined {
        #[serde(flatten)]
        class: Classification,
        guidance: String,
    },
    Reminded {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Urged {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Escalated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Extended {
        due_date: NaiveDate,
        #[serde(default, skip_serializing_if = "is_false")]
        due_uncertain: bool,
        reason: String,
    },
    Returned {
        reason: String,
    },
    Replied {
        text: String,
        on: NaiveDate,
    },
    CalledBack {
        satisfaction: Satisfaction,
        resolved: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Reopened {
        #[serde(flatten)]
        handling: Handling,
        reason: String,
    },
    Linked {
        other: CaseId,
        relation: LinkKind,
    },
    Revealed {},
    Note {
        text: String,
    },
    /// The resident's personal data was erased under the retention rule (closed before
    /// `before`); the case itself stays for the statistics.
    Purged {
        before: NaiveDate,
    },
    /// The desk that registered the case was given another number within its station: the
    /// case takes the new desk's number; the old one stays here and still finds it.
    Renumbered {
        number: String,
        previous: String,
    },
    /// A deadline reckoned over a year without its holiday notice (provisionally, 待核) was
    /// counted again from its start and limit when the notice was loaded.
    Recomputed {
        /// The due date before.
        previous: NaiveDate,
        due_date: NaiveDate,
        #[serde(default, skip_serializing_if = "is_false")]
        due_uncertain: bool,
        /// The year of the notice that was loaded.
        notice: i32,
    },
    /// The case was handed to another desk of its station, by its owner (or by the home
    /// when the owner was retired): that desk owns it from now on.
    Transferred {
        /// The desk's id.
        desk: Uuid,
        /// Its number within the station, as it was at the transfer.
        number: u32,
    },
    /// 更正: the operator put right the resident's fields or the content; each changed field
    /// keeps its value before (personal data: masked on display, erased by a purge).
    Corrected {
        #[serde(flatten)]
        correction: Correction,
    },
    /// 改分类: the operator's own fix of category, nature, level or unit (not a unit's
    /// return); with `handling`, the case goes to another unit and the first hand-over is void.
    Reclassified {
        #[serde(flatten)]
        change: super::reclassify::Reclassification,
    },
    /// The registration ends without handling (撤销): the resident left, it was a mistake, or
    /// the same resident registered twice (`of` names the other registration).
    Withdrawn {
        reason: WithdrawReason,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        of: Option<CaseId>,
        /// The other registration's number as it was when withdrawn, for the timeline.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        of_number: Option<String>,
    },
}

/// The classification that goes with a disposition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<Nature>,
}

/// Who handles the case and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handling {
    pub unit: String,
    pub due_date: NaiveDate,
    #[serde(default, skip_serializing_if = "is_false")]
    pub due_uncertain: bool,
    /// The time limit the due date was counted with, in working days from the day of the
    /// event, so that a provisional date can be counted again when the notice comes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl EventBody {
    pub fn kind(&self) -> EventKind {
        match self {
            EventBody::Registered { .. } => EventKind::Registered,
            EventBody::Called { .. } => EventKind::Called,
            EventBody::Classified { .. } => EventKind::Classified,
            EventBody::Answered { .. } => EventKind::Answered,
            EventBody::Assigned { .. } => EventKind::Assigned,
            EventBody::Forwarded { .. } => EventKind::Forwarded,
            EventBody::Declined { .. } => EventKind::Declined,
            EventBody::Reminded { .. } => EventKind::Reminded,
            EventBody::Urged { .. } => EventKind::Urged,
            EventBody::Escalated { .. } => EventKind::Escalated,
            EventBody::Extended { .. } => EventKind::Extended,
            EventBody::Returned { .. } => EventKind::Returned,
            EventBody::Replied { .. } => EventKind::Replied,
            EventBody::CalledBack { .. } => EventKind::CalledBack,
            EventBody::Reopened { .. } => EventKind::Reopened,
            EventBody::Linked { .. } => EventKind::Linked,
            EventBody::Revealed {} => EventKind::Revealed,
            EventBody::Note { .. } => EventKind::Note,
            EventBody::Purged { .. } => EventKind::Purged,
            EventBody::Renumbered { .. } => EventKind::Renumbered,
            EventBody::Recomputed { .. } => EventKind::Recomputed,
            EventBody::Transferred { .. } => EventKind::Transferred,
            EventBody::Corrected { .. } => EventKind::Corrected,
            EventBody::Reclassified { .. } => EventKind::Reclassified,
            EventBody::Withdrawn { .. } => EventKind::Withdrawn,
        }
    }

    /// The payload stored beside the kind: the body's fields as a JSON object.
    pub fn payload_json(&self) -> String {
        super::stored_body::payload_json(self)
    }

    /// Rebuilds a body from its stored kind and payload.
    pub fn from_stored(kind: &str, payload: &str) -> Result<EventBody, serde_json::Error> {
        super::stored_body::from_stored(kind, payload)
    }
}

impl EventBody {
    /// Rewrites the resident's fields a correction kept (before and after) with `f`; returns
    /// whether anything changed. The purge erases them as it erases the resident.
    pub fn map_resident(
        &mut self,
        f: impl Fn(&super::case::Resident) -> super::case::Resident,
    ) -> bool {
        match self {
            EventBody::Corrected { correction } => correction.map_resident(f),
            _ => false,
        }
    }

    /// Masks what the event holds of personal numbers, as every face shows them: numbers
    /// typed into its texts, and the phones a correction kept. Returns whether anything was.
    pub fn mask_personal(&mut self) -> bool {
        let texts = self.map_texts(super::numbers_in_text::mask_numbers);
        let phones = self.map_resident(|r| super::case::Resident {
            phone: r.phone.as_deref().map(super::phone::mask),
            ..r.clone()
        });
        texts | phones
    }

    /// Rewrites every free-text field (content, answer, guidance, reply, notes, reasons) with
    /// `f`; returns whether anything changed. Masking and the purge's erasure of personal
    /// numbers go through here, so no field is forgotten.
    pub fn map_texts(&mut self, f: impl Fn(&str) -> std::borrow::Cow<'_, str>) -> bool {
        let mut changed = false;
        let mut one = |s: &mut String| {
            if let std::borrow::Cow::Owned(new) = f(s)
                && new != *s
            {
                *s = new;
                changed = true;
            }
        };
        match self {
            EventBody::Registered { content, .. } => one(content),
            EventBody::Answered { answer, .. } => one(answer),
            EventBody::Assigned { handling, .. } | EventBody::Forwarded { handling, .. } => {
                handling.note.iter_mut().for_each(&mut one)
            }
            EventBody::Declined { guidance, .. } => one(guidance),
            EventBody::Reminded { note }
            | EventBody::Urged { note }
            | EventBody::Escalated { note }
            | EventBody::CalledBack { note, .. } => note.iter_mut().for_each(&mut one),
            EventBody::Extended { reason, .. } | EventBody::Returned { reason } => one(reason),
            EventBody::Replied { text, .. } | EventBody::Note { text } => one(text),
            EventBody::Reopened { handling, reason } => {
                one(reason);
                handling.note.iter_mut().for_each(&mut one);
            }
            EventBody::Reclassified { change } => {
                if let Some(h) = &mut change.handling {
                    h.note.iter_mut().for_each(&mut one);
                }
            }
            EventBody::Corrected { correction } => {
                if let Some(c) = &mut correction.content {
                    c.before
                        .iter_mut()
                        .chain(c.after.iter_mut())
                        .for_each(&mut one);
                }
            }
            EventBody::Called { .. }
            | EventBody::Classified { .. }
            | EventBody::Linked { .. }
            | EventBody::Revealed {}
            | EventBody::Purged { .. }
            | EventBody::Renumbered { .. }
            | EventBody::Recomputed { .. }
            | EventBody::Transferred { .. }
            | EventBody::Withdrawn { .. } => {}
        }
        changed
    }

    /// The body with every free-text field cleaned (see [`super::text::normalize`]) and
    /// checked against its limit; an over-long field is refused, naming the limit.
    pub fn normalized(mut self) -> Result<EventBody, super::text::TooLong> {
        use super::text::{TooLong, limits, normalize};
        fn clean(s: &mut String, field: &'static str, limit: usize) -> Result<(), TooLong> {
            *s = normalize(s, true);
            let len = s.chars().count();
            if len > limit {
                return Err(TooLong { field, len, limit });
            }
            Ok(())
        }
        fn clean_opt(s: &mut Option<String>, field: &'static str) -> Result<(), TooLong> {
            if let Some(text) = s {
                clean(text, field, limits::NOTE)?;
                if text.is_empty() {
                    *s = None;
                }
            }
            Ok(())
        }
        match &mut self {
            EventBody::Registered { content, .. } => clean(content, "content", limits::CONTENT)?,
            EventBody::Answered { answer, .. } => clean(answer, "answer", limits::NOTE)?,
            EventBody::Assigned { handling, .. } | EventBody::Forwarded { handling, .. } => {
                clean_opt(&mut handling.note, "note")?
            }
            EventBody::Declined { guidance, .. } => clean(guidance, "guidance", limits::NOTE)?,
            EventBody::Reminded { note }
            | EventBody::Urged { note }
            | EventBody::Escalated { note } => clean_opt(note, "note")?,
            EventBody::Extended { reason, .. } | EventBody::Returned { reason } => {
                clean(reason, "reason", limits::NOTE)?
            }
            EventBody::Replied { text, .. } => clean(text, "reply", limits::CONTENT)?,
            EventBody::CalledBack { note, .. } => clean_opt(note, "note")?,
            EventBody::Reopened { handling, reason } => {
                clean(reason, "reason", limits::NOTE)?;
                clean_opt(&mut handling.note, "note")?;
            }
            EventBody::Note { text } => clean(text, "note", limits::NOTE)?,
            EventBody::Reclassified { change } => {
                if let Some(h) = &mut change.handling {
                    clean_opt(&mut h.note, "note")?;
                }
            }
            // The resident's fields are checked by the intake rules when it is made.
            EventBody::Corrected { correction } => {
                if let Some(after) = correction.content.as_mut().and_then(|c| c.after.as_mut()) {
                    clean(after, "content", limits::CONTENT)?;
                }
            }
            EventBody::Called { .. }
            | EventBody::Classified { .. }
            | EventBody::Linked { .. }
            | EventBody::Revealed {}
            | EventBody::Purged { .. }
            | EventBody::Renumbered { .. }
            | EventBody::Recomputed { .. }
            | EventBody::Transferred { .. }
            | EventBody::Withdrawn { .. } => {}
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trips_through_storage_form() {
        let body = EventBody::Assigned {
            class: Classification {
                category: Some("03".into()),
                nature: Some(Nature::Help),
            },
            handling: Handling {
                unit: "CG".into(),
                due_date: NaiveDate::from_ymd_opt(2026, 10, 12).unwrap(),
                due_uncertain: false,
                limit_days: None,
                note: None,
            },
        };
        let payload = body.payload_json();
        assert_eq!(
            payload,
            r#"{"category":"03","due_date":"2026-10-12","nature":"help","unit":"CG"}"#
        );
        assert_eq!(EventBody::from_stored("assigned", &payload).unwrap(), body);
        assert_eq!(
            EventBody::from_stored("revealed", "{}").unwrap(),
            EventBody::Revealed {}
        );
    }

    #[test]
    fn every_free_text_field_is_reached() {
        fn upper(s: &str) -> std::borrow::Cow<'_, str> {
            std::borrow::Cow::Owned(s.to_uppercase())
        }
        let mut body = EventBody::Reopened {
            handling: Handling {
                unit: "cg".into(),
                due_date: NaiveDate::from_ymd_opt(2026, 10, 12).unwrap(),
                due_uncertain: false,
                limit_days: Some(5),
                note: Some("note".into()),
            },
            reason: "why".into(),
        };
        assert!(body.map_texts(upper));
        let EventBody::Reopened { handling, reason } = &body else {
            unreachable!()
        };
        assert_eq!(
            (reason.as_str(), handling.note.as_deref()),
            ("WHY", Some("NOTE"))
        );
        // The unit's code is not free text.
        assert_eq!(handling.unit, "cg");
        let mut none = EventBody::Revealed {};
        assert!(!none.map_texts(upper));
    }

    #[test]
    fn stored_kind_must_match_known_kinds() {
        assert!(EventBody::from_stored("teleported", "{}").is_err());
        assert!(EventBody::from_stored("note", "[]").is_err());
        assert!(EventBody::from_stored("note", r#"{"txt":"x"}"#).is_err());
    }

    #[test]
    fn every_kind_has_a_body() {
        // kind() is the only mapping between the two enums; make sure names agree.
        let body = EventBody::CalledBack {
            satisfaction: Satisfaction::Basic,
            resolved: true,
            note: None,
        };
        assert_eq!(body.kind().as_str(), "called_back");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["kind"], "called_back");
    }
}
