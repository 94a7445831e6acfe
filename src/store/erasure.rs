//! An erasure that survives a crash. A purge takes the residents out of the tables in one
//! transaction; the rest of the work (rewriting the file so that no free page or write-ahead
//! log frame keeps a copy, the same erasure in every daily backup and every file a restore kept
//! aside, deleting the documents printed for the cases) happens after it, on other files. So
//! that a purge killed half-way never leaves "nothing to erase" behind while copies still hold
//! the residents, that rest is listed in the same transaction (`erasure_cases`,
//! `erasure_steps`), each step leaves the list once done, and [`Store::finish_erasure`] does
//! what is left: at the end of the purge, and in the next command that writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;

use super::Store;
use super::error::Result;
use super::local_copies::{database_copies, documents_naming, remove_stale_partials};
use crate::domain::case::CaseId;
use crate::domain::wish::WishId;
use crate::i18n::Error;
use crate::progress::Stage;
use crate::refusal;
use crate::refusal::{Refusal, io_refusal};

/// What is still to erase after a purge that did not finish.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ErasureLeft {
    /// Purged cases whose erasure is not finished everywhere.
    pub cases: u64,
    /// This file still to rewrite (its free pages, its write-ahead log).
    pub rewrite: bool,
    /// Backups and files kept aside still to erase the cases from.
    pub copies: Vec<PathBuf>,
    /// The documents printed for the cases still to delete.
    pub documents: bool,
}

/// What finishing an erasure did, step by step; a step that failed stays listed.
#[derive(Debug, Default)]
pub struct ErasureDone {
    /// How many purged cases it was about.
    pub cases: u64,
    /// The file rewritten, or why not yet; `None` when it had been already.
    pub rewrite: Option<std::result::Result<(), Refusal>>,
    /// Each copy, with how many of the cases it held, or why it could not be erased.
    pub copies: Vec<(PathBuf, std::result::Result<usize, Refusal>)>,
    /// Half-written copies a killed process left, deleted.
    pub partials: Vec<PathBuf>,
    /// Each document deleted, or why not.
    pub documents: Vec<(PathBuf, std::result::Result<(), Refusal>)>,
}

impl ErasureDone {
    /// How many steps failed (and stay listed for the next command).
    pub fn failures(&self) -> usize {
        usize::from(matches!(self.rewrite, Some(Err(_))))
            + self.copies.iter().filter(|(_, r)| r.is_err()).count()
            + self.documents.iter().filter(|(_, r)| r.is_err()).count()
    }

    /// The first step that failed, naming the file it was about.
    pub fn first_failure(&self) -> Option<Refusal> {
        let in_file = |path: &Path, why: &Refusal| {
            refusal!(Error::InFile, file = path.display()).because("reason", why.clone())
        };
        if let Some(Err(why)) = &self.rewrite {
            return Some(why.clone());
        }
        let copies = self
            .copies
            .iter()
            .filter_map(|(p, r)| r.as_ref().err().map(|w| (p, w)));
        let documents = self
            .documents
            .iter()
            .filter_map(|(p, r)| r.as_ref().err().map(|w| (p, w)));
        copies
            .chain(documents)
            .next()
            .map(|(p, why)| in_file(p, why))
    }
}

const REWRITE: &str = "rewrite";
const COPY: &str = "copy";
const DOCUMENTS: &str = "documents";

fn dir_of(db: &Path) -> &Path {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Lists the cases of the erasure set (`temp.erase_set`, see [`super::erase_set`]) as erased
/// here but not yet everywhere, inside the transaction that erases them from the tables. The
/// first cases of an erasure also list its steps: this file, every copy beside it now, the
/// documents.
pub(super) fn note_set(tx: &Transaction<'_>) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO erasure_cases (case_id) SELECT id FROM temp.erase_set",
    )?
    .execute([])?;
    let listed: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM erasure_steps WHERE step = ?1)")?
        .query_row([REWRITE], |r| r.get(0))?;
    if listed {
        return Ok(());
    }
    tx.prepare_cached("INSERT OR IGNORE INTO erasure_steps (step, path) VALUES (?1, ?2)")?
        .execute(params![DOCUMENTS, ""])?;
    note_rewrite_and_copies(tx)
}

/// Lists the file's rewrite and each copy beside it (backups, files kept aside) as left to
/// erase, in the transaction that erases: an erasure cut short resumes at the next start.
pub(super) fn note_rewrite_and_copies(tx: &Transaction<'_>) -> Result<()> {
    let mut add =
        tx.prepare_cached("INSERT OR IGNORE INTO erasure_steps (step, path) VALUES (?1, ?2)")?;
    add.execute(params![REWRITE, ""])?;
    // The file this transaction writes: its copies are beside it.
    if let Some(db) = tx.path().filter(|p| !p.is_empty()) {
        let db = Path::new(db);
        for copy in database_copies(db)? {
            let relative = copy.strip_prefix(dir_of(db)).unwrap_or(&copy);
            add.execute(params![COPY, relative.to_string_lossy()])?;
        }
    }
    Ok(())
}

