//! Reading wishes: their rows, their people, their logs.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{datetime, datetime_opt, datetime_text, parsed, parsed_opt};
use crate::domain::wish::{Wish, WishBody, WishEvent, WishId, WishState};

/// The personal data of a wish: the resident's, and the volunteer who claimed it. Masked on
/// display, erased by a purge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WishPeople {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub volunteer: Option<String>,
}

impl WishPeople {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.phone.is_none()
            && self.address.is_none()
            && self.volunteer.is_none()
    }
}

/// A wish with its people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WishRecord {
    pub wish: Wish,
    pub people: WishPeople,
}

pub(super) const WISH_COLUMNS: &str = "w.id, w.number, w.station, w.registered_at, w.content, \
     w.public, w.state, w.claimed_at, w.member, w.by_volunteer, w.fulfilled_on, w.note, \
     w.withdrawn_at, w.reason, w.purged_before, w.events, w.updated_at, \
     p.name, p.phone, p.address, p.volunteer";

const FROM: &str = "FROM wishes w LEFT JOIN wish_people p ON p.wish_id = w.id";

fn record_from_row(r: &Row<'_>) -> rusqlite::Result<WishRecord> {
    Ok(WishRecord {
        wish: Wish {
            id: r.get(0)?,
            number: r.get(1)?,
            station: r.get(2)?,
            registered_at: datetime(r, 3)?,
            content: r.get(4)?,
            public: r.get(5)?,
            state: parsed(r, 6)?,
            claimed_at: datetime_opt(r, 7)?,
            member: r.get(8)?,
            by_volunteer: r.get(9)?,
            fulfilled_on: parsed_opt::<NaiveDate>(r, 10)?,
            note: r.get(11)?,
            withdrawn_at: datetime_opt(r, 12)?,
            reason: r.get(13)?,
            purged_before: parsed_opt::<NaiveDate>(r, 14)?,
            events: r.get(15)?,
            updated_at: datetime(r, 16)?,
        },
        people: WishPeople {
            name: r.get(17)?,
            phone: r.get(18)?,
            address: r.get(19)?,
            volunteer: r.get(20)?,
        },
    })
}

/// A wish by id, read on any connection (a write's own transaction included).
pub(super) fn wish_by_id(conn: &Connection, id: WishId) -> Result<Option<WishRecord>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {WISH_COLUMNS} {FROM} WHERE w.id = ?1"))?
        .query_row([id], record_from_row)
        .optional()?)
}

/// A wish by its number or id.
pub(super) fn find_wish_in(conn: &Connection, key: &str) -> Result<WishRecord> {
    let key = key.trim();
    let found = match Uuid::parse_str(key) {
        Ok(id) => wish_by_id(conn, id)?,
        Err(_) => conn
            .prepare_cached(&format!("SELECT {WISH_COLUMNS} {FROM} WHERE w.number = ?1"))?
            .query_row([key], record_from_row)
            .optional()?,
    };
    found.ok_or_else(|| unknown_wish(key))
}

pub(super) fn unknown_wish(key: &str) -> StoreError {
    crate::refusal!(crate::i18n::Error::UnknownWish, number = key).into()
}

/// Writes a wish's row (insert or replace): the projection of its log.
pub(super) fn write_wish_row(conn: &Connection, w: &Wish) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO wishes (id, number, station, registered_at, content, public, state, \
           claimed_at, member, by_volunteer, fulfilled_on, note, withdrawn_at, reason, \
           purged_before, events, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
         ON CONFLICT (id) DO UPDATE SET number = excluded.number, content = excluded.content, \
           public = excluded.public, state = excluded.state, claimed_at = excluded.claimed_at, \
           member = excluded.member, by_volunteer = excluded.by_volunteer, \
           fulfilled_on = excluded.fulfilled_on, note = excluded.note, \
           withdrawn_at = excluded.withdrawn_at, reason = excluded.reason, \
           purged_before = excluded.purged_before, events = excluded.events, \
           updated_at = excluded.updated_at",
    )?
    .execute(params![
        w.id,
        w.number,
        w.station,
        datetime_text(w.registered_at),
        w.content,
        w.public,
        w.state.as_str(),
        w.claimed_at.map(datetime_text),
        w.member,
        w.by_volunteer,
        w.fulfilled_on.map(super::rows::date_text),
        w.note,
        w.withdrawn_at.map(datetime_text),
        w.reason,
        w.purged_before.map(super::rows::date_text),
        w.events,
        datetime_text(w.updated_at),
    ])?;
    Ok(())
}

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<Result<WishEvent>> {
    let kind: String = r.get(4)?;
    let payload: String = r.get(5)?;
    let body = match WishBody::from_stored(&kind, &payload) {
        Ok(b) => b,
        Err(e) => {
            return Ok(Err(StoreError::Corrupt(format!(
                "a wish event `{kind}` cannot be read: {e}"
            ))));
        }
    };
    Ok(Ok(WishEvent {
        id: r.get(0)?,
        wish_id: r.get(1)?,
        at: datetime(r, 2)?,
        actor: r.get(3)?,
        body,
    }))
}

/// A wish's log, in the order it was written here.
pub(super) fn wish_log_in(conn: &Connection, id: WishId) -> Result<Vec<WishEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, wish_id, at, actor, kind, payload FROM wish_events \
         WHERE wish_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], event_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

impl Store {
    /// A wish by its number or id, refused when it is another station's and this is not
    /// the home.
    pub fn find_wish(&self, key: &str) -> Result<WishRecord> {
        let record = find_wish_in(&self.conn, key)?;
        if let Some(own) = self.scope()?
            && record.wish.station != own
        {
            return Err(unknown_wish(key));
        }
        Ok(record)
    }

    /// The wishes this desk sees (a station its own, the home every station's), in one state
    /// or all, oldest first.
    pub fn wishes(&self, state: Option<WishState>) -> Result<Vec<WishRecord>> {
        let scope = self.scope()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {WISH_COLUMNS} {FROM} \
             WHERE (?1 IS NULL OR w.state = ?1) AND (?2 IS NULL OR w.station = ?2) \
             ORDER BY w.registered_at, w.number"
        ))?;
        let rows = stmt.query_map(params![state.map(|s| s.as_str()), scope], record_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A wish's log, in the order it was written here.
    pub fn wish_log(&self, id: WishId) -> Result<Vec<WishEvent>> {
        wish_log_in(&self.conn, id)
    }
}
