//! `liaison purge --before DATE`: the retention rule, run by the station when its rules say.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::confirm::confirmed;
use super::open_store;
use super::output::stdout;
use crate::cli::Context;

pub fn purge(ctx: &Context, before: NaiveDate, yes: bool) -> Result<ExitCode> {
    let today = ctx.clock.today();
    if before > today {
        bail!(
            "--before {before} is after today ({today}): the cut-off must be a day that has \
             come; nothing was changed"
        );
    }
    let mut store = open_store(ctx)?;
    let candidates = store.purge_candidates(before)?.len();
    let mut out = stdout();
    if candidates == 0 {
        writeln!(
            out,
            "no finished case closed before {before} still holds a resident's personal data"
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{candidates} finished cases closed before {before} hold residents' names, phones or \
         addresses; these will be erased (the compound of the address stays for the \
         statistics; cases, events and figures are kept)"
    )?;
    out.flush()?;
    if !confirmed(yes, "erase this personal data for good")? {
        bail!("not confirmed; nothing was changed");
    }
    let purged = store.purge_before(before, &ctx.actor, ctx.clock.now())?;
    writeln!(
        out,
        "erased the personal data of {purged} cases; daily backups taken before today still \
         hold it until they age out ({} days)",
        crate::store::KEEP_DAILY
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
