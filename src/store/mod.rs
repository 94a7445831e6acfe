//! The SQLite file: opening it safely, its schema, and every read and write.
//!
//! Writes go through [`Store::register`] and [`Store::record`]: one IMMEDIATE transaction
//! that checks the event with the domain's transition function, appends it to the log and
//! rewrites the case row. Nothing is written if any step fails.

mod activities;
mod applied_manifests;
mod approvals;
mod backup;
mod board;
mod bulk;
mod bundle;
mod calling;
mod cases;
mod check;
mod correct;
mod daily_backup;
mod desk;
mod duplicates;
mod duty;
mod english_names;
mod erase_set;
mod erasure;
mod error;
mod home_copy;
mod home_key;
mod kept_aside;
mod last_bundles;
mod links;
mod local_copies;
mod merge;
mod merge_batches;
mod migrate;
mod only_aside;
mod open;
mod origin;
mod owner;
mod purge;
mod reclassify;
mod recompute;
mod reference;
mod reference_bundle;
mod report;
mod restore;
mod roster;
mod rows;
mod same_event;
mod seal;
mod search;
mod search_index;
mod self_service;
mod statistics;
mod trust;
mod trust_list;
mod units;
mod waiting;
mod wish_bundle;
mod wish_check;
mod wish_purge;
mod wish_report;
mod wish_rows;
mod wishes;
mod write;

pub use activities::NewProject;
pub use approvals::Approval;
pub use backup::{backup_to, backup_unless_stopped};
pub use board::{BoardFilter, BoardRow, board_filter, horizon as board_horizon};
pub use bulk::BulkLoader;
pub use bundle::{
    Applied, DeskProgress, Enrolment, EventsBundle, ExportLog, HeldSummary, KnownDesk,
    RecoveryBundle, SeqRange, SignerDesk,
};
pub use cases::{CaseFilter, CaseRecord};
pub use check::CheckReport;
pub use daily_backup::{
    DailyBackup, DailyOutcome, KEEP_DAILY, backups_dir, daily_backup, daily_backup_path,
    list_daily_backups,
};
pub use desk::{DeskIdentity, RenumberedCase};
pub use duplicates::{Candidate, Reason};
pub use duty::DutyRecord;
pub use erasure::{ErasureDone, ErasureLeft};
pub use error::{Result, StoreError};
pub use home_copy::{HomeCopy, RECENT_DAYS};
pub use home_key::HomeTrust;
pub use links::CaseLinks;
pub use local_copies::{
    KEEP_ASIDE, aside_files, database_copies, documents_dir, documents_naming,
    remove_stale_partials, rotate_aside,
};
pub use merge::Recovered;
pub use merge_batches::{Batches, BatchesDone};
pub use migrate::SCHEMA_VERSION;
pub use only_aside::OnlyAside;
pub use owner::CaseOwner;
pub use purge::Purged;
pub use recompute::{
    HolidayYear, KeptByHand, LAW, Recompute, RecomputePlan, recompute_provisional,
};
pub use reference_bundle::{ReferenceApplied, ReferenceBundle, StationCases};
pub use report::MonthCases;
pub use restore::{BackupSummary, IncomingBackup, aside_path, inspect_backup};
pub use roster::RosterChange;
pub use rows::{DATETIME as DATETIME_FORMAT, date_text, datetime_text, whole_seconds};
pub use search::SEARCH_LIMIT;
pub use self_service::CallShown;
pub use statistics::Statistics;
pub use trust::{Judgement, KeyDecision};
pub use trust_list::{DeskStanding, TrustLogLine};
pub use units::{CategoryDefaults, UnitImport};
pub use waiting::{Kept, ToKeep, WAITING_MAX_BUNDLES, WAITING_MAX_BYTES, WaitingBundle};
pub use wish_bundle::WishesTaken;
pub use wish_report::MonthWishes;
pub use wish_rows::{WishPeople, WishRecord};
pub use wishes::{Claimant, NewWish};
pub use write::{AfterWrite, NewCase};

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::progress::{Progress, Reporter};

/// An open liaison database.
pub struct Store {
    conn: open::Conn,
    path: PathBuf,
    /// Told how long work advances (see [`Store::set_progress`]).
    progress: Reporter,
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where long work (a bulk load, a check, a purge, a restore, applying bundles) reports
    /// its progress from now on; nowhere by default.
    pub fn set_progress(&mut self, progress: Reporter) {
        self.progress = progress;
    }

    /// The receiver of this store's progress, for work done above it with its data.
    pub fn progress(&self) -> &dyn Progress {
        &*self.progress
    }

    /// The raw connection, for benchmarks and tests that inspect the file.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The raw connection, mutable: for tests and benchmarks that trace the statements run.
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// `PRAGMA data_version`: changes whenever another connection commits a write.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT data_version FROM pragma_data_version", [], |r| {
                r.get(0)
            })?)
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}
