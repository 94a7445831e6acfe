//! Loading many historical cases at once (demo data, benchmarks): one transaction, cached
//! statements, every row still built by replaying its events through the transition function.

use std::collections::HashMap;

use rusqlite::{Transaction, TransactionBehavior, params};

use super::Store;
use super::error::Result;
use super::rows::{INSERT_CASE, datetime_text, execute_with_case};
use super::write::insert_resident;
use crate::domain::case::Resident;
use crate::domain::event::Event;
use crate::domain::transition::replay;

/// Page cache during a bulk load, in KiB: the indexes being filled stay in memory.
const BULK_CACHE_KIB: i64 = 256 * 1024;
/// SQLite's default page cache, in KiB, for normal work.
const NORMAL_CACHE_KIB: i64 = 2000;

/// An open bulk load; nothing is visible to others until it commits.
pub struct BulkLoader<'a> {
    tx: Transaction<'a>,
    next_seq: HashMap<String, i64>,
    cases: u64,
    /// The file held no case when the load began: no number can clash with an old one.
    was_empty: bool,
}

impl Store {
    /// Runs `fill` inside one transaction and commits what it added; on an error nothing is
    /// written. Returns the number of cases added.
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
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            // The search index is filled once at the end rather than row by row: one pass
            // over the new rows is several times faster than a trigger per insert.
            let trigger: String = tx.query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'case_text_insert'",
                [],
                |r| r.get(0),
            )?;
            let last_row: i64 =
                tx.query_row("SELECT coalesce(max(rowid), 0) FROM cases", [], |r| {
                    r.get(0)
                })?;
            tx.execute_batch("DROP TRIGGER case_text_insert")?;
            // Into an empty file, secondary indexes are cheaper built once, from sorted data,
            // than kept up row by row.
            let deferred = if last_row == 0 {
                secondary_indexes(&tx)?
            } else {
                Vec::new()
            };
            for (name, _) in &deferred {
                tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            }
            let mut loader = BulkLoader {
                tx,
                next_seq: HashMap::new(),
                cases: 0,
                was_empty: last_row == 0,
            };
            fill(&mut loader)?;
            loader.tx.execute(
                "INSERT INTO case_text (rowid, content) SELECT rowid, content FROM cases WHERE rowid > ?1",
                [last_row],
            )?;
            loader.tx.execute_batch(&trigger)?;
            for (_, sql) in &deferred {
                loader.tx.execute_batch(sql)?;
            }
            loader.tx.commit()?;
            Ok(loader.cases)
        })();
        self.conn
            .pragma_update(None, "cache_size", -NORMAL_CACHE_KIB)?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(super::error::StoreError::Invalid(format!(
                "could not return to write-ahead logging after the load (mode `{mode}`)"
            )));
        }
        result
    }
}

impl BulkLoader<'_> {
    /// The highest sequence number already given to a station's day, so that loaded cases
    /// continue the numbering.
    pub fn last_day_seq(&self, station: &str, day: chrono::NaiveDate) -> Result<u32> {
        if self.was_empty {
            return Ok(0);
        }
        super::write::last_day_seq(&self.tx, station, day)
    }

    /// Adds one case from its full log; the events are numbered in the outbox of the case's
    /// station, as if that station's desk had written them.
    pub fn add(&mut self, resident: &Resident, events: &[Event]) -> Result<()> {
        let Some(case) = replay(events)? else {
            return Ok(());
        };
        execute_with_case(&mut *self.tx.prepare_cached(&INSERT_CASE)?, &case)?;
        insert_resident(&self.tx, case.id, resident)?;
        let origin = case.station.as_str();
        let seq = match self.next_seq.get_mut(origin) {
            Some(seq) => seq,
            None => {
                let last: i64 = self.tx.query_row(
                    "SELECT coalesce(max(origin_seq), 0) FROM case_events WHERE origin = ?1",
                    [origin],
                    |r| r.get(0),
                )?;
                self.next_seq.entry(origin.to_string()).or_insert(last)
            }
        };
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO case_events (id, case_id, at, actor, kind, payload, origin, origin_seq) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for e in events {
            *seq += 1;
            stmt.execute(params![
                e.id,
                case.id,
                datetime_text(e.at),
                e.actor,
                e.body.kind().as_str(),
                e.body.payload_json(),
                origin,
                *seq,
            ])?;
        }
        self.cases += 1;
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
