//! `liaison stations`: the shipped network.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use super::output::{header, stdout, table};
use crate::assets;
use crate::commands::context::Context;
use crate::i18n::Texts;

pub fn run(ctx: &Context, json: bool) -> Result<ExitCode> {
    let network = assets::network();
    let mut out = stdout();
    if json {
        for s in &network.stations {
            let members = network
                .members
                .iter()
                .filter(|m| m.station == s.code)
                .count();
            let line = json!({
                "code": s.code, "name": s.name, "kind": s.kind, "parent": s.parent,
                "address": s.address, "phone": s.phone, "members": members,
            });
            writeln!(out, "{line}")?;
        }
    } else {
        let texts = Texts::of(ctx.lang);
        let rows: Vec<Vec<String>> = network
            .stations
            .iter()
            .map(|s| {
                vec![
                    s.code.clone(),
                    texts.name(s.kind).to_string(),
                    s.parent.clone().unwrap_or_else(|| "-".into()),
                    texts.label(s).to_string(),
                ]
            })
            .collect();
        table(
            &mut out,
            &header(
                crate::i18n::Texts::of(ctx.lang),
                crate::i18n::Cli::StationsHeader,
            ),
            &rows,
            &[6, 10, 6, 60],
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
