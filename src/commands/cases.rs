//! `liaison cases`, `liaison case add`, `liaison case show`.

use crate::i18n::Word;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::case_json::case_json;
use super::output::{StreamedTable, fit, header, stdout};
use super::{open_store, open_store_to_write};
use crate::commands::args::{CaseAddArgs, CasesArgs};
use crate::commands::context::Context;
use crate::describe::{Names, event_summary};
use crate::domain::event::EventBody;
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::phone::mask;
use crate::i18n::{Cli, Texts, Ui};
use crate::store::{CaseFilter, CaseRecord, NewCase, StoreError};

pub fn list(ctx: &Context, args: &CasesArgs) -> Result<ExitCode> {
    let mut store = open_store(ctx)?;
    let today = ctx.clock.today();
    let scope = store.scope()?;
    // Station codes are upper case (`jx` means JX); an unknown one is an error, not an
    // empty list.
    let asked = args.station.as_ref().map(|s| s.trim().to_uppercase());
    if let Some(code) = &asked
        && !store.stations()?.iter().any(|s| &s.code == code)
    {
        crate::refuse!(crate::i18n::Error::UnknownStationSee, code = code);
    }
    let station = match (&asked, &scope) {
        (Some(asked), Some(own)) if asked != own => {
            crate::refuse!(crate::i18n::Error::NotThisStation, own = own, asked = asked)
        }
        (Some(asked), _) => Some(asked.clone()),
        (None, own) => own.clone(),
    };
    let filter = CaseFilter {
        station,
        statuses: args.status.into_iter().collect(),
        overdue_on: args.overdue.then_some(today),
        ..CaseFilter::default()
    };
    let mut out = stdout();
    // The reveal is logged, committed, before a single number is shown: the cases it shows
    // unmasked are those logged (a case registered meanwhile by another terminal stays
    // masked).
    let revealed = if args.reveal {
        let mut ids = Vec::new();
        store.for_each_case(&filter, |r| {
            if reveals_something(&r) {
                ids.push(r.case.id);
            }
            Ok(())
        })?;
        for chunk in ids.chunks(REVEAL_BATCH) {
            let batch = chunk
                .iter()
                .map(|&id| (id, vec![EventBody::Revealed {}]))
                .collect();
            store.record_each(batch, &ctx.actor, ctx.clock.now())?;
        }
        ids.sort_unstable();
        Some(ids)
    } else {
        None
    };
    let reveal = |r: &CaseRecord| {
        revealed
            .as_ref()
            .is_some_and(|ids| ids.binary_search(&r.case.id).is_ok())
    };
    // Printed as read, whatever the length of the list.
    if args.json {
        store.for_each_case(&filter, |record| {
            let links = store.case_links(&record.case)?;
            writeln!(
                out,
                "{}",
                case_json(&record, &links, today, reveal(&record))
            )
            .map_err(io_error)
        })?;
    } else {
        let header = header(Texts::of(ctx.lang), Cli::CasesHeader);
        let table = StreamedTable::start(&mut out, &header, &COLUMNS)?;
        store.for_each_case(&filter, |record| {
            table
                .row(&mut out, &row(ctx, &record, reveal(&record)))
                .map_err(io_error)
        })?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The widest each column of the list is printed.
const COLUMNS: [usize; 8] = [18, 10, 11, 4, 5, 6, 13, 40];

/// Reveals logged per transaction.
const REVEAL_BATCH: usize = 2_000;

/// Whether showing a case unmasked shows a number: the resident's phone, or one typed into
/// its texts.
fn reveals_something(r: &CaseRecord) -> bool {
    r.resident.phone.is_some() || crate::domain::numbers_in_text::case_holds_numbers(&r.case)
}

fn row(ctx: &Context, record: &CaseRecord, reveal: bool) -> Vec<String> {
    let texts = Texts::of(ctx.lang);
    let c = &record.case;
    let today = ctx.clock.today();
    let due = match c.due_date {
        Some(d) if c.is_overdue(today) => format!("{}!", d.format("%m-%d")),
        // 待核: counted over a year whose holiday notice is not loaded yet.
        Some(d) if c.due_uncertain => format!("{}?", d.format("%m-%d")),
        Some(d) => d.format("%m-%d").to_string(),
        None => "-".into(),
    };
    let phone = record
        .resident
        .phone
        .as_deref()
        .map(|p| if reveal { p.to_string() } else { mask(p) })
        .unwrap_or_else(|| "-".into());
    vec![
        c.number.clone(),
        texts.name(c.status).to_string(),
        c.received_at.format("%m-%d %H:%M").to_string(),
        c.category.clone().unwrap_or_else(|| "-".into()),
        c.unit.clone().unwrap_or_else(|| "-".into()),
        due,
        phone,
        if reveal {
            fit(&c.content, 40)
        } else {
            fit(&mask_numbers(&c.content), 40)
        },
    ]
}

pub fn add(ctx: &Context, args: &CaseAddArgs) -> Result<ExitCode> {
    // 扫码登记 is what the page writes when a resident registers on their own phone.
    if args.source == crate::domain::case::Source::SelfService {
        crate::refuse!(crate::i18n::Error::SelfServiceIsThePages);
    }
    let mut store = open_store_to_write(ctx)?;
    let new = NewCase {
        content: args.content.clone(),
        name: args.name.clone(),
        phone: args.phone.clone(),
        address: args.address.clone(),
        source: Some(args.source),
        deputy: args.deputy.clone(),
        duplicate_of: None,
        self_registered: false,
    };
    let record = store.register(&new, &ctx.actor, ctx.clock.now())?;
    let mut out = stdout();
    writeln!(out, "{}", record.case.number)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(ctx: &Context, key: &str, json: bool) -> Result<ExitCode> {
    let store = open_store(ctx)?;
    let record = super::case_in_scope(&store, key)?;
    let events = store.events(record.case.id)?;
    let links = store.case_links_in(&record.case, &events)?;
    let texts = Texts::of(ctx.lang);
    let mut out = stdout();
    if json {
        let mut value = case_json(&record, &links, ctx.clock.today(), false);
        value["timeline"] = events
            .iter()
            .map(|e| {
                // Numbers typed into the texts are masked, as the phone is, and the phones a
                // correction kept.
                let mut body = e.body.clone();
                body.mask_personal();
                serde_json::json!({
                    "id": e.id.to_string(),
                    "at": e.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    "actor": e.actor,
                    "kind": e.body.kind(),
                    "payload": serde_json::from_str::<serde_json::Value>(&body.payload_json()).unwrap_or_default(),
                })
            })
            .collect();
        writeln!(out, "{value}")?;
    } else {
        let c = &record.case;
        let r = &record.resident;
        let dash = |v: Option<&str>| v.map(|s| fit(s, 200)).unwrap_or_else(|| "-".into());
        let taxonomy = store.taxonomy()?;
        let category = c.category.as_deref().map_or("-".to_string(), |code| {
            taxonomy
                .category(code)
                .map_or(code.to_string(), |k| format!("{code} {}", texts.label(k)))
        });
        let unit_name = c.unit.as_deref().map_or("-".to_string(), |code| {
            taxonomy
                .unit(code)
                .map_or(code.to_string(), |u| format!("{code} {}", texts.label(u)))
        });
        writeln!(
            out,
            "{}  {}  {}  {}",
            c.number,
            texts.name(c.status),
            c.received_at.format("%Y-%m-%d %H:%M"),
            texts.name(c.source)
        )?;
        writeln!(
            out,
            "  {}: {} / {} / {}",
            texts.get(Cli::ShowResident),
            dash(r.name.as_deref()),
            dash(r.phone.as_deref().map(mask).as_deref()),
            dash(r.address.as_deref())
        )?;
        writeln!(
            out,
            "  {}:  {}",
            texts.get(Cli::ShowContent),
            fit(&mask_numbers(&c.content), 400)
        )?;
        writeln!(
            out,
            "  {}: {}  {}: {}  {}: {}  {}: {}",
            texts.get(Cli::ShowCategory),
            category,
            texts.get(Cli::ShowLevel),
            c.level.map(|l| texts.name(l)).unwrap_or("-"),
            texts.get(Cli::ShowUnit),
            unit_name,
            texts.get(Cli::ShowDue),
            c.due_date
                .map(|d| format!(
                    "{d}{}",
                    if c.due_uncertain {
                        format!(" {}", texts.word(Word::Uncertain))
                    } else {
                        String::new()
                    }
                ))
                .unwrap_or_else(|| "-".into())
        )?;
        if let Some(line) =
            crate::describe::links_line(texts, c, links.original.as_deref(), &links.duplicates)
        {
            writeln!(out, "  {}: {line}", texts.ui(Ui::Links))?;
        }
        writeln!(out, "  {}:", texts.get(Cli::ShowTimeline))?;
        let members = store.members()?;
        let unit = |code: &str| {
            taxonomy
                .unit(code)
                .map_or(code.to_string(), |u| texts.label(u).to_string())
        };
        let member = |id: &str| {
            members
                .iter()
                .find(|m| m.id == id)
                .map_or(id.to_string(), |m| m.name.clone())
        };
        let case = |id| links.number(id);
        let names = Names {
            unit: &unit,
            member: &member,
            case: &case,
        };
        for e in &events {
            let what = mask_numbers(&event_summary(texts, &names, &e.body)).into_owned();
            writeln!(
                out,
                "    {}  {}  {}{}",
                e.at.format("%Y-%m-%d %H:%M"),
                texts.name(e.body.kind()),
                fit(&e.actor, 20),
                if what.is_empty() {
                    String::new()
                } else {
                    format!("  {}", fit(&what, 200))
                }
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn io_error(e: std::io::Error) -> StoreError {
    StoreError::File {
        doing: crate::refusal::Refusal::new(crate::i18n::Error::CannotWriteList),
        source: e,
    }
}
