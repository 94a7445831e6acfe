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
    let mut out = stdout();
    writeln!(out, "station  {} {}", station.code, station.name)?;
    writeln!(out, "desk     {}", me.number)?;
    writeln!(
        out,
        "epoch    {} ({}; a new one after each restore)",
        epoch_letters(me.epoch),
        me.epoch
    )?;
    let sample = crate::domain::number::case_number(&station.code, ctx.clock.today(), me.tag(), 1);
    writeln!(out, "numbers  {sample} …")?;
    writeln!(out, "id       {}", me.uuid)?;
    writeln!(out, "key      {}", me.fingerprint())?;
    match store.pinned_home_key()? {
        Some(home) => writeln!(out, "home key {} (pinned)", key_fingerprint(&home))?,
        None if station.kind != crate::domain::station::StationKind::Home => writeln!(
            out,
            "home key not pinned yet (the first reference bundle from the home pins it)"
        )?,
        None => {}
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn renumber(ctx: &Context, number: u32, yes: bool) -> Result<ExitCode> {
    let mut store = open_store(ctx)?;
    let me = store.desk_identity()?;
    if number == me.number {
        bail!("this desk is number {number} already; nothing was changed");
    }
    let new_tag = DeskTag {
        desk: number,
        epoch: me.epoch,
    };
    let question = format!(
        "desk {} of {} becomes desk {number}: new cases are numbered {}, and the cases it \
         registered as desk {} take desk {number}'s numbers (their receipts must be reprinted)",
        me.number,
        me.station,
        crate::domain::number::case_number(&me.station, ctx.clock.today(), new_tag, 1),
        me.number
    );
    if !confirmed(yes, &question)? {
        bail!("not confirmed; nothing was changed");
    }
    let moved = store.renumber_desk(number, &ctx.actor, ctx.clock.now())?;
    let mut out = stdout();
    writeln!(out, "this desk is now {} desk {number}", me.station)?;
    if moved.is_empty() {
        writeln!(out, "no case needed a new number")?;
    } else {
        writeln!(
            out,
            "{} cases took new numbers (the old ones still find them); reprint their receipts \
             (`liaison receipt NUMBER`):",
            moved.len()
        )?;
        for m in &moved {
            writeln!(out, "  {} → {}", m.previous, m.number)?;
        }
    }
    writeln!(
        out,
        "next: `liaison bundle export --out DIR` sends every event of this desk again; import \
         it at the home"
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
