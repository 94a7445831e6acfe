//! What bundles read from and write to the database: the outbox and its progress, the rows
//! bundles carry, and applying the home's reference data at a station. Applying events (at
//! the home, and a recovery at a desk) is in [`super::merge`]; enrolling desks in
//! [`super::enrol`].

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::error::{Result, StoreError};
use super::origin::origin;
use super::rows::datetime_text;
use crate::domain::case::CaseId;
use crate::domain::category::{Category, Unit};
use crate::domain::digest::hex;
use crate::domain::member::Member;
use crate::domain::station::Station;
use crate::domain::wire::{
    WireActivity, WireDesk, WireEvent, WireNotice, WireResident, WireRoster,
};

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
}

/// How the home came to know the desk that signed a bundle.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Enrolment {
    /// First bundle of a new desk: trust on first use.
    New,
    /// First signed bundle of a desk the home knew from before desks (its station's desk 1).
    Upgraded,
    /// An enrolled desk now goes by another number.
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
    pub station: String,
    pub signer: SignerDesk,
    pub ranges: Vec<SeqRange>,
    pub events: Vec<WireEvent>,
    pub residents: Vec<WireResident>,
    pub roster: Vec<WireRoster>,
    pub activities: Vec<WireActivity>,
}

/// The home's reference data, parsed.
pub struct ReferenceBundle {
    pub version: i64,
    pub name: String,
    pub home: String,
    pub key: [u8; 32],
    pub stations: Vec<Station>,
    pub members: Vec<Member>,
    pub units: Vec<Unit>,
    pub categories: Vec<Category>,
    pub settings: Vec<(String, String)>,
    pub notices: Vec<WireNotice>,
    pub roster: Vec<WireRoster>,
}

