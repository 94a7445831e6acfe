//! `liaison bundle export|import|status`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::open_store;
use super::output::{stdout, table};
use crate::bundle::exchange::{Imported, export_events, export_recovery, export_reference, import};
use crate::bundle::folder::{Outcome, import_folder, is_bundle};
use crate::commands::args::BundleCommand;
use crate::commands::context::Context;
use crate::domain::desk::epoch_letters;
use crate::domain::station::StationKind;
use crate::store::{Enrolment, Store, database_copies};

pub fn run(ctx: &Context, action: BundleCommand) -> Result<ExitCode> {
    let mut store = open_store(ctx)?;
    match action {
        BundleCommand::Export {
            out,
            all,
            for_station,
        } => export(ctx, &mut store, &out, all, for_station.as_deref()),
        BundleCommand::Import { path } => import_path(ctx, &mut store, &path),
        BundleCommand::Status => status(&store),
    }
}

fn export(
    ctx: &Context,
    store: &mut Store,
    dir: &Path,
    all: bool,
    for_station: Option<&str>,
) -> Result<ExitCode> {
    let now = ctx.clock.now();
    let mut out = stdout();
    let home = store.desk()?.kind == StationKind::Home;
    match (home, for_station) {
        (true, Some(station)) => {
            let path = export_recovery(store, station, dir, now)?;
            writeln!(
                out,
                "wrote {} (the home's copy of {}'s cases: import it at that station's desk)",
                path.display(),
                station.trim().to_ascii_uppercase()
            )?;
        }
        (false, Some(_)) => {
            bail!("`--for STATION` is for the home, which holds every station's cases")
        }
        (true, None) => {
            let path = export_reference(store, dir, now)?;
            writeln!(out, "wrote {} (the home's reference data)", path.display())?;
        }
        (false, None) => match export_events(store, dir, all, now)? {
            Some(path) => writeln!(out, "wrote {}", path.display())?,
            None => writeln!(out, "nothing new to send since the last export")?,
        },
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn import_path(ctx: &Context, store: &mut Store, path: &Path) -> Result<ExitCode> {
    let now = ctx.clock.now();
    if is_bundle(path) || !path.is_dir() {
        let imported = import(store, path, now)?;
        let mut out = stdout();
        writeln!(out, "{}", describe(&imported))?;
        erase_from_copies(store, &[&imported], &mut out)?;
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
            Ok(imported) => format!("{name}: {}", describe(imported)),
            Err(e) if e.is_waiting() => format!("{name}: waits: {e}"),
            Err(e) => format!("{name}: refused: {e}"),
        };
        let _ = writeln!(out, "{line}");
    })?;
    let imported: Vec<&Imported> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok())
        .collect();
    erase_from_copies(store, &imported, &mut out)?;
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
        format!(", {left} not for this desk")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} bundles: {applied} applied or already here{left}, {} waiting, {refused} refused",
        outcomes.len(),
        waiting.len()
    )?;
    out.flush()?;
    if waiting.is_empty() && refused == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}

/// A bundle that brought purges erases the same cases from this desk's backups and the
/// files kept aside, as a purge at this desk would.
fn erase_from_copies(store: &Store, imported: &[&Imported], out: &mut impl Write) -> Result<()> {
    let purged: Vec<crate::domain::case::CaseId> = imported
        .iter()
        .flat_map(|i| match i {
            Imported::Events { applied, .. } => applied.purged.clone(),
            _ => Vec::new(),
        })
        .collect();
    if purged.is_empty() {
        return Ok(());
    }
    for copy in database_copies(store.path())? {
        match Store::open(&copy).and_then(|mut c| c.erase_cases(&purged)) {
            Ok(n) => writeln!(
                out,
                "erased the {n} purged cases' personal data from {} too",
                copy.display()
            )?,
            Err(e) => writeln!(
                out,
                "could not erase the purged cases from {}: {e}; delete that file by hand",
                copy.display()
            )?,
        }
    }
    Ok(())
}

