//! `liaison bundle export|import|status`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::open_store_to_write;
use super::output::{header, stdout, table};
use crate::bundle::exchange::{Imported, export_events, export_recovery, export_reference, import};
use crate::bundle::folder::{Outcome, import_folder, is_bundle};
use crate::commands::args::BundleCommand;
use crate::commands::context::Context;
use crate::domain::desk::epoch_letters;
use crate::domain::station::StationKind;
use crate::fill;
use crate::i18n::{Cli, Texts};
use crate::store::{Enrolment, Store};

pub fn run(ctx: &Context, action: BundleCommand) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    match action {
        BundleCommand::Export {
            out,
            all,
            for_station,
        } => export(ctx, &mut store, &out, all, for_station.as_deref()),
        BundleCommand::Import { path } => {
            store.set_progress(super::progress_bar::reporter(ctx.lang));
            import_path(ctx, &mut store, &path)
        }
        BundleCommand::Status => status(Texts::of(ctx.lang), &store),
    }
}

fn export(
    ctx: &Context,
    store: &mut Store,
    dir: &Path,
    all: bool,
    for_station: Option<&str>,
) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let now = ctx.clock.now();
    let mut out = stdout();
    let home = store.desk()?.kind == StationKind::Home;
    match (home, for_station) {
        (true, Some(station)) => {
            let path = export_recovery(store, station, dir, now)?;
            writeln!(
                out,
                "{}",
                fill!(
                    texts,
                    Cli::ExportRecovery,
                    path = path.display(),
                    station = station.trim().to_ascii_uppercase()
                )
            )?;
        }
        (false, Some(_)) => {
            bail!("{}", texts.get(Cli::ExportForNotHome))
        }
        (true, None) => {
            let path = export_reference(store, dir, now)?;
            writeln!(
                out,
                "{}",
                fill!(texts, Cli::ExportReference, path = path.display())
            )?;
        }
        (false, None) => match export_events(store, dir, all, now)? {
            Some(path) => writeln!(
                out,
                "{}",
                fill!(texts, Cli::ExportEvents, path = path.display())
            )?,
            None => writeln!(out, "{}", texts.get(Cli::ExportNothing))?,
        },
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn import_path(ctx: &Context, store: &mut Store, path: &Path) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let now = ctx.clock.now();
    if is_bundle(path) || !path.is_dir() {
        let imported = import(store, path, now)?;
        let mut out = stdout();
        writeln!(out, "{}", describe(texts, &imported))?;
        erase_from_copies(texts, store, &[&imported], &mut out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = stdout();
    let outcomes = import_folder(store, path, now, |o: &Outcome| {
        let name = o
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let line = match &o.result {
            Ok(imported) => fill!(
                texts,
                Cli::ImportLine,
                name = name,
                what = describe(texts, imported)
            ),
            Err(e) if e.is_waiting() => fill!(texts, Cli::ImportWaits, name = name, error = e),
            Err(e) => fill!(texts, Cli::ImportRefused, name = name, error = e),
        };
        let _ = writeln!(out, "{line}");
    })?;
    let imported: Vec<&Imported> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok())
        .collect();
    erase_from_copies(texts, store, &imported, &mut out)?;
    let left = outcomes
        .iter()
        .filter(|o| matches!(o.result, Ok(Imported::NotForThisDesk { .. })))
        .count();
    let applied = outcomes.iter().filter(|o| o.result.is_ok()).count() - left;
    let waiting: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| matches!(&o.result, Err(e) if e.is_waiting()))
        .collect();
    let refused = outcomes.len() - applied - left - waiting.len();
    let left = if left > 0 {
        fill!(texts, Cli::ImportNotHere, left = left)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::ImportSummary,
            n = outcomes.len(),
            applied = applied,
            left = left,
            waiting = waiting.len(),
            refused = refused
        )
    )?;
    out.flush()?;
    if waiting.is_empty() && refused == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}

/// A bundle that brought purges erases the same cases from this desk's backups and the
/// files kept aside, as a purge at this desk would: the import listed them with the purge.
fn erase_from_copies(
    texts: &Texts,
    store: &mut Store,
    imported: &[&Imported],
    out: &mut impl Write,
) -> Result<()> {
    let purged = imported.iter().any(|i| match i {
        Imported::Events { applied, .. } => !applied.purged.is_empty(),
        _ => false,
    });
    if !purged {
        return Ok(());
    }
    if let Some(done) = store.finish_erasure()? {
        super::erasure::say_done(out, texts, store.path(), &done)?;
    }
    Ok(())
}

/// A desk as the bundle layer names it (`HF desk 2`), in the language of `texts`.
fn desk_label(texts: &Texts, desk: &str) -> String {
    match desk.split_once(" desk ") {
        Some((station, number)) => fill!(texts, Cli::DeskLabel, station = station, number = number),
        None => desk.to_string(),
    }
}

