//! `liaison roster list|add|checkin|checkout|remove MEMBER`: today's duty roster of the desk's
//! station from the command line, through the same store calls as the duty pane, so a script
//! can run a whole day. `list` prints the roster, one member a line (id, checked in, checked
//! out, `-` for not yet); with `--json`, one JSON line per member (date, station, member,
//! checked_in_at, checked_out_at). The changes print nothing: their answer is the exit code.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::open_store_to_write;
use super::output::stdout;
use crate::commands::args::RosterCommand;
use crate::commands::context::Context;
use crate::store::RosterChange;

pub fn run(ctx: &Context, action: Option<RosterCommand>) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    let station = store.desk()?.code;
    let today = ctx.clock.today();
    let change = match &action {
        None => None,
        Some(RosterCommand::List { .. }) => None,
        Some(RosterCommand::Add { member }) => Some(RosterChange::Add(member)),
        Some(RosterCommand::Remove { member }) => Some(RosterChange::Remove(member)),
        Some(RosterCommand::Checkin { member }) => Some(RosterChange::Presence {
            member,
            present: true,
        }),
        Some(RosterCommand::Checkout { member }) => Some(RosterChange::Presence {
            member,
            present: false,
        }),
    };
    let roster = match change {
        Some(change) => store.change_roster(today, &station, change, ctx.clock.now())?,
        None => store.roster(today, &station)?,
    };
    let json = match action {
        None => false,
        Some(RosterCommand::List { json }) => json,
        Some(_) => return Ok(ExitCode::SUCCESS),
    };
    let mut out = stdout();
    let time = |t: Option<chrono::NaiveDateTime>| {
        t.map_or_else(|| "-".to_string(), |t| t.format("%H:%M").to_string())
    };
    for entry in roster {
        if json {
            writeln!(out, "{}", serde_json::to_string(&entry)?)?;
        } else {
            writeln!(
                out,
                "{}\t{}\t{}",
                entry.member,
                time(entry.checked_in_at),
                time(entry.checked_out_at)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
