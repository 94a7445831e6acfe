//! Everything that can go wrong with the database, in words an operator can act on.

use std::path::PathBuf;

use crate::domain::names::UnknownName;
use crate::domain::phone::BadPhone;
use crate::domain::text::TooLong;
use crate::domain::transition::TransitionError;
use crate::i18n::Error;
use crate::refusal::Refusal;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "no database at {0}\n  create one with `liaison init --station CODE` (see `liaison stations`), \
         or try `liaison --demo`"
    )]
    Missing(PathBuf),
    #[error("the directory {0} does not exist")]
    NoDirectory(PathBuf),
    #[error("{0} is not a liaison database (not an SQLite file); it was left untouched")]
    NotSqlite(PathBuf),
    #[error("{0} is a directory, not a database file: give the file's path with --db")]
    IsDirectory(PathBuf),
    #[error(
        "{0} is another program's SQLite database, not a liaison one; it was left untouched \
         (give liaison a file of its own with --db)"
    )]
    Foreign(PathBuf),
    #[error(
        "{path} was written by a newer liaison (schema {found}, this program knows up to {known}); \
         it was left untouched: update liaison to open it"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{0} is not set up yet: run `liaison init --station CODE`")]
    NotInitialised(PathBuf),
    #[error("{path} is already set up for station {station}")]
    AlreadyInitialised { path: PathBuf, station: String },
    #[error("{path} is a demo database; real work never goes into it")]
    IsDemo { path: PathBuf },
    #[error("{path} holds real data; the demo never mixes with it (use another --db)")]
    NotDemo { path: PathBuf },
    #[error("unknown station `{code}` (valid: {valid})")]
    UnknownStation { code: String, valid: String },
    #[error("no case numbered or identified `{0}`")]
    UnknownCase(String),
    #[error("unknown {what} `{code}`")]
    UnknownReference { what: &'static str, code: String },
    #[error("{0}")]
    Invalid(String),
    #[error(
        "bundle {desk} {range} cannot be applied yet: events {missing} of {desk} have not been \
         imported (import the earlier bundle first, or write them again on that desk with \
         `liaison bundle export --all --out DIR`)"
    )]
    BundleGap {
        desk: String,
        range: String,
        missing: String,
    },
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// A refusal of the trust model (see [`crate::domain::trust`]).
    #[error(transparent)]
    Trust(#[from] crate::domain::trust::Refusal),
    #[error(transparent)]
    TooLong(#[from] TooLong),
    #[error(transparent)]
    Phone(#[from] BadPhone),
    #[error(transparent)]
    Name(#[from] UnknownName),
    #[error("the database is busy: another liaison kept it locked too long; try again")]
    Busy,
    #[error("the disk is full: nothing was saved; free some space, then save again")]
    DiskFull,
    #[error(
        "the database cannot be written (a read-only file, directory or disk): nothing was saved"
    )]
    ReadOnly,
    #[error(
        "{0} is read-only: liaison must be able to write it and its directory (for the -wal \
         and -shm files beside it); it was left untouched"
    )]
    ReadOnlyFile(PathBuf),
    #[error("the disk reported an error while writing: nothing was saved ({0})")]
    DiskError(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "stored data is damaged: {0}\n  the file was left as it is; put the latest backup in its \
         place with `liaison restore BACKUP` (daily backups are kept in the `backups` directory \
         beside the database)"
    )]
    Corrupt(String),
    #[error(
        "the backup {path} cannot be used: {reason}; nothing was changed (`liaison restore` \
         lists the other backups)"
    )]
    BadBackup { path: PathBuf, reason: Refusal },
    /// A refusal of the store's own that no variant above names.
    #[error("{0}")]
    Refused(Refusal),
    #[error("stored data is damaged: the file is cut short, overwritten or encrypted")]
    CutShort,
    /// A file the store works with could not be read or written: what it was doing, and the
    /// system's error.
    #[error("{doing}: {source}")]
    File {
        doing: Refusal,
        #[source]
        source: std::io::Error,
    },
}

