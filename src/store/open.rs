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

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens an existing database; a missing file is an error, never silently created.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Self::open_checked(path, false)
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
        Self::open_checked(path, true)
    }

    /// Opens the file; `set_up` lets an empty file receive the schema (for `init`), else an
    /// empty file is refused as not set up, with nothing written to it.
    fn open_checked(path: &Path, set_up: bool) -> Result<Store> {
        refuse_directory(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Long work (a purge, a bundle) runs a few dozen statements per case: they stay
        // prepared instead of being parsed again each time the default 16 overflow.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // SQLite quietly falls back to reading when it cannot write; a desk must know now,
        // not when the first resident's opinion fails to save.
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::ReadOnlyFile(path.to_path_buf()));
        }
        // Read the version before anything could write: a newer file stays untouched.
        let version = check_not_newer(&conn, path)?;
        refuse_foreign(&conn, path, version)?;
        if version == 0 && !set_up {
            return Err(StoreError::NotInitialised(path.to_path_buf()));
        }
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(crate::refusal!(
                crate::i18n::Error::NoWal,
                path = path.display(),
                mode = mode
            )
            .into());
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // What is deleted or overwritten is overwritten with zeros, not left readable in free
        // space: a purge then need not rewrite the whole file (see `free_space`).
        conn.pragma_update(None, "secure_delete", "ON")?;
        migrate(&mut conn).map_err(|e| match e {
            // A version that does not match the tables (set by hand, or a file put together
            // from pieces): the migration stopped and rolled back; say so without its SQL.
            StoreError::Sqlite(inner) => StoreError::Corrupt(format!(
                "its schema version ({version}) does not match its tables, so it cannot be \
                 brought up to date ({})",
                match &inner {
                    rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
                    rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
                    other => other
                        .to_string()
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                }
            )),
            other => other,
        })?;
        let mut store = Store {
            conn: Conn(conn),
            path: path.to_path_buf(),
            progress: crate::progress::silent(),
        };
        store.ensure_desk_key()?;
        store.catch_up_search()?;
        // Statistics for the query planner, kept as SQLite recommends: at open, tables whose
        // statistics are missing or out of date by a factor of ten are analysed, within
        // SQLite's analysis limit (0x10), so this stays a few milliseconds on any file; at
        // close (`Drop`), whatever this connection's queries showed worth analysing.
        store.conn.execute_batch("PRAGMA optimize = 0x10012")?;
        Ok(store)
    }
}

impl Store {
    /// Indexes cases another program wrote since this file was last open (or a migration
    /// left to index), so that searches read them from the index.
    fn catch_up_search(&mut self) -> Result<()> {
        let pending: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM case_search_pending)",
            [],
            |r| r.get(0),
        )?;
        if pending {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            super::search_index::catch_up(&tx)?;
            tx.commit()?;
        }
        Ok(())
    }
}

/// The connection of a store. When it closes, SQLite's `PRAGMA optimize` analyses what this
/// connection's queries showed worth analysing, as SQLite advises.
pub(super) struct Conn(pub(super) Connection);

impl std::ops::Deref for Conn {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.0
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.0
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        // Nothing to report if it fails (a read-only file), and no waiting for another
        // terminal's write at exit: the next close will do.
        if !self.0.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
            && self.0.busy_timeout(Duration::ZERO).is_ok()
        {
            let _ = self.0.execute_batch("PRAGMA optimize");
        }
    }
}

/// Opens a file for reading only, never writing to it or beside it: a backup on a USB stick,
/// a read-only medium. A file in write-ahead-log mode needs its `-shm` beside it to be read;
/// where that cannot be made (a read-only medium), the file is read as it stands (SQLite's
/// `immutable`), which is what a file nobody can write is.
pub(super) fn open_read_only(path: &Path) -> Result<Connection> {
    refuse_directory(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let plain = Connection::open_with_flags(path, flags).and_then(|c| {
        c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(c)
    });
    match plain {
        Ok(conn) => Ok(conn),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
            ) =>
        {
            let uri = format!(
                "file:{}?immutable=1",
                path.to_string_lossy()
                    .replace('%', "%25")
                    .replace('?', "%3f")
                    .replace('#', "%23")
            );
            Ok(Connection::open_with_flags(
                uri,
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?)
        }
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(not_a_database(path))
        }
        Err(e) => Err(e.into()),
    }
}

impl Store {
    /// Opens a database that cannot be written (a read-only file or medium) for commands that
    /// only read it, `check` among them. Nothing is migrated: a file of an older schema is
    /// named as such.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let conn = open_read_only(path)?;
        let version = check_not_newer(&conn, path)?;
        refuse_foreign(&conn, path, version)?;
        if version < SCHEMA_VERSION {
            return Err(StoreError::from(crate::refusal!(
                crate::i18n::Error::ReadOnlyOlder,
                path = path.display(),
                version = version
            )));
        }
        Ok(Store {
            conn: Conn(conn),
            path: path.to_path_buf(),
            progress: crate::progress::silent(),
        })
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
        return Err(StoreError::IsDirectory(path.to_path_buf()));
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
        StoreError::CutShort
    } else {
        StoreError::NotSqlite(path.to_path_buf())
    }
}
