//! Online backups through SQLite's backup API: consistent while other terminals write.

use std::path::Path;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::Store;
use super::error::{Result, StoreError};
use crate::platform::{create_private_file, sync_file};

/// Pages copied per step; between steps other terminals may write.
const PAGES_PER_STEP: i32 = 1024;

/// Copies the database to `dest`, which must not exist. The copy is written under a
/// temporary name, checked, and only then renamed into place.
pub fn backup_to(store: &Store, dest: &Path) -> Result<()> {
    backup_unless_stopped(store, dest, &|| false)
}

/// [`backup_to`], giving up between steps once `stop()` says so (the operator quit while
/// the day's backup was running); the partial copy is removed then.
pub fn backup_unless_stopped(store: &Store, dest: &Path, stop: &dyn Fn() -> bool) -> Result<()> {
    if dest.exists() {
        return Err(
            crate::refusal!(crate::i18n::Error::BackupExists, path = dest.display()).into(),
        );
    }
    if let Some(dir) = dest.parent().filter(|p| !p.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(StoreError::NoDirectory(dir.to_path_buf()));
    }
    let mut partial = dest.as_os_str().to_owned();
    partial.push(format!(".partial-{}", std::process::id()));
    let partial = std::path::PathBuf::from(partial);
    let result = copy_into(store, &partial, stop);
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
        return result;
    }
    std::fs::rename(&partial, dest).map_err(|source| StoreError::Io {
        context: format!("cannot move the backup into place at {}", dest.display()),
        source,
    })
}

fn copy_into(store: &Store, partial: &Path, stop: &dyn Fn() -> bool) -> Result<()> {
    let io = |source| StoreError::Io {
        context: format!("cannot write {}", partial.display()),
        source,
    };
    create_private_file(partial).map_err(io)?;
    {
        let mut dst = Connection::open_with_flags(partial, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let copy = Backup::new(store.connection(), &mut dst)?;
        loop {
            if stop() {
                return Err(crate::refusal!(crate::i18n::Error::BackupStopped).into());
            }
            match copy.step(PAGES_PER_STEP)? {
                StepResult::Done => break,
                // Nobody else writing: straight on, no pause.
                StepResult::More => {}
                // Another terminal holds the file: it is let finish.
                _ => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        drop(copy);
        // The copy is a standalone file: no WAL beside it.
        dst.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        // The copy's check is SQLite's check of every page and b-tree (the search index's
        // tables included), as `sqlite3`'s quick check of a copy is. Its virtual tables are
        // left out: the search index's agreement with the cases is the source's, page for
        // page, and is what a restore's quick check and `liaison check` look at.
        // SAFETY: the handle is this open connection's, used on this thread, with no
        // statement running; a null list drops every module from this connection only.
        unsafe {
            rusqlite::ffi::sqlite3_drop_modules(dst.handle(), std::ptr::null_mut());
        }
        // The seal's digest is taken while SQLite checks (both only read the copy); the copy
        // is sealed once it passed.
        let (verdict, digest) = std::thread::scope(|s| {
            let digest = s.spawn(|| super::seal::digest_file(partial));
            let verdict = dst.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0));
            (verdict, digest.join())
        });
        let verdict = verdict?;
        if verdict != "ok" {
            return Err(StoreError::Corrupt(format!(
                "the backup copy failed its check: {verdict}"
            )));
        }
        drop(dst);
        // Sealed with the desk's key: a restore of it need not check every case again. A
        // desk without a key yet makes an unsealed backup.
        if let Ok(key) = store.signing_key() {
            let digest = digest.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            super::seal::append_seal(partial, digest, &key)?;
        }
    }
    sync_file(partial).map_err(io)
}
