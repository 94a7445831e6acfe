//! `liaison scorecard`: the home's ranking of its stations (星级站点) for a year or quarter.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use chrono::Datelike;

use super::open_store;
use super::output::{stdout, table};
use crate::commands::context::Context;
use crate::domain::scorecard::{Period, ScoreRow, ranked};
use crate::i18n::{Error, Report, Texts};
use crate::report::render::scorecard::{definition_lines, table as score_table};
use crate::report::render::xlsx::one_page;
use crate::report::rubric_file::{load_rubric, rubric_source};
use crate::report::scorecard::{cutoff, station_figures};
use crate::{refusal, refuse};

pub struct Asked<'a> {
    pub year: Option<i32>,
    pub quarter: Option<u32>,
    pub json: bool,
    pub xlsx: Option<&'a Path>,
    pub rubric: Option<&'a Path>,
}

pub fn scorecard(ctx: &Context, asked: Asked<'_>) -> Result<ExitCode> {
    let store = open_store(ctx)?;
    let desk = store.desk()?;
    if !desk.is_home() {
        refuse!(Error::ScorecardAtHomeOnly, station = desk.code);
    }
    let source = rubric_source(&ctx.db()?, asked.rubric);
    let rubric = load_rubric(source.as_deref())?;
    let today = ctx.clock.today();
    let period = Period {
        year: asked.year.unwrap_or(today.year()),
        quarter: asked.quarter,
    };
    let months = period.months();
    if months[0].first_day() > today {
        refuse!(Error::MonthNotBegun, month = period);
    }
    if let Some(out) = asked.xlsx
        && out.exists()
    {
        refuse!(Error::ReportExists, path = out.display());
    }
    let now = ctx.clock.now();
    let rows = ranked(station_figures(&store, period, now, ctx.lang)?, &rubric);
    let texts = Texts::of(ctx.lang);
    let until = cutoff(period, now);
    let home = texts.label(&desk).to_string();
    let score_table = score_table(&rows, &home, period, until, texts);
    let source_text = source.as_ref().map_or_else(
        || texts.get(Report::ScorecardRubricShipped).to_string(),
        |p| p.display().to_string(),
    );
    let rubric_line = crate::fill!(
        texts,
        Report::ScorecardRubric,
        source = source_text,
        min = rubric.min_cases
    );
    let mut notes = vec![rubric_line.clone()];
    notes.extend(definition_lines(texts));
    if let Some(out) = asked.xlsx {
        let notes_title = texts.get(Report::ScorecardNotesTitle);
        let bytes = one_page(&score_table, notes_title, &notes)
            .map_err(|e| refusal!(Error::CannotBuildWorkbook, detail = e))?;
        super::report::write_new(out, &bytes)?;
    }
    let mut o = stdout();
    if asked.json {
        for row in &rows {
            writeln!(o, "{}", json_line(row, period, until))?;
        }
    } else {
        writeln!(o, "{}", score_table.title)?;
        let header: Vec<&str> = score_table.header.iter().map(String::as_str).collect();
        let cells: Vec<Vec<String>> = score_table
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text()).collect())
            .collect();
        if cells.is_empty() {
            writeln!(o, "{}", texts.get(Report::ScorecardNone))?;
        } else {
            table(&mut o, &header, &cells, &[])?;
        }
        writeln!(o)?;
        for note in &notes {
            writeln!(o, "{note}")?;
        }
    }
    if let Some(out) = asked.xlsx {
        writeln!(
            o,
            "{}",
            crate::fill!(texts, Report::ScorecardWritten, path = out.display())
        )?;
    }
    o.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One station as one JSON object: the figures, the rates shown, the score and stars.
fn json_line(row: &ScoreRow, period: Period, until: chrono::NaiveDateTime) -> serde_json::Value {
    let mut value = serde_json::to_value(row).expect("a score row is plain data");
    value["period"] = serde_json::json!(period.to_string());
    value["cutoff"] = serde_json::json!(until.format("%Y-%m-%dT%H:%M:%S").to_string());
    value
}
