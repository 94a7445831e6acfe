//! Loading many historical cases at once (demo data, benchmarks): one transaction, cached
//! statements, every row still built by replaying its events through the transition function.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::Store;
use super::error::Result;
use super::origin::Origin;
use super::rows::{INSERT_CASE, datetime_text, execute_with_case};
use super::search_index;
use super::wish_rows::{WishPeople, write_wish_row};
use super::wishes::{append_wish_event, last_wish_counter};
use super::write::insert_resident;
use crate::domain::case::Resident;
use crate::domain::desk::DeskTag;
use crate::domain::event::Event;
use crate::domain::transition::replay;
use crate::domain::wish::{WishEvent, wish_number};
use crate::progress::{Progress, Reporter, Stage};

/// Page cache during a bulk load, in KiB: the indexes being filled stay in memory.
const BULK_CACHE_KIB: i64 = 256 * 1024;
/// SQLite's default page cache, in KiB, for normal work.
const NORMAL_CACHE_KIB: i64 = 2000;

/// An open bulk load; nothing is visible to others until it commits.
pub struct BulkLoader<'a> {
    tx: Transaction<'a>,
    /// This desk: its station's cases are written as its own.
    origin: Origin,
    station: String,
    /// Per station: the desk its events are written as, and the next sequence.
    desks: HashMap<String, (i64, u32, i64)>,
    cases: u64,
    /// The last wish counter given per station and day.
    wish_counters: HashMap<(String, chrono::NaiveDate), u32>,
    /// The file held no case when the load began: no number can clash with an old one.
    was_empty: bool,
    progress: Reporter,
}

impl Store {
    /// Runs `fill` inside one transaction and commits what it added; on an error nothing is
    /// written. Returns the number of cases added. The loader reports to this store's
    /// progress ([`BulkLoader::progress`]); so does the indexing after it.
    pub fn bulk_load(
        &mut self,
        fill: impl FnOnce(&mut BulkLoader<'_>) -> Result<()>,
    ) -> Result<u64> {
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        // Without the write-ahead log the pages are written once instead of twice (log, then
        // checkpoint). The rollback journal still makes the load all-or-nothing. If another
        // connection is open the switch is refused and the load simply runs in WAL mode.
        let _: rusqlite::Result<String> =
            self.conn
                .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0));
        let path = self.path.clone();
        let progress = self.progress.clone();
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let suspended = Suspended::begin(&tx)?;
            let origin = super::origin::origin(&tx, &path)?;
            let station = super::write::desk_code(&tx, &path)?;
            let mut loader = BulkLoader {
                tx,
                origin,
                station,
                desks: HashMap::new(),
                cases: 0,
                wish_counters: HashMap::new(),
                was_empty: suspended.last_row == 0,
                progress,
            };
            fill(&mut loader)?;
            suspended.end(&loader.tx, &*loader.progress)?;
            loader.tx.commit()?;
            Ok(loader.cases)
        })();
        self.progress.finish();
        self.conn
            .pragma_update(None, "cache_size", -NORMAL_CACHE_KIB)?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(crate::refusal!(crate::i18n::Error::NoWalAfterLoad, mode = mode).into());
        }
        result
    }
}

/// What a bulk load sets aside while it writes, and puts back after: the search index's
/// triggers (the new cases are indexed in one pass instead of one by one) and, into an
/// empty file, the secondary indexes (cheaper built once, from sorted data, than kept up
/// row by row).
struct Suspended {
    /// The rowid of the last case before the load.
    last_row: i64,
    triggers: Vec<String>,
    indexes: Vec<(String, String)>,
}

