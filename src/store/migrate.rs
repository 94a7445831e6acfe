//! Schema migrations keyed on `PRAGMA user_version`.
//!
//! Each migration runs in its own IMMEDIATE transaction together with the version bump, so a
//! crash leaves the file at the last complete version. A file newer than this program is
//! refused before anything is written to it.

use rusqlite::{Connection, TransactionBehavior};

use super::error::Result;

/// The migrations, in order; the schema version is their count.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_initial.sql"),
    include_str!("sql/0002_search.sql"),
    include_str!("sql/0003_duty_records.sql"),
    include_str!("sql/0004_bundles.sql"),
    include_str!("sql/0005_desks.sql"),
    include_str!("sql/0008_erasure.sql"),
    include_str!("sql/0009_self_service.sql"),
    include_str!("sql/0010_speed.sql"),
    ENGLISH_NAMES,
    include_str!("sql/0013_pending_erasure.sql"),
];

/// Adds the English names of the reference data; [`super::english_names::fill_shipped`]
/// then fills them in for the shipped rows.
const ENGLISH_NAMES: &str = include_str!("sql/0011_english_names.sql");

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT user_version FROM pragma_user_version", [], |r| {
            r.get(0)
        })?,
    )
}

/// Brings the schema up to [`SCHEMA_VERSION`]; returns the version found before.
pub fn migrate(conn: &mut Connection) -> Result<i64> {
    let found = user_version(conn)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Re-read inside the lock: another process may have migrated meanwhile.
        if user_version(&tx)? > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        if *sql == ENGLISH_NAMES {
            super::english_names::fill_shipped(&tx)?;
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(found)
}
