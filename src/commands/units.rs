//! `liaison units` and `liaison categories`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use serde_json::json;

use super::open_store_to_write;
use super::output::{header, stdout, table};
use crate::commands::args::{CategoriesCommand, UnitsCommand};
use crate::commands::context::Context;
use crate::domain::phone::normalize_phone;
use crate::domain::text::{clean_optional, limits};
use crate::formats::{decode, units::parse_units};
use crate::i18n::Texts;
use crate::store::CategoryDefaults;

pub fn units(ctx: &Context, action: Option<UnitsCommand>) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    let mut out = stdout();
    match action.unwrap_or(UnitsCommand::List { json: false }) {
        UnitsCommand::List { json } => {
            let taxonomy = store.taxonomy()?;
            let texts = Texts::of(ctx.lang);
            let categories_of = |code: &str| -> Vec<String> {
                taxonomy
                    .categories
                    .iter()
                    .filter(|c| c.parent.is_none() && (c.unit == code || c.district_unit == code))
                    .map(|c| c.code.clone())
                    .collect()
            };
            if json {
                for u in &taxonomy.units {
                    let line = json!({"code": u.code, "name": u.name, "tier": u.tier, "contact": u.contact, "phone": u.phone, "categories": categories_of(&u.code)});
                    writeln!(out, "{line}")?;
                }
            } else {
                let rows: Vec<Vec<String>> = taxonomy
                    .units
                    .iter()
                    .map(|u| {
                        vec![
                            u.code.clone(),
                            texts.name(u.tier).to_string(),
                            u.contact.clone().unwrap_or_default(),
                            u.phone.clone().unwrap_or_default(),
                            categories_of(&u.code).join(" "),
                            texts.label(u).to_string(),
                        ]
                    })
                    .collect();
                table(
                    &mut out,
                    &header(
                        crate::i18n::Texts::of(ctx.lang),
                        crate::i18n::Cli::UnitsHeader,
                    ),
                    &rows,
                    &[5, 6, 8, 14, 12, 40],
                )?;
            }
        }
        UnitsCommand::Import { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let text =
                decode(&bytes).with_context(|| format!("{} was not imported", file.display()))?;
            let units = parse_units(&text)
                .with_context(|| format!("{} was not imported", file.display()))?;
            let result = store.upsert_units(&units)?;
            writeln!(
                out,
                "imported {} units from {}: {} new, {} updated",
                units.len(),
                file.display(),
                result.added,
                result.updated
            )?;
        }
        UnitsCommand::Set {
            code,
            contact,
            phone,
        } => {
            let current =
                store.taxonomy()?.unit(&code).cloned().ok_or_else(|| {
                    anyhow::anyhow!("unknown unit `{code}` (see `liaison units`)")
                })?;
            // What is not given stays as it was; an empty value clears it.
            let phone = match phone {
                Some(p) if p.trim().is_empty() => None,
                Some(p) => Some(normalize_phone(&p)?),
                None => current.phone,
            };
            let contact = match contact {
                Some(c) => clean_optional(&c, "contact", limits::NAME, false)?,
                None => current.contact,
            };
            store.set_unit_contact(&code, contact.as_deref(), phone.as_deref())?;
            writeln!(
                out,
                "{code}: contact {} {}",
                contact.unwrap_or_default(),
                phone.unwrap_or_default()
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn categories(ctx: &Context, action: Option<CategoriesCommand>) -> Result<ExitCode> {
    let mut store = open_store_to_write(ctx)?;
    let mut out = stdout();
    match action.unwrap_or(CategoriesCommand::List { json: false }) {
        CategoriesCommand::List { json } => {
            let texts = Texts::of(ctx.lang);
            let taxonomy = store.taxonomy()?;
            if json {
                for c in &taxonomy.categories {
                    writeln!(out, "{}", serde_json::to_string(c)?)?;
                }
            } else {
                let rows: Vec<Vec<String>> = taxonomy
                    .categories
                    .iter()
                    .map(|c| {
                        vec![
                            c.code.clone(),
                            c.unit.clone(),
                            c.limit_days.to_string(),
                            c.district_unit.clone(),
                            c.district_limit_days.to_string(),
                            texts.label(c).to_string(),
                        ]
                    })
                    .collect();
                table(
                    &mut out,
                    &header(
                        crate::i18n::Texts::of(ctx.lang),
                        crate::i18n::Cli::CategoriesHeader,
                    ),
                    &rows,
                    &[4, 5, 4, 8, 4, 30],
                )?;
            }
        }
        CategoriesCommand::Set {
            code,
            unit,
            days,
            district_unit,
            district_days,
        } => {
            let d = CategoryDefaults {
                unit,
                limit_days: days,
                district_unit,
                district_limit_days: district_days,
            };
            store.set_category_defaults(&code, &d)?;
            let c = store
                .taxonomy()?
                .category(&code)
                .cloned()
                .expect("just updated");
            writeln!(
                out,
                "{}: {} {} days, district {} {} days",
                c.code, c.unit, c.limit_days, c.district_unit, c.district_limit_days
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
