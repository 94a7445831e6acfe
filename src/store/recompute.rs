//! Loading a holiday notice, and the deadlines that follow it.
//!
//! A deadline reckoned over a year without its notice counts that year's statutory days only
//! and is flagged uncertain (待核). When the notice is loaded, every open case of this desk's
//! station whose deadline is so flagged is counted again from its start (the day it was
//! handed over) and its limit, with the notice, and the change is a `recomputed` event in the
//! case's log. A date an operator set by hand (an extension) is not provisional: it is left
//! as it is and listed, named if the notice makes it a day off. A duplicate follows its
//! master's event, as it follows everything else.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::Store;
use super::cases::event_from_row;
use super::error::{Result, StoreError};
use super::rows::parsed;
use super::write::record_in_transaction;
use crate::domain::calendar::{DayKind, HolidayTable, SpecialDay, YearStatus};
use crate::domain::case::CaseId;
use crate::domain::event::{Event, EventBody};
use crate::domain::holidays::Notice;
use crate::domain::statutory;

/// One open deadline the notice changes (or only confirms, clearing its 待核 flag).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Recompute {
    #[serde(skip)]
    pub case: CaseId,
    pub number: String,
    /// The day the deadline counts from, and its limit in working days.
    pub start: NaiveDate,
    pub limit_days: u32,
    pub previous: NaiveDate,
    pub due_date: NaiveDate,
    /// Still uncertain: the count runs into another year without a notice.
    pub due_uncertain: bool,
    /// The new date is before the day of the load: the case is overdue at once.
    pub before_today: bool,
}

/// An open deadline set by hand (an extension), in a year just loaded or flagged by an older
/// version: not recomputed, named so that someone looks at it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeptByHand {
    #[serde(skip)]
    pub case: CaseId,
    pub number: String,
    pub due_date: NaiveDate,
    /// The notice makes the date a day off.
    pub now_a_day_off: bool,
}

/// What loading notices does to open deadlines.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RecomputePlan {
    pub changes: Vec<Recompute>,
    pub kept: Vec<KeptByHand>,
}

/// One year of the holiday table, as `liaison holidays` and the TUI list it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HolidayYear {
    pub year: i32,
    pub status: YearStatus,
    /// The notice's title; for a provisional year, the law's.
    pub title: String,
    pub loaded_at: Option<String>,
    /// Days off and make-up working days named.
    pub holidays: u32,
    pub workdays: u32,
}

/// The law the provisional days come from.
pub const LAW: &str = "《全国年节及纪念日放假办法》";

impl Store {
    /// The years with a notice, and this year and the next whatever they have.
    pub fn holiday_years(&self, today: NaiveDate) -> Result<Vec<HolidayYear>> {
        let table = self.holiday_table()?;
        let mut out: Vec<HolidayYear> = self
            .notice_summaries()?
            .into_iter()
            .map(|n| HolidayYear {
                year: n.year,
                status: YearStatus::Loaded,
                title: n.title,
                loaded_at: Some(n.loaded_at),
                holidays: n.holidays,
                workdays: n.workdays,
            })
            .collect();
        for year in [today.year(), today.year() + 1] {
            if out.iter().any(|y| y.year == year) {
                continue;
            }
            let status = table.year_status(year);
            out.push(HolidayYear {
                year,
                status,
                title: match status {
                    YearStatus::None => String::new(),
                    _ => LAW.to_string(),
                },
                loaded_at: None,
                holidays: statutory::days_of(year).len() as u32,
                workdays: 0,
            });
        }
        out.sort_by_key(|y| y.year);
        Ok(out)
    }

    /// The notices stored, by year.
    pub fn stored_notices(&self) -> Result<Vec<Notice>> {
        stored_notices(&self.conn)
    }

