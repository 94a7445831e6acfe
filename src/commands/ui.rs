//! Plain `liaison` and `liaison --demo`: the terminal UI on the right database.

use std::process::ExitCode;

use anyhow::Result;

use super::{open_store, setup::prepare_demo};
use crate::commands::context::Context;
use crate::tui;

pub fn run(ctx: &Context, demo: bool) -> Result<ExitCode> {
    let store = if demo {
        prepare_demo(ctx)?
    } else {
        open_store(ctx)?
    };
    let report_dir = store
        .path()
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    tui::run(
        store,
        tui::Options {
            lang: ctx.lang,
            clock: ctx.clock,
            actor: ctx.actor.clone(),
            key_overrides: ctx.config.keys.clone(),
            serve_listen: ctx.config.serve_listen.clone(),
            report_dir,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
