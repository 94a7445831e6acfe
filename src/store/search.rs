//! Finding cases: by number, phone, name, address or any characters of the content.

use rusqlite::params;

use super::Store;
use super::cases::{CaseRecord, record_from_row, select_records};
use super::error::Result;
use crate::domain::search::Query;

/// At most this many results, newest first.
pub const SEARCH_LIMIT: u32 = 200;

impl Store {
    /// Cases matching a query, newest first, within a station (or everywhere for `None`).
    pub fn search(&self, query: &Query, station: Option<&str>) -> Result<Vec<CaseRecord>> {
        let base = select_records();
        let scope = "(?2 IS NULL OR c.station = ?2)";
        let order = format!("ORDER BY c.rowid DESC LIMIT {SEARCH_LIMIT}");
        let (sql, value) = match query {
            Query::Number(prefix) => (
                // GLOB is case-sensitive, so the number's unique index serves the prefix, but
                // only when the whole pattern is the bound value: `?1 || '*'` is an
                // expression and scans the table.
                format!("{base} WHERE c.number GLOB ?1 AND {scope} {order}"),
                format!("{}*", prefix.replace(['*', '?', '['], "")),
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
            Query::Text(text) if text.split_whitespace().nth(1).is_some() => {
                return self.search_words(text, station);
            }
            Query::Text(text) if text.chars().count() >= 3 => {
                // The trigram index for the content; names and addresses are short enough to
                // scan.
                let phrase = format!("\"{}\"", text.replace('"', "\"\""));
                let sql = format!(
                    "{base} WHERE (c.rowid IN (SELECT rowid FROM case_text WHERE case_text MATCH ?1) \
                       OR c.id IN (SELECT case_id FROM residents WHERE name LIKE ?3 ESCAPE '\\' \
                                   OR address LIKE ?3 ESCAPE '\\')) \
                     AND {scope} {order}"
                );
                let mut stmt = self.conn.prepare_cached(&sql)?;
                let rows = stmt.query_map(params![phrase, station, like(text)], record_from_row)?;
                return Ok(rows.collect::<rusqlite::Result<_>>()?);
            }
            Query::Text(text) => (
                format!(
                    "{base} WHERE (c.content LIKE ?1 ESCAPE '\\' OR r.name LIKE ?1 ESCAPE '\\' \
                       OR r.address LIKE ?1 ESCAPE '\\') AND {scope} {order}"
                ),
                like(text),
            ),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![value, station], record_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// Several words (路灯 三个月): each must match somewhere in the case, the way a single
    /// word does (the content's trigram index from three characters, names and addresses).
    fn search_words(&self, text: &str, station: Option<&str>) -> Result<Vec<CaseRecord>> {
        let mut conditions = Vec::new();
        let mut values: Vec<Option<String>> = vec![station.map(str::to_string)];
        for word in text.split_whitespace().take(MAX_WORDS) {
            let at = values.len() + 1;
            if word.chars().count() >= 3 {
                conditions.push(format!(
                    "(c.rowid IN (SELECT rowid FROM case_text WHERE case_text MATCH ?{at}) \
                      OR c.id IN (SELECT case_id FROM residents \
                                  WHERE name LIKE ?{like} ESCAPE '\\' \
                                     OR address LIKE ?{like} ESCAPE '\\'))",
                    like = at + 1
                ));
                values.push(Some(format!("\"{}\"", word.replace('"', "\"\""))));
                values.push(Some(like(word)));
            } else {
                conditions.push(format!(
                    "(c.content LIKE ?{at} ESCAPE '\\' OR r.name LIKE ?{at} ESCAPE '\\' \
                      OR r.address LIKE ?{at} ESCAPE '\\')"
                ));
                values.push(Some(like(word)));
            }
        }
        let sql = format!(
            "{} WHERE {} AND (?1 IS NULL OR c.station = ?1) ORDER BY c.rowid DESC LIMIT {SEARCH_LIMIT}",
            select_records(),
            conditions.join(" AND ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), record_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// More words than this are ignored: a search box, not a query language.
const MAX_WORDS: usize = 8;

/// `%text%` with LIKE's wildcards escaped.
fn like(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