impl Suspended {
    fn begin(tx: &Transaction<'_>) -> Result<Suspended> {
        let last_row: i64 = tx.query_row("SELECT coalesce(max(rowid), 0) FROM cases", [], |r| {
            r.get(0)
        })?;
        let mut triggers = Vec::new();
        for name in search_index::INSERT_TRIGGERS {
            let sql: String = tx.query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                [name],
                |r| r.get(0),
            )?;
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
            triggers.push(sql);
        }
        let indexes = if last_row == 0 {
            secondary_indexes(tx)?
        } else {
            Vec::new()
        };
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        Ok(Suspended {
            last_row,
            triggers,
            indexes,
        })
    }

    fn end(self, tx: &Transaction<'_>, progress: &dyn Progress) -> Result<()> {
        search_index::index_from(tx, self.last_row, progress)?;
        for sql in &self.triggers {
            tx.execute_batch(sql)?;
        }
        progress.stage(Stage::BuildingIndexes, 0);
        for (_, sql) in &self.indexes {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}

impl BulkLoader<'_> {
    /// Where the work filling the load reports how far it is.
    pub fn progress(&self) -> &dyn Progress {
        &*self.progress
    }

    /// The desk tag of a station's numbers: this desk's for its own station, desk 1's for
    /// the others (a home's demo holds every station's cases).
    pub fn tag_for(&self, station: &str) -> DeskTag {
        if station == self.station {
            self.origin.tag
        } else {
            DeskTag::FIRST
        }
    }

    /// The highest counter already given on a station's day, so that loaded cases continue
    /// the numbering.
    pub fn last_day_seq(&self, station: &str, day: chrono::NaiveDate) -> Result<u32> {
        if self.was_empty {
            return Ok(0);
        }
        super::write::last_day_seq(&self.tx, station, self.tag_for(station), day)
    }

    /// The desk a station's loaded events are written as, and its last sequence: this desk
    /// for its own station; for another, that station's desk 1 (added, not enrolled, when
    /// this file has not heard of it).
    fn desk_for(&mut self, station: &str) -> Result<&mut (i64, u32, i64)> {
        if !self.desks.contains_key(station) {
            let (desk, epoch) = if station == self.station {
                (self.origin.desk, self.origin.epoch)
            } else {
                let found: Option<i64> = self
                    .tx
                    .query_row(
                        "SELECT id FROM desks WHERE station = ?1 AND number = 1 ORDER BY id LIMIT 1",
                        [station],
                        |r| r.get(0),
                    )
                    .optional()?;
                let id = match found {
                    Some(id) => id,
                    None => {
                        self.tx.execute(
                            "INSERT INTO desks (uuid, station, number) VALUES (?1, ?2, 1)",
                            params![uuid::Uuid::now_v7(), station],
                        )?;
                        self.tx.last_insert_rowid()
                    }
                };
                (id, 1)
            };
            let last: i64 = self.tx.query_row(
                "SELECT coalesce(max(desk_seq), 0) FROM case_events WHERE desk = ?1 AND epoch = ?2",
                params![desk, epoch],
                |r| r.get(0),
            )?;
            self.desks.insert(station.to_string(), (desk, epoch, last));
        }
        Ok(self.desks.get_mut(station).expect("inserted above"))
    }

    /// Adds one case from its full log; the events are numbered in the outbox of the desk
    /// that would have written them.
    pub fn add(&mut self, resident: &Resident, events: &[Event]) -> Result<()> {
        let Some(case) = replay(events)? else {
            return Ok(());
        };
        execute_with_case(&mut *self.tx.prepare_cached(&INSERT_CASE)?, &case)?;
        insert_resident(&self.tx, case.id, resident)?;
        let (desk, epoch, mut seq) = *self.desk_for(&case.station)?;
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO case_events (id, case_id, at, actor, kind, payload, desk, epoch, desk_seq, digest) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for e in events {
            seq += 1;
            let at = datetime_text(e.at);
            let kind = e.body.kind().as_str();
            let payload = e.body.payload_json();
            let digest = crate::domain::digest::event_digest_of_text(
                e.id, case.id, &at, &e.actor, kind, &payload,
            );
            stmt.execute(params![
                e.id,
                case.id,
                at,
                e.actor,
                kind,
                payload,
                desk,
                epoch,
                seq,
                digest.as_slice(),
            ])?;
        }
        drop(stmt);
        self.desk_for(&case.station)?.2 = seq;
        self.cases += 1;
        Ok(())
    }
}

impl BulkLoader<'_> {
    /// The next wish number of a station's day, after those already in the file (as that
    /// station's desk would have given it: this desk's tag for its own, desk 1's for others).
    pub fn next_wish_number(&mut self, station: &str, day: chrono::NaiveDate) -> Result<String> {
        let tag = self.tag_for(station);
        let key = (station.to_string(), day);
        let counter = match self.wish_counters.get(&key) {
            Some(last) => last + 1,
            None => last_wish_counter(&self.tx, station, tag, day)? + 1,
        };
        self.wish_counters.insert(key, counter);
        Ok(wish_number(station, day, tag, counter))
    }

    /// Adds one wish from its full log and its people, as its desk's bundle would bring it:
    /// the row is the replay of the log, and each event is written in the name of the desk
    /// that would have written it, encoded as every wish event is. A log that does not
    /// replay is refused (and the whole load with it).
    pub fn add_wish(&mut self, people: &WishPeople, events: &[WishEvent]) -> Result<()> {
        let Some(wish) = crate::domain::wish::replay(events)? else {
            return Ok(());
        };
        write_wish_row(&self.tx, &wish)?;
        if !people.is_empty() {
            self.tx
                .prepare_cached(
                    "INSERT INTO wish_people (wish_id, name, phone, address, volunteer) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    wish.id,
                    people.name,
                    people.phone,
                    people.address,
                    people.volunteer
                ])?;
        }
        let tag = self.tag_for(&wish.station);
        let (desk, epoch, _) = *self.desk_for(&wish.station)?;
        let origin = Origin { desk, epoch, tag };
        for e in events {
            append_wish_event(&self.tx, e, origin)?;
        }
        Ok(())
    }
}

/// The secondary indexes of the case tables: (name, CREATE statement).
fn secondary_indexes(tx: &Transaction<'_>) -> Result<Vec<(String, String)>> {
    let mut stmt = tx.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL \
         AND tbl_name IN ('cases', 'residents', 'case_events')",
    )?;
    let found = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(found)
}
