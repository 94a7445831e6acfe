//! What bundles read from and write to the database: the outbox, and applying a verified
//! bundle in one transaction.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::Store;
use super::cases::load_case;
use super::error::{Result, StoreError};
use super::rows::{INSERT_CASE, UPDATE_CASE, datetime_text, execute_with_case};
use crate::bundle::Manifest;
use crate::bundle::wire::{WireActivity, WireEvent, WireNotice, WireResident, WireRoster};
use crate::domain::case::{CaseId, Resident};
use crate::domain::category::{Category, Unit};
use crate::domain::event::{Event, EventBody};
use crate::domain::member::Member;
use crate::domain::station::Station;
use crate::domain::text::{clean_optional, limits};
use crate::domain::transition::apply;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub events: u64,
    pub skipped: u64,
    pub new_cases: u64,
}

/// The content of an events bundle, parsed.
pub struct EventsBundle {
    pub station: String,
    pub from_seq: i64,
    pub to_seq: i64,
    pub name: String,
    pub events: Vec<WireEvent>,
    pub residents: Vec<WireResident>,
    pub units: Vec<Unit>,
    pub categories: Vec<Category>,
    pub members: Vec<Member>,
    pub roster: Vec<WireRoster>,
    pub activities: Vec<WireActivity>,
}

/// The content of a reference bundle, parsed.
pub struct ReferenceBundle {
    pub version: i64,
    pub name: String,
    pub stations: Vec<Station>,
    pub members: Vec<Member>,
    pub units: Vec<Unit>,
    pub categories: Vec<Category>,
    pub settings: Vec<(String, String)>,
    pub notices: Vec<WireNotice>,
    pub roster: Vec<WireRoster>,
}

