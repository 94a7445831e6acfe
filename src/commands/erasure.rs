//! An erasure a purge left unfinished (it was killed, the power went), as the commands say it:
//! every command that writes finishes it first (see [`super::open_store_to_write`]), the purge
//! itself reports each step, and `check` says that one is pending.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::fill;
use crate::i18n::{Cli, Texts};
use crate::store::{ErasureDone, ErasureLeft, Store};

/// Finishes what a purge left to erase, before the command's own work; what was done goes to
/// stderr (stdout stays the command's). A failure is said and left for the next command.
pub fn finish_left(store: &mut Store, texts: &Texts) {
    let mut err = std::io::stderr().lock();
    let left = match store.erasure_left() {
        Ok(Some(left)) => left,
        Ok(None) => return,
        Err(e) => {
            let _ = writeln!(err, "liaison: {e}");
            return;
        }
    };
    let _ = writeln!(
        err,
        "{}",
        fill!(texts, Cli::ErasureFinishing, n = left.cases)
    );
    match store.finish_erasure() {
        Ok(Some(done)) => {
            let _ = say_done(&mut err, texts, store.path(), &done);
        }
        Ok(None) => {}
        Err(e) => {
            let _ = writeln!(err, "liaison: {e}");
        }
    }
}

/// Each step of a finished erasure, one line each.
pub fn say_done(out: &mut impl Write, texts: &Texts, db: &Path, done: &ErasureDone) -> Result<()> {
    match &done.rewrite {
        Some(Ok(())) => writeln!(
            out,
            "{}",
            fill!(texts, Cli::ErasureRewrote, path = db.display())
        )?,
        Some(Err(error)) => writeln!(
            out,
            "{}",
            fill!(
                texts,
                Cli::ErasureRewriteFailed,
                path = db.display(),
                error = error
            )
        )?,
        None => {}
    }
    for (copy, outcome) in &done.copies {
        match outcome {
            Ok(n) => writeln!(
                out,
                "{}",
                fill!(texts, Cli::ErasedCopy, n = n, path = copy.display())
            )?,
            Err(error) => writeln!(
                out,
                "{}",
                fill!(
                    texts,
                    Cli::ErasureCopyFailed,
                    path = copy.display(),
                    error = error
                )
            )?,
        }
    }
    for partial in &done.partials {
        writeln!(
            out,
            "{}",
            fill!(texts, Cli::ErasurePartialDeleted, path = partial.display())
        )?;
    }
    for (doc, outcome) in &done.documents {
        match outcome {
            Ok(()) => writeln!(
                out,
                "{}",
                fill!(texts, Cli::ErasureDocumentDeleted, path = doc.display())
            )?,
            Err(error) => writeln!(
                out,
                "{}",
                fill!(
                    texts,
                    Cli::ErasureDocumentFailed,
                    path = doc.display(),
                    error = error
                )
            )?,
        }
    }
    if done.failures() > 0 {
        writeln!(
            out,
            "{}",
            fill!(texts, Cli::ErasureFailures, n = done.failures())
        )?;
    }
    Ok(())
}

/// What is still to erase, in one line (for `check`).
pub fn describe_left(texts: &Texts, db: &Path, left: &ErasureLeft) -> String {
    let mut what = Vec::new();
    if left.rewrite {
        what.push(fill!(texts, Cli::ErasureLeftRewrite, path = db.display()));
    }
    what.extend(left.copies.iter().map(|c| c.display().to_string()));
    if left.documents {
        what.push(texts.get(Cli::ErasureLeftDocuments).to_string());
    }
    fill!(
        texts,
        Cli::ErasureLeft,
        n = left.cases,
        what = what.join("; ")
    )
}
