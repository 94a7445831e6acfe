//! Retention: erasing residents' personal data from finished cases older than a cut-off,
//! keeping every case, event and figure the statistics use.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Transaction, params};

use super::Store;
use super::error::Result;
use super::rows::date_text;
use crate::domain::case::{CaseId, Resident};
use crate::domain::event::EventBody;
use crate::domain::phone::tail;
use crate::domain::retention::{anonymise, holds_personal_data};

/// Cases purged per transaction: other terminals keep saving between batches.
const BATCH: usize = 2_000;

impl Store {
    /// The finished cases closed before `before` (within this desk's scope) whose resident
    /// still has personal data.
    pub fn purge_candidates(&self, before: NaiveDate) -> Result<Vec<CaseId>> {
        let scope = self.scope()?;
        let mut stmt = self.conn.prepare(
            "SELECT c.id, r.name, r.phone, r.address FROM cases c \
             JOIN residents r ON r.case_id = c.id \
             WHERE c.status IN ('answered', 'declined', 'closed') \
               AND c.closed_at < ?1 \
               AND (?2 IS NULL OR c.station = ?2) \
               AND (r.name IS NOT NULL OR r.phone IS NOT NULL OR r.address IS NOT NULL) \
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
            if holds_personal_data(&resident) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Records a `purged` event on each candidate, which erases its resident's data, and
    /// then makes sure the erased bytes are gone from the file and its write-ahead log.
    /// Returns how many cases were purged.
    pub fn purge_before(
        &mut self,
        before: NaiveDate,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<usize> {
        let ids = self.purge_candidates(before)?;
        // Freed space is overwritten with zeros instead of left readable in the file.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let result = ids.chunks(BATCH).try_for_each(|chunk| {
            let batch = chunk
                .iter()
                .map(|&id| (id, vec![EventBody::Purged { before }]))
                .collect();
            self.record_each(batch, actor, now).map(drop)
        });
        self.conn.pragma_update(None, "secure_delete", "OFF")?;
        result?;
        // The old pages may still sit in the write-ahead log: fold it in and empty it.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(ids.len())
    }
}

/// Erases the personal data of one case's resident; called wherever a `purged` event is
/// written, at the desk or when a bundle brings one to the home.
pub(super) fn erase_resident(tx: &Transaction<'_>, case: CaseId) -> Result<()> {
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
    let kept = anonymise(&current);
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
