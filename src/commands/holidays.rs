//! `liaison holidays [list]` and `liaison holidays import FILE [--yes]`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};

use super::confirm::confirmed;
use super::output::{header, stdout, table};
use crate::commands::args::HolidaysCommand;
use crate::commands::context::Context;
use crate::display::fit;
use crate::domain::calendar::YearStatus;
use crate::domain::holidays::Notice;
use crate::domain::notice_text::read_notices;
use crate::formats::decode;
use crate::store::{RecomputePlan, Store};

pub fn run(ctx: &Context, action: Option<HolidaysCommand>) -> Result<ExitCode> {
    match action.unwrap_or(HolidaysCommand::List { json: false }) {
        HolidaysCommand::List { json } => list(ctx, json),
        HolidaysCommand::Import { file, yes } => import(ctx, &file, yes),
    }
}

fn list(ctx: &Context, json: bool) -> Result<ExitCode> {
    let store = Store::open(&ctx.db()?)?;
    let years = store.holiday_years(ctx.clock.today())?;
    let mut out = stdout();
    if json {
        for y in years {
            writeln!(out, "{}", serde_json::to_string(&y)?)?;
        }
    } else {
        let rows: Vec<Vec<String>> = years
            .iter()
            .map(|y| {
                vec![
                    y.year.to_string(),
                    status_word(crate::i18n::Texts::of(ctx.lang), y.status).to_string(),
                    y.holidays.to_string(),
                    y.workdays.to_string(),
                    if y.title == crate::store::LAW {
                        crate::i18n::Texts::of(ctx.lang)
                            .ui(crate::i18n::Ui::TheLaw)
                            .to_string()
                    } else {
                        y.title.clone()
                    },
                ]
            })
            .collect();
        table(
            &mut out,
            &header(
                crate::i18n::Texts::of(ctx.lang),
                crate::i18n::Cli::HolidaysHeader,
            ),
            &rows,
            &[4, 11, 8, 7, 60],
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn status_word(texts: &crate::i18n::Texts, status: YearStatus) -> &'static str {
    use crate::i18n::Ui;
    texts.ui(match status {
        YearStatus::Loaded => Ui::YearLoaded,
        YearStatus::Provisional => Ui::YearProvisional,
        YearStatus::None => Ui::YearNone,
    })
}

/// Reads a notice file (TOML or the published text, UTF-8 or GBK) into notices.
pub fn read_file(file: &Path) -> Result<Vec<Notice>> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = decode(&bytes).map_err(|e| {
        anyhow!(
            "{} was not imported: neither UTF-8 nor GBK text (first bad byte at {})",
            file.display(),
            e.offset
        )
    })?;
    read_notices(&text).map_err(|e| anyhow!("{} was not imported: {e}", file.display()))
}

fn import(ctx: &Context, file: &Path, yes: bool) -> Result<ExitCode> {
    let notices = read_file(file)?;
    let mut store = super::open_store_to_write(ctx)?;
    let today = ctx.clock.today();
    let loaded = store.notice_summaries()?;
    let mut out = stdout();
    let mut replacing = Vec::new();
    for n in &notices {
        writeln!(out, "{} ({})", fit(&n.title, 60), n.year)?;
        for f in n.festivals() {
            writeln!(out, "  {}", fit(&f.describe(), 200))?;
        }
        if let Some(old) = loaded.iter().find(|l| l.year == n.year) {
            writeln!(
                out,
                "  {} is loaded already ({}, loaded {}): this notice replaces it",
                n.year,
                fit(&old.title, 40),
                old.loaded_at
            )?;
            replacing.push(n.year);
        }
    }
    let plan = store.recompute_preview(&notices, today)?;
    write_plan(&mut out, &plan, false)?;
    out.flush()?;
    let years: Vec<String> = notices.iter().map(|n| n.year.to_string()).collect();
    let mut question = format!("load the notice for {}", years.join(", "));
    if !replacing.is_empty() {
        question.push_str(" (replacing the one loaded)");
    }
    if !plan.changes.is_empty() {
        question.push_str(&format!(" and recompute {} deadlines", plan.changes.len()));
    }
    if !confirmed(yes, &question)? {
        writeln!(out, "not loaded: nothing was changed")?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let done = store.load_notices(&notices, &ctx.actor, ctx.clock.now())?;
    for n in &notices {
        writeln!(
            out,
            "loaded {}: {} days named ({})",
            n.year,
            n.days.len(),
            fit(&n.title, 60)
        )?;
    }
    write_plan(&mut out, &done, true)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_plan(out: &mut impl Write, plan: &RecomputePlan, done: bool) -> Result<()> {
    if plan.changes.is_empty() && plan.kept.is_empty() {
        if !done {
            writeln!(
                out,
                "no open deadline was counted provisionally: none changes"
            )?;
        }
        return Ok(());
    }
    if !plan.changes.is_empty() {
        writeln!(
            out,
            "{} (from the day handed over + its limit in working days):",
            if done {
                "deadlines recomputed, each recorded in its case's log"
            } else {
                "open deadlines counted provisionally (待核) that the notice recomputes"
            }
        )?;
    }
    for c in &plan.changes {
        let mut line = format!(
            "  {}  {} → {}  ({} + {})",
            c.number, c.previous, c.due_date, c.start, c.limit_days
        );
        if c.due_date == c.previous {
            line.push_str("  unchanged, no longer provisional");
        } else if c.due_uncertain {
            line.push_str("  still provisional: it runs into another year without a notice");
        }
        if c.before_today {
            line.push_str("  EARLIER THAN TODAY: overdue at once");
        }
        writeln!(out, "{line}")?;
    }
    if !plan.kept.is_empty() {
        writeln!(
            out,
            "deadlines set by hand (extended), not recomputed: check them"
        )?;
        for k in &plan.kept {
            writeln!(
                out,
                "  {}  {}{}",
                k.number,
                k.due_date,
                if k.now_a_day_off {
                    "  the notice makes this a day off: extend it to a working day"
                } else {
                    ""
                }
            )?;
        }
    }
    Ok(())
}
