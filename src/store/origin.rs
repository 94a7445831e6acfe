//! Where this file's writes come from: its desk's row and the epoch it is in, read inside
//! the write transaction that numbers the events.

use rusqlite::{Connection, OptionalExtension};

use super::error::{Result, StoreError};
use crate::domain::desk::DeskTag;

/// Where a write inside a transaction comes from: this desk, in its current epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Origin {
    pub desk: i64,
    pub epoch: u32,
    pub tag: DeskTag,
}

fn meta_value(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// This desk's row and epoch, read inside the write transaction.
pub(super) fn origin(conn: &Connection, path: &std::path::Path) -> Result<Origin> {
    let desk: i64 = meta_value(conn, "desk")?
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| StoreError::NotInitialised(path.to_path_buf()))?;
    let epoch: u32 = meta_value(conn, "epoch")?
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| StoreError::Corrupt("the desk's epoch is missing".into()))?;
    let number: u32 = conn
        .query_row("SELECT number FROM desks WHERE id = ?1", [desk], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| StoreError::Corrupt(format!("the desk's row {desk} is missing")))?;
    let tag = DeskTag::new(number, epoch).ok_or_else(|| {
        StoreError::Corrupt(format!("desk {number} epoch {epoch} is out of range"))
    })?;
    Ok(Origin { desk, epoch, tag })
}
