//! A case's hand-overs (交办), read from its log: each with its own day, unit and deadline,
//! so that a slip printed later says what was handed over then, not where the case stands now.

use chrono::NaiveDate;

use super::event::{Event, EventBody};

/// Another slip of the same case, as a slip names it: its sequence among the case's
/// hand-overs (the slip's own number is the case number and this, see
/// [`slip_number`]), the day it was made and the unit it went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipRef {
    pub seq: usize,
    pub on: NaiveDate,
    pub unit: String,
}

/// One hand-over of a case to a unit: an `assigned`, `forwarded` or `reopened` event, or a
/// re-classification (改分类) to another unit, which voids the hand-over before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOver {
    /// Its place among the case's hand-overs, 1 first: with the case number, its slip's own
    /// number ([`slip_number`]).
    pub seq: usize,
    /// The day it was handed over.
    pub on: NaiveDate,
    pub unit: String,
    /// Its deadline, as extended or recomputed while this hand-over was the case's latest.
    pub due_date: NaiveDate,
    pub due_uncertain: bool,
    /// A reopened case's new cycle (重办): the slip of the hand-over it repeats.
    pub redo_of: Option<SlipRef>,
    /// Still with the unit: the latest hand-over, neither replied to, returned nor voided since.
    pub open: bool,
    /// A re-classification's hand-over: the earlier slip it makes void.
    pub voids: Option<SlipRef>,
    /// Made void by a later re-classification: the slip that replaced it.
    pub voided_by: Option<SlipRef>,
}

impl HandOver {
    /// How another slip names this one.
    pub fn slip(&self) -> SlipRef {
        SlipRef {
            seq: self.seq,
            on: self.on,
            unit: self.unit.clone(),
        }
    }
}

/// A slip's own number: the case number and the hand-over's sequence, so that a reprint, a
/// redo and a voided slip can be told apart and named (`HF-20261117-001-2`).
pub fn slip_number(case_number: &str, seq: usize) -> String {
    format!("{case_number}-{seq}")
}

