//! `liaison calendar`, `liaison calendar due`, `liaison holidays`.

use crate::i18n::Word;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use chrono::Datelike;
use serde_json::json;

use super::output::{header, stdout, table};
use crate::assets;
use crate::commands::args::{CalendarArgs, CalendarCommand};
use crate::commands::context::Context;
use crate::domain::calendar::{HolidayTable, StationCalendar};
use crate::i18n::{Cli, Lang, Texts};
use crate::store::Store;

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
        "{}",
        crate::fill!(
            Texts::of(ctx.lang),
            Cli::NoDatabaseShippedTable,
            path = path.display()
        )
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
                eprintln!("{}", Texts::of(ctx.lang).get(Cli::DueProvisional));
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
                            notes.push(texts.word(Word::Overridden).to_string());
                        } else if d.moved {
                            notes.push(format!("{} ({})", texts.word(Word::Moved), d.regular));
                        }
                        if d.uncertain {
                            notes.push(texts.word(Word::Uncertain).to_string());
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
                    &header(
                        crate::i18n::Texts::of(ctx.lang),
                        crate::i18n::Cli::CalendarHeader,
                    ),
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
