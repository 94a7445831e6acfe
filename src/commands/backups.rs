//! `liaison backup` and `liaison restore`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::confirm::confirmed;
use super::open_store_to_write;
use super::output::stdout;
use crate::commands::context::Context;
use crate::domain::desk::epoch_letters;
use crate::domain::number::case_number;
use crate::store::{
    BackupSummary, DailyOutcome, aside_path, backup_to, backups_dir, daily_backup, inspect_backup,
    list_daily_backups, remove_stale_partials, rotate_aside,
};

pub fn backup(ctx: &Context, dest: &Path) -> Result<ExitCode> {
    let store = open_store_to_write(ctx)?;
    backup_to(&store, dest)?;
    let mut out = stdout();
    writeln!(
        out,
        "backed up {} to {} ({})",
        store.path().display(),
        dest.display(),
        size_of(dest)
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `liaison backup --auto`: today's daily backup, for a scheduled task on a desk that does
/// not open the terminal UI every day.
pub fn daily_backup_now(ctx: &Context) -> Result<ExitCode> {
    let store = open_store_to_write(ctx)?;
    let mut out = stdout();
    match daily_backup(&store, ctx.clock.today(), &|| false)? {
        DailyOutcome::Written { path, removed } => {
            writeln!(out, "backed up to {} ({})", path.display(), size_of(&path))?;
            for old in removed {
                writeln!(out, "deleted the old backup {}", old.display())?;
            }
        }
        DailyOutcome::AlreadyDone(path) => {
            writeln!(out, "today's backup exists: {}", path.display())?
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `liaison restore` without a file: the daily backups there are to choose from.
pub fn list_backups(ctx: &Context) -> Result<ExitCode> {
    let db = ctx.db()?;
    let backups = list_daily_backups(&db)?;
    let mut out = stdout();
    if backups.is_empty() {
        writeln!(
            out,
            "no daily backups in {} yet (the terminal UI writes one on its first start each \
             day; `liaison backup --auto` writes one now)",
            backups_dir(&db).display()
        )?;
    }
    for b in backups.iter().rev() {
        writeln!(out, "{}  {}  {}", b.day, b.path.display(), size_of(&b.path))?;
    }
    if !backups.is_empty() {
        writeln!(out, "restore one with `liaison restore PATH`")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn restore(ctx: &Context, backup: &Path, yes: bool) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    store.refuse_itself(backup)?;
    let incoming = inspect_backup(backup)?;
    let current = store.summary()?;
    let mut out = stdout();
    writeln!(out, "backup:  {}", describe(&incoming))?;
    writeln!(out, "current: {}", describe(&current))?;
    out.flush()?;
    if !confirmed(
        yes,
        "restoring replaces the database's contents with the backup's",
    )? {
        bail!("not confirmed; nothing was changed");
    }
    let aside = aside_path(store.path(), ctx.clock.now());
    store.set_progress(super::progress_bar::reporter(ctx.lang));
    let purged_until = store.latest_purge()?;
    let mut store = store.restore_from(&incoming, &aside, ctx.clock.now())?;
    // A backup from before a purge must not bring the erased data back.
    let repurged = match purged_until {
        Some(cutoff) if store.latest_purge()?.is_none_or(|p| p < cutoff) => Some((
            cutoff,
            store.purge_before(cutoff, &ctx.actor, ctx.clock.now())?,
        )),
        _ => None,
    };
    let report = store.check(false)?;
    let now = store.summary()?;
    writeln!(
        out,
        "the contents before the restore were kept in {}",
        aside.display()
    )?;
    writeln!(out, "restored: {}", describe(&now))?;
    let me = store.desk_identity()?;
    writeln!(
        out,
        "this desk goes on as {} desk {} in epoch {}: new cases are numbered {} …, never a \
         number printed before",
        me.station,
        me.number,
        epoch_letters(me.epoch),
        case_number(&me.station, ctx.clock.today(), me.tag(), 1)
    )?;
    if let Some((cutoff, purged)) = &repurged {
        writeln!(
            out,
            "the backup was taken before the purge of the cases finished before {cutoff}: \
             their personal data was erased again ({} cases)",
            purged.cases.len()
        )?;
    }
    let lost = store.only_in(&aside)?;
    if !lost.registered.is_empty() {
        writeln!(
            out,
            "registered after the backup, only in the file kept aside: {}",
            lost.registered.join(" ")
        )?;
    }
    if !lost.changed.is_empty() {
        writeln!(
            out,
            "changed after the backup, only in the file kept aside: {}",
            lost.changed.join(" ")
        )?;
    }
    if !lost.registered.is_empty() || !lost.changed.is_empty() {
        writeln!(
            out,
            "what reached the home comes back from there: at the home run `liaison bundle export \
             --for {} --out DIR`, then here `liaison bundle import DIR/...`; enter again only \
             what the home does not have (before new work on those cases)",
            me.station
        )?;
    }
    for old in rotate_aside(store.path()) {
        writeln!(out, "deleted the oldest file kept aside, {}", old.display())?;
    }
    for partial in remove_stale_partials(store.path()) {
        writeln!(out, "deleted the half-written copy {}", partial.display())?;
    }
    writeln!(
        out,
        "check: {}",
        if report.is_ok() {
            "OK"
        } else {
            "PROBLEMS FOUND (run `liaison check`)"
        }
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn describe(s: &BackupSummary) -> String {
    format!(
        "{} — station {}, {} cases, {} events, newest event {}",
        s.path.display(),
        s.station,
        s.cases,
        s.events,
        s.last_event_at
            .as_deref()
            .map_or("none".into(), |at| at.replace('T', " "))
    )
}

fn size_of(path: &Path) -> String {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if bytes >= 10 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}
