//! Work done once at start, off the interface's thread: SQLite's `quick_check` of the file,
//! the end of an erasure a killed purge left unfinished, and the day's automatic backup. The result arrives as one message for the status line.
//! Quitting stops the work at once: the check is interrupted, the copy abandoned between
//! steps and its partial file removed.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

use chrono::NaiveDate;
use rusqlite::InterruptHandle;

use crate::store::{DailyOutcome, Store, daily_backup};

/// What the start-up checks found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Housekeeping {
    /// `Ok` when `quick_check` said ok; otherwise what it (or opening the file) said.
    pub check: Result<(), String>,
    /// The daily backup: `None` when not attempted (a demo file, or a failed check).
    pub backup: Option<Result<Backup, String>>,
    /// An erasure a purge left unfinished, finished (how many cases), or why not; `None`
    /// when none was left.
    pub erasure: Option<Result<u64, String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backup {
    Written(PathBuf),
    AlreadyDone,
}

/// The running checks.
pub struct Checks {
    found: Receiver<Housekeeping>,
    stop: Arc<AtomicBool>,
    interrupt: Arc<Mutex<Option<InterruptHandle>>>,
    thread: Option<JoinHandle<()>>,
}

impl Checks {
    /// The findings, once they are in.
    pub fn try_found(&self) -> Option<Housekeeping> {
        self.found.try_recv().ok()
    }

    /// Stops whatever is still running and waits for it to let go of the file.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Safe even if the connection has just closed: the handle knows.
        if let Ok(slot) = self.interrupt.lock()
            && let Some(handle) = slot.as_ref()
        {
            handle.interrupt();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts the checks on their own connection.
pub fn start(db: PathBuf, today: NaiveDate) -> Checks {
    let (tx, found) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let interrupt = Arc::new(Mutex::new(None));
    let (stop_flag, handle_slot) = (Arc::clone(&stop), Arc::clone(&interrupt));
    let thread = thread::Builder::new()
        .name("housekeeping".into())
        .spawn(move || {
            let stopped = || stop_flag.load(Ordering::Relaxed);
            let result = run_with(db, today, &stopped, |store| {
                if let Ok(mut slot) = handle_slot.lock() {
                    *slot = Some(store.connection().get_interrupt_handle());
                }
            });
            // A closed receiver means the operator already quit: nothing left to tell.
            let _ = tx.send(result);
        })
        .map_err(|e| eprintln!("liaison: start-up checks did not start: {e}"))
        .ok();
    Checks {
        found,
        stop,
        interrupt,
        thread,
    }
}

/// The checks themselves, synchronously (the tests call this).
pub fn run(db: PathBuf, today: NaiveDate) -> Housekeeping {
    run_with(db, today, &|| false, |_| {})
}

fn run_with(
    db: PathBuf,
    today: NaiveDate,
    stopped: &dyn Fn() -> bool,
    opened: impl FnOnce(&Store),
) -> Housekeeping {
    let mut store = match Store::open(&db) {
        Ok(store) => store,
        Err(e) => {
            return Housekeeping {
                check: Err(e.to_string()),
                backup: None,
                erasure: None,
            };
        }
    };
    opened(&store);
    let check = match store.quick_check() {
        Ok(findings) if findings == ["ok"] => Ok(()),
        Ok(findings) => Err(findings.join("; ")),
        Err(e) => Err(e.to_string()),
    };
    // Before the day's backup, which must not copy what is still to erase.
    let erasure = match &check {
        Ok(()) if !stopped() => finish_erasure(&mut store),
        _ => None,
    };
    let backup = match (&check, store.is_demo()) {
        (Ok(()), Ok(false)) if !stopped() => Some(
            daily_backup(&store, today, stopped)
                .map(|outcome| match outcome {
                    DailyOutcome::Written { path, .. } => Backup::Written(path),
                    DailyOutcome::AlreadyDone(_) => Backup::AlreadyDone,
                })
                .map_err(|e| e.to_string()),
        ),
        _ => None,
    };
    Housekeeping {
        check,
        backup,
        erasure,
    }
}

fn finish_erasure(store: &mut Store) -> Option<Result<u64, String>> {
    match store.finish_erasure() {
        Ok(None) => None,
        Ok(Some(done)) if done.failures() == 0 => Some(Ok(done.cases)),
        Ok(Some(done)) => {
            let failed = done
                .copies
                .iter()
                .filter_map(|(p, r)| r.as_ref().err().map(|e| format!("{}: {e}", p.display())));
            let rewrite = done.rewrite.and_then(Result::err);
            Some(Err(rewrite
                .into_iter()
                .chain(failed)
                .collect::<Vec<_>>()
                .join("; ")))
        }
        Err(e) => Some(Err(e.to_string())),
    }
}
