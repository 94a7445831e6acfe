//! Retention: erasing residents' personal data from finished cases older than a cut-off,
//! keeping every case, event and figure the statistics use.
//!
//! Erased means gone from the disk, not only from the tables: the resident's name and phone,
//! the address beyond its compound, and the personal numbers typed into the case's texts
//! (see [`crate::domain::numbers_in_text`]) are removed from the rows *and* from the events'
//! payloads, with what they held overwritten by zeros (`secure_delete`, on for every
//! connection); then the search index is merged, the file rewritten where an older program
//! may have left stale copies of cells in its free space (`VACUUM`, once per file, see the
//! `free_space` table), and the write-ahead log emptied.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Transaction, TransactionBehavior, params};

use super::Store;
use super::cases::event_from_row;
use super::erase_set;
use super::erasure::ErasureDone;
use super::error::{Result, StoreError};
use super::origin::origin;
use super::rows::{CASE_COLUMNS, case_from_row, date_text, whole_seconds};
use super::write::{Writer, clean_actor, desk_code};
use crate::domain::case::{Case, CaseId, Resident};
use crate::domain::numbers_in_text::erase_numbers;
use crate::domain::retention::holds_personal_data;
use crate::i18n::Error;
use crate::progress::Stage;

/// Cases erased by one set of statements.
const BATCH: usize = 2_000;
/// A transaction takes batches until it has run this long: other terminals keep saving
/// between transactions, and a quick machine commits (and checkpoints) a few times only.
const TRANSACTION_TIME: Duration = Duration::from_millis(1_000);

/// The search index's `automerge` setting, SQLite's default: how many segments of a level
/// are merged as the index is written.
const AUTOMERGE: i64 = 4;

fn set_automerge(conn: &rusqlite::Connection, value: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO case_search (case_search, rank) VALUES ('automerge', ?1)")?
        .execute([value])?;
    Ok(())
}

/// What a purge did.
#[derive(Debug, Default)]
pub struct Purged {
    pub cases: Vec<CaseId>,
    /// Wishes whose personal data was erased (see `wish_purge`).
    pub wishes: Vec<crate::domain::wish::WishId>,
    /// The erasure finished beyond the tables (this one's, and any an earlier purge left).
    pub finished: Option<ErasureDone>,
}

