//! `liaison report` and `liaison duty`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use chrono::Datelike;

use super::output::{header, stdout, table};
use super::{open_store, open_store_to_write};
use crate::commands::args::ReportFormat;
use crate::commands::context::Context;
use crate::domain::event::EventBody;
use crate::i18n::{Error, Texts};
use crate::platform::{create_private_dir, write_private_new};
use crate::refusal::{Doing, Refusal};
use crate::report::load::{cutoff, month_report};
use crate::report::render::{csv::table_csv, markdown::document, tables, xlsx::workbook};
use crate::report::{Month, percent};
use crate::{refusal, refuse};

pub fn report(
    ctx: &Context,
    month: Option<Month>,
    format: ReportFormat,
    out: &Path,
    unmasked: bool,
) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    store.set_progress(super::progress_bar::reporter(ctx.lang));
    let today = ctx.clock.today();
    let month = month.unwrap_or(Month {
        year: today.year(),
        month: today.month(),
    });
    if month.first_day() > today {
        refuse!(Error::MonthNotBegun, month = month);
    }
    if out.exists() {
        refuse!(Error::ReportExists, path = out.display());
    }
    if unmasked {
        // The full numbers are logged as revealed before any file holds them.
        let scope = store.scope()?;
        let until = cutoff(month, ctx.clock.now());
        let histories = store.report_histories(month, until, scope.as_deref())?;
        // A registration withdrawn by the cutoff is not in the ledger: its phone is not shown.
        let withdrawn = |h: &&crate::domain::history::CaseHistory| {
            h.events
                .iter()
                .any(|e| e.at <= until && matches!(e.body, EventBody::Withdrawn { .. }))
        };
        let batch: Vec<_> = histories
            .iter()
            .filter(|h| h.resident.phone.is_some())
            .filter(|h| !withdrawn(h))
            .filter_map(|h| h.events.first())
            .filter(|e| month.contains(e.at.date()))
            .map(|e| (e.case_id, vec![EventBody::Revealed {}]))
            .collect();
        store.record_each(batch, &ctx.actor, ctx.clock.now())?;
    }
    let report = month_report(&store, month, ctx.clock.now(), unmasked, ctx.lang)?;
    let texts = Texts::of(ctx.lang);
    let tables = tables(&report, texts);
    match format {
        ReportFormat::Xlsx => write_new(
            out,
            &workbook(&tables).map_err(|e| refusal!(Error::CannotBuildWorkbook, detail = e))?,
        )?,
        ReportFormat::Md => write_new(
            out,
            document(
                &crate::fill!(
                    texts,
                    crate::i18n::Report::DocumentTitle,
                    station = &report.station,
                    month = month
                ),
                &tables,
            )
            .as_bytes(),
        )?,
        ReportFormat::Csv => {
            // Written whole under a temporary name, then renamed: a failure (a full disk)
            // leaves nothing that would block the next try.
            let partial = partial_path(out);
            let written = (|| -> Result<(), Refusal> {
                create_private_dir(&partial)
                    .doing(refusal!(Error::CannotCreateDirectory, path = out.display()))?;
                for t in &tables {
                    let name = format!("{}.csv", t.id);
                    write_private_new(&partial.join(&name), table_csv(t).as_bytes()).doing(
                        refusal!(Error::CannotWrite, path = out.join(&name).display()),
                    )?;
                }
                std::fs::rename(&partial, out)
                    .doing(refusal!(Error::CannotMoveIntoPlace, path = out.display()))
            })();
            if written.is_err() {
                let _ = std::fs::remove_dir_all(&partial);
            }
            written?;
        }
    }
    let f = &report.summary.figures;
    let mut o = stdout();
    writeln!(
        o,
        "{}",
        crate::fill!(
            texts,
            crate::i18n::Cli::ReportWritten,
            station = &report.station,
            month = month,
            received = f.received,
            withdrawn = f.withdrawn,
            finished = f.finished,
            on_time = percent(f.on_time_rate()),
            satisfied = percent(f.satisfaction_rate()),
            resolved = percent(f.resolution_rate()),
            repeats = f.repeats,
            overdue = f.overdue_at_end,
            out = out.display()
        )
    )?;
    o.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `.NAME.partial-PID` beside `path`: where a report is written before it is renamed.
fn partial_path(path: &Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    path.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// Writes a report file whole: under a temporary name, then renamed; on a failure (a full
/// disk) nothing is left behind, so the same command can simply be run again.
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Refusal> {
    let partial = partial_path(path);
    let written = write_private_new(&partial, bytes)
        .doing(refusal!(Error::CannotWrite, path = path.display()))
        .and_then(|()| {
            std::fs::rename(&partial, path)
                .doing(refusal!(Error::CannotMoveIntoPlace, path = path.display()))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

pub fn duty(ctx: &Context, year: Option<i32>, json: bool) -> Result<ExitCode> {
    let store = open_store(ctx)?;
    let year = year.unwrap_or_else(|| ctx.clock.today().year());
    let records = store.duty_records(year, store.scope()?.as_deref())?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    if json {
        for r in &records {
            writeln!(out, "{}", serde_json::json!({"year": year, "record": r}))?;
        }
    } else {
        let rows: Vec<Vec<String>> = records
            .iter()
            .map(|r| {
                let kind = r
                    .kind
                    .parse()
                    .map(|k: crate::domain::member::MemberKind| texts.name(k).to_string())
                    .unwrap_or_default();
                vec![
                    r.member.clone(),
                    r.name.clone(),
                    r.station.clone(),
                    kind,
                    r.reception_days.to_string(),
                    r.residents_received.to_string(),
                    r.followed_to_closure.to_string(),
                    r.activities.to_string(),
                    r.wishes_fulfilled.to_string(),
                ]
            })
            .collect();
        table(
            &mut out,
            &header(
                crate::i18n::Texts::of(ctx.lang),
                crate::i18n::Cli::DeputiesHeader,
            ),
            &rows,
            &[4, 8, 4, 10, 4, 8, 6, 10, 16],
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
