//! `liaison case correct N [--name] [--phone] [--address] [--content]`: 更正 from the command
//! line, through the same store call as the desk's form.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::output::stdout;
use super::{case_in_scope, open_store_to_write};
use crate::commands::context::Context;
use crate::describe::{Names, event_summary};
use crate::domain::correction::Asked;
use crate::domain::event::EventBody;
use crate::domain::numbers_in_text::mask_numbers;
use crate::i18n::Texts;

pub fn run(ctx: &Context, number: &str, asked: Asked) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    let case = case_in_scope(&store, number)?.case;
    let scope = store.scope()?;
    let after = store.correct(
        case.id,
        &asked,
        &ctx.actor,
        ctx.clock.now(),
        scope.as_deref(),
        ctx.clock.today(),
    )?;
    let texts = Texts::of(ctx.lang);
    let last = store
        .events(case.id)?
        .into_iter()
        .rev()
        .find(|e| matches!(e.body, EventBody::Corrected { .. }));
    let same = |code: &str| code.to_string();
    let names = Names {
        unit: &same,
        member: &same,
        // Neither a correction nor a re-classification names another case.
        case: &|id: crate::domain::case::CaseId| id.to_string(),
    };
    let what = last
        .map(|e| mask_numbers(&event_summary(texts, &names, &e.body)).into_owned())
        .unwrap_or_default();
    let mut out = stdout();
    writeln!(
        out,
        "{}: {}  {}",
        after.record.case.number,
        texts.name(crate::domain::event::EventKind::Corrected),
        crate::display::fit(&what, 200)
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
