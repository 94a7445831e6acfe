//! `liaison case reclassify N [--category] [--nature] [--level] [--unit]`: 改分类 from the
//! command line, through the same store call as the desk's form.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::output::stdout;
use super::{case_in_scope, open_store_to_write};
use crate::commands::context::Context;
use crate::describe::{Names, event_summary};
use crate::domain::event::{EventBody, EventKind};
use crate::domain::reclassify::AskedClass;
use crate::i18n::Texts;

pub fn run(ctx: &Context, number: &str, asked: AskedClass) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    let case = case_in_scope(&store, number)?.case;
    let scope = store.scope()?;
    let after = store.reclassify(
        case.id,
        &asked,
        &ctx.actor,
        ctx.clock.now(),
        scope.as_deref(),
        ctx.clock.today(),
    )?;
    let texts = Texts::of(ctx.lang);
    let taxonomy = store.taxonomy()?;
    let unit = |code: &str| {
        taxonomy
            .unit(code)
            .map_or(code.to_string(), |u| texts.label(u).to_string())
    };
    let same = |code: &str| code.to_string();
    let names = Names {
        unit: &unit,
        member: &same,
        // Neither a correction nor a re-classification names another case.
        case: &|id: crate::domain::case::CaseId| id.to_string(),
    };
    let what = store
        .events(case.id)?
        .into_iter()
        .rev()
        .find(|e| matches!(e.body, EventBody::Reclassified { .. }))
        .map(|e| event_summary(texts, &names, &e.body))
        .unwrap_or_default();
    let mut out = stdout();
    writeln!(
        out,
        "{}: {} → {}  {}",
        after.record.case.number,
        texts.name(EventKind::Reclassified),
        texts.name(after.record.case.status),
        crate::display::fit(&what, 200)
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
