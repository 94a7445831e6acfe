//! `liaison purge --before DATE`: the retention rule, run by the station when its rules say.
//! The erasure reaches every copy the desk keeps beside its database: daily backups, files a
//! restore kept aside, half-written copies, and the receipts and slips printed for the cases.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::confirm::ask;
use super::open_store_to_write;
use super::output::stdout;
use crate::commands::context::Context;
use crate::i18n::{Cli, Error, Texts};
use crate::{fill, refuse};

pub fn purge(ctx: &Context, before: NaiveDate, yes: bool) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let today = ctx.clock.today();
    if before > today {
        refuse!(Error::PurgeAfterToday, before = before, today = today);
    }
    let mut store = open_store_to_write(ctx)?;
    let mut candidates = store.purge_candidates(before)?;
    let wishes = store.wish_purge_candidates(before)?.len();
    let mut out = stdout();
    if candidates.is_empty() && wishes == 0 {
        writeln!(out, "{}", fill!(texts, Cli::PurgeNothing, before = before))?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::PurgeWillErase,
            n = candidates.len(),
            before = before
        )
    )?;
    if wishes > 0 {
        writeln!(out, "{}", fill!(texts, Cli::PurgeWishes, n = wishes))?;
    }
    out.flush()?;
    if !ask(yes, texts.get(Cli::PurgeQuestion), texts)? {
        refuse!(Error::NotConfirmed);
    }
    // Listed again after a question (the desk may have worked meanwhile); with `--yes` the
    // list is a moment old.
    if !yes {
        candidates = store.purge_candidates(before)?;
    }
    store.set_progress(super::progress_bar::reporter(ctx.lang));
    let purged = store.purge_cases(candidates, before, &ctx.actor, ctx.clock.now())?;
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::PurgeErased,
            n = purged.cases.len(),
            path = store.path().display()
        )
    )?;
    if !purged.wishes.is_empty() {
        writeln!(
            out,
            "{}",
            fill!(texts, Cli::PurgeWishesErased, n = purged.wishes.len())
        )?;
    }
    let failed = match &purged.finished {
        Some(done) => {
            super::erasure::say_done(&mut out, texts, store.path(), done)?;
            done.failures()
        }
        None => 0,
    };
    writeln!(out, "{}", texts.get(Cli::PurgeElsewhere))?;
    out.flush()?;
    if failed > 0 {
        refuse!(Error::ErasureIncomplete);
    }
    Ok(ExitCode::SUCCESS)
}