/// The home's copy of one station's cases, for a desk that lost some.
pub struct RecoveryBundle {
    pub name: String,
    pub station: String,
    pub home: String,
    pub key: [u8; 32],
    pub desks: Vec<WireDesk>,
    pub events: Vec<WireEvent>,
    pub residents: Vec<WireResident>,
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
    pub fn outbox(&self, all: bool) -> Result<Vec<WireEvent>> {
        let me = self.desk_identity()?;
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.case_id, e.at, e.actor, e.kind, e.payload, e.epoch, e.desk_seq \
             FROM case_events e LEFT JOIN desk_progress p ON p.desk = e.desk AND p.epoch = e.epoch \
             WHERE e.desk = ?1 AND e.desk_seq > CASE WHEN ?2 THEN 0 ELSE coalesce(p.exported, 0) END \
             ORDER BY e.epoch, e.desk_seq",
        )?;
        let rows = stmt.query_map(params![me.row, all], |r| {
            let payload: String = r.get(5)?;
            Ok(WireEvent {
                id: r.get(0)?,
                case_id: r.get(1)?,
                at: r.get(2)?,
                actor: r.get(3)?,
                kind: r.get(4)?,
                payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                desk: me.uuid,
                epoch: r.get(6)?,
                seq: r.get(7)?,
            })
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
            "SELECT e.id, e.case_id, e.at, e.actor, e.kind, e.payload, d.uuid, e.epoch, e.desk_seq \
             FROM case_events e JOIN cases c ON c.id = e.case_id JOIN desks d ON d.id = e.desk \
             WHERE c.station = ?1 ORDER BY e.seq",
        )?;
        let rows = stmt.query_map([station], |r| {
            let payload: String = r.get(5)?;
            Ok(WireEvent {
                id: r.get(0)?,
                case_id: r.get(1)?,
                at: r.get(2)?,
                actor: r.get(3)?,
                kind: r.get(4)?,
                payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                desk: r.get(6)?,
                epoch: r.get(7)?,
                seq: r.get(8)?,
            })
        })?;
        let events: Vec<WireEvent> = rows.collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT d.uuid, d.station, d.number FROM case_events e \
             JOIN cases c ON c.id = e.case_id JOIN desks d ON d.id = e.desk \
             WHERE c.station = ?1 ORDER BY d.id",
        )?;
        let desks = stmt
            .query_map([station], |r| {
                Ok(WireDesk {
                    uuid: r.get(0)?,
                    station: r.get(1)?,
                    number: r.get(2)?,
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

    /// Applies the home's reference data at a station, all or nothing. The home's key is
    /// pinned here by the first reference bundle; later ones must carry the same.
    pub fn apply_reference_bundle(
        &mut self,
        b: &ReferenceBundle,
        now: NaiveDateTime,
    ) -> Result<(bool, super::RecomputePlan)> {
        let desk = self.desk()?.code;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pinned_now = pin_home_key(&tx, &self.path, &b.home, &b.key, now)?;
        let mut stations: Vec<&Station> = b.stations.iter().collect();
        stations.sort_by_key(|s| s.parent.is_some());
        for s in stations {
            tx.prepare_cached(
                "INSERT INTO stations (code, name, kind, parent, address, leader, phone, name_en) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                 ON CONFLICT (code) DO UPDATE SET name_en = coalesce(excluded.name_en, CASE WHEN name = excluded.name THEN name_en END), name = excluded.name, kind = excluded.kind, \
                   parent = excluded.parent, address = excluded.address, leader = excluded.leader, \
                   phone = excluded.phone",
            )?
            .execute(params![s.code, s.name, s.kind.as_str(), s.parent, s.address, s.leader, s.phone, s.name_en])?;
        }
        upsert_reference(&tx, &b.units, &b.categories, &b.members)?;
        for (key, value) in &b.settings {
            if key == "proposal_unit" || key == "proposal_limit_days" {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
        }
        // Years whose notice is new here or differs from the one loaded: their provisional
        // deadlines are counted again below.
        let mut changed = Vec::new();
        for n in &b.notices {
            let mut stored: Vec<(String, String, String)> = tx
                .prepare_cached("SELECT date, kind, name FROM holidays WHERE notice = ?1")?
                .query_map([n.year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut incoming = n.days.clone();
            stored.sort();
            incoming.sort();
            if stored != incoming {
                changed.push(n.year);
            }
        }
        for n in &b.notices {
            tx.execute("DELETE FROM holidays WHERE notice = ?1", [n.year])?;
            tx.execute("DELETE FROM holiday_notices WHERE year = ?1", [n.year])?;
            tx.execute(
                "INSERT INTO holiday_notices (year, title, loaded_at) VALUES (?1, ?2, ?3)",
                params![n.year, n.title, datetime_text(now)],
            )?;
            for (date, kind, name) in &n.days {
                tx.execute(
                    "INSERT INTO holidays (date, kind, name, notice) VALUES (?1, ?2, ?3, ?4)",
                    params![date, kind, name, n.year],
                )?;
            }
        }
        let plan = if changed.is_empty() {
            super::RecomputePlan::default()
        } else {
            super::recompute_provisional(&tx, &changed, "reference bundle", now)?
        };
        for r in b.roster.iter().filter(|r| r.station == desk) {
            // The home plans; the station keeps its own check-ins.
            tx.prepare_cached(
                "INSERT OR IGNORE INTO roster (date, station, member) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![r.date, r.station, r.member])?;
        }
        write_log(
            &tx,
            "import",
            &ExportLog {
                kind: "reference",
                station: &b.home,
                desk: None,
                ranges: "",
                from: b.version,
                to: b.version,
                count: 1,
                skipped: 0,
                held: 0,
                at: now,
                name: &b.name,
            },
        )?;
        tx.commit()?;
        Ok((pinned_now, plan))
    }

    /// The settings a reference bundle carries besides the tables: the proposal route.
    pub fn reference_settings(&self) -> Result<Vec<(String, String)>> {
        let taxonomy = self.taxonomy()?;
        Ok(vec![
            ("proposal_unit".to_string(), taxonomy.proposal.unit),
            (
                "proposal_limit_days".to_string(),
                taxonomy.proposal.limit_days.to_string(),
            ),
        ])
    }

    /// The holiday table as it travels: one notice per year with its days.
    pub fn wire_notices(&self) -> Result<Vec<WireNotice>> {
        let mut notices = Vec::new();
        let mut stmt = self
            .conn
            .prepare("SELECT year, title FROM holiday_notices ORDER BY year")?;
        let years: Vec<(i32, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut days = self
            .conn
            .prepare("SELECT date, kind, name FROM holidays WHERE notice = ?1 ORDER BY date")?;
        for (year, title) in years {
            let d = days
                .query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            notices.push(WireNotice {
                year,
                title,
                days: d,
            });
        }
        Ok(notices)
    }
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

/// Pins the home's key at the first reference or recovery bundle; refuses another key later.
/// Returns whether it was pinned now.
pub(super) fn pin_home_key(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    home: &str,
    key: &[u8; 32],
    now: NaiveDateTime,
) -> Result<bool> {
    let pinned: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = 'home_key'", [], |r| {
            r.get(0)
        })
        .optional()?;
    match pinned {
        Some(p) if p == hex(key) => Ok(false),
        Some(p) => Err(StoreError::Invalid(format!(
            "the bundle is signed by a key other than the home's pinned on this desk ({} here, \
             {} in the bundle): it was not written by {home}'s desk; nothing was changed",
            crate::domain::digest::unhex::<32>(&p)
                .map(|k| crate::domain::desk::key_fingerprint(&k))
                .unwrap_or_else(|| "?".into()),
            crate::domain::desk::key_fingerprint(key)
        ))),
        None => {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('home_key', ?1)",
                [hex(key)],
            )?;
            let me = origin(tx, path)?;
            super::desk::log(
                tx,
                me.desk,
                "pinned",
                &format!(
                    "home {home} key {}",
                    crate::domain::desk::key_fingerprint(key)
                ),
                now,
            )?;
            Ok(true)
        }
    }
}

/// The home's reference rows replace a station's. A bundle without English names (from an
/// older home) keeps the station's own English name of a row whose name did not change.
fn upsert_reference(
    tx: &Transaction<'_>,
    units: &[Unit],
    categories: &[Category],
    members: &[Member],
) -> Result<()> {
    for u in units {
        tx.prepare_cached(
            "INSERT INTO units (code, name, tier, contact, phone, name_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT (code) DO UPDATE SET name_en = coalesce(excluded.name_en, CASE WHEN name = excluded.name THEN name_en END), \
               name = excluded.name, tier = excluded.tier, contact = excluded.contact, phone = excluded.phone",
        )?
        .execute(params![u.code, u.name, u.tier.as_str(), u.contact, u.phone, u.name_en])?;
    }
    let mut ordered: Vec<&Category> = categories.iter().collect();
    ordered.sort_by_key(|c| c.code.len());
    for c in ordered {
        tx.prepare_cached(
            "INSERT INTO categories (code, name, parent, unit, limit_days, district_unit, district_limit_days, initials, name_en) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (code) DO UPDATE SET name_en = coalesce(excluded.name_en, CASE WHEN name = excluded.name THEN name_en END), name = excluded.name, \
               parent = excluded.parent, unit = excluded.unit, limit_days = excluded.limit_days, \
               district_unit = excluded.district_unit, district_limit_days = excluded.district_limit_days, \
               initials = excluded.initials",
        )?
        .execute(params![c.code, c.name, c.parent, c.unit, c.limit_days, c.district_unit, c.district_limit_days, c.initials, c.name_en])?;
    }
    for m in members {
        tx.prepare_cached(
            "INSERT INTO members (id, name, kind, level, station, initials, title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, level = excluded.level, \
               station = excluded.station, initials = excluded.initials, title = excluded.title",
        )?
        .execute(params![m.id, m.name, m.kind.as_str(), m.level.map(|l| l.as_str()), m.station, m.initials, m.title])?;
    }
    Ok(())
}
