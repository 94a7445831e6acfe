//! Plain `liaison` and `liaison --demo`: the terminal UI on the right database.

use std::process::ExitCode;

use anyhow::Result;

use super::{open_store, setup::prepare_demo};
use crate::cli::Context;

pub fn run(ctx: &Context, demo: bool) -> Result<ExitCode> {
    let store = if demo {
        prepare_demo(ctx)?
    } else {
        open_store(ctx)?
    };
    let desk = store.desk()?;
    println!(
        "{} ({}): {} cases. The terminal UI comes in the next step.",
        store.path().display(),
        desk.name,
        store.count_cases()?
    );
    Ok(ExitCode::SUCCESS)
}
