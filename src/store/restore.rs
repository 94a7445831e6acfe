//! `liaison restore`: put a backup's contents into the database, after keeping the current
//! contents aside. The copy goes through SQLite's backup API into the open file, so other
//! terminals see the restored data on their next read instead of a file swapped under them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use super::Store;
use super::error::{Result, StoreError};
use super::kept_aside::keep_aside;
use super::open::{check_not_newer, refuse_directory};
use crate::i18n::Error;
use crate::platform::create_private_file;
use crate::progress::Stage;
use crate::refusal::Refusal;

/// What a backup file holds, read before anything is changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub station: String,
    pub cases: u64,
    pub events: u64,
    /// The time of the newest event in the file.
    pub last_event_at: Option<String>,
}

/// Opens a backup read-only and checks it is a sound liaison database this program can read.
pub fn inspect_backup(path: &Path) -> Result<BackupSummary> {
    if !path.is_file() {
        return Err(crate::refusal!(Error::NoBackupFile, path = path.display()).into());
    }
    refuse_directory(path)?;
    inspect_copy(path, path)
}

/// [`inspect_backup`] of `file`, a copy of the backup at `path` (or the backup itself).
fn inspect_copy(path: &Path, file: &Path) -> Result<BackupSummary> {
    let bad = |reason: Refusal| StoreError::BadBackup {
        path: path.to_path_buf(),
        reason,
    };
    // Damage found while reading is the backup's, not the desk's file's.
    let damaged = |e: StoreError| match e {
        StoreError::Corrupt(_) | StoreError::CutShort => bad(Refusal::from(&e)),
        other => other,
    };
    let (conn, station) = open_backup(file, path)?;
    // The whole check a desk's own file gets: SQLite's, the foreign keys, every case
    // against its log. A backup that fails it would put a broken file in place.
    let probe = Store {
        conn: super::open::Conn(conn),
        path: path.to_path_buf(),
        progress: crate::progress::silent(),
    };
    let report = probe.check(false).map_err(damaged)?;
    if !report.is_ok() {
        let mut findings: Vec<String> = report
            .sqlite
            .iter()
            .filter(|s| *s != "ok")
            .cloned()
            .collect();
        findings.extend(report.foreign_keys.iter().cloned());
        findings.extend(report.replay.iter().cloned());
        let shown = findings
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        return Err(bad(Refusal::new(Error::FailsCheck).data("findings", shown)));
    }
    let conn = probe.conn;
    summarise(&conn, path, station)
}

/// Opens `file` (a backup, or the copy of one) read-only as the backup at `shown`: not newer
/// than this program, and a station's. Damage found is the backup's, not the desk's file's.
fn open_backup(file: &Path, shown: &Path) -> Result<(Connection, String)> {
    let bad = |reason: Refusal| StoreError::BadBackup {
        path: shown.to_path_buf(),
        reason,
    };
    let damaged = |e: StoreError| match e {
        StoreError::Corrupt(_) | StoreError::CutShort => bad(Refusal::from(&e)),
        other => other,
    };
    let conn = super::open::open_read_only(file).map_err(damaged)?;
    check_not_newer(&conn, shown).map_err(damaged)?;
    let station: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'station'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|e| match StoreError::from(e) {
            e @ (StoreError::Corrupt(_) | StoreError::CutShort) => bad(Refusal::from(&e)),
            _ => StoreError::NotInitialised(shown.to_path_buf()),
        })?;
    let station = station.ok_or_else(|| StoreError::NotInitialised(shown.to_path_buf()))?;
    Ok((conn, station))
}

/// A backup read for a restore, before anything is changed, and copied into the restore's
/// staging file: either it bears this desk's seal over exactly the bytes copied (made and
/// checked by `liaison backup`, so not checked again), or the copy passed the whole check
/// ([`inspect_backup`]). Either way what is checked is what will be copied in: a backup
/// changed on its stick after the check changes nothing.
pub struct IncomingBackup {
    pub summary: BackupSummary,
    staging: Staging,
    sealed: bool,
}

impl IncomingBackup {
    /// Whether the backup bore this desk's seal, unchanged.
    pub fn sealed(&self) -> bool {
        self.sealed
    }
}

fn summarise(conn: &Connection, path: &Path, station: String) -> Result<BackupSummary> {
    let (cases, events, last_event_at): (i64, i64, Option<String>) = conn.query_row(
        "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_events), \
                (SELECT max(at) FROM case_events)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(BackupSummary {
        path: path.to_path_buf(),
        station,
        cases: cases.unsigned_abs(),
        events: events.unsigned_abs(),
        last_event_at,
    })
}

/// Where the current contents go before a restore: beside the database, named by the time.
pub fn aside_path(db: &Path, now: NaiveDateTime) -> PathBuf {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "liaison".into());
    let stamp = now.format("%Y%m%d-%H%M%S");
    // A second restore within the same second gets the next free name, never an error.
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            db.with_file_name(format!("{stem}-before-restore-{stamp}{suffix}.db"))
        })
        .find(|path| !path.exists())
        .expect("some name is free")
}

