//! `liaison calendar`, `liaison calendar due`, `liaison holidays`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use chrono::Datelike;
use serde_json::json;

use super::output::{stdout, table};
use crate::assets;
use crate::cli::{CalendarArgs, CalendarCommand, Context, HolidaysCommand};
use crate::domain::calendar::{HolidayTable, StationCalendar};
use crate::domain::case::Status;
use crate::domain::holidays::parse_notices;
use crate::i18n::{Lang, Texts};
use crate::store::{CaseFilter, Store};

/// The calendar of this desk: the database's when there is one (it may hold newer notices
/// and the station's own reception days), else the shipped holiday table.
fn desk_calendar(ctx: &Context) -> Result<StationCalendar> {
    let path = ctx.db()?;
    if path.exists() {
        let store = Store::open(&path)?;
        let desk = store.desk()?;
        return Ok(store.calendar(&desk.code)?);
    }
    eprintln!(
        "note: no database at {}; using the shipped holiday table",
        path.display()
    );
    Ok(StationCalendar {
        holidays: HolidayTable::from_notices(&assets::holiday_notices()),
        overrides: Default::default(),
    })
}

pub fn run(ctx: &Context, args: &CalendarArgs) -> Result<ExitCode> {
    let calendar = desk_calendar(ctx)?;
    let mut out = stdout();
    match &args.action {
        Some(CalendarCommand::Due { from, days, json }) => {
            let due = calendar.holidays.add_working_days(*from, *days);
            if *json {
                writeln!(
                    out,
                    "{}",
                    json!({"from": from.to_string(), "days": days, "due": due.date.to_string(), "uncertain": due.uncertain})
                )?;
            } else {
                writeln!(out, "{}", due.date)?;
            }
            if due.uncertain {
                eprintln!(
                    "warning: provisional (待核): the count runs into a year without the State \
                     Council's holiday notice; its statutory days off were used, not its make-up \
                     days (load the notice with `liaison holidays import FILE`)"
                );
            }
        }
        None => {
            let year = args.year.unwrap_or_else(|| ctx.clock.today().year());
            let days = calendar.reception_days(year);
            let texts = Texts::of(ctx.lang);
            if args.json {
                for d in &days {
                    writeln!(
                        out,
                        "{}",
                        json!({
                            "month": format!("{:04}-{:02}", d.date.year(), d.regular.month()),
                            "date": d.date.to_string(),
                            "regular": d.regular.to_string(),
                            "moved": d.moved,
                            "overridden": d.overridden,
                            "uncertain": d.uncertain,
                        })
                    )?;
                }
            } else {
                let rows: Vec<Vec<String>> = days
                    .iter()
                    .map(|d| {
                        let mut notes = Vec::new();
                        if d.overridden {
                            notes.push(texts.word("overridden").to_string());
                        } else if d.moved {
                            notes.push(format!("{} ({})", texts.word("moved"), d.regular));
                        }
                        if d.uncertain {
                            notes.push(texts.word("uncertain").to_string());
                        }
                        vec![
                            format!("{:04}-{:02}", year, d.regular.month()),
                            d.date.to_string(),
                            weekday(d.date, ctx.lang),
                            notes.join(", "),
                        ]
                    })
                    .collect();
                table(
                    &mut out,
                    &["month", "reception day", "", ""],
                    &rows,
                    &[7, 10, 4, 60],
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn weekday(date: chrono::NaiveDate, lang: Lang) -> String {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    match lang {
        Lang::Zh => ZH[date.weekday().num_days_from_monday() as usize].to_string(),
        Lang::En => date.format("%a").to_string(),
    }
}

pub fn holidays(ctx: &Context, action: Option<HolidaysCommand>) -> Result<ExitCode> {
    let mut out = stdout();
    match action.unwrap_or(HolidaysCommand::List { json: false }) {
        HolidaysCommand::List { json } => {
            let store = Store::open(&ctx.db()?)?;
            let notices = store.notice_summaries()?;
            if json {
                for n in notices {
                    writeln!(out, "{}", serde_json::to_string(&n)?)?;
                }
            } else {
                let rows: Vec<Vec<String>> = notices
                    .iter()
                    .map(|n| {
                        vec![
                            n.year.to_string(),
                            n.holidays.to_string(),
                            n.workdays.to_string(),
                            n.title.clone(),
                        ]
                    })
                    .collect();
                table(
                    &mut out,
                    &["year", "days off", "make-up", "notice"],
                    &rows,
                    &[4, 8, 7, 60],
                )?;
            }
        }
        HolidaysCommand::Import { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                anyhow::anyhow!(
                    "{} is not UTF-8 text (byte {})",
                    file.display(),
                    e.utf8_error().valid_up_to()
                )
            })?;
            let notices = parse_notices(&text)
                .with_context(|| format!("{} was not imported", file.display()))?;
            let mut store = Store::open(&ctx.db()?)?;
            let years = store.import_notices(&notices, ctx.clock.now())?;
            for n in &notices {
                writeln!(
                    out,
                    "loaded {}: {} days named ({})",
                    n.year,
                    n.days.len(),
                    n.title
                )?;
            }
            let _ = years;
            // Deadlines reckoned before this notice keep their dates (each is in the case's
            // log); the operator sees which to check and can extend them.
            let imported: Vec<i32> = notices.iter().map(|n| n.year).collect();
            let mut unsure = Vec::new();
            store.for_each_case(
                &CaseFilter {
                    statuses: vec![Status::Assigned, Status::Forwarded],
                    ..CaseFilter::default()
                },
                |record| {
                    let c = &record.case;
                    if let Some(due) = c.due_date
                        && c.due_uncertain
                        && imported.contains(&due.year())
                    {
                        unsure.push(format!("{} {due}", c.number));
                    }
                    Ok(())
                },
            )?;
            if !unsure.is_empty() {
                writeln!(
                    out,
                    "deadlines reckoned before this notice, to check (extend with `liaison case \
                     extend NUMBER --to DATE --reason …` if they should move): {}",
                    unsure.join(", ")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
