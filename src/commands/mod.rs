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
pub mod correct;
pub mod desk;
pub mod documents;
pub mod erasure;
pub mod follow_through;
pub mod holidays;
pub mod maintenance;
pub mod output;
pub mod progress_bar;
pub mod purge;
pub mod reclassify;
pub mod report;
pub mod roster;
pub mod scorecard;
pub mod search;
pub mod serve;
pub mod setup;
pub mod stations;
pub mod supervise;
pub mod ui;
pub mod units;
pub mod version;
pub mod wish;

use anyhow::Result;

use crate::store::Store;
use context::Context;

/// Opens the database of real work, refusing a demo file only for writes that would mix
/// real cases into it.
pub fn open_store(ctx: &Context) -> Result<Store> {
    let path = ctx.db()?;
    Ok(Store::open(&path)?)
}

/// Opens the database for a command that writes: an erasure a killed purge left unfinished
/// (its copies, the file's free pages) is finished first, and said on stderr.
pub fn open_store_to_write(ctx: &Context) -> Result<Store> {
    let mut store = open_store(ctx)?;
    erasure::finish_left(&mut store, crate::i18n::Texts::of(ctx.lang));
    Ok(store)
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

pub use crate::bundle::wording::{bundle_error_text, refusal_in};

/// An error as the operator reads it: a refusal of the trust model in the chosen language
/// (the text tables), anything else as it is.
pub fn worded(lang: crate::i18n::Lang, e: anyhow::Error) -> anyhow::Error {
    let found = e.chain().find_map(|c| refusal_in(c)).cloned();
    match found {
        Some(r) => anyhow::anyhow!(crate::refusals::say(crate::i18n::Texts::of(lang), &r)),
        None => e,
    }
}
