//! The automatic daily backup: one consistent copy per day in `backups/` beside the database,
//! the last [`KEEP_DAILY`] kept.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Store;
use super::backup::backup_unless_stopped;
use super::error::{Result, StoreError};
use crate::platform::create_private_dir;

/// How many daily backups are kept; older ones are deleted after a new one is written.
pub const KEEP_DAILY: usize = 14;

/// One backup found in the backups directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyBackup {
    pub day: NaiveDate,
    pub path: PathBuf,
}

/// `backups/` in the database's directory.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// The stem daily backups of `db` are named after: `liaison` for `liaison.db`.
fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "liaison".into())
}

/// The file of `db`'s backup of `day`.
pub fn daily_backup_path(db: &Path, day: NaiveDate) -> PathBuf {
    backups_dir(db).join(format!("{}-{}.db", stem(db), day.format("%Y-%m-%d")))
}

/// The day a file name stands for, if it is one of `stem`'s daily backups.
fn day_of(file_name: &str, stem: &str) -> Option<NaiveDate> {
    let date = file_name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    // Exactly YYYY-MM-DD: nothing else in the directory is ever taken for a backup.
    (date.len() == 10)
        .then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())
        .flatten()
}

/// `db`'s daily backups, oldest first.
pub fn list_daily_backups(db: &Path) -> Result<Vec<DailyBackup>> {
    let dir = backups_dir(db);
    let stem = stem(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Io {
                context: format!("cannot read {}", dir.display()),
                source,
            });
        }
    };
    let mut found: Vec<DailyBackup> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let day = day_of(e.file_name().to_str()?, &stem)?;
            Some(DailyBackup {
                day,
                path: e.path(),
            })
        })
        .collect();
    found.sort_by_key(|b| b.day);
    Ok(found)
}

/// What the daily backup did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DailyOutcome {
    /// Today's copy was written; these older copies were deleted.
    Written {
        path: PathBuf,
        removed: Vec<PathBuf>,
    },
    /// Today's copy existed already.
    AlreadyDone(PathBuf),
}

/// Writes today's backup unless it exists, then keeps the newest [`KEEP_DAILY`]. `stop` is
/// asked between steps of the copy (see [`backup_unless_stopped`]).
pub fn daily_backup(
    store: &Store,
    today: NaiveDate,
    stop: &dyn Fn() -> bool,
) -> Result<DailyOutcome> {
    let path = daily_backup_path(store.path(), today);
    if path.exists() {
        return Ok(DailyOutcome::AlreadyDone(path));
    }
    let dir = backups_dir(store.path());
    create_private_dir(&dir).map_err(|source| StoreError::Io {
        context: format!("cannot create {}", dir.display()),
        source,
    })?;
    remove_stale_partials(&dir, &stem(store.path()));
    backup_unless_stopped(store, &path, stop)?;
    let removed = prune(store.path(), KEEP_DAILY)?;
    Ok(DailyOutcome::Written { path, removed })
}

/// How old a half-written copy must be before it counts as left behind by a killed process
/// rather than being written right now by another terminal.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes half-written copies (`<stem>-YYYY-MM-DD.db.partial-PID`) that a killed or
/// powered-off desk left behind; they can be as large as the database.
fn remove_stale_partials(dir: &Path, stem: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let Some((copy, _pid)) = name.to_str().and_then(|n| n.split_once(".partial-")) else {
            continue;
        };
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_PARTIAL));
        if day_of(copy, stem).is_some() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Deletes all but the newest `keep` daily backups; returns what it deleted.
fn prune(db: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let all = list_daily_backups(db)?;
    let excess = all.len().saturating_sub(keep);
    let mut removed = Vec::with_capacity(excess);
    for old in all.into_iter().take(excess) {
        std::fs::remove_file(&old.path).map_err(|source| StoreError::Io {
            context: format!("cannot delete the old backup {}", old.path.display()),
            source,
        })?;
        removed.push(old.path);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_daily_names_are_backups() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(day_of("liaison-2026-11-26.db", "liaison"), d("2026-11-26"));
        assert_eq!(day_of("liaison-2026-11-26.db.partial-12", "liaison"), None);
        assert_eq!(day_of("liaison-2026-11-26-old.db", "liaison"), None);
        assert_eq!(day_of("demo-2026-11-26.db", "liaison"), None);
        assert_eq!(day_of("liaison-2026-13-01.db", "liaison"), None);
        assert_eq!(day_of("liaison-2026-1-01.db", "liaison"), None);
    }

    #[test]
    fn backups_sit_beside_the_database() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            daily_backup_path(Path::new("liaison.db"), day),
            Path::new("./backups/liaison-2026-11-26.db")
        );
        assert_eq!(
            daily_backup_path(Path::new("desk/hf.db"), day),
            Path::new("desk/backups/hf-2026-11-26.db")
        );
    }
}
