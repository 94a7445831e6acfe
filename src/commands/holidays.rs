//! `liaison holidays [list]` and `liaison holidays import FILE [--yes]`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use super::confirm::ask;
use super::output::{header, stdout, table};
use crate::commands::args::HolidaysCommand;
use crate::commands::context::Context;
use crate::display::fit;
use crate::domain::calendar::YearStatus;
use crate::domain::holidays::Notice;
use crate::domain::notice_text::read_notices;
use crate::fill;
use crate::formats::decode;
use crate::i18n::{Cli, Error, Texts};
use crate::refusal::{Doing, Refusal};
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
pub fn read_file(file: &Path) -> Result<Vec<Notice>, Refusal> {
    let path = file.display();
    let bytes = std::fs::read(file).doing(crate::refusal!(Error::CannotRead, path = path))?;
    let not_imported =
        |why: Refusal| crate::refusal!(Error::NotImported, path = path).because("reason", why);
    let text = decode(&bytes).map_err(|e| not_imported(Refusal::from(&e)))?;
    read_notices(&text).map_err(|e| not_imported(Refusal::from(&e)))
}

fn import(ctx: &Context, file: &Path, yes: bool) -> Result<ExitCode> {
    let notices = read_file(file)?;
    let mut store = super::open_store_to_write(ctx)?;
    let today = ctx.clock.today();
    let loaded = store.notice_summaries()?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    let mut replacing = Vec::new();
    for n in &notices {
        writeln!(out, "{} ({})", fit(&n.title, 60), n.year)?;
        for f in n.festivals() {
            writeln!(out, "  {}", fit(&crate::describe::festival(texts, &f), 200))?;
        }
        if let Some(old) = loaded.iter().find(|l| l.year == n.year) {
            writeln!(
                out,
                "  {}",
                fill!(
                    texts,
                    Cli::NoticeReplaces,
                    year = n.year,
                    title = fit(&old.title, 40),
                    at = old.loaded_at
                )
            )?;
            replacing.push(n.year);
        }
    }
    let plan = store.recompute_preview(&notices, today)?;
    write_plan(&mut out, texts, &plan, false)?;
    out.flush()?;
    let years: Vec<String> = notices.iter().map(|n| n.year.to_string()).collect();
    let question = fill!(
        texts,
        Cli::NoticeQuestion,
        years = years.join(", "),
        replacing = if replacing.is_empty() {
            ""
        } else {
            texts.get(Cli::NoticeQuestionReplacing)
        },
        recompute = if plan.changes.is_empty() {
            String::new()
        } else {
            fill!(texts, Cli::NoticeQuestionRecompute, n = plan.changes.len())
        }
    );
    if !ask(yes, &question, texts)? {
        writeln!(out, "{}", texts.get(Cli::NoticeNotLoaded))?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let done = store.load_notices(&notices, &ctx.actor, ctx.clock.now())?;
    for n in &notices {
        writeln!(
            out,
            "{}",
            fill!(
                texts,
                Cli::NoticeLoaded,
                year = n.year,
                n = n.days.len(),
                title = fit(&n.title, 60)
            )
        )?;
    }
    write_plan(&mut out, texts, &done, true)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_plan(out: &mut impl Write, texts: &Texts, plan: &RecomputePlan, done: bool) -> Result<()> {
    if plan.changes.is_empty() && plan.kept.is_empty() {
        if !done {
            writeln!(out, "{}", texts.get(Cli::PlanNone))?;
        }
        return Ok(());
    }
    if !plan.changes.is_empty() {
        writeln!(
            out,
            "{}",
            texts.get(if done {
                Cli::PlanRecomputed
            } else {
                Cli::PlanToRecompute
            })
        )?;
    }
    for c in &plan.changes {
        let mut line = format!(
            "  {}  {} → {}  ({} + {})",
            c.number, c.previous, c.due_date, c.start, c.limit_days
        );
        if c.due_date == c.previous {
            line.push_str(texts.get(Cli::PlanUnchanged));
        } else if c.due_uncertain {
            line.push_str(texts.get(Cli::PlanStillProvisional));
        }
        if c.before_today {
            line.push_str(texts.get(Cli::PlanEarlierThanToday));
        }
        writeln!(out, "{line}")?;
    }
    if !plan.kept.is_empty() {
        writeln!(out, "{}", texts.get(Cli::PlanKept))?;
        for k in &plan.kept {
            writeln!(
                out,
                "  {}  {}{}",
                k.number,
                k.due_date,
                if k.now_a_day_off {
                    texts.get(Cli::PlanNowDayOff)
                } else {
                    ""
                }
            )?;
        }
    }
    Ok(())
}
