//! Progress of long work (a million demo cases, a folder of bundles, a month's report, a
//! purge, a restore, a full check): the code doing the work says which stage it is in and
//! how many of its rows are done out of how many; the caller decides how to show that — a
//! bar on a terminal, nothing in a script. No terminal code here or below.

use std::sync::Arc;

/// What a long piece of work is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Writing historical cases (demo data).
    Generating,
    /// Adding cases to the search index.
    Indexing,
    /// Building the tables' indexes after a bulk load (no count).
    BuildingIndexes,
    /// Applying the events of bundles.
    Applying,
    /// Replaying cases' logs (a check, a month's report).
    Replaying,
    /// SQLite's own check of the file (no count).
    CheckingFile,
    /// Copying the pages of a database.
    Copying,
    /// Erasing residents' personal data.
    Erasing,
    /// Rewriting the file so that erased data leaves the disk (no count).
    Rewriting,
}

/// Receives the progress of long work. `total` 0 means the stage has no count.
pub trait Progress: Send + Sync {
    /// A stage begins with `total` steps to do.
    fn stage(&self, stage: Stage, total: u64);
    /// `done` more steps of the current stage are done.
    fn advance(&self, done: u64);
    /// The work is over (whether it succeeded or not).
    fn finish(&self) {}
}

/// Shows nothing: scripts, tests and the terminal UI.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: Stage, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// A shared handle on a progress receiver.
pub type Reporter = Arc<dyn Progress>;

/// The receiver that shows nothing.
pub fn silent() -> Reporter {
    Arc::new(Silent)
}
