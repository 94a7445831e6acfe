//! The non-interactive commands, one file per group, and what they share.

pub mod calendar;
pub mod case_json;
pub mod cases;
pub mod maintenance;
pub mod output;
pub mod setup;
pub mod stations;
pub mod ui;

use anyhow::Result;

use crate::cli::Context;
use crate::store::Store;

/// Opens the database of real work, refusing a demo file only for writes that would mix
/// real cases into it.
pub fn open_store(ctx: &Context) -> Result<Store> {
    let path = ctx.db()?;
    Ok(Store::open(&path)?)
}
