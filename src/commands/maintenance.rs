//! `liaison check`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::open_store;
use super::output::stdout;
use crate::commands::context::Context;
use crate::fill;
use crate::i18n::{Cli, Texts};
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
    let texts = Texts::of(ctx.lang);
    // A file an older liaison wrote, checked read-only, has no list of erasures: none left.
    let erasure_left = store.erasure_left().ok().flatten();
    let mut out = stdout();
    if json {
        let mut value = serde_json::to_value(&report)?;
        value["erasure_left"] = serde_json::to_value(&erasure_left)?;
        writeln!(out, "{value}")?;
    } else {
        let ok = texts.get(Cli::CheckFine);
        let findings = if report.sqlite == ["ok"] {
            ok.to_string()
        } else {
            report.sqlite.join("; ")
        };
        writeln!(
            out,
            "{}",
            fill!(
                texts,
                Cli::CheckSqlite,
                mode = report.mode,
                findings = findings
            )
        )?;
        let keys = if report.foreign_keys.is_empty() {
            ok.to_string()
        } else {
            report.foreign_keys.join("; ")
        };
        writeln!(
            out,
            "{}",
            fill!(texts, Cli::CheckForeignKeys, findings = keys)
        )?;
        writeln!(
            out,
            "{}",
            fill!(
                texts,
                Cli::CheckCounts,
                cases = report.cases,
                events = report.events
            )
        )?;
        if report.replay.is_empty() {
            writeln!(out, "{}", texts.get(Cli::CheckReplayOk))?;
        } else {
            for line in &report.replay {
                writeln!(out, "{}", fill!(texts, Cli::CheckReplay, line = line))?;
            }
        }
        if let Some(left) = &erasure_left {
            writeln!(
                out,
                "{}",
                super::erasure::describe_left(texts, store.path(), left)
            )?;
        }
        writeln!(
            out,
            "{}",
            texts.get(if report.is_ok() {
                Cli::CheckOk
            } else {
                Cli::CheckProblems
            })
        )?;
    }
    out.flush()?;
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
