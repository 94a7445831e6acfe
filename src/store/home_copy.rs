//! The home's copy of the stations' cases, as it goes down: with every reference bundle, each
//! station's open cases and those changed lately (so that the fixed desk follows up the
//! laptop's cases, and sees them close), the desks that wrote them, and the events the home
//! holds aside for them; in a recovery bundle, a station's every case. At a station, the
//! events held at its home, as the last reference bundle listed them.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::Store;
use super::bundle::with_digest;
use super::error::{Result, StoreError};
use super::merge::{Incoming, merge, residents_by_case, to_event};
use super::rows::date_text;
use crate::domain::desk::epoch_letters;
use crate::domain::wire::{WireDesk, WireEvent, WireHeld, WireResident};
use crate::progress::Progress;

/// How long a finished case keeps going down with the reference data: long enough for
/// every desk of its station to see it close (and its purge).
pub const RECENT_DAYS: u64 = 92;

/// The home's copy of cases for the stations.
#[derive(Debug, Clone, Default)]
pub struct HomeCopy {
    pub events: Vec<WireEvent>,
    pub desks: Vec<WireDesk>,
    pub residents: Vec<WireResident>,
    pub held: Vec<WireHeld>,
}

/// The cases that go down to the station `?2`: its open cases and those changed since `?1`,
/// with the cases they are duplicates of (a case row points at its master).
const CHOSEN: &str = "WITH picked(id, duplicate_of) AS ( \
       SELECT c.id, c.duplicate_of FROM cases c \
       WHERE c.station = ?2 AND (c.status NOT IN ('answered', 'declined', 'closed', 'withdrawn') \
         OR c.updated_at >= ?1)), \
     chosen(id) AS (SELECT id FROM picked UNION SELECT duplicate_of FROM picked \
       WHERE duplicate_of IS NOT NULL) ";

