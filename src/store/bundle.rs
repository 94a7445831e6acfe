//! What bundles read from and write to the database: the outbox and its progress, and the
//! rows bundles carry. Applying the home's reference data at a station is in
//! [`super::reference_bundle`]; applying events (at the home, and a recovery at a desk) in
//! [`super::merge`]; enrolling desks in [`super::enrol`].

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::error::Result;
use super::rows::datetime_text;
use crate::domain::case::CaseId;
use crate::domain::digest::hex;
use crate::domain::wire::{WireActivity, WireDesk, WireEvent, WireResident, WireRoster};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub events: u64,
    pub skipped: u64,
    pub new_cases: u64,
    /// Events kept aside because they could not join their case's log (see `held_events`).
    pub held: u64,
    /// The desk was enrolled (or its number changed) by this bundle.
    pub enrolled: Option<Enrolment>,
    /// Cases whose personal data a `purged` event of the bundle erased here.
    pub purged: Vec<CaseId>,
    /// The desk's wishes: what of them joined this file's logs.
    pub wishes: super::WishesTaken,
}

/// What the bundle changed of the desk that signed it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Enrolment {
    /// The first bundle of a desk the home approved before it arrived.
    Approved,
    /// An approved desk now goes by another number.
    Renumbered { from: u32 },
}

/// The desk that signed a bundle, as the manifest names it (its signature checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerDesk {
    pub uuid: Uuid,
    pub station: String,
    pub number: u32,
    pub key: [u8; 32],
}

/// One epoch's part of an events bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqRange {
    pub epoch: u32,
    pub from: i64,
    pub to: i64,
}

/// A station desk's events bundle, parsed and checked line by line by the bundle layer.
pub struct EventsBundle {
    pub name: String,
    /// The digest of its signed manifest (see `bundle::sign::manifest_digest`), noted as
    /// applied in the transaction that applies it.
    pub manifest: [u8; 32],

    pub station: String,
    pub signer: SignerDesk,
    pub ranges: Vec<SeqRange>,
    pub events: Vec<WireEvent>,
    pub residents: Vec<WireResident>,
    pub roster: Vec<WireRoster>,
    pub activities: Vec<WireActivity>,
    /// The wishes the desk wrote on, whole (see `wish_bundle`).
    pub wishes: Vec<crate::domain::wish_wire::WireWish>,
}

/// The home's copy of one station's cases, for a desk that lost some.
pub struct RecoveryBundle {
    pub name: String,
    /// The digest of its signed manifest (see `bundle::sign::manifest_digest`), noted as
    /// applied in the transaction that applies it.
    pub manifest: [u8; 32],

    pub station: String,
    pub home: String,
    pub key: [u8; 32],
    pub desks: Vec<WireDesk>,
    pub events: Vec<WireEvent>,
    pub residents: Vec<WireResident>,
    /// Every wish of the station (checked by the bundle layer).
    pub wishes: Vec<crate::domain::wish_wire::WireWish>,
}

/// A desk this file knows of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDesk {
    pub row: i64,
    pub uuid: Uuid,
    pub station: String,
    pub number: u32,
    pub key: Option<[u8; 32]>,
}

/// Events kept aside, for `bundle status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldSummary {
    pub number: Option<String>,
    pub kind: String,
    pub at: String,
    pub reason: String,
}

/// Per desk and epoch, what the home applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskProgress {
    pub desk: KnownDesk,
    pub epoch: u32,
    pub applied: i64,
    pub exported: i64,
}

pub(super) fn known_desk_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KnownDesk> {
    let key: Option<Vec<u8>> = r.get(4)?;
    Ok(KnownDesk {
        row: r.get(0)?,
        uuid: r.get(1)?,
        station: r.get(2)?,
        number: r.get(3)?,
        key: key.and_then(|k| <[u8; 32]>::try_from(k.as_slice()).ok()),
    })
}

pub(super) const DESK_COLUMNS: &str = "id, uuid, station, number, public_key";

