//! `liaison supervise`: the supervision board on the command line, and the bulk
//! "urge all due today".

use crate::i18n::Word;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use super::case_json::case_json;
use super::open_store_to_write;
use super::output::{fit, header, stdout, table};
use crate::commands::context::Context;
use crate::domain::handling::supervision_event;
use crate::domain::ladder::{BOARD_HORIZON_DAYS, BOARD_LIMIT};
use crate::i18n::{Cli, Texts};
use crate::store::CaseFilter;

pub fn run(
    ctx: &Context,
    json: bool,
    urge_due: bool,
    yes: bool,
    note: Option<String>,
) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    let today = ctx.clock.today();
    let desk = store.desk()?;
    let holidays = store.holiday_table()?;
    let horizon = holidays.add_working_days(today, BOARD_HORIZON_DAYS).date;
    let scope = store.scope()?;
    let board: Vec<_> = store
        .cases(&CaseFilter {
            station: scope,
            due_by: Some(horizon),
            limit: Some(BOARD_LIMIT * 20),
            ..CaseFilter::default()
        })?
        .into_iter()
        .filter_map(|r| crate::domain::ladder::position(&r.case, today, &holidays).map(|p| (r, p)))
        .collect();
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    if urge_due {
        let due: Vec<_> = board
            .iter()
            .filter_map(|(r, p)| p.action_due.map(|s| (r, s)))
            .collect();
        if !yes {
            for (r, step) in &due {
                writeln!(out, "{}  {}", r.case.number, texts.name(*step))?;
            }
            writeln!(
                out,
                "{}",
                crate::fill!(texts, Cli::StepsDue, n = due.len(), desk = &desk.code)
            )?;
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        let batch = due
            .iter()
            .map(|(r, step)| (r.case.id, vec![supervision_event(*step, note.clone())]))
            .collect();
        let done = store.record_each(batch, &ctx.actor, ctx.clock.now())?;
        writeln!(
            out,
            "{}",
            crate::fill!(texts, Cli::StepsRecorded, n = done.len())
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        for (r, p) in &board {
            let mut v = case_json(r, today, false);
            v["ladder"] = json!({
                "stage": p.stage,
                "working_days_left": p.working_days_left,
                "days_overdue": p.days_overdue,
                "action_due": p.action_due,
            });
            writeln!(out, "{v}")?;
        }
    } else {
        let rows: Vec<Vec<String>> = board
            .iter()
            .map(|(r, p)| {
                let c = &r.case;
                vec![
                    c.number.clone(),
                    c.unit.clone().unwrap_or_default(),
                    c.due_date
                        .map(|d| {
                            if c.due_uncertain {
                                format!("{d} {}", texts.word(Word::Uncertain))
                            } else {
                                d.to_string()
                            }
                        })
                        .unwrap_or_default(),
                    if p.days_overdue > 0 {
                        format!("+{}", p.days_overdue)
                    } else {
                        format!("{}wd", p.working_days_left)
                    },
                    format!(
                        "{}{}",
                        texts.name(p.stage),
                        if p.action_due.is_some() { "!" } else { "" }
                    ),
                    c.supervision
                        .map(|s| texts.name(s).to_string())
                        .unwrap_or_default(),
                    fit(&c.content, 40),
                ]
            })
            .collect();
        table(
            &mut out,
            &header(
                crate::i18n::Texts::of(ctx.lang),
                crate::i18n::Cli::SuperviseHeader,
            ),
            &rows,
            &[18, 5, 12, 5, 12, 10, 40],
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
