//! Computing the report from case histories: each log is replayed up to the cutoff, and the
//! figures are counted from those states and from the month's events.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;

use super::{
    ActivityTotals, DeputyRow, Figures, LedgerRow, Month, MonthReport, StationRow, Summary, UnitRow,
};
use crate::domain::activity::{Activity, ActivityKind};
use crate::domain::case::{Case, CaseId, Level, Nature, Resident, Source, Status};
use crate::domain::category::Taxonomy;
use crate::domain::event::{EventBody, LinkKind};
use crate::domain::member::Member;
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::phone::mask;
use crate::domain::roster::DutyEntry;
use crate::domain::station::Station;
use crate::domain::transition::apply;

pub use crate::domain::history::CaseHistory;

/// Everything the report reads.
pub struct ReportInput<'a> {
    pub month: Month,
    pub cutoff: NaiveDateTime,
    /// The station reporting (the home reports for every station).
    pub desk: &'a Station,
    /// The stations covered, in report order.
    pub stations: &'a [Station],
    pub members: &'a [Member],
    pub taxonomy: &'a Taxonomy,
    pub histories: &'a [CaseHistory],
    /// Cases open from before the month with no event since it began: as they stood at the
    /// cutoff (counted among the overdue at its end, never among the month's receipts).
    pub carried: &'a [Case],
    /// Roster entries of the month's days.
    pub roster: &'a [DutyEntry],
    /// Activities from the first of January to the end of the month.
    pub activities: &'a [Activity],
    pub unmasked: bool,
    /// The language reference data is named in (stations, units and categories).
    pub lang: crate::i18n::Lang,
}

/// A case as it stood at the cutoff, with what happened to it during the month.
struct Replayed<'a> {
    state: Case,
    resident: &'a Resident,
    /// The latest call-back by the cutoff: (satisfied, resolved). A dissatisfied call-back
    /// reopens the case, so the row alone would forget it.
    last_call_back: Option<(bool, bool)>,
    /// The unit's current cycle is the case's own, not a duplicate's copy of its original's.
    own_cycle: bool,
    /// Reopened at least once of its own, not only with its original (随原件重办).
    own_repeat: bool,
}

/// Every hand-over, re-classification and reply of every case, by (case, time): a
/// duplicate's event at the same time as one of its original's was written with it (see
/// `domain::follow`).
fn original_moves(histories: &[CaseHistory]) -> std::collections::HashSet<(CaseId, NaiveDateTime)> {
    histories
        .iter()
        .flat_map(|h| &h.events)
        .filter(|e| {
            matches!(
                e.body,
                EventBody::Assigned { .. }
                    | EventBody::Forwarded { .. }
                    | EventBody::Reopened { .. }
                    | EventBody::Reclassified { .. }
                    | EventBody::Replied { .. }
            )
        })
        .map(|e| (e.case_id, e.at))
        .collect()
}

/// Per unit: hand-overs, replies and the days between them.
#[derive(Default)]
struct UnitTally {
    handed: u32,
    replied: u32,
    days: Vec<i64>,
}

/// A hand-over taken out of its unit's count; a unit left with nothing leaves the table.
fn uncount(units: &mut BTreeMap<String, UnitTally>, unit: &str) {
    if let Some(tally) = units.get_mut(unit) {
        tally.handed = tally.handed.saturating_sub(1);
        if tally.handed == 0 && tally.replied == 0 && tally.days.is_empty() {
            units.remove(unit);
        }
    }
}

