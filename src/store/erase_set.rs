//! Erasing residents' personal data from the tables, for a set of cases at once: a batch of
//! the purge, the same cases in a backup or a file kept aside, a purge a bundle brought (a
//! set of one). The set is a temporary table, so that every step is one statement over it
//! (read by the case index) instead of one statement per case.

use std::collections::BTreeSet;

use rusqlite::{Connection, params};

use super::cases::event_from_row;
use super::error::{Result, StoreError};
use super::rows::{UPDATE_CASE, execute_with_case};
use crate::domain::case::{CaseId, Resident};
use crate::domain::event::EventBody;
use crate::domain::numbers_in_text::{erase_numbers, may_hold_number};
use crate::domain::phone::tail;
use crate::domain::retention::anonymise;
use crate::domain::transition::replay;

/// Makes `cases` the set the erasure statements read (`temp.erase_set`).
pub(super) fn fill(conn: &Connection, cases: &[CaseId]) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS erase_set (id BLOB PRIMARY KEY) WITHOUT ROWID; \
         DELETE FROM temp.erase_set;",
    )?;
    let mut add = conn.prepare_cached("INSERT OR IGNORE INTO temp.erase_set (id) VALUES (?1)")?;
    for case in cases {
        add.execute([case])?;
    }
    Ok(())
}

/// How many cases of the set this file holds.
pub(super) fn held(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM cases WHERE id IN (SELECT id FROM temp.erase_set)",
        [],
        |r| r.get(0),
    )?;
    Ok(n.unsigned_abs() as usize)
}

/// Erases the personal data of every case of the set, inside the caller's transaction: the
/// resident (name, phone, the address beyond its compound) and the personal numbers in every
/// text of their logs, held events included. A case whose texts changed has its row replayed
/// from the erased log, so the two still agree.
pub(super) fn erase(conn: &Connection) -> Result<()> {
    erase_residents(conn)?;
    // The log is append-only but for this: texts may change while the case is listed here.
    conn.execute(
        "INSERT OR IGNORE INTO erasing (case_id) SELECT id FROM temp.erase_set",
        [],
    )?;
    let changed = erase_logs(conn)?;
    erase_held(conn)?;
    conn.execute(
        "DELETE FROM erasing WHERE case_id IN (SELECT id FROM temp.erase_set)",
        [],
    )?;
    for case in changed {
        replay_row(conn, case)?;
    }
    Ok(())
}

fn erase_residents(conn: &Connection) -> Result<()> {
    let mut changes: Vec<(CaseId, Resident)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT case_id, name, phone, address FROM residents \
             WHERE case_id IN (SELECT id FROM temp.erase_set)",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let current = Resident {
                name: r.get(1)?,
                phone: r.get(2)?,
                address: r.get(3)?,
            };
            let kept = kept_of(&current);
            if kept != current {
                changes.push((r.get(0)?, kept));
            }
        }
    }
    let mut update = conn.prepare_cached(
        "UPDATE residents SET name = ?2, phone = ?3, phone_tail = ?4, address = ?5 \
         WHERE case_id = ?1",
    )?;
    for (case, kept) in changes {
        update.execute(params![
            case,
            kept.name,
            kept.phone,
            kept.phone.as_deref().map(tail),
            kept.address
        ])?;
    }
    Ok(())
}

/// What stays of a resident: the compound of the address, without a number in it.
pub(super) fn kept_of(current: &Resident) -> Resident {
    let mut kept = anonymise(current);
    kept.address = kept
        .address
        .map(|a| erase_numbers(&a).into_owned())
        .filter(|a| !a.is_empty());
    kept
}

/// Whether erasing may change a stored event: a correction (it keeps the resident's fields),
/// or a payload where a personal number may be. The rest, most of a log, is not parsed.
fn may_change(kind: &str, payload: &str) -> bool {
    kind == "corrected" || may_hold_number(payload)
}

/// Erases the numbers in the set's events, and the resident's fields a correction kept;
/// returns the cases whose texts changed.
fn erase_logs(conn: &Connection) -> Result<BTreeSet<CaseId>> {
    let mut changes: Vec<(i64, String)> = Vec::new();
    let mut cases = BTreeSet::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT seq, case_id, kind, payload FROM case_events \
             WHERE case_id IN (SELECT id FROM temp.erase_set)",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (seq, kind, payload): (i64, String, String) = (r.get(0)?, r.get(2)?, r.get(3)?);
            if !may_change(&kind, &payload) {
                continue;
            }
            let mut body = EventBody::from_stored(&kind, &payload)
                .map_err(|e| StoreError::Corrupt(format!("event {seq} ({kind}): {e}")))?;
            // Both, not either: a correction keeps the resident's fields beside its texts.
            let texts = body.map_texts(erase_numbers);
            if body.map_resident(kept_of) | texts {
                changes.push((seq, body.payload_json()));
                cases.insert(r.get(1)?);
            }
        }
    }
    let mut update = conn.prepare_cached("UPDATE case_events SET payload = ?1 WHERE seq = ?2")?;
    for (seq, payload) in changes {
        update.execute(params![payload, seq])?;
    }
    Ok(cases)
}

/// The same in the events a bundle brought that wait aside: one pass over them for the set.
fn erase_held(conn: &Connection) -> Result<()> {
    let mut changes: Vec<(Vec<u8>, String)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT id, kind, payload FROM held_events \
             WHERE case_id IN (SELECT id FROM temp.erase_set)",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (kind, payload): (String, String) = (r.get(1)?, r.get(2)?);
            if may_change(&kind, &payload)
                && let Ok(mut body) = EventBody::from_stored(&kind, &payload)
                && (body.map_texts(erase_numbers) | body.map_resident(kept_of))
            {
                changes.push((r.get(0)?, body.payload_json()));
            }
        }
    }
    let mut update = conn.prepare_cached("UPDATE held_events SET payload = ?1 WHERE id = ?2")?;
    for (id, payload) in changes {
        update.execute(params![payload, id])?;
    }
    Ok(())
}

/// Saves a case's row as the replay of its (erased) log gives it.
fn replay_row(conn: &Connection, case: CaseId) -> Result<()> {
    let mut log = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, case_id, at, actor, kind, payload FROM case_events WHERE case_id = ?1 ORDER BY seq",
    )?;
    for row in stmt.query_map([case], event_from_row)? {
        log.push(row??);
    }
    if let Some(row) = replay(&log)? {
        execute_with_case(&mut *conn.prepare_cached(&UPDATE_CASE)?, &row)?;
    }
    Ok(())
}
