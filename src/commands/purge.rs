//! `liaison purge --before DATE`: the retention rule, run by the station when its rules say.
//! The erasure reaches every copy the desk keeps beside its database: daily backups, files a
//! restore kept aside, half-written copies, and the receipts and slips printed for the cases.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::confirm::confirmed;
use super::open_store;
use super::output::stdout;
use crate::commands::context::Context;
use crate::store::{Store, database_copies, documents_naming, remove_stale_partials};

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
        "{candidates} finished cases closed before {before} hold residents' names, phones, \
         addresses or numbers typed into their texts; these will be erased from the database, \
         its daily backups, the files kept aside by restores and the documents printed for \
         them (the compound of the address stays for the statistics; cases, events and \
         figures are kept)"
    )?;
    out.flush()?;
    if !confirmed(yes, "erase this personal data for good")? {
        bail!("not confirmed; nothing was changed");
    }
    store.set_progress(super::progress_bar::reporter(ctx.lang));
    let purged = store.purge_before(before, &ctx.actor, ctx.clock.now())?;
    writeln!(
        out,
        "erased the personal data of {} cases from {}",
        purged.cases.len(),
        store.path().display()
    )?;
    let db = store.path().to_path_buf();
    drop(store);
    let mut failed = 0;
    for copy in database_copies(&db)? {
        match Store::open(&copy).and_then(|mut c| c.erase_cases(&purged.cases)) {
            Ok(n) => writeln!(
                out,
                "erased them from {} ({n} of them there)",
                copy.display()
            )?,
            Err(e) => {
                failed += 1;
                writeln!(
                    out,
                    "could not erase them from {}: {e}; delete that file by hand",
                    copy.display()
                )?;
            }
        }
    }
    for partial in remove_stale_partials(&db) {
        writeln!(out, "deleted the half-written copy {}", partial.display())?;
    }
    for doc in documents_naming(&db, &purged.numbers) {
        match std::fs::remove_file(&doc) {
            Ok(()) => writeln!(out, "deleted the printed document {}", doc.display())?,
            Err(e) => {
                failed += 1;
                writeln!(out, "could not delete {}: {e}", doc.display())?;
            }
        }
    }
    writeln!(
        out,
        "bundles and reports written before today, and copies kept elsewhere (USB sticks), \
         still hold the data: delete them, or purge the home's copy by importing this desk's \
         next bundle there"
    )?;
    out.flush()?;
    if failed > 0 {
        bail!("{failed} copies could not be erased (named above)");
    }
    Ok(ExitCode::SUCCESS)
}