impl Store {
    /// Events this desk wrote after `since`, in outbox order.
    pub fn outbox(&self, since: i64) -> Result<Vec<WireEvent>> {
        let desk = self.desk()?.code;
        let mut stmt = self.conn.prepare(
            "SELECT id, case_id, at, actor, kind, payload, origin, origin_seq FROM case_events \
             WHERE origin = ?1 AND origin_seq > ?2 ORDER BY origin_seq",
        )?;
        let rows = stmt.query_map(params![desk, since], |r| {
            let payload: String = r.get(5)?;
            Ok(WireEvent {
                id: r.get(0)?,
                case_id: r.get(1)?,
                at: r.get(2)?,
                actor: r.get(3)?,
                kind: r.get(4)?,
                payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                origin: r.get(6)?,
                origin_seq: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The highest sequence already exported in an events bundle (0 before the first).
    pub fn last_exported(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(to_seq), 0) FROM bundle_log WHERE direction = 'export' AND kind = 'events'",
            [],
            |r| r.get(0),
        )?)
    }

    /// The last reference version exported (at the home) or applied (at a station).
    pub fn reference_version(&self, direction: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(to_seq), 0) FROM bundle_log WHERE direction = ?1 AND kind = 'reference'",
            [direction],
            |r| r.get(0),
        )?)
    }

    /// The last event sequence of `station` applied here.
    pub fn applied_seq(&self, station: &str) -> Result<i64> {
        Ok(self
            .conn
            .query_row(
                "SELECT last_seq FROM bundles_applied WHERE station = ?1",
                [station],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0))
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

    /// Records an export in the log.
    pub fn log_export(
        &mut self,
        manifest: &Manifest,
        count: u64,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO bundle_log (direction, kind, station, from_seq, to_seq, applied, skipped, at, name) \
             VALUES ('export', ?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)",
            params![
                manifest.kind.as_str(),
                manifest.station,
                manifest.from_seq,
                manifest.to_seq,
                count as i64,
                datetime_text(now),
                manifest.name()
            ],
        )?;
        Ok(())
    }

    /// Applies a station's events at the home, all or nothing. Events already present (by id)
    /// are skipped; the caller has checked the sequence range against [`Store::applied_seq`].
    pub fn apply_events_bundle(&mut self, b: &EventsBundle, now: NaiveDateTime) -> Result<Applied> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_missing_reference(&tx, &b.units, &b.categories, &b.members)?;
        let residents: HashMap<CaseId, &WireResident> =
            b.residents.iter().map(|r| (r.case_id, r)).collect();
        let mut applied = Applied::default();
        for w in &b.events {
            let exists = tx
                .prepare_cached("SELECT 1 FROM case_events WHERE id = ?1")?
                .query_row([w.id], |_| Ok(()))
                .optional()?;
            if exists.is_some() {
                applied.skipped += 1;
                continue;
            }
            let event = to_event(w)?;
            let current = load_case(&tx, event.case_id)?;
            if let Some(c) = &current
                && c.station != b.station
            {
                return Err(StoreError::Invalid(format!(
                    "event {} of {} touches {}, a case of station {}: one station's bundle never writes another's cases",
                    w.id, b.station, c.number, c.station
                )));
            }
            let case = apply(current.as_ref(), &event).map_err(|e| {
                StoreError::Invalid(format!("event {} ({}) does not apply: {e}", w.id, w.kind))
            })?;
            if current.is_none() {
                if case.station != b.station {
                    return Err(StoreError::Invalid(format!(
                        "case {} belongs to {}, not to {}",
                        case.number, case.station, b.station
                    )));
                }
                execute_with_case(&mut *tx.prepare_cached(&INSERT_CASE)?, &case)?;
                let resident = match residents.get(&case.id) {
                    Some(r) => r.to_resident().map_err(StoreError::Invalid)?,
                    None => Resident::default(),
                };
                super::write::insert_resident(&tx, case.id, &resident)?;
                applied.new_cases += 1;
            } else {
                execute_with_case(&mut *tx.prepare_cached(&UPDATE_CASE)?, &case)?;
            }
            tx.prepare_cached(
                "INSERT INTO case_events (id, case_id, at, actor, kind, payload, origin, origin_seq) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![w.id, w.case_id, w.at, w.actor, w.kind, w.payload.to_string(), w.origin, w.origin_seq])?;
            if let EventBody::Purged { .. } = event.body {
                super::purge::erase_resident(&tx, event.case_id)?;
            }
            applied.events += 1;
        }
        for r in b.roster.iter().filter(|r| r.station == b.station) {
            // The station's desk is the one that checks its members in and out.
            tx.prepare_cached(
                "INSERT INTO roster (date, station, member, checked_in_at, checked_out_at) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (date, station, member) DO UPDATE SET checked_in_at = excluded.checked_in_at, \
                   checked_out_at = excluded.checked_out_at",
            )?
            .execute(params![r.date, r.station, r.member, r.checked_in_at, r.checked_out_at])?;
        }
        for a in b
            .activities
            .iter()
            .filter(|a| a.station.as_deref() == Some(b.station.as_str()))
        {
            let new = tx
                .prepare_cached("INSERT OR IGNORE INTO activities (id, date, kind, title, place, station, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
                .execute(params![a.id, a.date, a.kind, a.title, a.place, a.station, a.note])?;
            if new > 0 {
                for m in &a.members {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO activity_members (activity, member) VALUES (?1, ?2)",
                    )?
                    .execute(params![a.id, m])?;
                }
            }
        }
        tx.execute(
            "INSERT INTO bundles_applied (station, last_seq, applied_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (station) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq), applied_at = excluded.applied_at",
            params![b.station, b.to_seq, datetime_text(now)],
        )?;
        tx.execute(
            "INSERT INTO bundle_log (direction, kind, station, from_seq, to_seq, applied, skipped, at, name) \
             VALUES ('import', 'events', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![b.station, b.from_seq, b.to_seq, applied.events as i64, applied.skipped as i64, datetime_text(now), b.name],
        )?;
        tx.commit()?;
        Ok(applied)
    }

    /// Applies the home's reference data at a station, all or nothing.
    pub fn apply_reference_bundle(
        &mut self,
        b: &ReferenceBundle,
        home: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let desk = self.desk()?.code;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stations: Vec<&Station> = b.stations.iter().collect();
        stations.sort_by_key(|s| s.parent.is_some());
        for s in stations {
            tx.prepare_cached(
                "INSERT INTO stations (code, name, kind, parent, address, leader, phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent = excluded.parent, \
                   address = excluded.address, leader = excluded.leader, phone = excluded.phone",
            )?
            .execute(params![s.code, s.name, s.kind.as_str(), s.parent, s.address, s.leader, s.phone])?;
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
        for r in b.roster.iter().filter(|r| r.station == desk) {
            // The home plans; the station keeps its own check-ins.
            tx.prepare_cached(
                "INSERT OR IGNORE INTO roster (date, station, member) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![r.date, r.station, r.member])?;
        }
        tx.execute(
            "INSERT INTO bundle_log (direction, kind, station, from_seq, to_seq, applied, skipped, at, name) \
             VALUES ('import', 'reference', ?1, ?2, ?2, 1, 0, ?3, ?4)",
            params![home, b.version, datetime_text(now), b.name],
        )?;
        tx.commit()?;
        Ok(())
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

fn to_event(w: &WireEvent) -> Result<Event> {
    let body = EventBody::from_stored(&w.kind, &w.payload.to_string())
        .map_err(|e| StoreError::Invalid(format!("event {} ({}): {e}", w.id, w.kind)))?;
    // A desk writes only cleaned text within its limits; anything else was not written by one
    // (the checksums prove the files arrived whole, not who wrote them).
    let clean = body
        .clone()
        .normalized()
        .map_err(|e| StoreError::Invalid(format!("event {} ({}): {e}", w.id, w.kind)))?;
    let actor_clean = clean_optional(&w.actor, "actor", limits::NAME, false)
        .ok()
        .flatten();
    if clean != body || actor_clean.as_deref() != Some(w.actor.as_str()) {
        return Err(StoreError::Invalid(format!(
            "event {} ({}) carries control characters or untrimmed text: a liaison desk never \
             writes that",
            w.id, w.kind
        )));
    }
    let at = NaiveDateTime::parse_from_str(&w.at, super::rows::DATETIME)
        .map_err(|_| StoreError::Invalid(format!("event {}: `{}` is not a time", w.id, w.at)))?;
    Ok(Event {
        id: w.id,
        case_id: w.case_id,
        at,
        actor: w.actor.clone(),
        body,
    })
}

/// Reference rows a station used that the home lacks (a unit it imported itself): added, never
/// overwriting the home's own.
fn insert_missing_reference(
    tx: &Transaction<'_>,
    units: &[Unit],
    categories: &[Category],
    members: &[Member],
) -> Result<()> {
    for u in units {
        tx.prepare_cached("INSERT OR IGNORE INTO units (code, name, tier, contact, phone) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![u.code, u.name, u.tier.as_str(), u.contact, u.phone])?;
    }
    let mut ordered: Vec<&Category> = categories.iter().collect();
    ordered.sort_by_key(|c| c.code.len());
    for c in ordered {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO categories (code, name, parent, unit, limit_days, district_unit, district_limit_days, initials) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![c.code, c.name, c.parent, c.unit, c.limit_days, c.district_unit, c.district_limit_days, c.initials])?;
    }
    for m in members {
        tx.prepare_cached("INSERT OR IGNORE INTO members (id, name, kind, level, station, initials, title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(params![m.id, m.name, m.kind.as_str(), m.level.map(|l| l.as_str()), m.station, m.initials, m.title])?;
    }
    Ok(())
}

/// The home's reference rows replace a station's.
fn upsert_reference(
    tx: &Transaction<'_>,
    units: &[Unit],
    categories: &[Category],
    members: &[Member],
) -> Result<()> {
    for u in units {
        tx.prepare_cached(
            "INSERT INTO units (code, name, tier, contact, phone) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO UPDATE \
             SET name = excluded.name, tier = excluded.tier, contact = excluded.contact, phone = excluded.phone",
        )?
        .execute(params![u.code, u.name, u.tier.as_str(), u.contact, u.phone])?;
    }
    let mut ordered: Vec<&Category> = categories.iter().collect();
    ordered.sort_by_key(|c| c.code.len());
    for c in ordered {
        tx.prepare_cached(
            "INSERT INTO categories (code, name, parent, unit, limit_days, district_unit, district_limit_days, initials) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
               parent = excluded.parent, unit = excluded.unit, limit_days = excluded.limit_days, \
               district_unit = excluded.district_unit, district_limit_days = excluded.district_limit_days, \
               initials = excluded.initials",
        )?
        .execute(params![c.code, c.name, c.parent, c.unit, c.limit_days, c.district_unit, c.district_limit_days, c.initials])?;
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
