//! `liaison search` and `liaison recurring`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::case_json::case_json;
use super::open_store;
use super::output::{fit, header, stdout, table};
use crate::commands::context::Context;
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::phone::mask;
use crate::domain::search::parse;
use crate::i18n::Texts;

pub fn search(ctx: &Context, query: &str, json: bool) -> Result<ExitCode> {
    let store = open_store(ctx)?;
    let Some(query) = parse(query) else {
        crate::refuse!(crate::i18n::Error::QueryEmpty)
    };
    let found = store.search(&query, store.scope()?.as_deref())?;
    let mut out = stdout();
    if json {
        for r in &found {
            let links = store.case_links(&r.case)?;
            writeln!(out, "{}", case_json(r, &links, ctx.clock.today(), false))?;
        }
    } else {
        let texts = Texts::of(ctx.lang);
        let rows: Vec<Vec<String>> = found
            .iter()
            .map(|r| {
                vec![
                    r.case.number.clone(),
                    texts.name(r.case.status).to_string(),
                    r.resident.name.clone().unwrap_or_default(),
                    r.resident.phone.as_deref().map(mask).unwrap_or_default(),
                    fit(&mask_numbers(&r.case.content), 40),
                ]
            })
            .collect();
        table(
            &mut out,
            &header(
                crate::i18n::Texts::of(ctx.lang),
                crate::i18n::Cli::SearchHeader,
            ),
            &rows,
            &[18, 8, 8, 13, 40],
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn recurring(ctx: &Context, months: u32, min: usize, json: bool) -> Result<ExitCode> {
    let store = open_store(ctx)?;
    let found = store.recurring(
        store.scope()?.as_deref(),
        ctx.clock.today(),
        months,
        min.max(2),
    )?;
    let taxonomy = store.taxonomy()?;
    let mut out = stdout();
    if json {
        for r in &found {
            writeln!(out, "{}", serde_json::to_string(r)?)?;
        }
    } else {
        let rows: Vec<Vec<String>> = found
            .iter()
            .map(|r| {
                let category = taxonomy
                    .category(&r.category)
                    .map_or(r.category.clone(), |c| format!("{} {}", c.code, c.name));
                vec![
                    r.station.clone(),
                    r.place.clone(),
                    category,
                    r.months.len().to_string(),
                    r.cases.len().to_string(),
                    r.months.join(" "),
                ]
            })
            .collect();
        table(
            &mut out,
            &header(
                crate::i18n::Texts::of(ctx.lang),
                crate::i18n::Cli::RecurringHeader,
            ),
            &rows,
            &[4, 12, 20, 6, 5, 60],
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
