//! What the file kept aside by a restore holds that the restored database does not: the work
//! done after the backup was taken, which the operator must enter again.

use std::path::Path;

use rusqlite::OptionalExtension;

use super::Store;
use super::error::Result;

/// What the file kept aside holds that the restored database does not: work done after the
/// backup was taken, which the operator must enter again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnlyAside {
    /// Numbers of cases registered after the backup.
    pub registered: Vec<String>,
    /// Numbers of cases with events recorded after the backup.
    pub changed: Vec<String>,
    /// Numbers of wishes registered, or with events recorded, after the backup (few: one
    /// statement, not the side-by-side reading the cases need).
    pub wishes: Vec<String>,
}

impl OnlyAside {
    pub fn is_empty(&self) -> bool {
        self.registered.is_empty() && self.changed.is_empty() && self.wishes.is_empty()
    }
}

impl Store {
    /// Compares with the file kept aside by [`Store::restore_from`].
    pub fn only_in(&self, aside: &Path) -> Result<OnlyAside> {
        self.conn.execute(
            "ATTACH DATABASE ?1 AS aside",
            [aside.to_string_lossy().as_ref()],
        )?;
        let found = match self.compare_attached() {
            Ok(Some(found)) => Ok(found),
            Ok(None) => self.compare_by_lookups(),
            Err(e) => Err(e),
        }
        .and_then(|found| {
            Ok(OnlyAside {
                wishes: self.wishes_only_in_aside()?,
                ..found
            })
        });
        self.conn.execute("DETACH DATABASE aside", [])?;
        found
    }

    /// None when an id is not a blob (a file not written by this program): then
    /// [`Store::compare_by_lookups`], which compares as SQLite does.
    fn compare_attached(&self) -> Result<Option<OnlyAside>> {
        let number = |id: &[u8]| -> Result<Option<String>> {
            Ok(self
                .conn
                .prepare_cached("SELECT number FROM aside.cases WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?)
        };
        let (Some(new_cases), Some(new_events)) = (
            self.ids_only_in_aside("cases")?,
            self.ids_only_in_aside("case_events")?,
        ) else {
            return Ok(None);
        };
        let mut registered = Vec::new();
        for id in new_cases {
            registered.extend(number(&id)?);
        }
        // Events only the file kept aside has, on cases the restored file has too.
        let mut changed = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for id in new_events {
            let case = self
                .conn
                .prepare_cached("SELECT case_id FROM aside.case_events WHERE id = ?1")?
                .query_row([&id], |r| match r.get_ref(0)? {
                    rusqlite::types::ValueRef::Blob(b) => Ok(Some(b.to_vec())),
                    _ => Ok(None),
                })?;
            let Some(case) = case else { return Ok(None) };
            let restored: bool = self
                .conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM main.cases WHERE id = ?1)")?
                .query_row([&case], |r| r.get(0))?;
            if restored && seen.insert(case.clone()) {
                changed.extend(number(&case)?);
            }
        }
        registered.sort();
        changed.sort();
        Ok(Some(OnlyAside {
            registered,
            changed,
            wishes: Vec::new(),
        }))
    }

    fn wishes_only_in_aside(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT w.number FROM aside.wish_events e \
             JOIN aside.wishes w ON w.id = e.wish_id \
             WHERE e.id NOT IN (SELECT id FROM main.wish_events) \
             ORDER BY w.number",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn compare_by_lookups(&self) -> Result<OnlyAside> {
        let numbers = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(OnlyAside {
            registered: numbers(
                "SELECT number FROM aside.cases WHERE id NOT IN (SELECT id FROM main.cases) \
                 ORDER BY number",
            )?,
            changed: numbers(
                "SELECT DISTINCT c.number FROM aside.case_events e \
                 JOIN aside.cases c ON c.id = e.case_id \
                 WHERE e.case_id IN (SELECT id FROM main.cases) \
                   AND e.id NOT IN (SELECT id FROM main.case_events) \
                 ORDER BY c.number",
            )?,
            wishes: Vec::new(),
        })
    }

    /// The ids of `table` (`cases` or `case_events`) in the attached file kept aside and not
    /// in the restored one: both unique indexes on the id read once, in order, side by side
    /// (not one look-up per row, which on a large file took as long as the copy kept aside).
    fn ids_only_in_aside(&self, table: &str) -> Result<Option<Vec<Vec<u8>>>> {
        let blob = |r: &rusqlite::Row| -> rusqlite::Result<Option<Vec<u8>>> {
            Ok(match r.get_ref(0)? {
                rusqlite::types::ValueRef::Blob(b) => Some(b.to_vec()),
                _ => None,
            })
        };
        let mut aside = self
            .conn
            .prepare(&format!("SELECT id FROM aside.{table} ORDER BY id"))?;
        let mut main = self
            .conn
            .prepare(&format!("SELECT id FROM main.{table} ORDER BY id"))?;
        let mut aside = aside.query_map([], blob)?;
        let mut main = main.query_map([], blob)?;
        let mut only = Vec::new();
        let mut restored = main.next().transpose()?;
        while let Some(id) = aside.next().transpose()? {
            let Some(id) = id else { return Ok(None) };
            loop {
                match &restored {
                    Some(None) => return Ok(None),
                    Some(Some(r)) if *r < id => restored = main.next().transpose()?,
                    _ => break,
                }
            }
            if restored.as_ref().and_then(Option::as_ref) != Some(&id) {
                only.push(id);
            }
        }
        Ok(Some(only))
    }
}