/// How long the restore waits for other terminals' writes to finish.
const RESTORE_BUSY_WAIT: Duration = Duration::from_millis(250);

/// Pages copied between two reports of a restore's progress (4 MiB of 4 KiB pages).
const RESTORE_STEP_PAGES: std::os::raw::c_int = 1024;

impl Store {
    /// Refuses `path` as a backup when it is this database's own file (by another name too).
    pub fn refuse_itself(&self, path: &Path) -> Result<()> {
        let same = match (
            std::fs::canonicalize(path),
            std::fs::canonicalize(&self.path),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return Err(crate::refusal!(Error::RestoreItself, path = path.display()).into());
        }
        Ok(())
    }

    /// Reads a backup for [`Store::restore_from`]: a backup sealed by this desk's key, whose
    /// bytes are the ones sealed, is copied into the staging file while its digest is taken;
    /// any other (no seal, another key, changed or cut since) gets the whole check.
    pub fn inspect_for_restore(&self, path: &Path) -> Result<IncomingBackup> {
        if let Some(staging) = self.stage_sealed(path)? {
            let (conn, station) = open_backup(&staging.path, path)?;
            let summary = summarise(&conn, path, station)?;
            return Ok(IncomingBackup {
                summary,
                staging,
                sealed: true,
            });
        }
        if !path.is_file() {
            return Err(crate::refusal!(Error::NoBackupFile, path = path.display()).into());
        }
        refuse_directory(path)?;
        // Read first as it stands, so a file that is no backup of ours is refused as before.
        drop(open_backup(path, path)?);
        let staging = Staging::beside(&self.path);
        staging.fill_from(path).map_err(|e| match e {
            StoreError::Corrupt(_) | StoreError::CutShort => StoreError::BadBackup {
                path: path.to_path_buf(),
                reason: Refusal::from(&e),
            },
            other => other,
        })?;
        Ok(IncomingBackup {
            summary: inspect_copy(path, &staging.path)?,
            staging,
            sealed: false,
        })
    }

    fn stage_sealed(&self, path: &Path) -> Result<Option<Staging>> {
        if !path.is_file() {
            return Ok(None);
        }
        refuse_directory(path)?;
        // A journal or log beside it holds changes the sealed bytes do not show.
        let beside = |suffix: &str| {
            let mut name = path.as_os_str().to_os_string();
            name.push(suffix);
            PathBuf::from(name).exists()
        };
        if beside("-wal") || beside("-journal") {
            return Ok(None);
        }
        let Some(seal) = super::seal::read_seal(path)? else {
            return Ok(None);
        };
        let mine = self.desk_identity()?.public_key;
        if seal.key != mine {
            return Ok(None);
        }
        let staging = Staging::beside(&self.path);
        Ok(staging.fill_sealed(path, &seal, &mine)?.then_some(staging))
    }

    /// The same summary for the open database, to set beside a backup's.
    pub fn summary(&self) -> Result<BackupSummary> {
        summarise(&self.conn, &self.path, self.desk()?.code)
    }

