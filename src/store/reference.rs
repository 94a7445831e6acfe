//! Reference data in the file: the network, the taxonomy, the holiday table and the
//! station's own settings.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{date_text, datetime_text, parsed, parsed_opt};
use crate::assets::Network;
use crate::domain::calendar::{HolidayTable, StationCalendar};
use crate::domain::category::{Category, ProposalRoute, Taxonomy, Unit};
use crate::domain::holidays::Notice;
use crate::domain::initials::person_initials;
use crate::domain::member::Member;
use crate::domain::references::References;
use crate::domain::station::Station;

/// A loaded holiday notice, as listed by `liaison holidays`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NoticeSummary {
    pub year: i32,
    pub title: String,
    pub holidays: u32,
    pub workdays: u32,
    pub loaded_at: String,
}

impl Store {
    /// Whether `init` has run on this file.
    pub fn is_initialised(&self) -> Result<bool> {
        Ok(self.meta("station")?.is_some())
    }

    /// Sets the file up as desk 1 of `station`, with the shipped reference data.
    pub fn initialise(
        &mut self,
        station: &str,
        network: &Network,
        taxonomy: &Taxonomy,
        notices: &[Notice],
        now: NaiveDateTime,
    ) -> Result<Station> {
        self.initialise_desk(station, 1, network, taxonomy, notices, now)
    }

