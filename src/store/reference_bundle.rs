//! The home's reference data as it travels: what a reference bundle holds, the settings and
//! holiday notices the home sends with its tables, and applying it all at a station in one
//! transaction, with the home's key pinned by the first bundle.

use chrono::NaiveDateTime;
use rusqlite::{Transaction, TransactionBehavior, params};

use super::Store;
use super::bundle::{ExportLog, write_log};
use super::error::Result;
use super::rows::datetime_text;
use crate::domain::category::{Category, Unit};
use crate::domain::member::Member;
use crate::domain::station::Station;
use crate::domain::wire::{WireDesk, WireEvent, WireHeld, WireNotice, WireResident, WireRoster};

/// The home's reference data, parsed.
pub struct ReferenceBundle {
    pub version: i64,
    pub name: String,
    /// The digest of its signed manifest (see `bundle::sign::manifest_digest`), noted as
    /// applied in the transaction that applies it.
    pub manifest: [u8; 32],
    pub home: String,
    /// The home desk that signed it.
    pub home_desk: uuid::Uuid,
    pub key: [u8; 32],
    pub stations: Vec<Station>,
    pub members: Vec<Member>,
    pub units: Vec<Unit>,
    pub categories: Vec<Category>,
    pub settings: Vec<(String, String)>,
    pub notices: Vec<WireNotice>,
    pub roster: Vec<WireRoster>,
    /// This station's cases as the home holds them (from a home that sends them).
    pub cases: Option<StationCases>,
}

/// The home's copy of one station's open and lately changed cases, checked by the bundle
/// layer: the station's part of what a reference bundle carries.
pub struct StationCases {
    pub desks: Vec<WireDesk>,
    pub events: Vec<WireEvent>,
    pub residents: Vec<WireResident>,
    pub held: Vec<WireHeld>,
    /// The station's open wishes and those changed lately.
    pub wishes: Vec<crate::domain::wish_wire::WireWish>,
}

/// What a reference bundle did at a station.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferenceApplied {
    /// Provisional deadlines counted again with the holiday notices the bundle brought.
    pub recomputed: super::RecomputePlan,
    /// The station's cases: what of them joined this desk's logs.
    pub cases: super::Recovered,
    /// Events the home holds aside for this station's cases.
    pub held_at_home: usize,
    /// The station's wishes: what of them joined this desk's logs.
    pub wishes: super::WishesTaken,
}

impl Store {
    /// Applies the home's reference data at a station, all or nothing. The home's key is
    /// pinned here by the first reference bundle; later ones must carry the same.
    pub fn apply_reference_bundle(
        &mut self,
        b: &ReferenceBundle,
        now: NaiveDateTime,
    ) -> Result<ReferenceApplied> {
        let desk = self.desk()?.code;
        let me = self.desk_identity()?;
        let progress = self.progress.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        super::home_copy::home_is_trusted(&tx, &b.home, &b.key)?;
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
        let mut cases = super::Recovered::default();
        let mut purged = false;
        let mut held_at_home = 0;
        let mut wishes = super::WishesTaken::default();
        if let Some(c) = &b.cases {
            wishes = super::wish_bundle::take_home_wishes(&tx, &c.desks, &c.wishes)?;
            if let Some(m) = super::home_copy::merge_home_copy(
                &tx,
                &me,
                &c.desks,
                &c.events,
                &c.residents,
                now,
                &*progress,
            )? {
                purged = !m.merged.purged.is_empty();
                cases = super::Recovered {
                    events: m.merged.applied,
                    skipped: m.merged.skipped,
                    held: m.merged.held,
                    new_cases: m.merged.new_cases,
                    new_epoch: m.new_epoch,
                    wishes: Default::default(),
                };
            }
            super::home_copy::replace_held_at_home(&tx, &c.held)?;
            held_at_home = c.held.len();
        }
        super::applied_manifests::note_applied(&tx, &b.manifest, "reference", &b.name, now)?;
        write_log(
            &tx,
            "import",
            &ExportLog {
                kind: "reference",
                station: &b.home,
                desk: Some(b.home_desk),
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
        super::search_index::catch_up(&tx)?;
        tx.commit()?;
        if purged {
            self.scrub()?;
        }
        Ok(ReferenceApplied {
            recomputed: plan,
            cases,
            held_at_home,
            wishes,
        })
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
