//! The copies of the desk's data kept beside its database: daily backups, the files a
//! restore keeps aside, half-written copies a killed process left, and the documents printed
//! for residents. A purge must reach them all; they must not pile up.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::daily_backup::list_daily_backups;
use super::error::Result;

/// How many files kept aside by restores are kept: the newest.
pub const KEEP_ASIDE: usize = 3;

/// How old a half-written copy must be before it counts as left behind by a killed process
/// rather than being written right now by another terminal.
const STALE_PARTIAL: Duration = Duration::from_secs(3600);

fn dir_of(db: &Path) -> &Path {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "liaison".into())
}

/// `documents/` beside the database: receipts and slips printed at this desk.
pub fn documents_dir(db: &Path) -> PathBuf {
    dir_of(db).join("documents")
}

/// The files restores of `db` kept aside (`<stem>-before-restore-<time>.db`), oldest first.
pub fn aside_files(db: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}-before-restore-", stem(db));
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir_of(db))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(".db")
        })
        .map(|e| e.path())
        .collect();
    // The time is in the name (YYYYMMDD-HHMMSS), so the names sort by it.
    found.sort();
    found
}

/// Deletes all but the newest [`KEEP_ASIDE`] files kept aside; returns what it deleted.
pub fn rotate_aside(db: &Path) -> Vec<PathBuf> {
    let all = aside_files(db);
    let excess = all.len().saturating_sub(KEEP_ASIDE);
    all.into_iter()
        .take(excess)
        .filter(|p| std::fs::remove_file(p).is_ok())
        .collect()
}

/// Every full copy of the database's data beside it: daily backups and files kept aside.
pub fn database_copies(db: &Path) -> Result<Vec<PathBuf>> {
    let mut copies: Vec<PathBuf> = list_daily_backups(db)?
        .into_iter()
        .map(|b| b.path)
        .collect();
    copies.extend(aside_files(db));
    Ok(copies)
}

/// Removes half-written copies (`….partial-PID`) of this database's backups, aside files
/// and bundles that a killed or powered-off desk left behind, beside the database and in
/// `backups/`; they can be as large as the database and hold the same personal data.
pub fn remove_stale_partials(db: &Path) -> Vec<PathBuf> {
    let stem = stem(db);
    let mut removed = Vec::new();
    for dir in [dir_of(db).to_path_buf(), super::backups_dir(db)] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some((copy, pid)) = name.split_once(".partial-") else {
                continue;
            };
            let ours = copy.starts_with(&stem) || copy.starts_with(".liaison-");
            let mine = pid.parse::<u32>().ok() == Some(std::process::id());
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_PARTIAL));
            if !ours || mine || !old {
                continue;
            }
            let gone = if entry.path().is_dir() {
                std::fs::remove_dir_all(entry.path())
            } else {
                std::fs::remove_file(entry.path())
            };
            if gone.is_ok() {
                removed.push(entry.path());
            }
        }
    }
    removed
}

/// Documents in `documents/` that name one of `numbers` (a receipt, a slip, a day's slips).
pub fn documents_naming(db: &Path, numbers: &[String]) -> Vec<PathBuf> {
    if numbers.is_empty() {
        return Vec::new();
    }
    std::fs::read_dir(documents_dir(db))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            std::fs::read_to_string(p)
                .is_ok_and(|text| numbers.iter().any(|n| text.contains(n.as_str())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aside_files_rotate_to_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        for stamp in [
            "20261101-090000",
            "20261102-090000",
            "20261103-090000",
            "20261104-090000",
        ] {
            std::fs::write(
                dir.path().join(format!("desk-before-restore-{stamp}.db")),
                b"x",
            )
            .unwrap();
        }
        std::fs::write(
            dir.path().join("other-before-restore-20261101-090000.db"),
            b"x",
        )
        .unwrap();
        assert_eq!(aside_files(&db).len(), 4);
        let removed = rotate_aside(&db);
        assert_eq!(removed.len(), 1);
        assert!(removed[0].ends_with("desk-before-restore-20261101-090000.db"));
        assert_eq!(aside_files(&db).len(), KEEP_ASIDE);
        assert!(
            dir.path()
                .join("other-before-restore-20261101-090000.db")
                .exists()
        );
    }
}
