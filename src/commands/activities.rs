//! `liaison activity` and `liaison project`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use chrono::{Datelike, NaiveDate};

use super::open_store_to_write;
use super::output::{fit, header, stdout, table};
use crate::commands::args::{ActivityCommand, ProjectCommand};
use crate::commands::context::Context;
use crate::domain::case::Source;
use crate::i18n::{Cli, Texts};
use crate::store::{NewCase, NewProject};

/// Member ids as typed after `--members`: trimmed (`D02, R11`), blanks dropped, each once.
fn member_ids(raw: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in raw.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
        if !ids.iter().any(|seen| seen == id) {
            ids.push(id.to_string());
        }
    }
    ids
}

/// What has happened cannot be dated in the future: a later date would stand as the latest
/// state until that day comes.
fn not_after_today(date: NaiveDate, today: NaiveDate, what: &str) -> Result<()> {
    if date > today {
        anyhow::bail!("{what} cannot be dated {date}, after today ({today})");
    }
    Ok(())
}

pub fn activity(ctx: &Context, action: ActivityCommand) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    let mut out = stdout();
    match action {
        ActivityCommand::Add {
            date,
            kind,
            title,
            place,
            members,
            note,
        } => {
            let station = store.desk()?.code;
            let members = member_ids(&members);
            let a = store.add_activity(
                date,
                kind,
                &title,
                place.as_deref(),
                Some(&station),
                &members,
                note.as_deref(),
            )?;
            writeln!(
                out,
                "{}",
                crate::fill!(
                    Texts::of(ctx.lang),
                    Cli::ActivityAdded,
                    date = a.date,
                    kind = Texts::of(ctx.lang).name(a.kind),
                    title = &a.title,
                    n = a.members.len()
                )
            )?;
        }
        ActivityCommand::List { year, json } => {
            let year = year.unwrap_or_else(|| ctx.clock.today().year());
            let from = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid");
            let to = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid");
            let list = store.activities(from, to)?;
            let texts = Texts::of(ctx.lang);
            if json {
                for a in &list {
                    writeln!(out, "{}", serde_json::to_string(a)?)?;
                }
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|a| {
                        vec![
                            a.date.to_string(),
                            texts.name(a.kind).to_string(),
                            a.members.len().to_string(),
                            fit(&a.title, 40),
                        ]
                    })
                    .collect();
                table(
                    &mut out,
                    &header(
                        crate::i18n::Texts::of(ctx.lang),
                        crate::i18n::Cli::ActivitiesHeader,
                    ),
                    &rows,
                    &[10, 14, 6, 40],
                )?;
                let people: usize = list.iter().map(|a| a.members.len()).sum();
                writeln!(
                    out,
                    "{}",
                    crate::fill!(
                        texts,
                        Cli::ActivitiesYear,
                        year = year,
                        n = list.len(),
                        people = people
                    )
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn project(ctx: &Context, action: ProjectCommand) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    let mut out = stdout();
    match action {
        ProjectCommand::Add {
            code,
            year,
            title,
            unit,
            target,
            votes,
        } => {
            store.add_project(&NewProject {
                code: code.clone(),
                year,
                title,
                unit,
                target,
                votes,
            })?;
            writeln!(out, "added project {code}")?;
        }
        ProjectCommand::Progress {
            code,
            date,
            percent,
            note,
        } => {
            not_after_today(date, ctx.clock.today(), "progress")?;
            store.add_progress(&code, date, percent, &note)?;
            writeln!(out, "{code}: {percent}% on {date}")?;
        }
        ProjectCommand::Inspect {
            code,
            date,
            members,
            findings,
        } => {
            not_after_today(date, ctx.clock.today(), "an inspection")?;
            let members = member_ids(&members);
            if members.is_empty() {
                anyhow::bail!("name the deputies who inspected with --members D02,R11");
            }
            store.add_inspection(&code, date, &members, &findings)?;
            writeln!(out, "{code}: inspection on {date} by {}", members.join(","))?;
        }
        ProjectCommand::Issue {
            code,
            date,
            member,
            text,
            case,
        } => {
            // Everything is checked before a case is registered, so a refusal leaves nothing.
            if text.trim().is_empty() {
                anyhow::bail!("text is required");
            }
            let Some(project) = store.find_project(&code)? else {
                anyhow::bail!("unknown project `{code}`");
            };
            let case_id = if case {
                let title = project.title;
                let new = NewCase {
                    content: format!("【民生实事 {code} {title}】{text}"),
                    source: Some(Source::Mobile),
                    deputy: Some(member.clone()),
                    ..NewCase::default()
                };
                let record = store.register(&new, &ctx.actor, ctx.clock.now())?;
                writeln!(out, "registered {}", record.case.number)?;
                Some(record.case.id)
            } else {
                None
            };
            store.add_project_issue(&code, date, &member, &text, case_id)?;
            writeln!(out, "{code}: issue recorded")?;
        }
        ProjectCommand::List { year, json } => {
            let year = year.unwrap_or_else(|| ctx.clock.today().year());
            let projects = store.projects(year)?;
            if json {
                for p in &projects {
                    writeln!(out, "{}", serde_json::to_string(p)?)?;
                }
            } else {
                let rows: Vec<Vec<String>> = projects
                    .iter()
                    .map(|p| {
                        vec![
                            p.code.clone(),
                            format!("{}%", p.percent()),
                            p.unit.clone(),
                            p.inspections.len().to_string(),
                            p.issues.len().to_string(),
                            fit(&p.title, 40),
                        ]
                    })
                    .collect();
                table(
                    &mut out,
                    &header(
                        crate::i18n::Texts::of(ctx.lang),
                        crate::i18n::Cli::ProjectsHeader,
                    ),
                    &rows,
                    &[8, 5, 5, 11, 6, 40],
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
