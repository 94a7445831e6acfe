//! Retention: erasing residents' personal data from finished cases older than a cut-off,
//! keeping every case, event and figure the statistics use.
//!
//! Erased means gone from the disk, not only from the tables: the resident's name and phone,
//! the address beyond its compound, and the personal numbers typed into the case's texts
//! (see [`crate::domain::numbers_in_text`]) are removed from the rows *and* from the events'
//! payloads; then the search index is merged, the file rewritten (`VACUUM`, which leaves no
//! stale copy of a cell in free space) and the write-ahead log emptied.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::Store;
use super::cases::event_from_row;
use super::erasure::ErasureDone;
use super::error::{Result, StoreError};
use super::rows::{UPDATE_CASE, date_text, execute_with_case};
use crate::domain::case::{CaseId, Resident};
use crate::domain::event::EventBody;
use crate::domain::numbers_in_text::erase_numbers;
use crate::domain::phone::tail;
use crate::domain::retention::{anonymise, holds_personal_data};
use crate::domain::transition::replay;
use crate::progress::Stage;

/// Cases purged per transaction: other terminals keep saving between batches.
const BATCH: usize = 2_000;

/// What a purge did.
#[derive(Debug, Default)]
pub struct Purged {
    pub cases: Vec<CaseId>,
    /// The erasure finished beyond the tables (this one's, and any an earlier purge left).
    pub finished: Option<ErasureDone>,
}

impl Store {
    /// The finished cases closed before `before` (within this desk's scope) whose resident
    /// still has personal data, or whose texts still hold a personal number.
    pub fn purge_candidates(&self, before: NaiveDate) -> Result<Vec<CaseId>> {
        let scope = self.scope()?;
        let mut stmt = self.conn.prepare(
            "SELECT c.id, r.name, r.phone, r.address \
             FROM cases c \
             JOIN residents r ON r.case_id = c.id \
             WHERE c.status IN ('answered', 'declined', 'closed') \
               AND c.closed_at < ?1 \
               AND (?2 IS NULL OR c.station = ?2) \
             ORDER BY c.closed_at",
        )?;
        let rows = stmt.query_map(params![date_text(before), scope], |r| {
            Ok((
                r.get::<_, CaseId>(0)?,
                Resident {
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    address: r.get(3)?,
                },
            ))
        })?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, resident) = row?;
            if holds_personal_data(&resident) || self.texts_hold_numbers(id)? {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Whether a personal number is left in a case's texts. Only events with a run of seven
    /// digits (or a full-width digit) are read.
    fn texts_hold_numbers(&self, case: CaseId) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, case_id, at, actor, kind, payload FROM case_events WHERE case_id = ?1 \
             AND (payload GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR payload GLOB '*[０-９]*')",
        )?;
        let rows = stmt.query_map([case], event_from_row)?;
        for row in rows {
            let mut body = row??.body;
            if body.map_texts(erase_numbers) {
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
        // Freed space is overwritten with zeros instead of left readable in the file.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let progress = self.progress.clone();
        progress.stage(Stage::Erasing, ids.len() as u64);
        let result = ids.chunks(BATCH).try_for_each(|chunk| {
            let batch = chunk
                .iter()
                .map(|&id| (id, vec![EventBody::Purged { before }]))
                .collect();
            self.record_each(batch, actor, now).map(drop)?;
            progress.advance(chunk.len() as u64);
            Ok::<_, StoreError>(())
        });
        self.conn.pragma_update(None, "secure_delete", "OFF")?;
        progress.finish();
        result?;
        let finished = self.finish_erasure()?;
        Ok(Purged {
            cases: ids,
            finished,
        })
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
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let result: Result<usize> = (|| {
            let mut found = 0;
            for chunk in cases.chunks(BATCH) {
                let tx = self
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                for id in chunk {
                    if super::cases::load_case(&tx, *id)?.is_some() {
                        erase_case_data(&tx, *id)?;
                        found += 1;
                    }
                }
                super::search_index::catch_up(&tx)?;
                tx.commit()?;
            }
            Ok(found)
        })();
        self.conn.pragma_update(None, "secure_delete", "OFF")?;
        let found = result?;
        if found > 0 {
            self.scrub()?;
        }
        Ok(found)
    }

    /// Makes erased data leave the disk: merges the search index (dropping what it kept of
    /// old texts), rewrites the file without free pages, and empties the write-ahead log.
    /// Another terminal reading at the same moment is waited for; one that keeps the log
    /// busy past the wait is named.
    pub(super) fn scrub(&self) -> Result<()> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        super::search_index::catch_up(&tx)?;
        tx.execute(
            "INSERT INTO case_search (case_search) VALUES ('optimize')",
            [],
        )?;
        tx.commit()?;
        self.conn.execute_batch("VACUUM")?;
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
        Err(StoreError::Invalid(format!(
            "the data is erased from the tables, but another terminal kept {}-wal busy, so \
             copies of it may remain in that file until every liaison on this database is \
             closed; close them and run the purge again",
            self.path.display()
        )))
    }
}

