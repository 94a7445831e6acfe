//! The non-interactive commands, one file per group, and what they share.

pub mod activities;
pub mod args;
pub mod backups;
pub mod bundle;
pub mod calendar;
pub mod case_json;
pub mod cases;
pub mod confirm;
pub mod context;
pub mod desk;
pub mod documents;
pub mod follow_through;
pub mod holidays;
pub mod maintenance;
pub mod output;
pub mod progress_bar;
pub mod purge;
pub mod report;
pub mod search;
pub mod serve;
pub mod setup;
pub mod stations;
pub mod supervise;
pub mod ui;
pub mod units;
pub mod version;

use anyhow::Result;

use crate::store::Store;
use context::Context;

/// Opens the database of real work, refusing a demo file only for writes that would mix
/// real cases into it.
pub fn open_store(ctx: &Context) -> Result<Store> {
    let path = ctx.db()?;
    Ok(Store::open(&path)?)
}

/// A case by number or id, refused when it belongs to another station's desk.
pub fn case_in_scope(store: &Store, key: &str) -> Result<crate::store::CaseRecord> {
    let record = store.find_case(key)?;
    if let Some(own) = store.scope()?
        && record.case.station != own
    {
        return Err(crate::store::StoreError::UnknownCase(key.to_string()).into());
    }
    Ok(record)
}