impl Store {
    /// This desk's events not yet exported (every one of them with `all`), in the order of
    /// its epochs and sequences.
    /// Whether this desk has written any event at all (a new desk has not: its first export
    /// is an introduction, so that the home knows it).
    pub fn has_written_events(&self) -> Result<bool> {
        let me = self.desk_identity()?;
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM case_events WHERE desk = ?1)",
            [me.row],
            |r| r.get(0),
        )?)
    }

    pub fn outbox(&self, all: bool) -> Result<Vec<WireEvent>> {
        self.outbox_after(all, (0, 0), i64::MAX)
    }

    /// At most `limit` events of the outbox (see [`Store::outbox`]) after the epoch and
    /// sequence `after`: the outbox read a batch at a time, never whole.
    pub fn outbox_after(&self, all: bool, after: (u32, i64), limit: i64) -> Result<Vec<WireEvent>> {
        let me = self.desk_identity()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.case_id, e.at, e.actor, e.kind, e.payload, e.epoch, e.desk_seq, e.digest \
             FROM case_events e LEFT JOIN desk_progress p ON p.desk = e.desk AND p.epoch = e.epoch \
             WHERE e.desk = ?1 AND e.desk_seq > CASE WHEN ?2 THEN 0 ELSE coalesce(p.exported, 0) END \
             AND (e.epoch, e.desk_seq) > (?3, ?4) \
             ORDER BY e.epoch, e.desk_seq LIMIT ?5",
        )?;
        let rows = stmt.query_map(params![me.row, all, after.0, after.1, limit], |r| {
            let payload: String = r.get(5)?;
            Ok(with_digest(
                WireEvent {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    at: r.get(2)?,
                    actor: r.get(3)?,
                    kind: r.get(4)?,
                    payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                    desk: me.uuid,
                    epoch: r.get(6)?,
                    seq: r.get(7)?,
                    digest: None,
                },
                r.get(8)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Notes that this desk's events up to each range's end went out in a bundle, and logs
    /// the export.
    pub fn mark_exported(&mut self, log: &ExportLog<'_>, ranges: &[SeqRange]) -> Result<()> {
        let me = self.desk_identity()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for r in ranges {
            tx.execute(
                "INSERT INTO desk_progress (desk, epoch, exported) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (desk, epoch) DO UPDATE SET exported = max(exported, excluded.exported)",
                params![me.row, r.epoch, r.to],
            )?;
        }
        write_log(&tx, "export", log)?;
        tx.commit()?;
        Ok(())
    }

    /// Logs an export that moves no outbox (reference and recovery bundles).
    pub fn log_export(&mut self, log: &ExportLog<'_>) -> Result<()> {
        write_log(&self.conn, "export", log)
    }

    /// The last reference version exported (at the home) or applied (at a station).
    pub fn reference_version(&self, direction: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(to_seq), 0) FROM bundle_log WHERE direction = ?1 AND kind = 'reference'",
            [direction],
            |r| r.get(0),
        )?)
    }

    /// The last reference version applied here from the home desk `home` (a reinstalled home
    /// numbers its versions afresh). Imports logged before the home's desk was recorded count
    /// for the first home this desk heard from.
    pub fn reference_version_from(&self, home: Uuid) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(to_seq), 0) FROM bundle_log \
             WHERE direction = 'import' AND kind = 'reference' AND (desk = ?1 OR (desk IS NULL \
               AND NOT EXISTS (SELECT 1 FROM bundle_log WHERE direction = 'import' \
                 AND kind = 'reference' AND desk IS NOT NULL AND desk != ?1)))",
            [home],
            |r| r.get(0),
        )?)
    }

    /// What was applied here of a desk's epochs: `(epoch, last sequence)`.
    pub fn applied_of(&self, desk: i64) -> Result<Vec<(u32, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT epoch, applied FROM desk_progress WHERE desk = ?1 ORDER BY epoch",
        )?;
        let rows = stmt.query_map([desk], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every desk and epoch this file has exchanged events with, for `bundle status`.
    pub fn desk_progress(&self) -> Result<Vec<DeskProgress>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.uuid, d.station, d.number, d.public_key, p.epoch, p.applied, p.exported \
             FROM desk_progress p JOIN desks d ON d.id = p.desk ORDER BY d.station, d.number, d.id, p.epoch",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DeskProgress {
                desk: known_desk_from_row(r)?,
                epoch: r.get(5)?,
                applied: r.get(6)?,
                exported: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A desk by its id.
    pub fn known_desk(&self, uuid: Uuid) -> Result<Option<KnownDesk>> {
        let sql = format!("SELECT {DESK_COLUMNS} FROM desks WHERE uuid = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([uuid], known_desk_from_row)
            .optional()?)
    }

    /// The desks of a station this file knows of.
    pub fn desks_of(&self, station: &str) -> Result<Vec<KnownDesk>> {
        let sql =
            format!("SELECT {DESK_COLUMNS} FROM desks WHERE station = ?1 ORDER BY number, id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([station], known_desk_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The station and number of a case, if this file has it.
    pub fn case_station(&self, id: CaseId) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT station, number FROM cases WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Whether a case's registration was held here (its later events are held with it).
    pub fn case_is_held(&self, id: CaseId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM held_events WHERE case_id = ?1 AND kind = 'registered'")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Events kept aside by imports, newest first.
    pub fn held_events(&self) -> Result<Vec<HeldSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.number, h.kind, h.at, h.reason FROM held_events h \
             LEFT JOIN cases c ON c.id = h.case_id ORDER BY h.held_at DESC, h.at DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(HeldSummary {
                number: r.get(0)?,
                kind: r.get(1)?,
                at: r.get(2)?,
                reason: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn residents_of(&self, cases: &[CaseId]) -> Result<Vec<WireResident>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, phone, address FROM residents WHERE case_id = ?1")?;
        let mut out = Vec::new();
        for id in cases {
            if let Some((name, phone, address)) = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?
            {
                out.push(WireResident {
                    case_id: *id,
                    name,
                    phone,
                    address,
                });
            }
        }
        Ok(out)
    }

    /// Every event of a station's cases, in this file's order, and the desks that wrote them:
    /// what a recovery bundle carries.
    pub fn station_log(&self, station: &str) -> Result<(Vec<WireEvent>, Vec<WireDesk>)> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.case_id, e.at, e.actor, e.kind, e.payload, d.uuid, e.epoch, e.desk_seq, e.digest \
             FROM case_events e JOIN cases c ON c.id = e.case_id JOIN desks d ON d.id = e.desk \
             WHERE c.station = ?1 ORDER BY e.seq",
        )?;
        let rows = stmt.query_map([station], |r| {
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
        })?;
        let events: Vec<WireEvent> = rows.collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT d.uuid, d.station, d.number, d.trust = 'retired' FROM case_events e \
             JOIN cases c ON c.id = e.case_id JOIN desks d ON d.id = e.desk \
             WHERE c.station = ?1 ORDER BY d.id",
        )?;
        let desks = stmt
            .query_map([station], |r| {
                Ok(WireDesk {
                    uuid: r.get(0)?,
                    station: r.get(1)?,
                    number: r.get(2)?,
                    retired: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok((events, desks))
    }

    /// Roster entries at a station (all stations for `None`).
    pub fn roster_entries(&self, station: Option<&str>) -> Result<Vec<WireRoster>> {
        let mut stmt = self.conn.prepare(
            "SELECT date, station, member, checked_in_at, checked_out_at FROM roster \
             WHERE ?1 IS NULL OR station = ?1 ORDER BY date, station, member",
        )?;
        let rows = stmt.query_map([station], |r| {
            Ok(WireRoster {
                date: r.get(0)?,
                station: r.get(1)?,
                member: r.get(2)?,
                checked_in_at: r.get(3)?,
                checked_out_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn station_activities(&self, station: &str) -> Result<Vec<WireActivity>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.date, a.kind, a.title, a.place, a.station, a.note, \
               (SELECT group_concat(member, ',') FROM activity_members m WHERE m.activity = a.id) \
             FROM activities a WHERE a.station = ?1 ORDER BY a.date, a.rowid",
        )?;
        let rows = stmt.query_map([station], |r| {
            let members: Option<String> = r.get(7)?;
            Ok(WireActivity {
                id: r.get(0)?,
                date: r.get(1)?,
                kind: r.get(2)?,
                title: r.get(3)?,
                place: r.get(4)?,
                station: r.get(5)?,
                note: r.get(6)?,
                members: members
                    .map(|m| m.split(',').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// An event as it travels, with the digest it was first written with (of its content, for
/// an event stored before digests were kept).
pub(super) fn with_digest(mut w: WireEvent, stored: Option<Vec<u8>>) -> WireEvent {
    let digest = stored
        .and_then(|d| <[u8; 32]>::try_from(d.as_slice()).ok())
        .unwrap_or_else(|| w.content_digest());
    w.digest = Some(hex(&digest));
    w
}

/// One line of the exchange log.
pub struct ExportLog<'a> {
    pub kind: &'a str,
    pub station: &'a str,
    pub desk: Option<Uuid>,
    pub ranges: &'a str,
    pub from: i64,
    pub to: i64,
    pub count: u64,
    pub skipped: u64,
    pub held: u64,
    pub at: NaiveDateTime,
    pub name: &'a str,
}

pub(super) fn write_log(
    conn: &rusqlite::Connection,
    direction: &str,
    l: &ExportLog<'_>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO bundle_log (direction, kind, station, desk, ranges, from_seq, to_seq, applied, skipped, held, at, name) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            direction,
            l.kind,
            l.station,
            l.desk,
            l.ranges,
            l.from,
            l.to,
            l.count as i64,
            l.skipped as i64,
            l.held as i64,
            datetime_text(l.at),
            l.name
        ],
    )?;
    Ok(())
}
