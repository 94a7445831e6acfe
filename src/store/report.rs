//! What the monthly report reads: the logs of the cases that matter for a month, the month's
//! roster, and the year's activities.

use chrono::NaiveDateTime;
use rusqlite::params;

use super::Store;
use super::cases::event_from_row;
use super::error::{Result, StoreError};
use super::rows::{CASE_COLUMNS, case_from_row, date_text, datetime_opt, datetime_text, parsed};
use crate::domain::case::{Case, Resident};
use crate::domain::history::CaseHistory;
use crate::domain::month::Month;
use crate::domain::roster::DutyEntry;
use crate::progress::Stage;

/// What a month's report reads of the cases: the full logs of those it looks into, and the
/// rows of the cases carried over open from before the month and unchanged since its end.
#[derive(Debug, Default)]
pub struct MonthCases {
    /// Received during the month, touched during it, or changed after its end (a case open at
    /// the end and settled since is counted as it stood then), in order of receipt.
    pub histories: Vec<CaseHistory>,
    /// Still with a unit now, received before the month and with no event since it began:
    /// their rows are how they stood at the end of the month.
    pub carried: Vec<Case>,
}

impl Store {
    /// The full logs of every case a month's report replays, read by sets: the cases of the
    /// month by the indexes of receipt and of event times, their events and residents by
    /// one statement each.
    pub fn report_histories(
        &self,
        month: Month,
        cutoff: NaiveDateTime,
        station: Option<&str>,
    ) -> Result<Vec<CaseHistory>> {
        Ok(self.month_cases(month, cutoff, station)?.histories)
    }

    /// What a month's report reads (see [`MonthCases`]).
    pub fn month_cases(
        &self,
        month: Month,
        cutoff: NaiveDateTime,
        station: Option<&str>,
    ) -> Result<MonthCases> {
        self.cases_for_report(month, cutoff, station, false)
    }

    /// The full logs (to `cutoff`) of the cases received in the month alone: what the
    /// figures of the month's receipts need, when `cutoff` is long after it (the scorecard's
    /// period), without every case touched since. Nothing is carried.
    pub fn month_received(
        &self,
        month: Month,
        cutoff: NaiveDateTime,
        station: Option<&str>,
    ) -> Result<Vec<CaseHistory>> {
        Ok(self
            .cases_for_report(month, cutoff, station, true)?
            .histories)
    }

    fn cases_for_report(
        &self,
        month: Month,
        cutoff: NaiveDateTime,
        station: Option<&str>,
        received_only: bool,
    ) -> Result<MonthCases> {
        let start = format!("{}T00:00:00", date_text(month.first_day()));
        let end = format!("{}T23:59:59", date_text(month.last_day()));
        let cutoff = datetime_text(cutoff);
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS report_set \
                 (position INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE); \
             DELETE FROM temp.report_set;",
        )?;
        if received_only {
            self.conn
                .prepare_cached(
                    "INSERT INTO temp.report_set (id, position) \
                     SELECT id, row_number() OVER (ORDER BY received_at, number) FROM cases \
                      WHERE received_at >= ?1 AND received_at <= min(?2, ?3) \
                        AND (?4 IS NULL OR station = ?4)",
                )?
                .execute(params![start, end, cutoff, station])?;
            let histories = self.fill_report_set()?;
            return Ok(MonthCases {
                histories,
                carried: Vec::new(),
            });
        }
        // Received in the month; touched during it; touched after it (and received by its
        // end). Each is a range of an index, whatever the years before.
        self.conn
            .prepare_cached(
                "INSERT INTO temp.report_set (id, position) \
                 SELECT id, row_number() OVER (ORDER BY received_at, number) FROM ( \
                   SELECT c.id, c.received_at, c.number FROM cases c \
                    WHERE c.received_at >= ?1 AND c.received_at <= ?2 \
                      AND (?3 IS NULL OR c.station = ?3) \
                   UNION \
                   SELECT c.id, c.received_at, c.number FROM cases c \
                    WHERE c.id IN (SELECT case_id FROM case_events WHERE at >= ?1) \
                      AND c.received_at <= ?2 AND (?3 IS NULL OR c.station = ?3))",
            )?
            .execute(params![start, cutoff, station])?;
        let histories = self.fill_report_set()?;
        // Open cases from before the month with no event since it began: the partial index
        // of open cases.
        let sql = format!(
            "SELECT {} FROM cases c INDEXED BY cases_open_due \
             WHERE c.status IN ('assigned', 'forwarded') AND (?3 IS NULL OR c.station = ?3) \
               AND c.received_at < ?1 \
               AND c.id NOT IN (SELECT id FROM temp.report_set)",
            *CASE_COLUMNS
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let carried = stmt
            .query_map(params![start, cutoff, station], case_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(MonthCases { histories, carried })
    }

    /// The logs and residents of the cases in `temp.report_set`, in its order.
    fn fill_report_set(&self) -> Result<Vec<CaseHistory>> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM temp.report_set", [], |r| r.get(0))?;
        let count = count.unsigned_abs() as usize;
        self.progress.stage(Stage::Replaying, count as u64);
        let mut histories: Vec<CaseHistory> = (0..count)
            .map(|_| CaseHistory {
                resident: Resident::default(),
                events: Vec::new(),
            })
            .collect();
        // CROSS JOIN: the month's cases lead (the planner knows nothing of a temporary table
        // and could walk every event to look each up in it).
        let mut events = self.conn.prepare_cached(
            "SELECT e.id, e.case_id, e.at, e.actor, e.kind, e.payload, s.position \
             FROM temp.report_set s CROSS JOIN case_events e ON e.case_id = s.id \
             ORDER BY s.position, e.seq",
        )?;
        let mut rows = events.query([])?;
        let mut last = 0usize;
        while let Some(row) = rows.next()? {
            let at = slot(row.get(6)?, count)?;
            if at != last {
                self.progress.advance((at - last) as u64);
                last = at;
            }
            histories[at].events.push(event_from_row(row)??);
        }
        let mut residents = self.conn.prepare_cached(
            "SELECT s.position, r.name, r.phone, r.address \
             FROM temp.report_set s CROSS JOIN residents r ON r.case_id = s.id",
        )?;
        let mut rows = residents.query([])?;
        while let Some(row) = rows.next()? {
            histories[slot(row.get(0)?, count)?].resident = Resident {
                name: row.get(1)?,
                phone: row.get(2)?,
                address: row.get(3)?,
            };
        }
        self.progress.finish();
        Ok(histories)
    }

    /// Roster entries of a month, at one station or all.
    pub fn roster_of_month(&self, month: Month, station: Option<&str>) -> Result<Vec<DutyEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, station, member, checked_in_at, checked_out_at FROM roster \
             WHERE date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR station = ?3) ORDER BY date, member",
        )?;
        let rows = stmt.query_map(
            params![
                date_text(month.first_day()),
                date_text(month.last_day()),
                station
            ],
            |r| {
                Ok(DutyEntry {
                    date: parsed(r, 0)?,
                    station: r.get(1)?,
                    member: r.get(2)?,
                    checked_in_at: datetime_opt(r, 3)?,
                    checked_out_at: datetime_opt(r, 4)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The place of a case in the month's list (positions count from 1).
fn slot(position: i64, count: usize) -> Result<usize> {
    usize::try_from(position - 1)
        .ok()
        .filter(|&i| i < count)
        .ok_or_else(|| StoreError::Corrupt(format!("report position {position} out of range")))
}
