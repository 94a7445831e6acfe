//! Opening the file: refuse what is not ours or too new, then set the durability pragmas and
//! migrate. While the file may be open, it is only ever read through SQLite (see
//! [`not_a_database`]).

use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::Store;
use super::error::{Result, StoreError};
use super::migrate::{SCHEMA_VERSION, migrate};
use crate::platform::create_private_file;

/// How long a writer waits for another terminal's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens an existing database; a missing file is an error, never silently created.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Self::open_checked(path)
    }

    /// Opens a database, creating an empty private file first if there is none. The parent
    /// directory must exist.
    pub fn open_or_create(path: &Path) -> Result<Store> {
        if !path.exists() {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            if let Some(dir) = parent
                && !dir.is_dir()
            {
                return Err(StoreError::NoDirectory(dir.to_path_buf()));
            }
            create_private_file(path).map_err(|source| StoreError::Io {
                context: format!("cannot create {}", path.display()),
                source,
            })?;
        }
        Self::open_checked(path)
    }

    fn open_checked(path: &Path) -> Result<Store> {
        refuse_directory(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // SQLite quietly falls back to reading when it cannot write; a desk must know now,
        // not when the first resident's opinion fails to save.
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::ReadOnlyFile(path.to_path_buf()));
        }
        // Read the version before anything could write: a newer file stays untouched.
        let version = check_not_newer(&conn, path)?;
        refuse_foreign(&conn, path, version)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!(
                "{} cannot use write-ahead logging (journal mode stays `{mode}`)",
                path.display()
            )));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.ensure_desk_key()?;
        Ok(store)
    }
}

/// Refuses a file written by a newer liaison, whose schema this program does not know.
/// This is the first read of the file, done by SQLite itself, before anything could write.
/// Returns the version found.
pub(super) fn check_not_newer(conn: &Connection, path: &Path) -> Result<i64> {
    let found = match conn.query_row("SELECT user_version FROM pragma_user_version", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return Err(not_a_database(path));
        }
        other => other?,
    };
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(found)
}

/// Refuses another program's SQLite database: one with tables but no liaison schema version
/// (liaison sets the version in the same transaction that creates its tables).
fn refuse_foreign(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if version == 0 && objects > 0 {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    Ok(())
}

/// Refuses a directory where a database file should be. Only the file's metadata is read.
pub(super) fn refuse_directory(path: &Path) -> Result<()> {
    let meta = fs::metadata(path).map_err(|source| StoreError::Io {
        context: format!("cannot read {}", path.display()),
        source,
    })?;
    if meta.is_dir() {
        return Err(StoreError::NotSqlite(path.to_path_buf()));
    }
    Ok(())
}

/// Names a file SQLite refused as "not a database": not SQLite at all, or an SQLite file cut
/// short or overwritten.
///
/// Only called once SQLite has refused the file. Opening a database file outside SQLite and
/// closing it drops every POSIX lock this process holds on it (the desk's own connection's
/// among them), after which another program closing the file may delete the write-ahead log
/// under the desk: so the header is never read this way while the file may be in use.
fn not_a_database(path: &Path) -> StoreError {
    let mut header = Vec::with_capacity(SQLITE_HEADER.len());
    let read = fs::File::open(path).and_then(|file| {
        file.take(SQLITE_HEADER.len() as u64)
            .read_to_end(&mut header)
    });
    if read.is_ok() && header == SQLITE_HEADER {
        StoreError::Corrupt("the file is cut short, overwritten or encrypted".into())
    } else {
        StoreError::NotSqlite(path.to_path_buf())
    }
}
