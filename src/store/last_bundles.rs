//! When the home last applied a bundle of each station's events: how complete its copy of
//! that station's history is.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::Store;
use super::error::Result;
use super::rows::parsed;

impl Store {
    /// Per station, the time the latest bundle of its events was applied here.
    pub fn last_bundles(&self) -> Result<BTreeMap<String, NaiveDateTime>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT station, max(at) FROM bundle_log \
             WHERE direction = 'import' AND kind = 'events' GROUP BY station",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, parsed(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