fn describe(imported: &Imported) -> String {
    match imported {
        Imported::Events {
            desk,
            key,
            ranges,
            applied,
        } => {
            let mut line = String::new();
            match &applied.enrolled {
                Some(Enrolment::New) => {
                    line.push_str(&format!(
                        "enrolled a new desk, {desk}, key {key} (trusted from now on); "
                    ));
                }
                Some(Enrolment::Upgraded) => {
                    line.push_str(&format!(
                        "enrolled {desk}, key {key} (its first signed bundle); "
                    ));
                }
                Some(Enrolment::Renumbered { from }) => {
                    line.push_str(&format!("{desk} was desk {from}; "));
                }
                None => {}
            }
            line.push_str(&format!(
                "applied {desk} {ranges}: {} events ({} new cases), {} already here",
                applied.events, applied.new_cases, applied.skipped
            ));
            if applied.held > 0 {
                line.push_str(&format!(
                    ", {} held aside (see `liaison bundle status`)",
                    applied.held
                ));
            }
            line
        }
        Imported::Reference {
            version,
            pinned,
            recomputed,
        } => {
            let mut line = format!("applied the home's reference data, version {version}");
            if let Some(fp) = pinned {
                line.push_str(&format!("; pinned the home's key {fp}"));
            }
            if !recomputed.changes.is_empty() {
                line.push_str(&format!(
                    "; the holiday notices it brought moved {} provisional deadlines:",
                    recomputed.changes.len()
                ));
                for c in &recomputed.changes {
                    line.push_str(&format!(
                        "\n  {}  {} → {}{}",
                        c.number,
                        c.previous,
                        c.due_date,
                        if c.before_today {
                            "  (earlier than today: overdue at once)"
                        } else {
                            ""
                        }
                    ));
                }
            }
            line
        }
        Imported::Recovery { station, recovered } => {
            let mut line = format!(
                "recovered from the home's copy of {station}: {} events ({} cases back), {} already here",
                recovered.events,
                recovered.new_cases.len(),
                recovered.skipped
            );
            if !recovered.new_cases.is_empty() {
                line.push_str(&format!(" — {}", recovered.new_cases.join(" ")));
            }
            if recovered.pinned {
                line.push_str("; pinned the home's key");
            }
            if recovered.held > 0 {
                line.push_str(&format!(
                    "; {} held aside (see `liaison bundle status`)",
                    recovered.held
                ));
            }
            if let Some(e) = recovered.new_epoch {
                line.push_str(&format!(
                    "; the home had numbers of this desk's current epoch from before the \
                     restore: new cases are numbered in epoch {} from now",
                    epoch_letters(e)
                ));
            }
            line
        }
        Imported::AlreadyHad { what } => format!("nothing to do: {what}, all here already"),
        Imported::NotForThisDesk { why } => format!("left alone: {why}"),
    }
}

fn status(store: &Store) -> Result<ExitCode> {
    let mut out = stdout();
    let me = store.desk_identity()?;
    writeln!(
        out,
        "this desk: {} desk {}, epoch {}, key {}",
        me.station,
        me.number,
        epoch_letters(me.epoch),
        me.fingerprint()
    )?;
    writeln!(
        out,
        "reference version exported {}, imported {}",
        store.reference_version("export")?,
        store.reference_version("import")?
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
                    format!("exported up to {}", p.exported)
                } else {
                    format!("applied up to {}", p.applied)
                },
                match (own, p.desk.key) {
                    (true, _) => "this desk".into(),
                    (false, Some(k)) => crate::domain::desk::key_fingerprint(&k),
                    (false, None) => "not enrolled yet".into(),
                },
            ]
        })
        .collect();
    table(
        &mut out,
        &["station", "desk", "epoch", "sequence", "key"],
        &rows,
        &[7, 4, 5, 20, 20],
    )?;
    let held = store.held_events()?;
    if !held.is_empty() {
        writeln!(
            out,
            "{} events held aside (kept, not in any case's log):",
            held.len()
        )?;
        for h in held.iter().take(50) {
            writeln!(
                out,
                "  {} {} {}: {}",
                h.number.as_deref().unwrap_or("(case not here)"),
                h.kind,
                h.at.replace('T', " "),
                h.reason
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
