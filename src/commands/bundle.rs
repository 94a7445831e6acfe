//! `liaison bundle export|import|status`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::open_store_to_write;
use super::output::{header, stdout, table};
use crate::bundle::exchange::{
    AlreadyHere, Imported, export_events_in_parts, export_recovery, export_reference, import,
};
use crate::bundle::folder::{Outcome, import_folder, is_bundle};
use crate::commands::args::BundleCommand;
use crate::commands::context::Context;
use crate::domain::desk::epoch_letters;
use crate::domain::station::StationKind;
use crate::fill;
use crate::i18n::{Cli, Texts, Trust};
use crate::store::{Enrolment, Store};

pub fn run(ctx: &Context, action: BundleCommand) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    match action {
        BundleCommand::Export {
            out,
            all,
            for_station,
            part_size,
        } => export(
            ctx,
            &mut store,
            &out,
            all,
            for_station.as_deref(),
            part_size.unwrap_or(crate::bundle::exchange::DEFAULT_PART_BYTES),
        ),
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
    part_size: u64,
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
            for (station, path) in export_reference(store, dir, now)? {
                writeln!(
                    out,
                    "{}",
                    fill!(
                        texts,
                        Trust::ExportReferenceFor,
                        path = path.display(),
                        station = station
                    )
                )?;
            }
        }
        (false, None) => {
            let written = export_events_in_parts(store, dir, all, part_size, now)?;
            if written.is_empty() {
                writeln!(out, "{}", texts.get(Cli::ExportNothing))?;
            } else if !store.has_written_events()? {
                let path = written[0].display();
                writeln!(out, "{}", fill!(texts, Trust::Introduction, path = path))?;
                out.flush()?;
                return Ok(ExitCode::SUCCESS);
            }
            for path in &written {
                writeln!(
                    out,
                    "{}",
                    fill!(texts, Cli::ExportEvents, path = path.display())
                )?;
            }
        }
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
        let waits = matches!(imported, Imported::Waiting { .. });
        let all = after_import(texts, store, now, &mut out)?;
        out.flush()?;
        return Ok(if waits || !all {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
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
            Err(e) if e.is_waiting() => fill!(
                texts,
                Cli::ImportWaits,
                name = name,
                error = super::bundle_error_text(texts, e)
            ),
            Err(e) => fill!(
                texts,
                Cli::ImportRefused,
                name = name,
                error = super::bundle_error_text(texts, e)
            ),
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
    let waiting: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| match &o.result {
            Err(e) => e.is_waiting(),
            Ok(i) => matches!(i, Imported::Waiting { .. }),
        })
        .collect();
    let applied = outcomes.iter().filter(|o| o.result.is_ok()).count()
        - left
        - waiting.iter().filter(|o| o.result.is_ok()).count();
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
    let all = after_import(texts, store, now, &mut out)?;
    out.flush()?;
    if waiting.is_empty() && refused == 0 && all {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}

/// Bundles that waited and can go in now (their desk approved meanwhile, the gap before them
/// filled): applied, one line each. Whether all of them went in.
fn after_import(
    texts: &Texts,
    store: &mut Store,
    now: chrono::NaiveDateTime,
    out: &mut impl Write,
) -> Result<bool> {
    let done = crate::bundle::trust::apply_waiting(store, now)?;
    let mut all = true;
    for d in &done {
        let what = match &d.result {
            Ok(imported) => describe(texts, imported),
            Err(e) => {
                all = false;
                super::bundle_error_text(texts, e)
            }
        };
        writeln!(
            out,
            "{}",
            fill!(texts, Trust::FromWaiting, name = d.name, what = what)
        )?;
    }
    let imported: Vec<&Imported> = done.iter().filter_map(|d| d.result.as_ref().ok()).collect();
    erase_from_copies(texts, store, &imported, out)?;
    Ok(all)
}

/// A bundle that brought purges erases the same cases from this desk's backups and the
/// files kept aside, as a purge at this desk would: the import listed them with the purge.
pub(super) fn erase_from_copies(
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

pub(super) fn describe(texts: &Texts, imported: &Imported) -> String {
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
                Some(Enrolment::Approved) => {
                    line.push_str(&fill!(texts, Trust::FirstBundle, desk = desk, key = key));
                }
                Some(Enrolment::Renumbered { from }) => {
                    line.push_str(&fill!(texts, Cli::RenumberedFrom, desk = desk, from = from));
                }
                None => {}
            }
            let wishes = wishes_clause(texts, Trust::BundleWishes, &applied.wishes);
            if ranges.is_empty() {
                line.push_str(&fill!(texts, Trust::Introduced, desk = desk));
                line.push_str(&wishes);
                return line;
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
            line.push_str(&wishes);
            line
        }
        Imported::Reference { version, applied } => {
            let recomputed = &applied.recomputed;
            let mut line = fill!(texts, Cli::AppliedReference, version = version);
            let cases = &applied.cases;
            if cases.events > 0 || cases.held > 0 {
                line.push_str(&fill!(
                    texts,
                    Trust::ReferenceCases,
                    events = cases.events,
                    cases = cases.new_cases.len()
                ));
                if cases.held > 0 {
                    line.push_str(&fill!(texts, Cli::RecoveredHeld, n = cases.held));
                }
                if let Some(e) = cases.new_epoch {
                    line.push_str(&fill!(texts, Cli::RecoveredEpoch, epoch = epoch_letters(e)));
                }
            }
            line.push_str(&wishes_clause(
                texts,
                Trust::ReferenceWishes,
                &applied.wishes,
            ));
            if applied.held_at_home > 0 {
                line.push_str(&fill!(
                    texts,
                    Trust::ReferenceHeld,
                    n = applied.held_at_home
                ));
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
            if recovered.held > 0 {
                line.push_str(&fill!(texts, Cli::RecoveredHeld, n = recovered.held));
            }
            if let Some(e) = recovered.new_epoch {
                line.push_str(&fill!(texts, Cli::RecoveredEpoch, epoch = epoch_letters(e)));
            }
            line.push_str(&wishes_clause(
                texts,
                Trust::ReferenceWishes,
                &recovered.wishes,
            ));
            line
        }
        Imported::AlreadyHad { what } => {
            let what = match what {
                AlreadyHere::Introduction { station, number } => {
                    let desk = fill!(texts, Cli::DeskLabel, station = station, number = number);
                    fill!(texts, Cli::AlreadyIntroduction, desk = desk)
                }
                AlreadyHere::Events {
                    station,
                    number,
                    ranges,
                } => {
                    let desk = fill!(texts, Cli::DeskLabel, station = station, number = number);
                    fill!(texts, Cli::AlreadyEvents, ranges = ranges, desk = desk)
                }
                AlreadyHere::Reference { version } => {
                    fill!(texts, Cli::AlreadyReference, version = version)
                }
                AlreadyHere::Recovery { station } => {
                    fill!(texts, Cli::AlreadyRecovery, station = station)
                }
            };
            fill!(texts, Cli::AlreadyHad, what = what)
        }
        Imported::Waiting { waiting, already } => {
            let mut line = crate::refusals::waiting(texts, waiting);
            if *already {
                line.push_str(texts.get(Trust::WaitingKeptAlready));
            }
            line
        }
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
    let waiting = store.waiting_bundles()?;
    if !waiting.is_empty() {
        writeln!(
            out,
            "{}",
            fill!(texts, Trust::StatusWaiting, n = waiting.len())
        )?;
    }
    let at_home = if store.is_home()? {
        Vec::new()
    } else {
        store.held_at_home()?
    };
    if !at_home.is_empty() {
        writeln!(
            out,
            "{}",
            fill!(texts, Trust::HeldAtHomeHeader, n = at_home.len())
        )?;
        for h in at_home.iter().take(50) {
            writeln!(
                out,
                "  {} {} {} ({}): {}",
                h.number.as_deref().unwrap_or(texts.get(Cli::CaseNotHere)),
                h.kind,
                h.at.replace('T', " "),
                fill!(texts, Trust::Desk, station = h.station, number = h.desk),
                h.reason
            )?;
        }
    }
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

/// What a bundle brought of wishes, as a clause of its line (`key` says whose).
fn wishes_clause(texts: &Texts, key: Trust, w: &crate::store::WishesTaken) -> String {
    let mut out = String::new();
    if w.events > 0 {
        out.push_str(&fill!(texts, key, events = w.events));
    }
    if w.conflicts > 0 {
        out.push_str(&fill!(texts, Trust::WishConflicts, n = w.conflicts));
    }
    out
}