    /// What loading `notices` would do to open deadlines, without writing anything.
    pub fn recompute_preview(&self, notices: &[Notice], today: NaiveDate) -> Result<RecomputePlan> {
        let years: Vec<i32> = notices.iter().map(|n| n.year).collect();
        let mut all: Vec<Notice> = stored_notices(&self.conn)?
            .into_iter()
            .filter(|n| !years.contains(&n.year))
            .collect();
        let before = HolidayTable::from_notices(&all).weekends_only();
        all.extend(notices.iter().cloned());
        let after = HolidayTable::from_notices(&all);
        plan(&self.conn, &years, &before, &after, today)
    }

    /// Loads notices (a year already loaded is replaced) and recomputes the provisional
    /// deadlines of open cases, in one transaction.
    pub fn load_notices(
        &mut self,
        notices: &[Notice],
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<RecomputePlan> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        replace_notices(&tx, notices, now)?;
        let years: Vec<i32> = notices.iter().map(|n| n.year).collect();
        let done = recompute_provisional(&tx, &years, actor, now)?;
        super::search_index::catch_up(&tx)?;
        tx.commit()?;
        Ok(done)
    }
}

/// Recomputes the provisional deadlines of this desk's open cases against the notices now in
/// the file, writing a `recomputed` event for each that changes; `years` are the notices just
/// loaded in this transaction. For whatever loads notices inside its own transaction (a
/// reference bundle): call it after the notices are written, before the commit.
pub fn recompute_provisional(
    tx: &Transaction<'_>,
    years: &[i32],
    actor: &str,
    now: NaiveDateTime,
) -> Result<RecomputePlan> {
    let all = stored_notices(tx)?;
    let before: Vec<Notice> = all
        .iter()
        .filter(|n| !years.contains(&n.year))
        .cloned()
        .collect();
    let before = HolidayTable::from_notices(&before).weekends_only();
    let after = HolidayTable::from_notices(&all);
    let plan = plan(tx, years, &before, &after, now.date())?;
    let station = desk_station(tx)?;
    for change in &plan.changes {
        // The notice that moved the date: the one of its year, or of the year it left.
        let notice = [change.due_date.year(), change.previous.year()]
            .into_iter()
            .find(|y| years.contains(y))
            .or_else(|| years.iter().copied().max())
            .unwrap_or(change.due_date.year());
        let body = EventBody::Recomputed {
            previous: change.previous,
            due_date: change.due_date,
            due_uncertain: change.due_uncertain,
            notice,
        };
        record_in_transaction(tx, &station, actor, now, change.case, vec![body])?;
    }
    Ok(plan)
}

