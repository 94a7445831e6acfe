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
use crate::i18n::{Cli, Texts};

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
    let scope = store.scope()?;
    // The board the screen shows, and the steps Ctrl-U records there.
    let board = store.board(scope.as_deref(), today, &holidays)?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    if urge_due {
        let due: Vec<_> = board
            .iter()
            .filter(|r| r.step_due(None).is_some())
            .collect();
        if !yes {
            for row in &due {
                let step = row.position.action_due.map(|s| texts.name(s));
                let step = step.unwrap_or_default();
                writeln!(out, "{}  {step}", row.record.case.number)?;
            }
            writeln!(
                out,
                "{}",
                crate::fill!(texts, Cli::StepsDue, n = due.len(), desk = &desk.code)
            )?;
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        // The steps Ctrl-U records on the screen's board, by the same rule.
        let batch = due
            .iter()
            .filter_map(|row| Some((row.record.case.id, vec![row.step_due(note.clone())?])))
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
        for row in &board {
            let (r, p) = (&row.record, &row.position);
            let mut v = case_json(r, &store.case_links(&r.case)?, today, false);
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
            .map(|row| {
                let (c, p) = (&row.record.case, &row.position);
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
                        crate::fill!(texts, Cli::WorkingDaysShort, n = p.working_days_left)
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
