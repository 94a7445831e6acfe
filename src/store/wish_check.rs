//! The integrity check of wishes: every row equals the replay of its log, as cases do.

use rusqlite::Connection;

use super::error::Result;
use super::wish_rows::{find_wish_in, wish_log_in};
use crate::domain::wish::replay;

/// Notes each wish whose row differs from its log, or whose log does not replay. A file
/// from before wishes (a backup checked before it is migrated) has none to check.
pub(super) fn check_wishes(conn: &Connection, mut note: impl FnMut(String)) -> Result<()> {
    let has_wishes: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'wishes')",
        [],
        |r| r.get(0),
    )?;
    if !has_wishes {
        return Ok(());
    }
    let numbers: Vec<String> = conn
        .prepare("SELECT number FROM wishes ORDER BY number")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for number in numbers {
        let row = find_wish_in(conn, &number)?.wish;
        match replay(&wish_log_in(conn, row.id)?) {
            Ok(Some(replayed)) if replayed == row => {}
            Ok(Some(_)) => note(format!("{number}: row differs from its log")),
            Ok(None) => note(format!("{number}: no events")),
            Err(e) => note(format!("{number}: log does not replay: {e}")),
        }
    }
    let orphans: i64 = conn.query_row(
        "SELECT count(*) FROM wish_events WHERE wish_id NOT IN (SELECT id FROM wishes)",
        [],
        |r| r.get(0),
    )?;
    if orphans > 0 {
        note(format!("{orphans} wish events belong to no wish"));
    }
    Ok(())
}
