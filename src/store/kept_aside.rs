//! The copy of the current contents a restore keeps aside before it replaces them. Made while
//! no other terminal can write; its bytes reach the disk on a thread of their own while the
//! restore prepares and copies in the backup, and the restore waits for them before the copy-in
//! commits: whatever happens, the old contents are on disk before anything replaces them.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use super::Store;
use super::backup::backup_to;
use super::error::{Result, StoreError};
use crate::platform::create_private_file;

/// A copy kept aside, on disk or on its way there.
pub(super) enum KeptAside {
    /// Written and synced already (an online backup).
    Done,
    /// Copied; its sync and its move into place still running.
    Syncing(JoinHandle<Result<()>>),
}

impl KeptAside {
    /// Waits until the copy is on disk under its name; its error if it could not be.
    pub(super) fn wait(self) -> Result<()> {
        match self {
            KeptAside::Done => Ok(()),
            KeptAside::Syncing(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(StoreError::Invalid("the copy kept aside failed".into()))),
        }
    }
}

/// Copies the current contents to `aside` (a new file) before a restore replaces them: a copy
/// of the file itself (a clone, where the file system makes one), taken while no other
/// terminal can write and once everything in the write-ahead log is in the file; the file
/// other terminals have open stays where it is. When the log cannot be emptied (another
/// terminal is reading from it), an online backup instead.
pub(super) fn keep_aside(store: &Store, aside: &Path) -> Result<KeptAside> {
    if aside.exists() {
        return Err(StoreError::Invalid(format!(
            "{} already exists; nothing was changed",
            aside.display()
        )));
    }
    // Asked without waiting: a terminal reading now is not waited for (the backup is).
    store.conn.busy_timeout(Duration::ZERO)?;
    let emptied = store
        .conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            r.get::<_, i64>(0)
        });
    store.conn.busy_timeout(super::open::BUSY_TIMEOUT)?;
    if emptied? != 0 {
        return backup_to(store, aside).map(|()| KeptAside::Done);
    }
    // Other terminals wait for the copy, as for any write.
    let tx = Transaction::new_unchecked(&store.conn, TransactionBehavior::Immediate)?;
    let mut wal = store.path.as_os_str().to_owned();
    wal.push("-wal");
    let logged = std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len());
    if logged != 0 {
        // Written between the checkpoint and the lock.
        drop(tx);
        return backup_to(store, aside).map(|()| KeptAside::Done);
    }
    let mut partial = aside.as_os_str().to_owned();
    partial.push(format!(".partial-{}", std::process::id()));
    let partial = PathBuf::from(partial);
    let copied = copy_file(&store.path, &partial);
    drop(tx);
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    let aside = aside.to_path_buf();
    Ok(KeptAside::Syncing(std::thread::spawn(move || {
        let done = standalone(&partial).and_then(|()| in_place(&partial, &aside));
        if done.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        done
    })))
}

/// Copies a file's bytes into a new private file, not synced yet (the standard library's
/// copy clones the file where the system can).
fn copy_file(from: &Path, to: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        context: format!("cannot copy {} to {}", from.display(), to.display()),
        source,
    };
    let mut source = std::fs::File::open(from).map_err(io)?;
    let mut copy = create_private_file(to).map_err(io)?;
    std::io::copy(&mut source, &mut copy).map_err(io)?;
    Ok(())
}

/// Makes a copied file one that stands alone (no write-ahead log beside it), as a backup is.
fn standalone(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
    Ok(())
}

/// Syncs the copy, gives it its name and syncs that name: only a copy whole on disk is found
/// under it (a half-written one keeps its `.partial-` name, which the next erasure removes).
fn in_place(partial: &Path, aside: &Path) -> Result<()> {
    let io = |what: &str, source| StoreError::Io {
        context: format!("cannot {what} {}", aside.display()),
        source,
    };
    std::fs::File::options()
        .write(true)
        .open(partial)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("write", e))?;
    std::fs::rename(partial, aside).map_err(|e| io("move the copy into place at", e))?;
    sync_directory_of(aside).map_err(|e| io("record the name of", e))
}

/// Makes a new name in the directory survive a power cut (Unix: a sync of the directory; on
/// Windows the rename is left to the file system's own journal).
fn sync_directory_of(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