/// The open cases of this desk whose deadline is flagged, counted again with `after`.
/// `before` is the table the old dates were counted with when their events carry no limit
/// (events written before limits were recorded): weekends alone in years without a notice.
/// Dates set by hand are listed when they are flagged or fall in a year just loaded.
fn plan(
    conn: &Connection,
    years: &[i32],
    before: &HolidayTable,
    after: &HolidayTable,
    today: NaiveDate,
) -> Result<RecomputePlan> {
    let station = desk_station(conn)?;
    let mut cases = conn.prepare_cached(
        "SELECT id, number, due_date, due_uncertain FROM cases \
         WHERE station = ?1 AND status IN ('assigned', 'forwarded') AND due_date IS NOT NULL \
           AND duplicate_of IS NULL \
           AND (due_uncertain = 1 OR CAST(substr(due_date, 1, 4) AS INTEGER) IN \
                (SELECT value FROM json_each(?2))) \
         ORDER BY due_date, number",
    )?;
    let years_json = serde_json::to_string(years).unwrap_or_else(|_| "[]".into());
    let rows = cases
        .query_map(rusqlite::params![&station, years_json], |r| {
            Ok((
                r.get::<_, CaseId>(0)?,
                r.get::<_, String>(1)?,
                parsed::<NaiveDate>(r, 2)?,
                r.get::<_, bool>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = RecomputePlan::default();
    let own = super::origin::origin(conn, std::path::Path::new("this database"))?.desk;
    for (case, number, previous, flagged) in rows {
        // A sister desk's case held here is recomputed by its owner, whose event comes back
        // from the home: two desks recomputing one case would write the change twice.
        if super::owner::case_owner(conn, case)?.is_some_and(|o| o.row != Some(own)) {
            continue;
        }
        let events = events_of(conn, case)?;
        match basis(&events, before) {
            Basis::ByHand => out.kept.push(KeptByHand {
                case,
                number,
                due_date: previous,
                now_a_day_off: !after.is_working_day(previous),
            }),
            // A deadline counted with a notice already: not provisional.
            Basis::Counted { .. } if !flagged => {}
            Basis::Counted { start, limit_days } => {
                let due = after.add_working_days(start, limit_days);
                if due.date == previous && due.uncertain {
                    // Same date, still provisional (another year lacks its notice): no news.
                    continue;
                }
                out.changes.push(Recompute {
                    case,
                    number,
                    start,
                    limit_days,
                    previous,
                    due_date: due.date,
                    due_uncertain: due.uncertain,
                    before_today: due.date < today,
                });
            }
            Basis::Unknown => {}
        }
    }
    Ok(out)
}

enum Basis {
    /// The current date was set by an extension.
    ByHand,
    /// Counted from `start` over `limit_days` working days.
    Counted { start: NaiveDate, limit_days: u32 },
    /// Nothing in the log sets the date (it cannot happen for an open case).
    Unknown,
}

/// Where the current deadline comes from: the last hand-over (assigned, forwarded, reopened)
/// unless an extension came after it.
fn basis(events: &[Event], before: &HolidayTable) -> Basis {
    for event in events.iter().rev() {
        let handling = match &event.body {
            EventBody::Extended { .. } => return Basis::ByHand,
            EventBody::Assigned { handling, .. }
            | EventBody::Forwarded { handling, .. }
            | EventBody::Reopened { handling, .. } => handling,
            _ => continue,
        };
        let start = event.at.date();
        let limit_days = handling.limit_days.unwrap_or_else(|| {
            let n = before.working_days_between(start, handling.due_date);
            u32::try_from(n).unwrap_or(0)
        });
        return Basis::Counted { start, limit_days };
    }
    Basis::Unknown
}

fn events_of(conn: &Connection, case: CaseId) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, case_id, at, actor, kind, payload FROM case_events \
         WHERE case_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([case], event_from_row)?;
    let mut events = Vec::new();
    for row in rows {
        events.push(row??);
    }
    Ok(events)
}

fn desk_station(conn: &Connection) -> Result<String> {
    conn.query_row("SELECT value FROM meta WHERE key = 'station'", [], |r| {
        r.get(0)
    })
    .map_err(|_| StoreError::from(crate::refusal!(crate::i18n::Error::NoStation)))
}

fn stored_notices(conn: &Connection) -> Result<Vec<Notice>> {
    let mut notices =
        conn.prepare_cached("SELECT year, title FROM holiday_notices ORDER BY year")?;
    let heads = notices
        .query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut days = conn
        .prepare_cached("SELECT date, kind, name FROM holidays WHERE notice = ?1 ORDER BY date")?;
    let mut out = Vec::new();
    for (year, title) in heads {
        let list = days
            .query_map([year], |r| {
                Ok(SpecialDay {
                    date: parsed(r, 0)?,
                    kind: parsed::<DayKind>(r, 1)?,
                    name: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(Notice {
            year,
            title,
            days: list,
        });
    }
    Ok(out)
}

/// Replaces the stored notices of the given years.
fn replace_notices(tx: &Transaction<'_>, notices: &[Notice], now: NaiveDateTime) -> Result<()> {
    for n in notices {
        tx.execute("DELETE FROM holidays WHERE notice = ?1", [n.year])?;
        tx.execute("DELETE FROM holiday_notices WHERE year = ?1", [n.year])?;
    }
    super::reference::insert_notices(tx, notices, now)
}