/// The rewrite of this file is done: its step leaves the list.
pub(super) fn rewritten(store: &Store) -> Result<()> {
    store
        .conn
        .execute("DELETE FROM erasure_steps WHERE step = ?1", [REWRITE])?;
    Ok(())
}

impl Store {
    /// What a purge left to erase, if anything.
    pub fn erasure_left(&self) -> Result<Option<ErasureLeft>> {
        let cases: i64 = self
            .conn
            .query_row("SELECT count(*) FROM erasure_cases", [], |r| r.get(0))?;
        let steps = self.erasure_steps()?;
        if cases == 0 && steps.is_empty() {
            return Ok(None);
        }
        let dir = dir_of(&self.path);
        Ok(Some(ErasureLeft {
            cases: cases.unsigned_abs(),
            rewrite: steps.iter().any(|(s, _)| s == REWRITE),
            copies: steps
                .iter()
                .filter(|(s, _)| s == COPY)
                .map(|(_, p)| dir.join(p))
                .collect(),
            documents: steps.iter().any(|(s, _)| s == DOCUMENTS),
        }))
    }

    fn erasure_steps(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT step, path FROM erasure_steps ORDER BY step, path")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Finishes what a purge left to erase: rewrites this file, erases the cases from every
    /// copy beside it (those listed, and any made since), deletes the half-written copies and
    /// the documents printed for them. A step that fails stays listed and is said; the rest
    /// goes on. `None` when nothing was left.
    pub fn finish_erasure(&mut self) -> Result<Option<ErasureDone>> {
        let Some(left) = self.erasure_left()? else {
            return Ok(None);
        };
        let cases: Vec<CaseId> = {
            let mut stmt = self.conn.prepare("SELECT case_id FROM erasure_cases")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        // The wishes purged here: their people leave the copies as the cases' do (a wish
        // purged again in a copy is found erased already and left alone).
        let wishes: Vec<WishId> = {
            let mut stmt = self.conn.prepare(
                "SELECT DISTINCT wish_id FROM wish_events WHERE kind = 'purged' ORDER BY wish_id",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut done = ErasureDone {
            cases: left.cases,
            ..ErasureDone::default()
        };
        if left.rewrite {
            self.progress.stage(Stage::Rewriting, 0);
            let rewritten = self.scrub();
            self.progress.finish();
            done.rewrite = Some(rewritten.map_err(|e| Refusal::from(&e)));
        }
        let dir = dir_of(&self.path).to_path_buf();
        let mut copies: BTreeSet<PathBuf> = left.copies.into_iter().collect();
        copies.extend(database_copies(&self.path)?);
        for copy in copies {
            let outcome = if !copy.exists() || (cases.is_empty() && wishes.is_empty()) {
                None
            } else {
                Some(Store::open(&copy).and_then(|mut c| {
                    let cases = if cases.is_empty() {
                        0
                    } else {
                        c.erase_cases(&cases)?
                    };
                    Ok(cases + c.erase_wishes(&wishes)?)
                }))
            };
            if matches!(outcome, None | Some(Ok(_))) {
                let relative = copy.strip_prefix(&dir).unwrap_or(&copy);
                self.conn.execute(
                    "DELETE FROM erasure_steps WHERE step = ?1 AND path = ?2",
                    params![COPY, relative.to_string_lossy()],
                )?;
            }
            if let Some(outcome) = outcome {
                done.copies
                    .push((copy, outcome.map_err(|e| Refusal::from(&e))));
            }
        }
        done.partials = remove_stale_partials(&self.path);
        if left.documents {
            let numbers = self.numbers_of(&cases)?;
            for doc in documents_naming(&self.path, &numbers) {
                let removed = std::fs::remove_file(&doc).map_err(|e| io_refusal(&e));
                done.documents.push((doc, removed));
            }
            if done.documents.iter().all(|(_, r)| r.is_ok()) {
                self.conn
                    .execute("DELETE FROM erasure_steps WHERE step = ?1", [DOCUMENTS])?;
            }
        }
        // Every step done: the cases leave the list (those read above: a purge running
        // meanwhile in another terminal keeps its own).
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let steps_left: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM erasure_steps)", [], |r| {
                r.get(0)
            })?;
        if !steps_left {
            super::erase_set::fill(&tx, &cases)?;
            tx.execute(
                "DELETE FROM erasure_cases WHERE case_id IN (SELECT id FROM temp.erase_set)",
                [],
            )?;
        }
        tx.commit()?;
        Ok(Some(done))
    }

    fn numbers_of(&self, cases: &[CaseId]) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT number FROM cases WHERE id = ?1")?;
        let mut numbers = Vec::with_capacity(cases.len());
        for case in cases {
            numbers.extend(stmt.query_row([case], |r| r.get(0)).optional()?);
        }
        Ok(numbers)
    }
}
