//! The cases a case is linked to, by number: its original when it is a duplicate, its
//! duplicates when it is an original, and the number of every case its log links to.

use std::collections::BTreeMap;

use super::{Result, Store};
use crate::domain::case::{Case, CaseId};
use crate::domain::event::{Event, EventBody};

/// Links named by number, for the timeline, the details, `case show` and `cases --json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseLinks {
    /// The original this case is a duplicate of.
    pub original: Option<String>,
    /// The duplicates of this case, in number order.
    pub duplicates: Vec<String>,
    /// The number of each case the log's `linked` events name.
    numbers: BTreeMap<CaseId, String>,
}

impl CaseLinks {
    /// A linked case's number; its id when it is not in this file.
    pub fn number(&self, id: CaseId) -> String {
        self.numbers
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

impl Store {
    /// Both sides of a case's duplicate link (two indexed look-ups: a list can ask per case).
    pub fn case_links(&self, case: &Case) -> Result<CaseLinks> {
        let original = match case.duplicate_of {
            Some(id) => self.case_number(id)?,
            None => None,
        };
        let duplicates = self
            .conn
            .prepare_cached("SELECT number FROM cases WHERE duplicate_of = ?1 ORDER BY number")?
            .query_map([case.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CaseLinks {
            original,
            duplicates,
            numbers: BTreeMap::new(),
        })
    }

    /// [`Store::case_links`] with the number of every case the log links to.
    pub fn case_links_in(&self, case: &Case, events: &[Event]) -> Result<CaseLinks> {
        let mut links = self.case_links(case)?;
        for e in events {
            if let EventBody::Linked { other, .. } = &e.body
                && !links.numbers.contains_key(other)
                && let Some(number) = self.case_number(*other)?
            {
                links.numbers.insert(*other, number);
            }
        }
        Ok(links)
    }

    fn case_number(&self, id: CaseId) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT number FROM cases WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }
}