impl Store {
    /// At the home: what goes down with a station's reference bundle (see [`HomeCopy`]), the
    /// station's cases changed since `since` and all its open ones.
    pub fn home_copy(&self, since: NaiveDate, station: &str) -> Result<HomeCopy> {
        let since = date_text(since);
        let mut stmt = self.conn.prepare(&format!(
            "{CHOSEN} SELECT e.id, e.case_id, e.at, e.actor, e.kind, e.payload, d.uuid, e.epoch, \
               e.desk_seq, e.digest \
             FROM case_events e JOIN chosen ON chosen.id = e.case_id JOIN desks d ON d.id = e.desk \
             ORDER BY e.seq"
        ))?;
        let events = stmt
            .query_map([since.as_str(), station], |r| {
                let payload: String = r.get(5)?;
                Ok(with_digest(
                    WireEvent {
                        id: r.get(0)?,
                        case_id: r.get(1)?,
                        at: r.get(2)?,
                        actor: r.get(3)?,
                        kind: r.get(4)?,
                        payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                        desk: r.get(6)?,
                        epoch: r.get(7)?,
                        seq: r.get(8)?,
                        digest: None,
                    },
                    r.get(9)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "{CHOSEN} SELECT r.case_id, r.name, r.phone, r.address FROM residents r \
             JOIN chosen ON chosen.id = r.case_id ORDER BY r.case_id"
        ))?;
        let residents = stmt
            .query_map([since.as_str(), station], |r| {
                Ok(WireResident {
                    case_id: r.get(0)?,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    address: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(HomeCopy {
            events,
            desks: self.desks_for_stations()?,
            residents,
            held: self.held_for_station(station)?,
        })
    }

    /// Every desk a station may hear of from its home: the desks the home approved or
    /// retired (or has to confirm), the home's own, and any desk whose events it holds.
    pub fn desks_for_stations(&self) -> Result<Vec<WireDesk>> {
        let mut stmt = self.conn.prepare(
            "SELECT uuid, station, number, trust = 'retired' FROM desks d \
             WHERE trust IN ('approved', 'retired', 'to_confirm') \
                OR EXISTS (SELECT 1 FROM case_events e WHERE e.desk = d.id) \
                OR EXISTS (SELECT 1 FROM wish_events e WHERE e.desk = d.id) \
             ORDER BY station, number, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(WireDesk {
                uuid: r.get(0)?,
                station: r.get(1)?,
                number: r.get(2)?,
                retired: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The events the home holds aside for the stations' cases.
    fn held_for_station(&self, station: &str) -> Result<Vec<WireHeld>> {
        let mut stmt = self.conn.prepare(
            "SELECT h.id, h.case_id, c.number, coalesce(c.station, d.station), h.kind, h.at, \
               d.number, h.reason \
             FROM held_events h JOIN desks d ON d.id = h.desk LEFT JOIN cases c ON c.id = h.case_id \
             WHERE coalesce(c.station, d.station) = ?1 \
             ORDER BY h.held_at, h.at",
        )?;
        let rows = stmt.query_map([station], |r| {
            Ok(WireHeld {
                id: r.get(0)?,
                case_id: r.get(1)?,
                number: r.get(2)?,
                station: r.get(3)?,
                kind: r.get(4)?,
                at: r.get(5)?,
                desk: r.get(6)?,
                reason: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// At a station: the events its home holds aside for the station's cases, as the last
    /// reference bundle listed them.
    pub fn held_at_home(&self) -> Result<Vec<WireHeld>> {
        let station = self.desk()?.code;
        let mut stmt = self.conn.prepare(
            "SELECT id, case_id, number, kind, at, desk, reason FROM held_at_home \
             ORDER BY at, number",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(WireHeld {
                id: r.get(0)?,
                case_id: r.get(1)?,
                number: r.get(2)?,
                station: station.clone(),
                kind: r.get(3)?,
                at: r.get(4)?,
                desk: r.get(5)?,
                reason: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Replaces this station's list of the events held at its home.
pub(super) fn replace_held_at_home(
    tx: &rusqlite::Transaction<'_>,
    held: &[WireHeld],
) -> Result<()> {
    tx.execute("DELETE FROM held_at_home", [])?;
    for h in held {
        tx.prepare_cached(
            "INSERT OR REPLACE INTO held_at_home (id, case_id, number, kind, at, desk, reason) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            h.id, h.case_id, h.number, h.kind, h.at, h.desk, h.reason
        ])?;
    }
    Ok(())
}

/// What merging the home's copy of a station's cases did.
pub(super) struct HomeMerge {
    pub merged: super::merge::Merged,
    /// This desk moved on to a new epoch: the home had events of its current one that a
    /// restore cut off here.
    pub new_epoch: Option<u32>,
}

/// Merges the home's copy of this station's cases (a recovery bundle, or the open cases a
/// reference bundle brings) into this desk's logs, inside the caller's transaction: what
/// the desk lacks joins its logs (conflicts held), cases it lacks come back. `None` when
/// the copy is empty.
pub(super) fn merge_home_copy(
    tx: &Transaction<'_>,
    me: &super::DeskIdentity,
    desks: &[crate::domain::wire::WireDesk],
    events: &[WireEvent],
    residents: &[WireResident],
    now: NaiveDateTime,
    progress: &dyn Progress,
) -> Result<Option<HomeMerge>> {
    if events.is_empty() {
        return Ok(None);
    }
    let mut rows: HashMap<Uuid, i64> = HashMap::new();
    for d in desks {
        rows.insert(d.uuid, desk_row(tx, d)?);
    }
    let incoming = events
        .iter()
        .map(|w| {
            let desk = *rows.get(&w.desk).ok_or_else(|| {
                StoreError::Invalid(format!(
                    "event {} names desk {}, which the bundle does not list",
                    w.id, w.desk
                ))
            })?;
            Ok(Incoming {
                wire: w,
                event: to_event(w)?,
                desk,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // Events of this desk from a timeline the restore cut off, in the epoch it is in now.
    let reused_epoch = {
        let mut stmt = tx.prepare_cached("SELECT 1 FROM case_events WHERE id = ?1")?;
        let mut found = false;
        for i in incoming
            .iter()
            .filter(|i| i.desk == me.row && i.wire.epoch >= me.epoch)
        {
            if stmt
                .query_row([i.wire.id], |_| Ok(()))
                .optional()?
                .is_none()
            {
                found = true;
                break;
            }
        }
        found
    };
    let residents = residents_by_case(residents)?;
    let merged = merge(tx, incoming, &residents, now, progress)?;
    let new_epoch = if reused_epoch && (merged.applied > 0 || merged.held > 0) {
        let highest: u32 = tx.query_row(
            "SELECT max(epoch) FROM case_events WHERE desk = ?1",
            [me.row],
            |r| r.get(0),
        )?;
        let next = highest.max(me.epoch) + 1;
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'epoch'",
            [next.to_string()],
        )?;
        super::desk::log(
            tx,
            me.row,
            "epoch",
            &format!(
                "epoch {} after a recovery showed epoch {} in use by a cut-off timeline",
                epoch_letters(next),
                epoch_letters(me.epoch)
            ),
            now,
        )?;
        Some(next)
    } else {
        None
    };
    Ok(Some(HomeMerge { merged, new_epoch }))
}

/// The home's key, checked again inside the transaction that applies its bundle.
pub(super) fn home_is_trusted(tx: &Transaction<'_>, home: &str, key: &[u8; 32]) -> Result<()> {
    match super::home_key::judge_home(tx, home, key, &|_| false)? {
        super::Judgement::Trusted { .. } => Ok(()),
        super::Judgement::Wait(w) => Err(StoreError::Invalid(format!(
            "the home's key is not trusted on this desk ({w}); nothing was changed"
        ))),
    }
}

/// A desk named by the home's copy of a station's cases: found by its id, or added (without
/// a key: this desk only stores its events), its number and retirement as the home says.
pub(super) fn desk_row(tx: &Transaction<'_>, d: &crate::domain::wire::WireDesk) -> Result<i64> {
    let found: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, trust FROM desks WHERE uuid = ?1",
            [d.uuid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((row, trust)) = found {
        if trust == "known" || trust == "retired" {
            tx.execute(
                "UPDATE desks SET number = ?1, trust = ?2 WHERE id = ?3",
                params![d.number, if d.retired { "retired" } else { "known" }, row],
            )?;
        }
        return Ok(row);
    }
    tx.execute(
        "INSERT INTO desks (uuid, station, number, trust) VALUES (?1, ?2, ?3, ?4)",
        params![
            d.uuid,
            d.station,
            d.number,
            if d.retired { "retired" } else { "known" }
        ],
    )?;
    Ok(tx.last_insert_rowid())
}
