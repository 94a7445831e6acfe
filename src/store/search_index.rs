//! Keeping the search index (`case_search`) in step with the cases' texts. Triggers note each
//! case whose content, name or address changed in `case_search_pending` (SQLite cannot split
//! text into characters); [`catch_up`] indexes them. Every write of the program calls it in
//! its own transaction before committing, so the index never lags behind what it wrote; a
//! write by another program is caught up at the next open, and searched meanwhile as
//! pending (see `search.rs`).

use rusqlite::{Connection, params};

use super::error::Result;
use crate::domain::search_terms::Terms;
use crate::progress::{Progress, Stage};

/// The triggers that note new cases and residents: a bulk load suspends them and indexes
/// what it added in one pass instead ([`index_from`]).
pub(super) const INSERT_TRIGGERS: &[&str] =
    &["case_search_case_insert", "case_search_resident_insert"];

/// Indexes every pending case: its old terms out, its current ones in. Returns how many.
/// The pending cases and their texts are read by one statement, in the order of the cases'
/// rows; the index is written as they come (it is another table).
pub(super) fn catch_up(conn: &Connection) -> Result<usize> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.case_row, p.indexed, c.content, r.name, r.address \
         FROM case_search_pending p \
         LEFT JOIN cases c ON c.rowid = p.case_row \
         LEFT JOIN residents r ON r.case_id = c.id \
         ORDER BY p.case_row",
    )?;
    let mut rows = stmt.query([])?;
    let mut done = 0;
    while let Some(r) = rows.next()? {
        let row: i64 = r.get(0)?;
        if r.get::<_, bool>(1)? {
            conn.prepare_cached("DELETE FROM case_search WHERE rowid = ?1")?
                .execute([row])?;
        }
        let content: Option<String> = r.get(2)?;
        if let Some(content) = content {
            let name: Option<String> = r.get(3)?;
            let address: Option<String> = r.get(4)?;
            insert(conn, row, &content, name.as_deref(), address.as_deref())?;
        }
        done += 1;
    }
    drop(rows);
    if done > 0 {
        conn.prepare_cached("DELETE FROM case_search_pending")?
            .execute([])?;
    }
    Ok(done)
}

/// Indexes every case after rowid `after` (the cases a bulk load added), reporting each.
pub(super) fn index_from(conn: &Connection, after: i64, progress: &dyn Progress) -> Result<()> {
    let total: i64 = conn.query_row(
        "SELECT count(*) FROM cases WHERE rowid > ?1",
        [after],
        |r| r.get(0),
    )?;
    progress.stage(Stage::Indexing, total as u64);
    let mut stmt = conn.prepare(
        "SELECT c.rowid, c.content, r.name, r.address FROM cases c \
         LEFT JOIN residents r ON r.case_id = c.id WHERE c.rowid > ?1 ORDER BY c.rowid",
    )?;
    let mut rows = stmt.query([after])?;
    let mut done = 0u64;
    while let Some(r) = rows.next()? {
        let content: String = r.get(1)?;
        let name: Option<String> = r.get(2)?;
        let address: Option<String> = r.get(3)?;
        insert(
            conn,
            r.get(0)?,
            &content,
            name.as_deref(),
            address.as_deref(),
        )?;
        done += 1;
        if done.is_multiple_of(1024) {
            progress.advance(1024);
        }
    }
    progress.advance(done % 1024);
    conn.execute(
        "DELETE FROM case_search_pending WHERE case_row > ?1",
        [after],
    )?;
    Ok(())
}

fn insert(
    conn: &Connection,
    row: i64,
    content: &str,
    name: Option<&str>,
    address: Option<&str>,
) -> Result<()> {
    let terms = Terms::of([Some(content), name, address].into_iter().flatten());
    conn.prepare_cached("INSERT INTO case_search (rowid, chars, pairs) VALUES (?1, ?2, ?3)")?
        .execute(params![row, terms.chars, terms.pairs])?;
    Ok(())
}