pub fn build(input: &ReportInput<'_>) -> MonthReport {
    let texts = crate::i18n::Texts::of(input.lang);
    let month = input.month;
    let in_month = |t: NaiveDateTime| month.contains(t.date()) && t <= input.cutoff;
    let mut states = Vec::new();
    let mut units: BTreeMap<String, UnitTally> = BTreeMap::new();
    let mut called: BTreeMap<String, u32> = BTreeMap::new();
    let originals_moves = original_moves(input.histories);
    for history in input.histories {
        let mut case: Option<Case> = None;
        let mut handed_on = None;
        // The unit whose 交办 of this month the current hand-over is.
        let mut counted: Option<String> = None;
        let mut last_call_back = None;
        let mut calls: Vec<&str> = Vec::new();
        let mut catching_up = None;
        // Whether the unit's current cycle is the case's own (a duplicate's may be a copy).
        let mut own_cycle = true;
        let mut own_repeat = false;
        for event in history.events.iter().take_while(|e| e.at <= input.cutoff) {
            let Ok(next) = apply(case.as_ref(), event) else {
                break;
            };
            // A duplicate's hand-overs and replies that follow its original (written with the
            // original's, or caught up when linked) are the original's, recorded again for its
            // resident: the unit is counted once, on the original. A duplicate handled on its
            // own (its original withdrawn or still waiting) is the unit's like any case.
            let copy = case
                .as_ref()
                .and_then(|c| c.duplicate_of)
                .is_some_and(|of| {
                    catching_up == Some(event.at) || originals_moves.contains(&(of, event.at))
                });
            // The catch-up of a new link is written right after it, in the same transaction
            // (`follow::catch_up`).
            catching_up = match &event.body {
                EventBody::Linked {
                    relation: LinkKind::Duplicate,
                    ..
                } => Some(event.at),
                EventBody::Assigned { .. }
                | EventBody::Forwarded { .. }
                | EventBody::Replied { .. } => catching_up,
                _ => None,
            };
            match &event.body {
                EventBody::Assigned { handling, .. }
                | EventBody::Forwarded { handling, .. }
                | EventBody::Reopened { handling, .. } => {
                    handed_on = Some(event.at.date());
                    counted = None;
                    own_cycle = !copy;
                    own_repeat |= !copy && matches!(event.body, EventBody::Reopened { .. });
                    if in_month(event.at) && !copy {
                        units.entry(handling.unit.clone()).or_default().handed += 1;
                        counted = Some(handling.unit.clone());
                    }
                }
                // 改分类 to another unit: the hand-over it replaces is void, out of the first
                // unit's count for this month (a month already over keeps it, as its log
                // stood); the new unit's runs from here. Neither unit is counted a return.
                EventBody::Reclassified { change } => {
                    if let Some(handling) = &change.handling {
                        if let Some(unit) = counted.take() {
                            uncount(&mut units, &unit);
                        }
                        handed_on = Some(event.at.date());
                        if in_month(event.at) && !copy {
                            units.entry(handling.unit.clone()).or_default().handed += 1;
                            counted = Some(handling.unit.clone());
                        }
                    }
                }
                EventBody::Replied { on, .. } if in_month(event.at) && own_cycle && !copy => {
                    if let Some(unit) = case.as_ref().and_then(|c| c.unit.clone()) {
                        let tally = units.entry(unit).or_default();
                        tally.replied += 1;
                        if let Some(from) = handed_on {
                            tally.days.push((*on - from).num_days().max(0));
                        }
                    }
                }
                EventBody::Called { deputy } if in_month(event.at) => calls.push(deputy),
                EventBody::CalledBack {
                    satisfaction,
                    resolved,
                    ..
                } => {
                    last_call_back = Some((satisfaction.is_satisfied(), *resolved));
                }
                _ => {}
            }
            case = Some(next);
        }
        // A correction puts right what was written wrongly, whenever it came: a ledger
        // printed afterwards reads the corrected text, as it reads the resident as corrected.
        // (It changes no figure.)
        if let Some(state) = case.as_mut() {
            let later = history.events.iter().skip_while(|e| e.at <= input.cutoff);
            for event in later {
                if let EventBody::Corrected { correction } = &event.body
                    && let Some(after) = correction.content.as_ref().and_then(|c| c.after.as_ref())
                {
                    state.content = after.clone();
                }
            }
        }
        if let Some(state) = case {
            // A withdrawn registration received nobody: the resident left unheard.
            if state.status != Status::Withdrawn {
                for deputy in calls {
                    *called.entry(deputy.to_string()).or_default() += 1;
                }
            }
            states.push(Replayed {
                state,
                resident: &history.resident,
                last_call_back,
                own_cycle,
                own_repeat,
            });
        }
    }
    let nobody = Resident::default();
    states.extend(input.carried.iter().map(|case| Replayed {
        state: case.clone(),
        resident: &nobody,
        last_call_back: None,
        own_cycle: case.duplicate_of.is_none(),
        own_repeat: case.repeats > 0 && case.duplicate_of.is_none(),
    }));
    let today = input.cutoff.date();
    // Registered this month, withdrawn ones included: `figures` counts those apart.
    let registered: Vec<&Replayed<'_>> = states
        .iter()
        .filter(|r| in_month(r.state.received_at))
        .collect();
    // 受理: what every figure but 撤销数 is built on.
    let received: Vec<&Replayed<'_>> = registered
        .iter()
        .copied()
        .filter(|r| r.state.status != Status::Withdrawn)
        .collect();
    let overdue = |r: &&Replayed<'_>| r.state.is_overdue(today);

    let mut summary = breakdown(&received, input.taxonomy, input.lang);
    summary.figures.withdrawn = withdrawn(&registered);
    summary.figures.overdue_at_end = states.iter().filter(overdue).count() as u32;

    let stations = input
        .stations
        .iter()
        .map(|s| {
            let mine: Vec<&Replayed<'_>> = registered
                .iter()
                .copied()
                .filter(|r| r.state.station == s.code)
                .collect();
            let mut figures = figures(&mine);
            figures.withdrawn = withdrawn(&mine);
            figures.overdue_at_end = states
                .iter()
                .filter(|r| r.state.station == s.code)
                .filter(overdue)
                .count() as u32;
            StationRow {
                code: s.code.clone(),
                name: texts.label(s).to_string(),
                figures,
            }
        })
        .collect();

    let mut overdue_by_unit: BTreeMap<&str, u32> = BTreeMap::new();
    for r in states.iter().filter(overdue) {
        if let Some(u) = r.state.unit.as_ref().filter(|_| r.own_cycle) {
            *overdue_by_unit.entry(u.as_str()).or_default() += 1;
        }
    }
    let units = input
        .taxonomy
        .units
        .iter()
        .filter_map(|u| {
            let tally = units.get(&u.code);
            let overdue = overdue_by_unit.get(u.code.as_str()).copied().unwrap_or(0);
            if tally.is_none() && overdue == 0 {
                return None;
            }
            let (handed, replied, days) =
                tally.map_or((0, 0, &[][..]), |t| (t.handed, t.replied, &t.days[..]));
            Some(UnitRow {
                code: u.code.clone(),
                name: texts.label(u).to_string(),
                handed,
                replied,
                overdue_at_end: overdue,
                average_days: (!days.is_empty())
                    .then(|| days.iter().sum::<i64>() as f64 / days.len() as f64),
            })
        })
        .collect();

    let deputies = deputies(input, &received, &called);
    let ledger = received.iter().map(|r| ledger_row(input, r)).collect();

    MonthReport {
        month,
        station: texts.label(input.desk).to_string(),
        cutoff: input.cutoff,
        unmasked: input.unmasked,
        summary,
        stations,
        units,
        deputies,
        ledger,
        activities: activity_totals(input),
        // Counted from the wishes' log by `load` (see `super::wishes`), not from cases.
        wishes: super::wishes::WishFigures::default(),
    }
}

