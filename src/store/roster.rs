//! The duty roster (值班表) of a reception day, and who is at the desk.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, TransactionBehavior, params};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{date_text, datetime_opt, datetime_text, parsed, whole_seconds};
use crate::domain::roster::DutyEntry;

impl Store {
    /// How many residents each member received (was called to) at a station on a day: one
    /// per case, whenever it was registered. Members who received nobody are absent.
    pub fn received_on(&self, date: NaiveDate, station: &str) -> Result<BTreeMap<String, u32>> {
        let day = date_text(date);
        let next = date_text(date + chrono::Days::new(1));
        let mut stmt = self.conn.prepare_cached(
            "SELECT json_extract(e.payload, '$.deputy') AS member, count(DISTINCT e.case_id) \
             FROM case_events e INDEXED BY case_events_at JOIN cases c ON c.id = e.case_id \
             WHERE e.at >= ?1 AND e.at < ?2 AND e.kind = 'called' AND c.station = ?3 \
             AND member IS NOT NULL GROUP BY member",
        )?;
        let rows = stmt.query_map(params![day, next, station], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u32))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The number of a case a member is receiving now at a station (status `receiving`), if
    /// any: a member receives one resident at a time.
    pub fn receiving_now(&self, station: &str, member: &str) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT number FROM cases WHERE status = 'receiving' AND station = ?1 \
             AND deputy = ?2 ORDER BY received_at LIMIT 1",
        )?;
        let mut rows = stmt.query(params![station, member])?;
        Ok(match rows.next()? {
            Some(row) => Some(row.get(0)?),
            None => None,
        })
    }

    /// The members on duty at a station on a day, in the order they were added.
    pub fn roster(&self, date: NaiveDate, station: &str) -> Result<Vec<DutyEntry>> {
        roster_of(&self.conn, date, station)
    }

    /// Changes a day's roster and answers with the roster as the change left it, read in the
    /// change's transaction (another terminal's change cannot come between).
    pub fn change_roster(
        &mut self,
        date: NaiveDate,
        station: &str,
        change: RosterChange<'_>,
        now: NaiveDateTime,
    ) -> Result<Vec<DutyEntry>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        match change {
            RosterChange::Add(member) => add(&tx, date, station, member)?,
            RosterChange::Remove(member) => remove(&tx, date, station, member)?,
            RosterChange::Presence { member, present } => {
                presence(&tx, date, station, member, present, now)?
            }
        }
        let roster = roster_of(&tx, date, station)?;
        tx.commit()?;
        Ok(roster)
    }

    /// Puts a member on a day's roster; adding twice is harmless.
    pub fn add_to_roster(&mut self, date: NaiveDate, station: &str, member: &str) -> Result<()> {
        add(&self.conn, date, station, member)
    }

    /// Takes a member off a day's roster.
    pub fn remove_from_roster(
        &mut self,
        date: NaiveDate,
        station: &str,
        member: &str,
    ) -> Result<()> {
        remove(&self.conn, date, station, member)
    }

    /// Records that a member arrived (`true`) or left (`false`).
    pub fn set_present(
        &mut self,
        date: NaiveDate,
        station: &str,
        member: &str,
        present: bool,
        now: NaiveDateTime,
    ) -> Result<()> {
        presence(&self.conn, date, station, member, present, now)
    }
}

/// A change to a day's roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterChange<'a> {
    Add(&'a str),
    Remove(&'a str),
    /// Arrived (`true`) or left.
    Presence {
        member: &'a str,
        present: bool,
    },
}

fn roster_of(conn: &Connection, date: NaiveDate, station: &str) -> Result<Vec<DutyEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, station, member, checked_in_at, checked_out_at FROM roster \
         WHERE date = ?1 AND station = ?2 ORDER BY member",
    )?;
    let rows = stmt.query_map(params![date_text(date), station], |r| {
        Ok(DutyEntry {
            date: parsed(r, 0)?,
            station: r.get(1)?,
            member: r.get(2)?,
            checked_in_at: datetime_opt(r, 3)?,
            checked_out_at: datetime_opt(r, 4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn add(conn: &Connection, date: NaiveDate, station: &str, member: &str) -> Result<()> {
    if conn.query_row(
        "SELECT count(*) FROM members WHERE id = ?1",
        [member],
        |r| r.get::<_, i64>(0),
    )? == 0
    {
        return Err(StoreError::UnknownReference {
            what: "member",
            code: member.to_string(),
        });
    }
    conn.execute(
        "INSERT INTO roster (date, station, member) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![date_text(date), station, member],
    )?;
    Ok(())
}

fn remove(conn: &Connection, date: NaiveDate, station: &str, member: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM roster WHERE date = ?1 AND station = ?2 AND member = ?3",
        params![date_text(date), station, member],
    )?;
    Ok(())
}

fn presence(
    conn: &Connection,
    date: NaiveDate,
    station: &str,
    member: &str,
    present: bool,
    now: NaiveDateTime,
) -> Result<()> {
    let now = datetime_text(whole_seconds(now));
    let sql = if present {
        "UPDATE roster SET checked_in_at = coalesce(checked_in_at, ?4), checked_out_at = NULL \
         WHERE date = ?1 AND station = ?2 AND member = ?3"
    } else {
        "UPDATE roster SET checked_out_at = ?4 \
         WHERE date = ?1 AND station = ?2 AND member = ?3 AND checked_in_at IS NOT NULL"
    };
    let changed = conn.execute(sql, params![date_text(date), station, member, now])?;
    if changed == 0 {
        return Err(crate::refusal!(
            crate::i18n::Error::NotOnRoster,
            member = member,
            date = date
        )
        .into());
    }
    Ok(())
}