fn describe(texts: &Texts, imported: &Imported) -> String {
    match imported {
        Imported::Events {
            desk,
            key,
            ranges,
            applied,
        } => {
            let desk = &desk_label(texts, desk);
            let mut line = String::new();
            match &applied.enrolled {
                Some(Enrolment::New) => {
                    line.push_str(&fill!(texts, Cli::EnrolledNew, desk = desk, key = key));
                }
                Some(Enrolment::Upgraded) => {
                    line.push_str(&fill!(texts, Cli::EnrolledUpgraded, desk = desk, key = key));
                }
                Some(Enrolment::Renumbered { from }) => {
                    line.push_str(&fill!(texts, Cli::RenumberedFrom, desk = desk, from = from));
                }
                None => {}
            }
            line.push_str(&fill!(
                texts,
                Cli::AppliedEvents,
                desk = desk,
                ranges = ranges,
                events = applied.events,
                new = applied.new_cases,
                skipped = applied.skipped
            ));
            if applied.held > 0 {
                line.push_str(&fill!(texts, Cli::AppliedHeld, n = applied.held));
            }
            line
        }
        Imported::Reference {
            version,
            pinned,
            recomputed,
        } => {
            let mut line = fill!(texts, Cli::AppliedReference, version = version);
            if let Some(fp) = pinned {
                line.push_str(&fill!(texts, Cli::PinnedHomeKey, key = fp));
            }
            if !recomputed.changes.is_empty() {
                line.push_str(&fill!(
                    texts,
                    Cli::DeadlinesMoved,
                    n = recomputed.changes.len()
                ));
                for c in &recomputed.changes {
                    line.push_str(&format!(
                        "\n  {}  {} → {}{}",
                        c.number,
                        c.previous,
                        c.due_date,
                        if c.before_today {
                            texts.get(Cli::DeadlineOverdue)
                        } else {
                            ""
                        }
                    ));
                }
            }
            line
        }
        Imported::Recovery { station, recovered } => {
            let mut line = fill!(
                texts,
                Cli::Recovered,
                station = station,
                events = recovered.events,
                cases = recovered.new_cases.len(),
                skipped = recovered.skipped
            );
            if !recovered.new_cases.is_empty() {
                line.push_str(&format!(" — {}", recovered.new_cases.join(" ")));
            }
            if recovered.pinned {
                line.push_str(texts.get(Cli::RecoveredPinned));
            }
            if recovered.held > 0 {
                line.push_str(&fill!(texts, Cli::RecoveredHeld, n = recovered.held));
            }
            if let Some(e) = recovered.new_epoch {
                line.push_str(&fill!(texts, Cli::RecoveredEpoch, epoch = epoch_letters(e)));
            }
            line
        }
        Imported::AlreadyHad { what } => fill!(texts, Cli::AlreadyHad, what = what),
        Imported::NotForThisDesk { why } => fill!(texts, Cli::LeftAlone, why = why),
    }
}

fn status(texts: &Texts, store: &Store) -> Result<ExitCode> {
    let mut out = stdout();
    let me = store.desk_identity()?;
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::StatusDesk,
            station = me.station,
            number = me.number,
            epoch = epoch_letters(me.epoch),
            key = me.fingerprint()
        )
    )?;
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::StatusReference,
            exported = store.reference_version("export")?,
            imported = store.reference_version("import")?
        )
    )?;
    let rows: Vec<Vec<String>> = store
        .desk_progress()?
        .into_iter()
        .map(|p| {
            let own = p.desk.row == me.row;
            vec![
                p.desk.station.clone(),
                p.desk.number.to_string(),
                epoch_letters(p.epoch),
                if own {
                    fill!(texts, Cli::ExportedUpTo, n = p.exported)
                } else {
                    fill!(texts, Cli::AppliedUpTo, n = p.applied)
                },
                match (own, p.desk.key) {
                    (true, _) => texts.get(Cli::StatusThisDesk).into(),
                    (false, Some(k)) => crate::domain::desk::key_fingerprint(&k),
                    (false, None) => texts.get(Cli::StatusNotEnrolled).into(),
                },
            ]
        })
        .collect();
    table(
        &mut out,
        &header(texts, Cli::StatusHeader),
        &rows,
        &[7, 4, 5, 20, 20],
    )?;
    let held = store.held_events()?;
    if !held.is_empty() {
        writeln!(out, "{}", fill!(texts, Cli::HeldHeader, n = held.len()))?;
        for h in held.iter().take(50) {
            writeln!(
                out,
                "  {} {} {}: {}",
                h.number.as_deref().unwrap_or(texts.get(Cli::CaseNotHere)),
                h.kind,
                h.at.replace('T', " "),
                h.reason
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
