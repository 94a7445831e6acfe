//! The signed manifests of the bundles applied here, by digest (migration 0017): a bundle
//! applied before is known from its manifest alone, before any of its files is read.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

use super::Store;
use super::error::Result;
use super::rows::datetime_text;

impl Store {
    /// Whether a bundle with this signed manifest's digest was applied here.
    pub fn manifest_applied(&self, digest: &[u8; 32]) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM applied_manifests WHERE digest = ?1")?
            .query_row([digest.as_slice()], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

/// Notes, in the transaction that applies it, that the bundle with this manifest was applied.
pub(super) fn note_applied(
    conn: &rusqlite::Connection,
    digest: &[u8; 32],
    kind: &str,
    name: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO applied_manifests (digest, kind, name, applied_at) \
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![digest.as_slice(), kind, name, datetime_text(now)])?;
    Ok(())
}
