//! `liaison init` and `liaison demo`: creating a database, and filling one with demo data.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::i18n::{Cli, Error, Texts};
use crate::{fill, refusal, refuse};

use super::output::stdout;
use crate::assets;
use crate::commands::context::Context;
use crate::demo;
use crate::store::{Store, StoreError};

pub fn init(
    ctx: &Context,
    station: &str,
    desk_number: u32,
    home_key: Option<&str>,
) -> Result<ExitCode> {
    let path = ctx.db()?;
    let home_key = home_key.map(super::desk::typed_fingerprint).transpose()?;
    let code = station.trim().to_ascii_uppercase();
    if home_key.is_some()
        && assets::network()
            .station(&code)
            .is_some_and(|s| s.kind == crate::domain::station::StationKind::Home)
    {
        return Err(crate::domain::trust::Refusal::OnlyAtStation.into());
    }
    let mut store = create_initialised(ctx, &path, station, desk_number)?;
    if let Some(fp) = &home_key
        && let Err(e) = store.trust_home(fp, &ctx.actor, ctx.clock.now())
    {
        drop(store);
        remove_database(&path);
        return Err(e.into());
    }
    let desk = store.desk()?;
    let me = store.desk_identity()?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::Initialised,
            path = path.display(),
            code = desk.code,
            name = texts.label(&desk),
            desk = me.number,
            key = me.fingerprint()
        )
    )?;
    if let Some(fp) = &home_key {
        let texts = crate::i18n::Texts::of(ctx.lang);
        writeln!(
            out,
            "{}",
            crate::fill!(texts, crate::i18n::Trust::InitHomeTrusted, fingerprint = fp)
        )?;
    }
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
    if existed {
        // A file someone made before `init` (with `touch`, 0644) is about to hold
        // residents' data: private to its owner from now on, as a file init makes.
        crate::platform::make_private(path).map_err(|source| StoreError::File {
            doing: refusal!(Error::CannotMakePrivate, path = path.display()),
            source,
        })?;
    }
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

pub fn demo(ctx: &Context, station: &str, history: demo::History, seed: u64) -> Result<ExitCode> {
    let path = match &ctx.db_flag {
        Some(_) => ctx.db()?,
        None => match std::env::var_os("LIAISON_DB") {
            Some(_) => ctx.db()?,
            None => ctx.demo_db()?,
        },
    };
    let started = Instant::now();
    let mut store = open_for_demo(ctx, &path, station)?;
    store.set_progress(super::progress_bar::reporter(ctx.lang));
    let summary = demo::fill(&mut store, &ctx.clock, history, seed)?;
    let desk = store.desk()?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::DemoFilled,
            code = desk.code,
            name = texts.label(&desk),
            path = path.display(),
            n = summary.history + summary.recent + summary.today,
            history = summary.history,
            recent = summary.recent,
            today = summary.today,
            seconds = format!("{:.1}", started.elapsed().as_secs_f64())
        )
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Opens a database for demo data: a new file, or one that holds nothing yet, is set up for
/// `station` and, once filled, marked demo; a demo file is filled again only while it holds
/// no cases (demo::fill checks). A real desk's file is refused: invented residents must
/// never join real work, nor travel to the home in its bundles.
fn open_for_demo(ctx: &Context, path: &Path, station: &str) -> Result<Store> {
    if path.exists() {
        match Store::open(path) {
            Ok(store) => {
                if store.is_initialised()? {
                    refuse_real_desk(&store)?;
                    return Ok(store);
                }
            }
            Err(StoreError::NotInitialised(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    create_initialised(ctx, path, station, 1)
}

/// Demo data goes only into a file made for it.
fn refuse_real_desk(store: &Store) -> Result<()> {
    if store.is_demo()? {
        return Ok(());
    }
    let desk = store.desk_identity()?;
    refuse!(
        Error::DemoIntoRealDesk,
        path = store.path().display(),
        station = desk.station,
        desk = desk.number
    )
}

/// The demo database for `liaison --demo`: created and filled on first use, brought to
/// today's reception day on later ones, and never a file that holds real work.
pub fn prepare_demo(ctx: &Context) -> Result<Store> {
    let path = ctx.demo_db()?;
    if !path.exists() {
        let mut store = create_initialised(ctx, &path, demo::DEMO_STATION, 1)?;
        if let Err(e) = demo::fill(&mut store, &ctx.clock, demo::History::NONE, 2026) {
            drop(store);
            remove_database(&path);
            return Err(e.into());
        }
        return Ok(store);
    }
    let mut store = match Store::open(&path) {
        Ok(store) if store.is_initialised()? => store,
        Ok(_) | Err(StoreError::NotInitialised(_)) => {
            // An empty file named for the demo: set it up and fill it.
            let mut store = create_initialised(ctx, &path, demo::DEMO_STATION, 1)?;
            demo::fill(&mut store, &ctx.clock, demo::History::NONE, 2026)?;
            return Ok(store);
        }
        Err(e) => return Err(e.into()),
    };
    if !store.is_demo()? {
        bail!(StoreError::NotDemo { path });
    }
    demo::ensure_today(&mut store, &ctx.clock)?;
    Ok(store)
}
