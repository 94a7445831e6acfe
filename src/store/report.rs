//! What the monthly report reads: the logs of the cases that matter for a month, the month's
//! roster, and the year's activities.

use chrono::NaiveDateTime;
use rusqlite::params;

use super::Store;
use super::cases::event_from_row;
use super::error::Result;
use super::rows::{date_text, datetime_opt, datetime_text, parsed};
use crate::domain::case::{CaseId, Resident};
use crate::domain::history::CaseHistory;
use crate::domain::month::Month;
use crate::domain::roster::DutyEntry;
use crate::progress::Stage;

impl Store {
    /// The full logs of every case the month's report looks at: received in the month,
    /// touched during it, or possibly still open at its end.
    pub fn report_histories(
        &self,
        month: Month,
        cutoff: NaiveDateTime,
        station: Option<&str>,
    ) -> Result<Vec<CaseHistory>> {
        let start = format!("{}T00:00:00", date_text(month.first_day()));
        let cutoff = datetime_text(cutoff);
        let mut stmt = self.conn.prepare(
            "SELECT c.id FROM cases c WHERE (?3 IS NULL OR c.station = ?3) AND c.received_at <= ?2 AND ( \
                 c.received_at >= ?1 \
              OR c.status IN ('assigned', 'forwarded') \
              OR c.updated_at > ?2 \
              OR c.id IN (SELECT case_id FROM case_events WHERE at BETWEEN ?1 AND ?2)) \
             ORDER BY c.received_at, c.number",
        )?;
        let ids: Vec<CaseId> = stmt
            .query_map(params![start, cutoff, station], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut events = self.conn.prepare_cached(
            "SELECT id, case_id, at, actor, kind, payload FROM case_events WHERE case_id = ?1 ORDER BY seq",
        )?;
        let mut resident = self
            .conn
            .prepare_cached("SELECT name, phone, address FROM residents WHERE case_id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        self.progress.stage(Stage::Replaying, ids.len() as u64);
        for id in ids {
            self.progress.advance(1);
            let log = events
                .query_map([id], event_from_row)?
                .map(|r| r.map_err(Into::into).and_then(|e| e))
                .collect::<Result<Vec<_>>>()?;
            let resident = resident
                .query_row([id], |r| {
                    Ok(Resident {
                        name: r.get(0)?,
                        phone: r.get(1)?,
                        address: r.get(2)?,
                    })
                })
                .unwrap_or_default();
            out.push(CaseHistory {
                resident,
                events: log,
            });
        }
        self.progress.finish();
        Ok(out)
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