fn withdrawn(cases: &[&Replayed<'_>]) -> u32 {
    cases
        .iter()
        .filter(|r| r.state.status == Status::Withdrawn)
        .count() as u32
}

fn is_finished(c: &Case) -> bool {
    matches!(
        c.status,
        Status::Answered | Status::Declined | Status::Closed
    )
}

/// The figures of the cases received (受理), withdrawn registrations left out.
fn figures(cases: &[&Replayed<'_>]) -> Figures {
    let cases: Vec<&&Replayed<'_>> = cases
        .iter()
        .filter(|r| r.state.status != Status::Withdrawn)
        .collect();
    let mut f = Figures {
        received: cases.len() as u32,
        ..Figures::default()
    };
    for r in cases {
        let c = &r.state;
        // A duplicate reopened with its original (随原件重办) is the original's repeat.
        if r.own_repeat {
            f.repeats += 1;
        }
        if let Some((satisfied, resolved)) = r.last_call_back {
            f.called_back += 1;
            f.satisfied += u32::from(satisfied);
            f.resolved += u32::from(resolved);
        }
        if !is_finished(c) {
            continue;
        }
        f.finished += 1;
        let on_time = match (c.status, c.replied_on, c.due_date) {
            (Status::Closed, Some(on), Some(due)) => on <= due,
            _ => true,
        };
        if on_time {
            f.finished_on_time += 1;
        }
    }
    f
}

fn breakdown(cases: &[&Replayed<'_>], taxonomy: &Taxonomy, lang: crate::i18n::Lang) -> Summary {
    let texts = crate::i18n::Texts::of(lang);
    let count = |key: &dyn Fn(&Case) -> bool| cases.iter().filter(|r| key(&r.state)).count() as u32;
    let mut by_category: BTreeMap<Option<String>, u32> = BTreeMap::new();
    for r in cases {
        let main = r
            .state
            .category
            .as_deref()
            .map(|c| c.chars().take(2).collect::<String>());
        *by_category.entry(main).or_default() += 1;
    }
    // Unclassified last.
    let mut by_category: Vec<(Option<String>, String, u32)> = by_category
        .into_iter()
        .map(|(code, n)| {
            let name = code
                .as_deref()
                .and_then(|c| taxonomy.category(c))
                .map(|c| texts.label(c).to_string())
                .unwrap_or_default();
            (code, name, n)
        })
        .collect();
    by_category.sort_by_key(|(k, _, _)| (k.is_none(), k.clone()));
    let levels: Vec<Option<Level>> = Level::ALL.iter().copied().map(Some).chain([None]).collect();
    let natures: Vec<Option<Nature>> = Nature::ALL
        .iter()
        .copied()
        .map(Some)
        .chain([None])
        .collect();
    Summary {
        figures: figures(cases),
        by_source: Source::ALL
            .iter()
            .map(|s| (*s, count(&|c| c.source == *s)))
            .collect(),
        by_level: levels
            .into_iter()
            .map(|l| (l, count(&|c| c.level == l)))
            .collect(),
        by_nature: natures
            .into_iter()
            .map(|n| (n, count(&|c| c.nature == n)))
            .collect(),
        by_category,
        // Withdrawn registrations are not received: 撤销数 has a line of its own.
        by_status: Status::ALL
            .iter()
            .filter(|s| **s != Status::Withdrawn)
            .map(|s| (*s, count(&|c| c.status == *s)))
            .collect(),
    }
}

fn deputies(
    input: &ReportInput<'_>,
    received: &[&Replayed<'_>],
    called: &BTreeMap<String, u32>,
) -> Vec<DeputyRow> {
    let mut days: BTreeMap<&str, BTreeSet<chrono::NaiveDate>> = BTreeMap::new();
    for e in input
        .roster
        .iter()
        .filter(|e| e.checked_in_at.is_some() && input.month.contains(e.date))
    {
        days.entry(e.member.as_str()).or_default().insert(e.date);
    }
    let mut joined: BTreeMap<&str, u32> = BTreeMap::new();
    for a in input
        .activities
        .iter()
        .filter(|a| input.month.contains(a.date))
    {
        for m in &a.members {
            *joined.entry(m.as_str()).or_default() += 1;
        }
    }
    let covered: BTreeSet<&str> = input.stations.iter().map(|s| s.code.as_str()).collect();
    input
        .members
        .iter()
        .filter(|m| covered.contains(m.station.as_str()))
        .map(|m| DeputyRow {
            id: m.id.clone(),
            name: m.name.clone(),
            station: m.station.clone(),
            reception_days: days.get(m.id.as_str()).map_or(0, |d| d.len() as u32),
            residents_received: called.get(&m.id).copied().unwrap_or(0),
            followed_to_closure: received
                .iter()
                .filter(|r| {
                    r.state.deputy.as_deref() == Some(m.id.as_str()) && is_finished(&r.state)
                })
                .count() as u32,
            activities: joined.get(m.id.as_str()).copied().unwrap_or(0),
        })
        .filter(|d| {
            d.reception_days + d.residents_received + d.followed_to_closure + d.activities > 0
        })
        .collect()
}

fn ledger_row(input: &ReportInput<'_>, r: &Replayed<'_>) -> LedgerRow {
    let texts = crate::i18n::Texts::of(input.lang);
    let c = &r.state;
    let member = |id: &str| {
        input
            .members
            .iter()
            .find(|m| m.id == id)
            .map_or(id.to_string(), |m| m.name.clone())
    };
    let phone = r.resident.phone.as_deref().map(|p| {
        if input.unmasked {
            p.to_string()
        } else {
            mask(p)
        }
    });
    let text = |t: &str| {
        if input.unmasked {
            t.to_string()
        } else {
            mask_numbers(t).into_owned()
        }
    };
    LedgerRow {
        number: c.number.clone(),
        station: c.station.clone(),
        received_at: c.received_at,
        source: c.source,
        name: r.resident.name.clone().unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        address: r.resident.address.clone().unwrap_or_default(),
        content: text(&c.content),
        deputy: c.deputy.as_deref().map(member).unwrap_or_default(),
        category: c
            .category
            .as_deref()
            .map(|k| {
                input
                    .taxonomy
                    .category(k)
                    .map_or(k.to_string(), |cat| format!("{k} {}", texts.label(cat)))
            })
            .unwrap_or_default(),
        nature: c.nature,
        level: c.level,
        unit: c
            .unit
            .as_deref()
            .map(|u| {
                input
                    .taxonomy
                    .unit(u)
                    .map_or(u.to_string(), |x| texts.label(x).to_string())
            })
            .unwrap_or_default(),
        due_date: c.due_date,
        due_uncertain: c.due_uncertain,
        status: c.status,
        reply: c
            .reply
            .as_deref()
            .or(c.answer.as_deref())
            .map(text)
            .unwrap_or_default(),
        satisfaction: c.satisfaction,
        resolved: c.resolved,
    }
}

fn activity_totals(input: &ReportInput<'_>) -> ActivityTotals {
    let by_kind = ActivityKind::ALL
        .iter()
        .map(|kind| {
            let of_kind: Vec<&Activity> = input
                .activities
                .iter()
                .filter(|a| a.kind == *kind && a.date <= input.month.last_day())
                .collect();
            let month: Vec<&&Activity> = of_kind
                .iter()
                .filter(|a| input.month.contains(a.date))
                .collect();
            let people = |list: &mut dyn Iterator<Item = &&Activity>| {
                list.map(|a| a.members.len() as u32).sum::<u32>()
            };
            (
                *kind,
                month.len() as u32,
                people(&mut month.iter().copied()),
                of_kind.len() as u32,
                people(&mut of_kind.iter()),
            )
        })
        .collect();
    ActivityTotals { by_kind }
}