    /// Replaces the contents with `backup`'s after copying the current contents to `aside`.
    /// The backup must be of this desk's station. Returns the reopened (and, for an older
    /// backup, migrated) store, in a new epoch of its desk: numbers and outbox sequences go
    /// on in a range no earlier timeline of this desk used, whether or not the file kept
    /// aside survives (the epoch is taken from the file being replaced, read before).
    pub fn restore_from(
        self,
        incoming: IncomingBackup,
        aside: &Path,
        now: NaiveDateTime,
    ) -> Result<Store> {
        let backup = &incoming.summary;
        self.refuse_itself(&backup.path)?;
        let desk = self.desk()?.code;
        if backup.station != desk {
            return Err(crate::refusal!(
                Error::BackupOfOtherStation,
                path = backup.path.display(),
                station = backup.station,
                desk = desk
            )
            .into());
        }
        let before = self.desk_identity()?;
        let before_secret = self.signing_key()?.to_bytes();
        let before_trust = self.carried_trust()?;
        let before_highest = self.highest_own_epoch()?;
        let mut kept = Some(keep_aside(&self, aside)?);
        // The backup is made this desk's next timeline in a staging file first (migrated, its
        // identity, trust and new epoch set), and only then copied in, in one write: another
        // terminal never reads the backup's contents under the old epoch (it would take them
        // for ordinary writes, not say what the restore took away) nor writes between the
        // copy and the new epoch. The backup was copied there when it was read.
        let staging = incoming.staging;
        let path = self.path.clone();
        let progress = self.progress.clone();
        let copied = (|| -> Result<()> {
            scratch_wal(&staging.path)?;
            let backup_has_desks = backup_schema(&staging.path)? >= 5;
            {
                let mut restored = Store::open(&staging.path)?;
                // The staging file need not survive a crash (the next restore removes it), so
                // its writes are not synced: only the database's copy-in is.
                restored.conn.pragma_update(None, "synchronous", "OFF")?;
                let same_desk = restored.desk_identity()?.uuid == before.uuid;
                if !backup_has_desks || same_desk {
                    // A backup from before desks, or of this same desk: it is this desk's
                    // past, and the desk goes on with the id, number and key it has now (the
                    // home knows them).
                    restored.adopt_identity(&before, &before_secret)?;
                    restored.carry_trust(&before_trust)?;
                }
                let after = restored.desk_identity()?;
                let floor = if after.uuid == before.uuid {
                    before_highest
                } else {
                    0
                };
                let epoch = floor.max(restored.highest_own_epoch()?) + 1;
                restored.start_epoch(epoch, "a restore", now)?;
            }
            let source = super::open::open_read_only(&staging.path)?;
            let mut remaining: i64 = source.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            let mut conn = self.conn;
            // The destination stays locked in one write transaction from the first step to
            // the last, so a crash leaves either the old contents or the new ones; the steps
            // let the copy report how far it is, and wait for the copy kept aside to be on
            // disk before the last one, which commits.
            let copy = Backup::new(&source, &mut conn)?;
            let deadline = std::time::Instant::now() + super::open::BUSY_TIMEOUT;
            let mut copied_pages: Option<u64> = None;
            loop {
                if remaining <= i64::from(RESTORE_STEP_PAGES)
                    && let Some(kept) = kept.take()
                {
                    kept.wait()?;
                }
                let step = copy.step(RESTORE_STEP_PAGES)?;
                let p = copy.progress();
                remaining = i64::from(p.remaining);
                let done = (p.pagecount - p.remaining).max(0) as u64;
                let before = *copied_pages.get_or_insert_with(|| {
                    progress.stage(Stage::Copying, p.pagecount.max(0) as u64);
                    0
                });
                progress.advance(done.saturating_sub(before));
                copied_pages = Some(done.max(before));
                match step {
                    StepResult::Done => break,
                    StepResult::More => {}
                    _ if std::time::Instant::now() > deadline => return Err(StoreError::Busy),
                    _ => std::thread::sleep(RESTORE_BUSY_WAIT),
                }
            }
            Ok(())
        })();
        progress.finish();
        if let Some(kept) = kept {
            // Refused before the copy-in: the copy kept aside is still made whole.
            let _ = kept.wait();
        }
        copied?;
        drop(staging);
        let mut restored = Store::open(&path)?;
        restored.set_progress(progress);
        Ok(restored)
    }
}

/// Turns the staging file (a scratch file) to write-ahead logging without syncing it: the
/// switch writes its header through a journal, which with the usual settings would sync the
/// whole file just copied there.
fn scratch_wal(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    Ok(())
}

/// The file a restore prepares the backup in, beside the database (same disk, same
/// permissions: it holds the residents' data), removed when done or refused. One left by a
/// restore killed half-way is removed by the next.
struct Staging {
    path: PathBuf,
}

impl Staging {
    fn beside(db: &Path) -> Staging {
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(".restoring");
        Staging {
            path: db.with_file_name(name),
        }
    }

    /// A private copy of `backup`, made by SQLite's online backup (whatever journal the
    /// backup file has).
    fn fill_from(&self, backup: &Path) -> Result<()> {
        self.remove();
        create_private_file(&self.path).map_err(|source| StoreError::Io {
            context: format!("cannot create {}", self.path.display()),
            source,
        })?;
        let source = super::open::open_read_only(backup)?;
        let mut staged = Connection::open(&self.path)?;
        // A scratch file: no journal, no syncs (a crash leaves it for the next restore to
        // remove).
        staged.query_row("PRAGMA journal_mode = OFF", [], |_| Ok(()))?;
        staged.pragma_update(None, "synchronous", "OFF")?;
        Backup::new(&source, &mut staged)?.run_to_completion(
            RESTORE_STEP_PAGES,
            Duration::ZERO,
            None,
        )?;
        Ok(())
    }

    /// A private copy of the bytes `seal` covers, true when the seal is `trusted`'s over
    /// exactly them; on false the copy is removed.
    fn fill_sealed(
        &self,
        backup: &Path,
        seal: &super::seal::Seal,
        trusted: &[u8; 32],
    ) -> Result<bool> {
        self.remove();
        let mut file = create_private_file(&self.path).map_err(|source| StoreError::Io {
            context: format!("cannot create {}", self.path.display()),
            source,
        })?;
        let verified = super::seal::copy_sealed(backup, (&mut file, &self.path), seal, trusted);
        if !matches!(verified, Ok(true)) {
            self.remove();
        }
        verified
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = self.path.as_os_str().to_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.remove();
    }
}

/// The schema version of a backup file, read without changing it.
fn backup_schema(path: &Path) -> Result<i64> {
    let conn = super::open::open_read_only(path)?;
    super::migrate::user_version(&conn)
}
