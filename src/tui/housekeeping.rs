//! Work done once at start, off the interface's thread: SQLite's `quick_check` of the file
//! and the day's automatic backup. The result arrives as one message for the status line.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::thread;

use chrono::NaiveDate;

use crate::store::{DailyOutcome, Store, daily_backup};

/// What the start-up checks found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Housekeeping {
    /// `Ok` when `quick_check` said ok; otherwise what it (or opening the file) said.
    pub check: Result<(), String>,
    /// The daily backup: `None` when not attempted (a demo file, or a failed check).
    pub backup: Option<Result<Backup, String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backup {
    Written(PathBuf),
    AlreadyDone,
}

/// Starts the checks on their own connection; the receiver yields one [`Housekeeping`].
pub fn start(db: PathBuf, today: NaiveDate) -> Receiver<Housekeeping> {
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .name("housekeeping".into())
        .spawn(move || {
            // A closed receiver means the operator already quit: nothing left to tell.
            let _ = tx.send(run(db, today));
        })
        .map_err(|e| eprintln!("liaison: start-up checks did not start: {e}"))
        .ok();
    rx
}

/// The checks themselves, synchronously (the tests call this).
pub fn run(db: PathBuf, today: NaiveDate) -> Housekeeping {
    let store = match Store::open(&db) {
        Ok(store) => store,
        Err(e) => {
            return Housekeeping {
                check: Err(e.to_string()),
                backup: None,
            };
        }
    };
    let check = match store.quick_check() {
        Ok(findings) if findings == ["ok"] => Ok(()),
        Ok(findings) => Err(findings.join("; ")),
        Err(e) => Err(e.to_string()),
    };
    let backup = match (&check, store.is_demo()) {
        (Ok(()), Ok(false)) => Some(
            daily_backup(&store, today)
                .map(|outcome| match outcome {
                    DailyOutcome::Written { path, .. } => Backup::Written(path),
                    DailyOutcome::AlreadyDone(_) => Backup::AlreadyDone,
                })
                .map_err(|e| e.to_string()),
        ),
        _ => None,
    };
    Housekeeping { check, backup }
}
