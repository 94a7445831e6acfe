//! `liaison check`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::open_store;
use super::output::stdout;
use crate::commands::context::Context;
use crate::store::{Store, StoreError};

pub fn check(ctx: &Context, full: bool, json: bool) -> Result<ExitCode> {
    // A copy on a read-only medium (a USB stick checked before a restore) is checked as it is.
    let store = match open_store(ctx) {
        Err(e) if matches!(e.downcast_ref(), Some(StoreError::ReadOnlyFile(_))) => {
            Store::open_read_only(&ctx.db()?)?
        }
        other => other?,
    };
    let mut store = store;
    if full {
        store.set_progress(super::progress_bar::reporter(ctx.lang));
    }
    let report = store.check(full)?;
    // A file an older liaison wrote, checked read-only, has no list of erasures: none left.
    let erasure_left = store.erasure_left().ok().flatten();
    let mut out = stdout();
    if json {
        let mut value = serde_json::to_value(&report)?;
        value["erasure_left"] = serde_json::to_value(&erasure_left)?;
        writeln!(out, "{value}")?;
    } else {
        writeln!(out, "{}: {}", report.mode, report.sqlite.join("; "))?;
        writeln!(
            out,
            "foreign keys: {}",
            if report.foreign_keys.is_empty() {
                "ok".to_string()
            } else {
                report.foreign_keys.join("; ")
            }
        )?;
        writeln!(out, "cases: {}, events: {}", report.cases, report.events)?;
        if report.replay.is_empty() {
            writeln!(out, "every case row equals the replay of its event log")?;
        } else {
            for line in &report.replay {
                writeln!(out, "replay: {line}")?;
            }
        }
        if let Some(left) = &erasure_left {
            let texts = crate::i18n::Texts::of(ctx.lang);
            writeln!(
                out,
                "{}",
                super::erasure::describe_left(texts, store.path(), left)
            )?;
        }
        writeln!(
            out,
            "{}",
            if report.is_ok() {
                "OK"
            } else {
                "PROBLEMS FOUND"
            }
        )?;
    }
    out.flush()?;
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
