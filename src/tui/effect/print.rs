//! Printing from the desk: the document is written as text and HTML into `documents/` beside
//! the database, to open in a browser and print. Files are never overwritten.

use std::path::{Path, PathBuf};

use crate::i18n::Error;
use crate::refusal::{Doing, Refusal};
use crate::store::StoreError;
use chrono::NaiveDate;

use crate::documents::Document;
use crate::documents::receipt::receipt;
use crate::documents::slip::{Handed, slips};
use crate::domain::case::CaseId;
use crate::domain::correction::{corrected_since, receipt_handed_out, slip_handed_out};
use crate::platform::{create_private_dir, write_private_new};
use crate::store::Store;

/// Writes the receipt (or the hand-over slip) of a case; returns the HTML file's path.
pub fn print(
    store: &Store,
    case: CaseId,
    slip: bool,
    today: NaiveDate,
    texts: &'static crate::i18n::Texts,
) -> Result<PathBuf, Refusal> {
    let stored = |e: StoreError| Refusal::from(&e);
    let record = store
        .case(case)
        .map_err(stored)?
        .ok_or_else(|| Refusal::new(Error::CaseGone))?;
    let references = store.document_references().map_err(stored)?;
    let sources = references.sources(today, texts);
    let log = store.events(case).map_err(stored)?;
    let doc = if slip {
        // The latest hand-over, as it was made (a reopened case's says 重办).
        let handed: Vec<Handed<'_>> = store
            .hand_overs(case)
            .map_err(stored)?
            .into_iter()
            .last()
            .filter(|_| record.case.unit.is_some())
            .map(|hand| Handed {
                record: &record,
                hand,
                corrected: corrected_since(&log, slip_handed_out),
            })
            .into_iter()
            .collect();
        slips(&handed, &sources, &record.case.number)
            .ok_or_else(|| crate::refusal!(Error::NoSlip, number = record.case.number))?
    } else {
        receipt(
            &record,
            &sources,
            corrected_since(&log, receipt_handed_out).as_ref(),
        )
        .ok_or_else(|| crate::refusal!(Error::NoReceiptWithdrawn, number = record.case.number))?
    };
    let dir = store
        .path()
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("documents");
    save(&doc, &dir)
}

/// Writes `stem.txt` and `stem.html` (or `stem-2.…` when taken) into `dir`.
pub fn save(doc: &Document, dir: &Path) -> Result<PathBuf, Refusal> {
    create_private_dir(dir).doing(crate::refusal!(Error::CannotCreate, path = dir.display()))?;
    for n in 1..1000 {
        let stem = if n == 1 {
            doc.stem.clone()
        } else {
            format!("{}-{n}", doc.stem)
        };
        let html = dir.join(format!("{stem}.html"));
        let text = dir.join(format!("{stem}.txt"));
        if html.exists() || text.exists() {
            continue;
        }
        write_new(&text, &doc.text)?;
        write_new(&html, &doc.html)?;
        return Ok(html);
    }
    Err(crate::refusal!(
        Error::TooManyCopies,
        stem = doc.stem,
        dir = dir.display()
    ))
}

fn write_new(path: &Path, body: &str) -> Result<(), Refusal> {
    write_private_new(path, body.as_bytes())
        .doing(crate::refusal!(Error::CannotCreate, path = path.display()))
}
