//! Finding cases: by number, phone, name, address or any characters of the content.

use rusqlite::params;

use super::Store;
use super::cases::{CaseRecord, record_columns, record_from_row, select_records};
use super::error::Result;
use super::rows::CASE_COLUMN_COUNT;
use crate::domain::search::Query;
use crate::domain::search_terms::{holds, words_query};

/// At most this many results, newest first.
pub const SEARCH_LIMIT: u32 = 200;

/// More words than this are ignored: a search box, not a query language.
const MAX_WORDS: usize = 8;

impl Store {
    /// Cases matching a query, newest first, within a station (or everywhere for `None`).
    pub fn search(&self, query: &Query, station: Option<&str>) -> Result<Vec<CaseRecord>> {
        let base = select_records();
        let scope = "(?2 IS NULL OR c.station = ?2)";
        let order = format!("ORDER BY c.rowid DESC LIMIT {SEARCH_LIMIT}");
        let (sql, value) = match query {
            Query::Number(prefix) => (
                // A prefix as a range of the number's unique index: from the prefix to the
                // prefix followed by the highest character. (A GLOB pattern is planned as a
                // range only once its value is known, and may be planned as a walk of the
                // whole table in rowid order before.)
                format!(
                    "{base} WHERE c.number >= ?1 AND c.number < ?1 || char(1114111) \
                     AND {scope} {order}"
                ),
                prefix.clone(),
            ),
            Query::PhoneTail(tail) => (
                format!("{base} WHERE r.phone_tail = ?1 AND {scope} {order}"),
                tail.clone(),
            ),
            Query::Phone(digits) => (
                format!(
                    "{base} WHERE r.phone_tail = substr(?1, -4) AND replace(r.phone, '-', '') = ?1 \
                     AND {scope} {order}"
                ),
                digits.clone(),
            ),
            Query::Text(text) => return self.search_text(text, station),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![value, station], record_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Characters of the content, the name or the address; several words separated by
    /// blanks must each match. Answered by the search index (`search_index.rs`) newest
    /// first, so a common character stops at the first results and a rare one reads only
    /// its own cases; cases not indexed yet (written by another program since) are read and
    /// matched here.
    fn search_text(&self, text: &str, station: Option<&str>) -> Result<Vec<CaseRecord>> {
        let words: Vec<&str> = text.split_whitespace().take(MAX_WORDS).collect();
        let Some(expression) = words_query(words.iter().copied()) else {
            return Ok(Vec::new());
        };
        let from = format!(
            "{}, c.rowid FROM case_search s JOIN cases c ON c.rowid = s.rowid \
             LEFT JOIN residents r ON r.case_id = c.id",
            record_columns()
        );
        let sql = format!(
            "{from} WHERE case_search MATCH ?1 AND (?2 IS NULL OR c.station = ?2) \
             ORDER BY s.rowid DESC LIMIT {SEARCH_LIMIT}"
        );
        let mut found: Vec<(i64, CaseRecord)> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![expression, station], ranked_record)?
            .collect::<rusqlite::Result<_>>()?;
        let pending = self.pending_matches(&words, station)?;
        if !pending.is_empty() {
            found.retain(|(row, _)| !pending.iter().any(|(p, _)| p == row));
            found.extend(pending);
            found.sort_by_key(|(row, _)| std::cmp::Reverse(*row));
            found.truncate(SEARCH_LIMIT as usize);
        }
        Ok(found.into_iter().map(|(_, record)| record).collect())
    }

    /// The cases waiting to be indexed that match every word: the few waiting rows first
    /// (`CROSS JOIN` keeps that order), each case read by its rowid, never a walk of `cases`.
    fn pending_matches(
        &self,
        words: &[&str],
        station: Option<&str>,
    ) -> Result<Vec<(i64, CaseRecord)>> {
        let sql = format!(
            "{}, c.rowid FROM case_search_pending p CROSS JOIN cases c ON c.rowid = p.case_row \
             LEFT JOIN residents r ON r.case_id = c.id WHERE (?1 IS NULL OR c.station = ?1)",
            record_columns()
        );
        let candidates: Vec<(i64, CaseRecord)> = self
            .conn
            .prepare_cached(&sql)?
            .query_map([station], ranked_record)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(candidates
            .into_iter()
            .filter(|(_, record)| {
                let texts: Vec<&str> = [
                    Some(record.case.content.as_str()),
                    record.resident.name.as_deref(),
                    record.resident.address.as_deref(),
                ]
                .into_iter()
                .flatten()
                .collect();
                words.iter().all(|word| holds(&texts, word))
            })
            .collect())
    }
}

/// A case found, with its rowid (the order of the results: newest first).
fn ranked_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, CaseRecord)> {
    Ok((row.get(CASE_COLUMN_COUNT + 3)?, record_from_row(row)?))
}
