//! 改分类: the operator's own fix of a case's category, nature, level or unit — not a unit's
//! return. Category and nature (which feed only the statistics) can be put right on any
//! classified case; level and unit only while the case is with a unit and the current
//! handling cycle has no reply yet. A changed unit voids the hand-over: the new unit's
//! deadline runs from the re-classification, by the category's time limit.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::HolidayTable;
use super::case::{Case, Level, Nature};
use super::category::Taxonomy;
use super::event::{EventBody, Handling};
use super::hand_overs::SlipRef;
use super::handling::{Disposition, HandlingError, dispose};

/// What the case said before, kept in the event for the timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Before {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<Nature>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// The fields a re-classification changes; absent ones stay. `handling` is the new unit's
/// hand-over when the unit changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reclassification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<Nature>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling: Option<Handling>,
    #[serde(default)]
    pub before: Before,
}

/// What the operator asked for (`None`: leave it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AskedClass {
    pub category: Option<String>,
    pub nature: Option<Nature>,
    pub level: Option<Level>,
    pub unit: Option<String>,
}

impl AskedClass {
    pub fn is_empty(&self) -> bool {
        self.category.is_none()
            && self.nature.is_none()
            && self.level.is_none()
            && self.unit.is_none()
    }
}

/// Why a re-classification is refused before it reaches the transition function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    NothingAsked,
    /// The case has no category yet: it is classified (F3), not re-classified.
    NotClassified,
    /// A level without a unit (on site, decline) is a disposition, not a re-classification.
    LevelWithoutUnit(Level),
    NothingChanged,
    Handling(HandlingError),
}

/// The re-classification of `case` decided `today`.
pub fn reclassify(
    case: &Case,
    asked: &AskedClass,
    taxonomy: &Taxonomy,
    holidays: &HolidayTable,
    today: NaiveDate,
) -> Result<Reclassification, Refused> {
    if asked.is_empty() {
        return Err(Refused::NothingAsked);
    }
    let Some(current_category) = case.category.clone() else {
        return Err(Refused::NotClassified);
    };
    if let Some(level) = asked.level
        && !matches!(level, Level::Street | Level::District | Level::Proposal)
    {
        return Err(Refused::LevelWithoutUnit(level));
    }
    let category = asked.category.clone().unwrap_or(current_category.clone());
    if taxonomy.category(&category).is_none() {
        return Err(Refused::Handling(HandlingError::UnknownCategory(category)));
    }
    let level = asked.level.or(case.level);
    let level_changed = asked.level.is_some() && asked.level != case.level;
    // A new level without a unit named takes the category's unit for it.
    let unit = match (&asked.unit, level_changed, level) {
        (Some(u), _, _) => Some(u.clone()),
        (None, true, Some(level)) => {
            let route = taxonomy
                .category(&category)
                .and_then(|c| taxonomy.route(c, level));
            match route {
                Some(r) => Some(r.unit.to_string()),
                None => return Err(Refused::Handling(HandlingError::UnitRequired(level))),
            }
        }
        _ => case.unit.clone(),
    };
    let unit_changed = unit != case.unit;
    let handling = match (unit_changed, level, &unit) {
        (true, Some(level), Some(unit)) => {
            let decision = Disposition {
                category: category.clone(),
                nature: asked.nature.or(case.nature),
                level,
                unit: Some(unit.clone()),
                limit_days: None,
                note: String::new(),
            };
            match dispose(&decision, taxonomy, holidays, today).map_err(Refused::Handling)? {
                EventBody::Assigned { handling, .. } | EventBody::Forwarded { handling, .. } => {
                    Some(handling)
                }
                _ => None,
            }
        }
        _ => None,
    };
    let r = Reclassification {
        category: (category != current_category).then_some(category),
        nature: asked.nature.filter(|n| Some(*n) != case.nature),
        level: level.filter(|_| level_changed),
        handling,
        before: Before {
            category: case.category.clone(),
            nature: case.nature,
            level: case.level,
            unit: case.unit.clone(),
        },
    };
    if r.category.is_none() && r.nature.is_none() && r.level.is_none() && r.handling.is_none() {
        return Err(Refused::NothingChanged);
    }
    Ok(r)
}

/// The hand-over the current one replaced, when the current one is a re-classification to
/// another unit (its slip is void).
pub fn voided_hand_over(log: &[super::event::Event]) -> Option<SlipRef> {
    super::hand_overs::hand_overs(log).pop()?.voids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Source;
    use crate::domain::event::{Classification, Event};
    use crate::domain::transition::replay;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn event(id: uuid::Uuid, day: &str, body: EventBody) -> Event {
        Event {
            id: uuid::Uuid::now_v7(),
            case_id: id,
            at: d(day).and_hms_opt(9, 0, 0).unwrap(),
            actor: "op".into(),
            body,
        }
    }

    fn handling(unit: &str, due: &str) -> Handling {
        Handling {
            unit: unit.into(),
            due_date: d(due),
            due_uncertain: false,
            limit_days: Some(10),
            note: None,
        }
    }

    #[test]
    fn a_new_unit_voids_the_hand_over_and_needs_no_reply_yet() {
        let id = uuid::Uuid::now_v7();
        let mut log = vec![
            event(
                id,
                "2026-12-01",
                EventBody::Registered {
                    number: "HF-20261201-001".into(),
                    station: "HF".into(),
                    source: Source::WalkIn,
                    content: "占道经营".into(),
                    deputy: None,
                    self_registered: false,
                },
            ),
            event(
                id,
                "2026-12-01",
                EventBody::Assigned {
                    class: Classification {
                        category: Some("03".into()),
                        nature: Some(Nature::Help),
                    },
                    handling: handling("SZ", "2026-12-15"),
                },
            ),
            event(
                id,
                "2026-12-03",
                EventBody::Reclassified {
                    change: Reclassification {
                        category: Some("04".into()),
                        handling: Some(handling("ZF", "2026-12-17")),
                        ..Reclassification::default()
                    },
                },
            ),
        ];
        let case = replay(&log).unwrap().unwrap();
        assert_eq!(case.unit.as_deref(), Some("ZF"));
        assert_eq!(case.category.as_deref(), Some("04"));
        assert_eq!(case.due_date, Some(d("2026-12-17")));
        assert_eq!(
            voided_hand_over(&log),
            Some(SlipRef {
                seq: 1,
                on: d("2026-12-01"),
                unit: "SZ".into()
            })
        );
        // Once the unit replied, the unit stays; the category can still be put right.
        log.push(event(
            id,
            "2026-12-05",
            EventBody::Replied {
                text: "已处理".into(),
                on: d("2026-12-05"),
            },
        ));
        let replied = replay(&log).unwrap().unwrap();
        let again = event(
            id,
            "2026-12-06",
            EventBody::Reclassified {
                change: Reclassification {
                    handling: Some(handling("SZ", "2026-12-20")),
                    ..Reclassification::default()
                },
            },
        );
        assert!(crate::domain::transition::apply(Some(&replied), &again).is_err());
        let nature = event(
            id,
            "2026-12-06",
            EventBody::Reclassified {
                change: Reclassification {
                    nature: Some(Nature::Complaint),
                    ..Reclassification::default()
                },
            },
        );
        let fixed = crate::domain::transition::apply(Some(&replied), &nature).unwrap();
        assert_eq!(fixed.nature, Some(Nature::Complaint));
        assert_eq!(fixed.status, replied.status);
    }
}
