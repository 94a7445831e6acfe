//! Schema migrations keyed on `PRAGMA user_version`.
//!
//! Each migration runs in its own IMMEDIATE transaction together with the version bump, so a
//! crash leaves the file at the last complete version. A file newer than this program is
//! refused before anything is written to it.

use rusqlite::{Connection, TransactionBehavior};

use super::error::Result;

/// The migrations, in order; the schema version is their count. A file's number names the
/// migration, not the version it brings (0006, 0007 and 0014 were never shipped; 0013 shipped
/// before 0012).
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
    // 0013 shipped before 0012 was written: a file at schema 10 has run it, so 0012 comes after.
    include_str!("sql/0013_pending_erasure.sql"),
    TRUST,
    include_str!("sql/0015_long_work.sql"),
    include_str!("sql/0016_self_service_source.sql"),
    include_str!("sql/0017_applied_manifests.sql"),
    include_str!("sql/0018_wishes.sql"),
    FREE_SPACE,
];

/// Adds the English names of the reference data; [`super::english_names::fill_shipped`]
/// then fills them in for the shipped rows.
const ENGLISH_NAMES: &str = include_str!("sql/0011_english_names.sql");

/// Trust by approval and the digests of events; [`fill_digests`] then gives the events
/// already here their digest.
const TRUST: &str = include_str!("sql/0012_trust.sql");

/// Whether the file's free space is all zeros; set for a file this migration creates (see
/// the migration's own comment).
const FREE_SPACE: &str = include_str!("sql/0019_clean_free_space.sql");

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
        if *sql == TRUST {
            fill_digests(&tx)?;
        }
        if *sql == FREE_SPACE && found == 0 {
            // A new file: written from its first page with `secure_delete` on.
            tx.execute("UPDATE free_space SET clean = 1", [])?;
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(found)
}

/// Gives every event stored before digests were kept the digest of what it holds now: for an
/// event a purge erased since it was written, that is the erased form (an honest copy of the
/// original is still recognised, see `merge`). In batches, so that a long history is never
/// held in memory at once.
fn fill_digests(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    use rusqlite::types::Value;
    const BATCH: i64 = 5_000;
    type Row = (
        Value,
        uuid::Uuid,
        uuid::Uuid,
        String,
        String,
        String,
        String,
    );
    // Each table by its key: `held_events` has no rowid.
    for (table, key, first) in [
        ("case_events", "seq", Value::Integer(i64::MIN)),
        ("held_events", "id", Value::Blob(Vec::new())),
    ] {
        let mut select = tx.prepare(&format!(
            "SELECT {key}, id, case_id, at, actor, kind, payload FROM {table} \
             WHERE {key} > ?1 AND digest IS NULL ORDER BY {key} LIMIT ?2"
        ))?;
        let mut update = tx.prepare(&format!("UPDATE {table} SET digest = ?1 WHERE {key} = ?2"))?;
        let mut after = first;
        loop {
            let rows: Vec<Row> = select
                .query_map(rusqlite::params![after, BATCH], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let Some(last) = rows.last().map(|r| r.0.clone()) else {
                break;
            };
            for (row, id, case_id, at, actor, kind, payload) in rows {
                let payload: serde_json::Value =
                    serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null);
                let digest =
                    crate::domain::digest::event_digest(id, case_id, &at, &actor, &kind, &payload);
                update.execute(rusqlite::params![digest.as_slice(), row])?;
            }
            after = last;
        }
    }
    Ok(())
}