    /// Sets the file up as desk `desk` of `station` (a new desk id and key pair, epoch 1),
    /// with the shipped reference data.
    pub fn initialise_desk(
        &mut self,
        station: &str,
        desk_number: u32,
        network: &Network,
        taxonomy: &Taxonomy,
        notices: &[Notice],
        now: NaiveDateTime,
    ) -> Result<Station> {
        let Some(desk) = network.station(station) else {
            return Err(StoreError::UnknownStation {
                code: station.to_string(),
                valid: network.codes(),
            });
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<String> = tx
            .query_row("SELECT value FROM meta WHERE key = 'station'", [], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(station) = existing {
            return Err(StoreError::AlreadyInitialised {
                path: self.path.clone(),
                station,
            });
        }
        insert_network(&tx, network)?;
        insert_taxonomy(&tx, taxonomy)?;
        insert_notices(&tx, notices, now)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('station', ?1), ('created_at', ?2)",
            params![desk.code, datetime_text(now)],
        )?;
        super::desk::create_desk(&tx, &desk.code, desk_number, now)?;
        tx.commit()?;
        Ok(desk.clone())
    }

    /// The station this desk belongs to.
    pub fn desk(&self) -> Result<Station> {
        let code = self
            .meta("station")?
            .ok_or_else(|| StoreError::NotInitialised(self.path.clone()))?;
        self.station(&code)?
            .ok_or_else(|| StoreError::Corrupt(format!("the desk's station {code} is missing")))
    }

    /// Demo databases are marked so that real work never lands in one, nor demo data in a
    /// real one.
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.meta("demo")?.as_deref() == Some("1"))
    }

    pub fn mark_demo(&self) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('demo', '1') \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [],
        )?;
        Ok(())
    }

    pub fn stations(&self) -> Result<Vec<Station>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, name, kind, parent, address, leader, phone, name_en FROM stations \
             ORDER BY CASE kind WHEN 'home' THEN 0 WHEN 'station' THEN 1 ELSE 2 END, rowid",
        )?;
        let rows = stmt.query_map([], station_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn station(&self, code: &str) -> Result<Option<Station>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, name, kind, parent, address, leader, phone, name_en FROM stations WHERE code = ?1",
        )?;
        Ok(stmt.query_row([code], station_from_row).optional()?)
    }

    pub fn members(&self) -> Result<Vec<Member>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, kind, level, station, title FROM members ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let name: String = r.get(1)?;
            Ok(Member {
                id: r.get(0)?,
                // Computed again from the name: files written before surnames were read by
                // every reading hold the usual reading only.
                initials: person_initials(&name),
                name,
                kind: parsed(r, 2)?,
                level: parsed_opt(r, 3)?,
                station: r.get(4)?,
                title: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn taxonomy(&self) -> Result<Taxonomy> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, name, tier, contact, phone, name_en FROM units ORDER BY rowid",
        )?;
        let units = stmt
            .query_map([], |r| {
                Ok(Unit {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    tier: parsed(r, 2)?,
                    contact: r.get(3)?,
                    phone: r.get(4)?,
                    name_en: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, name, parent, unit, limit_days, district_unit, district_limit_days, \
             initials, name_en FROM categories ORDER BY code",
        )?;
        let categories = stmt
            .query_map([], |r| {
                Ok(Category {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    parent: r.get(2)?,
                    unit: r.get(3)?,
                    limit_days: r.get(4)?,
                    district_unit: r.get(5)?,
                    district_limit_days: r.get(6)?,
                    initials: r.get(7)?,
                    name_en: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let unit = self
            .meta("proposal_unit")?
            .ok_or_else(|| StoreError::Corrupt("the proposal route is missing".into()))?;
        let limit_days = self
            .meta("proposal_limit_days")?
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| StoreError::Corrupt("the proposal time limit is missing".into()))?;
        Ok(Taxonomy {
            units,
            categories,
            proposal: ProposalRoute { unit, limit_days },
        })
    }

    /// The desk's reference data as printed documents need it.
    pub fn document_references(&self) -> Result<References> {
        Ok(References {
            station: self.desk()?,
            taxonomy: self.taxonomy()?,
            members: self.members()?,
            holidays: self.holiday_table()?,
        })
    }

    pub fn holiday_table(&self) -> Result<HolidayTable> {
        let mut table = HolidayTable::new();
        let mut years = self
            .conn
            .prepare_cached("SELECT year FROM holiday_notices")?;
        let years = years
            .query_map([], |r| r.get::<_, i32>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT date, kind FROM holidays WHERE notice = ?1")?;
        for year in years {
            let days = stmt
                .query_map([year], |r| Ok((parsed::<NaiveDate>(r, 0)?, parsed(r, 1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            table.add_year(year, days);
        }
        Ok(table)
    }

    /// The holiday table plus the station's hand-set reception days.
    pub fn calendar(&self, station: &str) -> Result<StationCalendar> {
        let holidays = self.holiday_table()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT month, date FROM reception_overrides WHERE station = ?1")?;
        let mut overrides = std::collections::BTreeMap::new();
        let rows = stmt.query_map([station], |r| {
            Ok((r.get::<_, String>(0)?, parsed::<NaiveDate>(r, 1)?))
        })?;
        for row in rows {
            let (month, date) = row?;
            let (y, m) = month
                .split_once('-')
                .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
                .ok_or_else(|| StoreError::Corrupt(format!("bad override month `{month}`")))?;
            overrides.insert((y, m), date);
        }
        Ok(StationCalendar {
            holidays,
            overrides,
        })
    }

    /// Loads holiday notices (a year already present is replaced) and recomputes the
    /// provisional deadlines they settle, as [`Store::load_notices`] does; returns the years
    /// loaded.
    pub fn import_notices(&mut self, notices: &[Notice], now: NaiveDateTime) -> Result<Vec<i32>> {
        self.load_notices(notices, "holidays", now)?;
        Ok(notices.iter().map(|n| n.year).collect())
    }

    pub fn notice_summaries(&self) -> Result<Vec<NoticeSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.year, n.title, n.loaded_at, \
               (SELECT count(*) FROM holidays h WHERE h.notice = n.year AND h.kind = 'holiday'), \
               (SELECT count(*) FROM holidays h WHERE h.notice = n.year AND h.kind = 'workday') \
             FROM holiday_notices n ORDER BY n.year",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(NoticeSummary {
                year: r.get(0)?,
                title: r.get(1)?,
                loaded_at: r.get(2)?,
                holidays: r.get(3)?,
                workdays: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Moves (or, with `None`, restores) a station's reception day for one month.
    pub fn set_reception_day(
        &mut self,
        station: &str,
        year: i32,
        month: u32,
        date: Option<NaiveDate>,
        reason: Option<&str>,
    ) -> Result<()> {
        let key = format!("{year:04}-{month:02}");
        if let Some(d) = date
            && (d.year(), d.month()) != (year, month)
            && (d - NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(d))
                .num_days()
                .abs()
                > 45
        {
            return Err(crate::refusal!(
                crate::i18n::Error::ReceptionTooFar,
                date = d,
                month = key
            )
            .into());
        }
        match date {
            Some(d) => self.conn.execute(
                "INSERT INTO reception_overrides (station, month, date, reason) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (station, month) DO UPDATE SET date = excluded.date, reason = excluded.reason",
                params![station, key, date_text(d), reason],
            )?,
            None => self.conn.execute(
                "DELETE FROM reception_overrides WHERE station = ?1 AND month = ?2",
                params![station, key],
            )?,
        };
        Ok(())
    }
}

fn station_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Station> {
    Ok(Station {
        code: r.get(0)?,
        name: r.get(1)?,
        kind: parsed(r, 2)?,
        parent: r.get(3)?,
        address: r.get(4)?,
        leader: r.get(5)?,
        phone: r.get(6)?,
        name_en: r.get(7)?,
    })
}

fn insert_network(tx: &Transaction<'_>, network: &Network) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO stations (code, name, kind, parent, address, leader, phone, name_en) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    // Parents first, so that the foreign key holds at every insert.
    let mut ordered: Vec<&Station> = network.stations.iter().collect();
    ordered.sort_by_key(|s| s.parent.is_some());
    for s in ordered {
        stmt.execute(params![
            s.code,
            s.name,
            s.kind.as_str(),
            s.parent,
            s.address,
            s.leader,
            s.phone,
            s.name_en
        ])?;
    }
    let mut stmt = tx.prepare(
        "INSERT INTO members (id, name, kind, level, station, initials, title) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for m in &network.members {
        stmt.execute(params![
            m.id,
            m.name,
            m.kind.as_str(),
            m.level.map(|l| l.as_str()),
            m.station,
            m.initials,
            m.title
        ])?;
    }
    Ok(())
}

fn insert_taxonomy(tx: &Transaction<'_>, taxonomy: &Taxonomy) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO units (code, name, tier, contact, phone, name_en) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for u in &taxonomy.units {
        stmt.execute(params![
            u.code,
            u.name,
            u.tier.as_str(),
            u.contact,
            u.phone,
            u.name_en
        ])?;
    }
    let mut stmt = tx.prepare(
        "INSERT INTO categories (code, name, parent, unit, limit_days, district_unit, \
         district_limit_days, initials, name_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for c in &taxonomy.categories {
        stmt.execute(params![
            c.code,
            c.name,
            c.parent,
            c.unit,
            c.limit_days,
            c.district_unit,
            c.district_limit_days,
            c.initials,
            c.name_en
        ])?;
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('proposal_unit', ?1), ('proposal_limit_days', ?2)",
        params![
            taxonomy.proposal.unit,
            taxonomy.proposal.limit_days.to_string()
        ],
    )?;
    Ok(())
}

pub(super) fn insert_notices(
    tx: &Transaction<'_>,
    notices: &[Notice],
    now: NaiveDateTime,
) -> Result<()> {
    let mut notice_stmt =
        tx.prepare("INSERT INTO holiday_notices (year, title, loaded_at) VALUES (?1, ?2, ?3)")?;
    let mut day_stmt =
        tx.prepare("INSERT INTO holidays (date, kind, name, notice) VALUES (?1, ?2, ?3, ?4)")?;
    for n in notices {
        notice_stmt.execute(params![n.year, n.title, datetime_text(now)])?;
        for d in &n.days {
            day_stmt
                .execute(params![date_text(d.date), d.kind.as_str(), d.name, n.year])
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::from(
                        crate::refusal!(crate::i18n::Error::DayNamedTwice, date = d.date),
                    ),
                    _ => StoreError::from(e),
                })?;
        }
    }
    Ok(())
}