/// Every hand-over in the log, in order.
pub fn hand_overs<'a>(events: impl IntoIterator<Item = &'a Event>) -> Vec<HandOver> {
    let mut out: Vec<HandOver> = Vec::new();
    for event in events {
        let on = event.at.date();
        match &event.body {
            EventBody::Assigned { handling, .. } | EventBody::Forwarded { handling, .. } => {
                out.push(HandOver {
                    seq: out.len() + 1,
                    on,
                    unit: handling.unit.clone(),
                    due_date: handling.due_date,
                    due_uncertain: handling.due_uncertain,
                    redo_of: None,
                    open: true,
                    voids: None,
                    voided_by: None,
                });
            }
            // The case goes to another unit: a hand-over of its own day and deadline, still of
            // the same cycle (a redo stays a redo), and the slip before it is void.
            EventBody::Reclassified { change } => {
                let Some(handling) = &change.handling else {
                    continue;
                };
                let this = SlipRef {
                    seq: out.len() + 1,
                    on,
                    unit: handling.unit.clone(),
                };
                let (voids, redo_of) = match out.last_mut() {
                    Some(last) => {
                        last.open = false;
                        last.voided_by = Some(this.clone());
                        (Some(last.slip()), last.redo_of.clone())
                    }
                    None => (None, None),
                };
                out.push(HandOver {
                    seq: this.seq,
                    on,
                    unit: handling.unit.clone(),
                    due_date: handling.due_date,
                    due_uncertain: handling.due_uncertain,
                    redo_of,
                    open: true,
                    voids,
                    voided_by: None,
                });
            }
            EventBody::Reopened { handling, .. } => {
                let redo_of = out.last().map(HandOver::slip);
                out.push(HandOver {
                    seq: out.len() + 1,
                    on,
                    unit: handling.unit.clone(),
                    due_date: handling.due_date,
                    due_uncertain: handling.due_uncertain,
                    redo_of,
                    open: true,
                    voids: None,
                    voided_by: None,
                });
            }
            // A deadline moved within a cycle is that hand-over's deadline.
            EventBody::Extended {
                due_date,
                due_uncertain,
                ..
            }
            | EventBody::Recomputed {
                due_date,
                due_uncertain,
                ..
            } => {
                if let Some(last) = out.last_mut() {
                    last.due_date = *due_date;
                    last.due_uncertain = *due_uncertain;
                }
            }
            EventBody::Replied { .. } | EventBody::Returned { .. } => {
                if let Some(last) = out.last_mut() {
                    last.open = false;
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Satisfaction;
    use crate::domain::event::{Classification, Handling};
    use uuid::Uuid;

    fn at(day: &str, body: EventBody) -> Event {
        Event {
            id: Uuid::nil(),
            case_id: Uuid::nil(),
            at: format!("{day}T10:00:00").parse().unwrap(),
            actor: "t".into(),
            body,
        }
    }

    fn handling(due: &str) -> Handling {
        Handling {
            unit: "SZ".into(),
            due_date: due.parse().unwrap(),
            due_uncertain: false,
            limit_days: Some(10),
            note: None,
        }
    }

    #[test]
    fn a_reopened_case_has_two_hand_overs_each_with_its_own_deadline() {
        let log = [
            at(
                "2026-11-17",
                EventBody::Assigned {
                    class: Classification::default(),
                    handling: handling("2026-12-01"),
                },
            ),
            at(
                "2026-11-20",
                EventBody::Extended {
                    due_date: "2026-12-04".parse().unwrap(),
                    due_uncertain: false,
                    reason: "r".into(),
                },
            ),
            at(
                "2026-12-01",
                EventBody::Replied {
                    text: "done".into(),
                    on: "2026-12-01".parse().unwrap(),
                },
            ),
            at(
                "2026-12-03",
                EventBody::CalledBack {
                    satisfaction: Satisfaction::Dissatisfied,
                    resolved: false,
                    note: None,
                },
            ),
            at(
                "2026-12-03",
                EventBody::Reopened {
                    handling: handling("2026-12-17"),
                    reason: "r".into(),
                },
            ),
        ];
        let h = hand_overs(&log);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].on, "2026-11-17".parse::<NaiveDate>().unwrap());
        assert_eq!(h[0].due_date, "2026-12-04".parse::<NaiveDate>().unwrap());
        assert_eq!((&h[0].redo_of, h[0].open), (&None, false));
        assert_eq!(h[1].on, "2026-12-03".parse::<NaiveDate>().unwrap());
        assert_eq!(h[1].due_date, "2026-12-17".parse::<NaiveDate>().unwrap());
        assert_eq!(h[1].redo_of, Some(h[0].slip()));
        assert_eq!((h[0].seq, h[1].seq), (1, 2));
        assert_eq!(
            slip_number("HF-20261117-001", h[1].seq),
            "HF-20261117-001-2"
        );
        assert!(h[1].open);
    }

    #[test]
    fn a_reclassification_to_another_unit_is_a_hand_over_that_voids_the_first() {
        use crate::domain::reclassify::Reclassification;
        let mut zf = handling("2026-12-15");
        zf.unit = "ZF".into();
        let log = [
            at(
                "2026-12-01",
                EventBody::Assigned {
                    class: Classification::default(),
                    handling: handling("2026-12-11"),
                },
            ),
            // Category only: no hand-over.
            at(
                "2026-12-02",
                EventBody::Reclassified {
                    change: Reclassification {
                        category: Some("04".into()),
                        ..Reclassification::default()
                    },
                },
            ),
            at(
                "2026-12-03",
                EventBody::Reclassified {
                    change: Reclassification {
                        handling: Some(zf),
                        ..Reclassification::default()
                    },
                },
            ),
        ];
        let h = hand_overs(&log);
        assert_eq!(h.len(), 2);
        let (first, second) = (&h[0], &h[1]);
        assert!(!first.open);
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            first.voided_by,
            Some(SlipRef {
                seq: 2,
                on: day("2026-12-03"),
                unit: "ZF".into()
            })
        );
        assert_eq!((second.on, second.unit.as_str()), (day("2026-12-03"), "ZF"));
        assert_eq!(second.due_date, day("2026-12-15"));
        assert_eq!(
            second.voids,
            Some(SlipRef {
                seq: 1,
                on: day("2026-12-01"),
                unit: "SZ".into()
            })
        );
        assert!(second.open && second.voided_by.is_none());
    }
}