/// A wish's change refused by the core is worded by the text tables like any refusal.
impl From<crate::domain::wish::WishError> for StoreError {
    fn from(e: crate::domain::wish::WishError) -> Self {
        StoreError::Refused(Refusal::from(&e))
    }
}

impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> Self {
        StoreError::Refused(r)
    }
}

impl From<&StoreError> for Refusal {
    /// The error as a typed reason, for the text tables to word.
    fn from(e: &StoreError) -> Refusal {
        use StoreError as S;
        let path = |p: &std::path::Path| p.display().to_string();
        match e {
            S::Missing(p) => Refusal::new(Error::NoDatabase).data("path", path(p)),
            S::NoDirectory(p) => Refusal::new(Error::NoDirectory).data("path", path(p)),
            S::NotSqlite(p) => Refusal::new(Error::NotSqlite).data("path", path(p)),
            S::IsDirectory(p) => Refusal::new(Error::IsDirectory).data("path", path(p)),
            S::Foreign(p) => Refusal::new(Error::Foreign).data("path", path(p)),
            S::TooNew {
                path: p,
                found,
                known,
            } => Refusal::new(Error::TooNew)
                .data("path", path(p))
                .data("found", found)
                .data("known", known),
            S::NotInitialised(p) => Refusal::new(Error::NotInitialised).data("path", path(p)),
            S::AlreadyInitialised { path: p, station } => Refusal::new(Error::AlreadyInitialised)
                .data("path", path(p))
                .data("station", station),
            S::IsDemo { path: p } => Refusal::new(Error::IsDemo).data("path", path(p)),
            S::NotDemo { path: p } => Refusal::new(Error::NotDemo).data("path", path(p)),
            S::UnknownStation { code, valid } => Refusal::new(Error::UnknownStation)
                .data("code", code)
                .data("valid", valid),
            S::UnknownCase(key) => Refusal::new(Error::UnknownCase).data("key", key),
            S::UnknownReference { what, code } => Refusal::new(Error::UnknownReference)
                .field("what", what)
                .data("code", code),
            // Said as it was written (the bundles and the page word theirs themselves).
            S::Invalid(detail) => Refusal::new(Error::Invalid).data("detail", detail),
            S::BundleGap {
                desk,
                range,
                missing,
            } => Refusal::new(Error::BundleGap)
                .data("desk", desk)
                .data("range", range)
                .data("missing", missing),
            S::Transition(e) => Refusal::from(e),
            S::TooLong(e) => Refusal::from(e),
            S::Phone(e) => Refusal::from(e),
            S::Name(e) => Refusal::from(e),
            S::Busy => Refusal::new(Error::Busy),
            S::DiskFull => Refusal::new(Error::DiskFull),
            S::ReadOnly => Refusal::new(Error::ReadOnly),
            S::ReadOnlyFile(p) => Refusal::new(Error::ReadOnlyFile).data("path", path(p)),
            S::DiskError(detail) => Refusal::new(Error::DiskError).data("detail", detail),
            S::Sqlite(e) => Refusal::new(Error::Sqlite).data("detail", e),
            S::Io { context, source } => Refusal::new(Error::Invalid)
                .data("detail", context)
                .because_io(source),
            S::Corrupt(detail) => Refusal::new(Error::Corrupt).data("detail", detail),
            S::BadBackup { path: p, reason } => Refusal::new(Error::BadBackup)
                .data("path", path(p))
                .because("reason", reason.clone()),
            S::Refused(r) => r.clone(),
            S::Trust(r) => Refusal::new(Error::Invalid).trust("detail", r.clone()),
            S::CutShort => Refusal::new(Error::CutShort),
            S::File { doing, source } => doing.clone().because_io(source),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::NotADatabase) => StoreError::CutShort,
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt(e.to_string()),
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::SystemIoFailure) => StoreError::DiskError(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
