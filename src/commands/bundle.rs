//! `liaison bundle export|import|status`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::open_store;
use super::output::{stdout, table};
use crate::bundle::exchange::{Imported, export_events, export_reference, import};
use crate::cli::{BundleCommand, Context};
use crate::domain::station::StationKind;

pub fn run(ctx: &Context, action: BundleCommand) -> Result<ExitCode> {
    let mut store = open_store(ctx)?;
    let now = ctx.clock.now();
    let mut out = stdout();
    match action {
        BundleCommand::Export { out: dir, since } => {
            if store.desk()?.kind == StationKind::Home {
                let path = export_reference(&mut store, &dir, now)?;
                writeln!(out, "wrote the reference bundle {}", path.display())?;
            } else {
                match export_events(&mut store, &dir, since, now)? {
                    Some(path) => writeln!(out, "wrote {}", path.display())?,
                    None => writeln!(out, "nothing new to send since the last export")?,
                }
            }
        }
        BundleCommand::Import { path } => match import(&mut store, &path, now)? {
            Imported::Events {
                station,
                from,
                to,
                applied,
            } => writeln!(
                out,
                "applied {station} {from}–{to}: {} events ({} new cases), {} already here",
                applied.events, applied.new_cases, applied.skipped
            )?,
            Imported::Reference { version } => {
                writeln!(out, "applied the home's reference data, version {version}")?
            }
            Imported::AlreadyHad { station, kind, to } => writeln!(
                out,
                "nothing to do: the {kind} bundle of {station} up to {to} was imported before"
            )?,
        },
        BundleCommand::Status => {
            let rows: Vec<Vec<String>> = store
                .stations()?
                .into_iter()
                .filter(|s| s.kind != StationKind::Home)
                .map(|s| {
                    Ok(vec![
                        s.code.clone(),
                        store.applied_seq(&s.code)?.to_string(),
                        s.name,
                    ])
                })
                .collect::<Result<_>>()?;
            writeln!(
                out,
                "last outbox sequence exported: {}",
                store.last_exported()?
            )?;
            writeln!(
                out,
                "reference version exported {}, imported {}",
                store.reference_version("export")?,
                store.reference_version("import")?
            )?;
            table(
                &mut out,
                &["station", "applied up to", "name"],
                &rows,
                &[6, 13, 40],
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
