//! `liaison init` and `liaison demo`: creating a database, and filling one with demo data.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};

use super::output::stdout;
use crate::assets;
use crate::cli::Context;
use crate::demo;
use crate::store::{Store, StoreError};

pub fn init(ctx: &Context, station: &str, desk_number: u32) -> Result<ExitCode> {
    let path = ctx.db()?;
    let store = create_initialised(ctx, &path, station, desk_number)?;
    let desk = store.desk()?;
    let me = store.desk_identity()?;
    let mut out = stdout();
    writeln!(
        out,
        "initialised {} for {} {}, desk {} (key {})",
        path.display(),
        desk.code,
        desk.name,
        me.number,
        me.fingerprint()
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Creates (or opens an empty) database and sets it up for `station`. The station is
/// checked before any file is created, so a typo leaves nothing behind.
fn create_initialised(
    ctx: &Context,
    path: &Path,
    station: &str,
    desk_number: u32,
) -> Result<Store> {
    let network = assets::network();
    let station = station.trim().to_ascii_uppercase();
    if network.station(&station).is_none() {
        return Err(StoreError::UnknownStation {
            code: station,
            valid: network.codes(),
        }
        .into());
    }
    let existed = path.exists();
    let mut store = Store::open_or_create(path)?;
    let result = store.initialise_desk(
        &station,
        desk_number,
        &network,
        &assets::taxonomy(),
        &assets::holiday_notices(),
        ctx.clock.now(),
    );
    match result {
        Ok(_) => Ok(store),
        Err(e) => {
            if !existed {
                drop(store);
                remove_database(path);
            }
            Err(e.into())
        }
    }
}

/// Removes a database this run created and could not finish.
fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

pub fn demo(ctx: &Context, station: &str, cases: u64, seed: u64) -> Result<ExitCode> {
    let path = match &ctx.db_flag {
        Some(_) => ctx.db()?,
        None => match std::env::var_os("LIAISON_DB") {
            Some(_) => ctx.db()?,
            None => ctx.demo_db()?,
        },
    };
    let started = Instant::now();
    let mut store = open_for_demo(ctx, &path, station)?;
    let summary = demo::fill(&mut store, &ctx.clock, cases, seed)?;
    let desk = store.desk()?;
    let mut out = stdout();
    writeln!(
        out,
        "demo data for {} {} in {}: {} cases ({} historical, {} in recent weeks, {} today) in {:.1} s",
        desk.code,
        desk.name,
        path.display(),
        summary.history + summary.recent + summary.today,
        summary.history,
        summary.recent,
        summary.today,
        started.elapsed().as_secs_f64()
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Opens a database for demo data: a new one is created and set up for `station`; an
/// existing one must hold no cases (demo::fill checks) and, once filled, is marked demo.
fn open_for_demo(ctx: &Context, path: &Path, station: &str) -> Result<Store> {
    if path.exists() {
        let store = Store::open(path)?;
        if store.is_initialised()? {
            return Ok(store);
        }
        drop(store);
    }
    create_initialised(ctx, path, station, 1)
}

/// The demo database for `liaison --demo`: created and filled on first use, brought to
/// today's reception day on later ones, and never a file that holds real work.
pub fn prepare_demo(ctx: &Context) -> Result<Store> {
    let path = ctx.demo_db()?;
    if !path.exists() {
        let mut store = create_initialised(ctx, &path, demo::DEMO_STATION, 1)?;
        if let Err(e) = demo::fill(&mut store, &ctx.clock, 0, 2026) {
            drop(store);
            remove_database(&path);
            return Err(e.into());
        }
        return Ok(store);
    }
    let mut store = Store::open(&path)?;
    if !store.is_demo()? {
        if store.is_initialised()? && store.count_cases()? == 0 {
            demo::fill(&mut store, &ctx.clock, 0, 2026)?;
            return Ok(store);
        }
        bail!(StoreError::NotDemo { path });
    }
    demo::ensure_today(&mut store, &ctx.clock)?;
    Ok(store)
}
