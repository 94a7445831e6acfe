//! `liaison backup` and `liaison restore`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use super::confirm::ask;
use super::open_store_to_write;
use super::output::stdout;
use crate::commands::context::Context;
use crate::domain::desk::epoch_letters;
use crate::domain::number::case_number;
use crate::i18n::{Cli, Error, Texts};
use crate::store::{
    BackupSummary, DailyOutcome, aside_path, backup_to, backups_dir, daily_backup,
    list_daily_backups, remove_stale_partials, rotate_aside,
};
use crate::{fill, refuse};

pub fn backup(ctx: &Context, dest: &Path) -> Result<ExitCode> {
    let store = open_store_to_write(ctx)?;
    backup_to(&store, dest)?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::BackedUp,
            from = store.path().display(),
            to = dest.display(),
            size = size_of(dest)
        )
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `liaison backup --auto`: today's daily backup, for a scheduled task on a desk that does
/// not open the terminal UI every day.
pub fn daily_backup_now(ctx: &Context) -> Result<ExitCode> {
    let store = open_store_to_write(ctx)?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    match daily_backup(&store, ctx.clock.today(), &|| false)? {
        DailyOutcome::Written { path, removed } => {
            writeln!(
                out,
                "{}",
                fill!(
                    texts,
                    Cli::BackedUpDaily,
                    to = path.display(),
                    size = size_of(&path)
                )
            )?;
            for old in removed {
                writeln!(
                    out,
                    "{}",
                    fill!(texts, Cli::DeletedOldBackup, path = old.display())
                )?;
            }
        }
        DailyOutcome::AlreadyDone(path) => writeln!(
            out,
            "{}",
            fill!(texts, Cli::DailyBackupExists, path = path.display())
        )?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `liaison restore` without a file: the daily backups there are to choose from.
pub fn list_backups(ctx: &Context) -> Result<ExitCode> {
    let db = ctx.db()?;
    let backups = list_daily_backups(&db)?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    if backups.is_empty() {
        writeln!(
            out,
            "{}",
            fill!(texts, Cli::NoDailyBackups, dir = backups_dir(&db).display())
        )?;
    }
    for b in backups.iter().rev() {
        writeln!(out, "{}  {}  {}", b.day, b.path.display(), size_of(&b.path))?;
    }
    if !backups.is_empty() {
        writeln!(out, "{}", texts.get(Cli::RestoreOne))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn restore(ctx: &Context, backup: &Path, yes: bool) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    store.refuse_itself(backup)?;
    let incoming = store.inspect_for_restore(backup)?;
    let current = store.summary()?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::RestoreBackup,
            what = describe(texts, &incoming.summary)
        )
    )?;
    writeln!(
        out,
        "{}",
        texts.get(if incoming.sealed() {
            Cli::RestoreSealed
        } else {
            Cli::RestoreUnsealed
        })
    )?;
    writeln!(
        out,
        "{}",
        fill!(texts, Cli::RestoreCurrent, what = describe(texts, &current))
    )?;
    out.flush()?;
    if !ask(yes, texts.get(Cli::RestoreQuestion), texts)? {
        refuse!(Error::NotConfirmed);
    }
    let aside = aside_path(store.path(), ctx.clock.now());
    store.set_progress(super::progress_bar::reporter(ctx.lang));
    let purged_until = store.latest_purge()?;
    let mut store = store.restore_from(incoming, &aside, ctx.clock.now())?;
    // A backup from before a purge must not bring the erased data back.
    let repurged = match purged_until {
        Some(cutoff) if store.latest_purge()?.is_none_or(|p| p < cutoff) => Some((
            cutoff,
            store.purge_before(cutoff, &ctx.actor, ctx.clock.now())?,
        )),
        _ => None,
    };
    // What was copied in is, page for page through SQLite's backup API, the staging copy of
    // the backup that was checked before anything changed: either it passed the whole check
    // (SQLite's quick check, the foreign keys, every case against its log), or it bore this
    // desk's seal over exactly its bytes, which SQLite's quick check passed when `liaison
    // backup` made them. Since, only SQLite changed it (migrations, identity, new epoch), and
    // the reopening read its header and schema again; a quick check of the result would read
    // the whole file to find again what was checked. The whole check runs again where a
    // purge rewrote cases since.
    let sound = match repurged {
        Some(_) => store.check(false)?.is_ok(),
        None => true,
    };
    let now = store.summary()?;
    writeln!(
        out,
        "{}",
        fill!(texts, Cli::RestoreKeptAside, path = aside.display())
    )?;
    writeln!(
        out,
        "{}",
        fill!(texts, Cli::Restored, what = describe(texts, &now))
    )?;
    let me = store.desk_identity()?;
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::RestoreGoesOn,
            station = me.station,
            desk = me.number,
            epoch = epoch_letters(me.epoch),
            sample = case_number(&me.station, ctx.clock.today(), me.tag(), 1)
        )
    )?;
    if let Some((cutoff, purged)) = &repurged {
        writeln!(
            out,
            "{}",
            fill!(
                texts,
                Cli::RestoreRepurged,
                cutoff = cutoff,
                n = purged.cases.len()
            )
        )?;
    }
    let lost = store.only_in(&aside)?;
    if !lost.registered.is_empty() {
        writeln!(
            out,
            "{}",
            fill!(
                texts,
                Cli::RestoreOnlyRegistered,
                numbers = lost.registered.join(" ")
            )
        )?;
    }
    if !lost.changed.is_empty() {
        writeln!(
            out,
            "{}",
            fill!(
                texts,
                Cli::RestoreOnlyChanged,
                numbers = lost.changed.join(" ")
            )
        )?;
    }
    if !lost.wishes.is_empty() {
        writeln!(
            out,
            "{}",
            fill!(
                texts,
                Cli::RestoreOnlyWishes,
                numbers = lost.wishes.join(" ")
            )
        )?;
    }
    if !lost.is_empty() {
        writeln!(
            out,
            "{}",
            fill!(texts, Cli::RestoreFromHome, station = me.station)
        )?;
    }
    for old in rotate_aside(store.path()) {
        writeln!(
            out,
            "{}",
            fill!(texts, Cli::DeletedOldestAside, path = old.display())
        )?;
    }
    for partial in remove_stale_partials(store.path()) {
        writeln!(
            out,
            "{}",
            fill!(texts, Cli::DeletedPartial, path = partial.display())
        )?;
    }
    writeln!(
        out,
        "{}",
        texts.get(if sound {
            Cli::RestoreCheckOk
        } else {
            Cli::RestoreCheckProblems
        })
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn describe(texts: &Texts, s: &BackupSummary) -> String {
    fill!(
        texts,
        Cli::BackupSummary,
        path = s.path.display(),
        station = s.station,
        cases = s.cases,
        events = s.events,
        newest = s
            .last_event_at
            .as_deref()
            .map_or("-".into(), |at| at.replace('T', " "))
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
