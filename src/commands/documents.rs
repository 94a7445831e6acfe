//! `liaison slip` and `liaison receipt`: printable documents, as text or HTML.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::i18n::{Cli, Error};
use crate::refusal::Doing;
use crate::{refusal, refuse};
use chrono::NaiveDate;

use super::output::stdout;
use super::{case_in_scope, open_store};
use crate::commands::args::DocFormat;
use crate::commands::context::Context;
use crate::documents::Document;
use crate::documents::receipt::receipt as render_receipt;
use crate::documents::slip::{Handed, slips};
use crate::domain::correction::{corrected_since, corrected_since_hand_over, receipt_handed_out};
use crate::domain::hand_overs::hand_overs;

pub fn slip(
    ctx: &Context,
    number: Option<&str>,
    day: Option<NaiveDate>,
    format: DocFormat,
    out: Option<&Path>,
) -> Result<ExitCode> {
    let store = open_store(ctx)?;
    let (records, stem) = match (number, day) {
        (Some(number), _) => {
            let record = case_in_scope(&store, number)?;
            let stem = record.case.number.clone();
            (vec![record], stem)
        }
        (None, Some(day)) => (
            store.handed_over_on(day, store.scope()?.as_deref())?,
            day.format("%Y%m%d").to_string(),
        ),
        (None, None) => refuse!(Error::SlipWhich),
    };
    let references = store.document_references()?;
    let sources = references.sources(ctx.clock.today(), crate::i18n::Texts::of(ctx.lang));
    // A day's slips are the hand-overs made that day, each as it was made; a case's slip is
    // its latest hand-over.
    let mut handed = Vec::new();
    for record in &records {
        let log = store.events(record.case.id)?;
        let all = hand_overs(&log);
        let chosen: Vec<_> = match day.filter(|_| number.is_none()) {
            Some(day) => all
                .into_iter()
                .enumerate()
                .filter(|(_, h)| h.on == day)
                .collect(),
            // Returned since (no unit): nothing is with a unit to print.
            None if record.case.unit.is_none() => Vec::new(),
            None => all
                .into_iter()
                .enumerate()
                .next_back()
                .into_iter()
                .collect(),
        };
        handed.extend(chosen.into_iter().map(|(nth, hand)| Handed {
            record,
            hand,
            corrected: corrected_since_hand_over(&log, nth),
        }));
    }
    let Some(doc) = slips(&handed, &sources, &stem) else {
        // Say which: the day had no hand-over, or the case is with no unit.
        match (records.first(), day) {
            (Some(record), _) if number.is_some() => refuse!(
                Error::NoSlipForCase,
                number = record.case.number,
                status = crate::i18n::Texts::of(ctx.lang).name(record.case.status)
            ),
            (_, Some(day)) => refuse!(Error::NoSlipsOnDay, day = day),
            _ => refuse!(Error::SlipWhich),
        }
    };
    emit(ctx, &doc, format, out)
}

pub fn receipt(
    ctx: &Context,
    number: &str,
    format: DocFormat,
    out: Option<&Path>,
) -> Result<ExitCode> {
    let store = open_store(ctx)?;
    let record = case_in_scope(&store, number)?;
    let references = store.document_references()?;
    let sources = references.sources(ctx.clock.today(), crate::i18n::Texts::of(ctx.lang));
    let log = store.events(record.case.id)?;
    let corrected = corrected_since(&log, receipt_handed_out);
    let Some(doc) = render_receipt(&record, &sources, corrected.as_ref()) else {
        refuse!(Error::NoReceiptWithdrawn, number = record.case.number)
    };
    emit(ctx, &doc, format, out)
}

/// Writes a document to a file (never over an existing one) or to standard output.
fn emit(ctx: &Context, doc: &Document, format: DocFormat, out: Option<&Path>) -> Result<ExitCode> {
    let body = match format {
        DocFormat::Text => &doc.text,
        DocFormat::Html => &doc.html,
    };
    match out {
        Some(path) => {
            crate::platform::write_private_new(path, body.as_bytes())
                .doing(refusal!(Error::CannotCreateNew, path = path.display()))?;
            let mut o = stdout();
            writeln!(
                o,
                "{}",
                crate::fill!(
                    crate::i18n::Texts::of(ctx.lang),
                    Cli::Wrote,
                    path = path.display()
                )
            )?;
            o.flush()?;
        }
        None => {
            let mut o = stdout();
            o.write_all(body.as_bytes())?;
            o.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
