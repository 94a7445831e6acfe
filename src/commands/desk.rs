//! `liaison desk`: who this desk is, and `desk renumber` when the home finds its number
//! taken by another desk of the station.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::confirm::confirmed;
use super::open_store;
use super::output::stdout;
use crate::commands::args::DeskCommand;
use crate::commands::context::Context;
use crate::domain::desk::{DeskTag, epoch_letters, key_fingerprint};
use crate::fill;
use crate::i18n::{Cli, Texts};

pub fn run(ctx: &Context, action: Option<DeskCommand>) -> Result<ExitCode> {
    match action {
        None => show(ctx),
        Some(DeskCommand::Renumber { desk, yes }) => renumber(ctx, desk, yes),
    }
}

fn show(ctx: &Context) -> Result<ExitCode> {
    let store = open_store(ctx)?;
    let station = store.desk()?;
    let me = store.desk_identity()?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::DeskStation,
            code = station.code,
            name = station.name
        )
    )?;
    writeln!(out, "{}", fill!(texts, Cli::DeskNumber, number = me.number))?;
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::DeskEpoch,
            letters = epoch_letters(me.epoch),
            epoch = me.epoch
        )
    )?;
    let sample = crate::domain::number::case_number(&station.code, ctx.clock.today(), me.tag(), 1);
    writeln!(out, "{}", fill!(texts, Cli::DeskNumbers, sample = sample))?;
    writeln!(out, "{}", fill!(texts, Cli::DeskId, uuid = me.uuid))?;
    writeln!(
        out,
        "{}",
        fill!(texts, Cli::DeskKey, key = me.fingerprint())
    )?;
    match store.pinned_home_key()? {
        Some(home) => writeln!(
            out,
            "{}",
            fill!(texts, Cli::DeskHomeKey, key = key_fingerprint(&home))
        )?,
        None if station.kind != crate::domain::station::StationKind::Home => {
            writeln!(out, "{}", texts.get(Cli::DeskHomeKeyUnpinned))?
        }
        None => {}
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn renumber(ctx: &Context, number: u32, yes: bool) -> Result<ExitCode> {
    let texts = Texts::of(ctx.lang);
    let mut store = open_store(ctx)?;
    let me = store.desk_identity()?;
    if number == me.number {
        bail!("{}", fill!(texts, Cli::RenumberSame, number = number));
    }
    let new_tag = DeskTag {
        desk: number,
        epoch: me.epoch,
    };
    let question = fill!(
        texts,
        Cli::RenumberQuestion,
        desk = me.number,
        station = me.station,
        number = number,
        sample = crate::domain::number::case_number(&me.station, ctx.clock.today(), new_tag, 1),
    );
    if !confirmed(yes, &question)? {
        bail!("{}", texts.get(Cli::NotConfirmed));
    }
    let moved = store.renumber_desk(number, &ctx.actor, ctx.clock.now())?;
    let mut out = stdout();
    writeln!(
        out,
        "{}",
        fill!(
            texts,
            Cli::Renumbered,
            station = me.station,
            number = number
        )
    )?;
    if moved.is_empty() {
        writeln!(out, "{}", texts.get(Cli::RenumberNone))?;
    } else {
        writeln!(out, "{}", fill!(texts, Cli::RenumberMoved, n = moved.len()))?;
        for m in &moved {
            writeln!(out, "  {} → {}", m.previous, m.number)?;
        }
    }
    writeln!(out, "{}", texts.get(Cli::RenumberNext))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
