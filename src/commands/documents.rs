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
use crate::domain::correction::{corrected_since, receipt_handed_out, slip_handed_out};
use crate::domain::reclassify::voided_hand_over;

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
    let mut handed = Vec::new();
    for record in &records {
        if let Some(on) = store.handed_over(record.case.id)? {
            let log = store.events(record.case.id)?;
            let corrected = corrected_since(&log, slip_handed_out);
            handed.push(Handed {
                record,
                on,
                corrected,
                voided: voided_hand_over(&log),
            });
        }
    }
    let Some(doc) = slips(&handed, &sources, &stem) else {
        refuse!(Error::NothingToPrint)
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
    emit(
        ctx,
        &render_receipt(&record, &sources, corrected.as_ref()),
        format,
        out,
    )
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