/// Erases a case's personal data (see [`erase_case_data`]) and lists what is left to erase
/// beyond the tables, in the same transaction. Called wherever a `purged` event is written,
/// at the desk or when a bundle brings one.
pub(super) fn erase_case(tx: &Transaction<'_>, case: CaseId) -> Result<()> {
    super::erasure::note(tx, case)?;
    erase_case_data(tx, case)
}

/// Erases a case's personal data: the resident (name, phone, the address beyond its
/// compound) and the personal numbers in every text of its log, held events included. The
/// case row is replayed from the erased log, so the two still agree. A copy (a backup) is
/// erased with this alone: it lists nothing of its own.
fn erase_case_data(tx: &Transaction<'_>, case: CaseId) -> Result<()> {
    erase_resident(tx, case)?;
    tx.execute(
        "INSERT OR IGNORE INTO erasing (case_id) VALUES (?1)",
        [case],
    )?;
    let rows: Vec<(i64, String, String)> = tx
        .prepare_cached("SELECT seq, kind, payload FROM case_events WHERE case_id = ?1")?
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (seq, kind, payload) in rows {
        let mut body = EventBody::from_stored(&kind, &payload)
            .map_err(|e| StoreError::Corrupt(format!("event {seq} ({kind}): {e}")))?;
        if body.map_texts(erase_numbers) {
            tx.prepare_cached("UPDATE case_events SET payload = ?1 WHERE seq = ?2")?
                .execute(params![body.payload_json(), seq])?;
        }
    }
    let held: Vec<(Vec<u8>, String, String)> = tx
        .prepare_cached("SELECT id, kind, payload FROM held_events WHERE case_id = ?1")?
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, kind, payload) in held {
        if let Ok(mut body) = EventBody::from_stored(&kind, &payload)
            && body.map_texts(erase_numbers)
        {
            tx.prepare_cached("UPDATE held_events SET payload = ?1 WHERE id = ?2")?
                .execute(params![body.payload_json(), id])?;
        }
    }
    tx.execute("DELETE FROM erasing WHERE case_id = ?1", [case])?;
    let mut log = Vec::new();
    let mut stmt = tx.prepare_cached(
        "SELECT id, case_id, at, actor, kind, payload FROM case_events WHERE case_id = ?1 ORDER BY seq",
    )?;
    for row in stmt.query_map([case], event_from_row)? {
        log.push(row??);
    }
    if let Some(row) = replay(&log)? {
        execute_with_case(&mut *tx.prepare_cached(&UPDATE_CASE)?, &row)?;
    }
    Ok(())
}

fn erase_resident(tx: &Transaction<'_>, case: CaseId) -> Result<()> {
    let current = tx
        .prepare_cached("SELECT name, phone, address FROM residents WHERE case_id = ?1")?
        .query_row([case], |r| {
            Ok(Resident {
                name: r.get(0)?,
                phone: r.get(1)?,
                address: r.get(2)?,
            })
        })
        .optional()?;
    let Some(current) = current else {
        return Ok(());
    };
    let mut kept = anonymise(&current);
    kept.address = kept
        .address
        .map(|a| erase_numbers(&a).into_owned())
        .filter(|a| !a.is_empty());
    tx.prepare_cached(
        "UPDATE residents SET name = ?2, phone = ?3, phone_tail = ?4, address = ?5 \
         WHERE case_id = ?1",
    )?
    .execute(params![
        case,
        kept.name,
        kept.phone,
        kept.phone.as_deref().map(tail),
        kept.address
    ])?;
    Ok(())
}