impl Store {
    /// The finished cases closed before `before` (within this desk's scope) whose resident
    /// still has personal data, or whose texts still hold a personal number.
    pub fn purge_candidates(&self, before: NaiveDate) -> Result<Vec<CaseId>> {
        let scope = self.scope()?;
        // A station desk erases the cases it owns; the copies it holds of its sister desks'
        // cases are erased by their owners' purges, which reach it from the home.
        let me = match self.is_home()? {
            true => None,
            false => Some(origin(&self.conn, &self.path)?.desk),
        };
        // `sure`: registered by this desk and never transferred, so owned without reading
        // the log again (`case_owner`, which the rest go through).
        let mut stmt = self.conn.prepare(
            "SELECT c.id, r.name, r.phone, r.address, \
               ?3 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM case_events t INDEXED BY case_events_case \
                           WHERE t.case_id = c.id AND t.kind = 'transferred') \
               AND (SELECT e.desk FROM case_events e INDEXED BY case_events_case \
                    WHERE e.case_id = c.id AND e.kind = 'registered' LIMIT 1) IS ?3 \
             FROM cases c \
             JOIN residents r ON r.case_id = c.id \
             WHERE c.status IN ('answered', 'declined', 'closed', 'withdrawn') \
               AND c.closed_at < ?1 \
               AND (?2 IS NULL OR c.station = ?2) \
             ORDER BY c.closed_at",
        )?;
        let rows = stmt.query_map(params![date_text(before), scope, me], |r| {
            Ok((
                r.get::<_, CaseId>(0)?,
                Resident {
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    address: r.get(3)?,
                },
                r.get::<_, bool>(4)?,
            ))
        })?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, resident, sure) = row?;
            if let Some(me) = me
                && !sure
                && super::owner::case_owner(&self.conn, id)?.is_none_or(|o| o.row != Some(me))
            {
                continue;
            }
            if holds_personal_data(&resident) || self.texts_hold_numbers(id)? {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Whether a personal number is left in a case's texts, or a resident's field in a
    /// correction. Only corrections and events with a run of seven digits (or a full-width
    /// digit) are read.
    fn texts_hold_numbers(&self, case: CaseId) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, case_id, at, actor, kind, payload FROM case_events WHERE case_id = ?1 \
             AND (kind = 'corrected' OR payload GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' \
                  OR payload GLOB '*[０-９]*')",
        )?;
        let rows = stmt.query_map([case], event_from_row)?;
        for row in rows {
            let mut body = row??.body;
            if body.map_texts(erase_numbers) | body.map_resident(super::erase_set::kept_of) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Records a `purged` event on each candidate, which erases its personal data and lists
    /// what is left to erase (in the same transaction), and then finishes the erasure: the
    /// erased bytes leave this file and its write-ahead log, the backups and files kept aside
    /// beside it, and the documents printed for the cases.
    pub fn purge_before(
        &mut self,
        before: NaiveDate,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<Purged> {
        let ids = self.purge_candidates(before)?;
        self.purge_cases(ids, before, actor, now)
    }

    /// [`Store::purge_before`] for candidates just listed by [`Store::purge_candidates`]
    /// (each batch still checks that its cases exist); the wishes are listed here, at once.
    pub fn purge_cases(
        &mut self,
        ids: Vec<CaseId>,
        before: NaiveDate,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<Purged> {
        let wishes = self.wish_purge_candidates(before)?;
        let progress = self.progress.clone();
        progress.stage(Stage::Erasing, ids.len() as u64);
        let result = self.erasing(|store| {
            let mut chunks = ids.chunks(BATCH).peekable();
            while chunks.peek().is_some() {
                store.purge_transaction(&mut chunks, before, actor, now)?;
            }
            store.purge_wishes(&wishes, before, actor, now)
        });
        progress.finish();
        result?;
        let finished = self.finish_erasure()?;
        Ok(Purged {
            cases: ids,
            wishes,
            finished,
        })
    }

    /// One transaction of a purge: batches taken from `chunks` for [`TRANSACTION_TIME`] at
    /// most (one at least), each erased as one set (see [`purge_batch`]), and the search index
    /// caught up once.
    fn purge_transaction<'a>(
        &mut self,
        chunks: &mut impl Iterator<Item = &'a [CaseId]>,
        before: NaiveDate,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let started = std::time::Instant::now();
        let actor = clean_actor(actor);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let station = desk_code(&tx, &self.path)?;
        let writer = Writer {
            tx: &tx,
            origin: origin(&tx, &self.path)?,
            station: &station,
            actor: &actor,
            now: whole_seconds(now),
        };
        for chunk in chunks.by_ref() {
            purge_batch(&writer, chunk, before)?;
            self.progress.advance(chunk.len() as u64);
            if started.elapsed() >= TRANSACTION_TIME {
                break;
            }
        }
        super::search_index::catch_up(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// The latest cut-off of a purge recorded in this file, if any.
    pub fn latest_purge(&self) -> Result<Option<NaiveDate>> {
        let found: Option<String> = self.conn.query_row(
            "SELECT max(payload ->> '$.before') FROM case_events WHERE kind = 'purged'",
            [],
            |r| r.get(0),
        )?;
        Ok(found.and_then(|d| d.parse().ok()))
    }

    /// Erases, in this file, the personal data of cases another copy of the desk purged
    /// (a daily backup, a file kept aside by a restore): no events are written, the file
    /// is a copy. Returns how many of the cases it held.
    pub fn erase_cases(&mut self, cases: &[CaseId]) -> Result<usize> {
        let found = self.erasing(|store| {
            let mut found = 0;
            for chunk in cases.chunks(BATCH) {
                let tx = store
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                erase_set::fill(&tx, chunk)?;
                found += erase_set::held(&tx)?;
                erase_set::erase(&tx)?;
                super::search_index::catch_up(&tx)?;
                tx.commit()?;
            }
            Ok(found)
        })?;
        if found > 0 {
            self.scrub()?;
        }
        Ok(found)
    }

    /// Runs the transactions of an erasure with the search index's merging held: each batch's
    /// deletions would make it merge the segment of the whole history again, batch after
    /// batch; the rewrite that follows ([`Store::scrub`]) merges it once. The merging and the
    /// log's syncing are set back however the work ends (a rewrite left to do sets the
    /// merging back too).
    pub(super) fn erasing<T>(&mut self, work: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        // Each batch is atomic either way; its commit is made durable by the next sync of
        // the log (the rewrite's, or any other terminal's commit), not by one `fsync` each.
        // A batch lost to a power cut is neither erased nor listed: the next purge takes it.
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let held = set_automerge(&self.conn, 0);
        let result = held.and_then(|()| work(self));
        let merging = set_automerge(&self.conn, AUTOMERGE);
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let value = result?;
        merging?;
        Ok(value)
    }

    /// Makes erased data leave the disk: merges the search index (dropping what it kept of
    /// old texts; the segments it frees are overwritten with zeros), rewrites the file
    /// where its free space may still hold what an older program left readable there, and
    /// empties the write-ahead log, whose earlier frames hold pages as they were.
    /// Another terminal reading at the same moment is waited for; one that keeps the log
    /// busy past the wait is named.
    pub(super) fn scrub(&self) -> Result<()> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        super::search_index::catch_up(&tx)?;
        set_automerge(&tx, AUTOMERGE)?;
        tx.execute(
            "INSERT INTO case_search (case_search) VALUES ('optimize')",
            [],
        )?;
        let clean: bool = tx.query_row("SELECT clean FROM free_space", [], |r| r.get(0))?;
        tx.commit()?;
        if !clean {
            self.conn.execute_batch("VACUUM")?;
            // Set only once the rewrite is done: a crash before leaves it to the next purge.
            self.conn.execute("UPDATE free_space SET clean = 1", [])?;
        }
        for _ in 0..20 {
            let (busy, _, _): (i64, i64, i64) =
                self.conn
                    .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })?;
            if busy == 0 {
                return super::erasure::rewritten(self);
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Err(crate::refusal!(Error::WalKeptBusy, path = self.path.display()).into())
    }
}

/// Erases a case's personal data (see [`erase_set::erase`]) and lists what is left to erase
/// beyond the tables, in the same transaction. Called wherever a `purged` event is written
/// one case at a time: at the desk, or when a bundle brings one.
pub(super) fn erase_case(tx: &Transaction<'_>, case: CaseId) -> Result<()> {
    erase_set::fill(tx, &[case])?;
    super::erasure::note_set(tx)?;
    erase_set::erase(tx)
}

/// One batch of a purge, inside the caller's transaction: a `purged` event on each case of
/// `chunk`, their personal data erased as one set, what is left to erase listed.
fn purge_batch(writer: &Writer<'_>, chunk: &[CaseId], before: NaiveDate) -> Result<()> {
    erase_set::fill(writer.tx, chunk)?;
    let cases: Vec<Case> = {
        let sql = format!(
            "SELECT {} FROM cases c WHERE c.id IN (SELECT id FROM temp.erase_set)",
            *CASE_COLUMNS
        );
        let mut stmt = writer.tx.prepare_cached(&sql)?;
        stmt.query_map([], case_from_row)?
            .collect::<rusqlite::Result<_>>()?
    };
    if cases.len() != chunk.len() {
        let found: std::collections::BTreeSet<_> = cases.iter().map(|c| c.id).collect();
        let missing = chunk.iter().find(|id| !found.contains(id)).copied();
        return Err(StoreError::UnknownCase(
            missing.map(|id| id.to_string()).unwrap_or_default(),
        ));
    }
    for case in &cases {
        writer.record_purged(case, before)?;
    }
    super::erasure::note_set(writer.tx)?;
    erase_set::erase(writer.tx)?;
    Ok(())
}
