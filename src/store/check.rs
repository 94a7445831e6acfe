//! `liaison check`: is the file sound, and does every case row equal the replay of its log?

use std::iter::Peekable;

use serde::Serialize;

use super::Store;
use super::cases::event_from_row;
use super::error::Result;
use super::rows::{case_columns_of, case_from_row};
use crate::domain::case::Case;
use crate::domain::event::Event;
use crate::domain::transition::replay;
use crate::progress::Stage;

/// What the check found. Empty problem lists mean a sound file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    /// `quick_check` (fast) or `integrity_check` (every page and index).
    pub mode: &'static str,
    /// SQLite's own findings; `["ok"]` when sound.
    pub sqlite: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub cases: u64,
    pub events: u64,
    /// Cases whose row differs from the replay of their log, or whose log does not replay.
    pub replay: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.sqlite == ["ok"] && self.foreign_keys.is_empty() && self.replay.is_empty()
    }
}

/// Cases replayed between two reports of progress.
const PROGRESS_STEP: u64 = 1024;

/// Problems listed per category before the rest is summarised.
const MAX_LISTED: usize = 50;

impl Store {
    /// Checks the file. `full` runs SQLite's `integrity_check` instead of `quick_check`.
    pub fn check(&self, full: bool) -> Result<CheckReport> {
        let mut report = CheckReport {
            mode: if full {
                "integrity_check"
            } else {
                "quick_check"
            },
            ..CheckReport::default()
        };
        self.progress.stage(Stage::CheckingFile, 0);
        let pragma = format!("PRAGMA {}", report.mode);
        let mut stmt = self.conn.prepare(&pragma)?;
        report.sqlite = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        report.foreign_keys = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} points to a missing {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                    r.get::<_, String>(2)?
                ))
            })?
            .take(MAX_LISTED)
            .collect::<rusqlite::Result<_>>()?;
        let replayed = self.check_replay(&mut report);
        self.progress.finish();
        replayed?;
        super::wish_check::check_wishes(&self.conn, |problem| {
            if report.replay.len() < MAX_LISTED {
                report.replay.push(problem);
            }
        })?;
        Ok(report)
    }

    /// SQLite's `quick_check` alone: `["ok"]` for a sound file.
    pub fn quick_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let findings = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .take(MAX_LISTED)
            .collect::<rusqlite::Result<_>>()?;
        Ok(findings)
    }

    /// Walks cases and events in id order side by side, so memory stays flat.
    fn check_replay(&self, report: &mut CheckReport) -> Result<()> {
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
        self.progress.stage(Stage::Replaying, total as u64);
        // A backup is checked before it is migrated: read it by the columns it has.
        let columns = case_columns_of(&self.conn)?;
        let sql = format!("SELECT {columns} FROM cases c ORDER BY c.id");
        let mut cases_stmt = self.conn.prepare(&sql)?;
        let mut events_stmt = self.conn.prepare(
            "SELECT id, case_id, at, actor, kind, payload FROM case_events ORDER BY case_id, seq",
        )?;
        let reader: EventReader = event_from_row;
        let mut events = events_stmt.query_map([], reader)?.peekable();
        let mut problems = 0usize;
        let mut note = |report: &mut CheckReport, text: String| {
            problems += 1;
            if problems <= MAX_LISTED {
                report.replay.push(text);
            }
        };
        for row in cases_stmt.query_map([], case_from_row)? {
            let case = row?;
            report.cases += 1;
            if report.cases.is_multiple_of(PROGRESS_STEP) {
                self.progress.advance(PROGRESS_STEP);
            }
            // Events sorting before this case have no case row (the foreign key check names
            // them too).
            let log = take_log(&mut events, &case, report, &mut note)?;
            match replay(&log) {
                Ok(Some(replayed)) if replayed == case => {}
                Ok(Some(replayed)) => note(
                    report,
                    format!(
                        "{}: row differs from its log ({})",
                        case.number,
                        diff(&case, &replayed)
                    ),
                ),
                Ok(None) => note(report, format!("{}: no events", case.number)),
                Err(e) => note(report, format!("{}: log does not replay: {e}", case.number)),
            }
        }
        for rest in events {
            report.events += 1;
            if let Ok(Ok(e)) = rest {
                note(report, format!("event {} belongs to no case", e.id));
            }
        }
        if problems > MAX_LISTED {
            report
                .replay
                .push(format!("… and {} more", problems - MAX_LISTED));
        }
        Ok(())
    }
}

type EventReader = fn(&rusqlite::Row<'_>) -> rusqlite::Result<Result<Event>>;
type EventRows<'a> = Peekable<rusqlite::MappedRows<'a, EventReader>>;

fn take_log(
    events: &mut EventRows<'_>,
    case: &Case,
    report: &mut CheckReport,
    note: &mut impl FnMut(&mut CheckReport, String),
) -> Result<Vec<Event>> {
    let id = case.id;
    let mut log = Vec::new();
    while let Some(next) = events.peek() {
        let event = match next {
            Ok(Ok(e)) => e,
            _ => {
                // A damaged event: take it and report it against this case.
                let taken = events.next().expect("peeked");
                report.events += 1;
                match taken {
                    Ok(Err(e)) => note(report, format!("{}: {e}", case.number)),
                    Err(e) => note(report, format!("{}: {e}", case.number)),
                    Ok(Ok(_)) => unreachable!(),
                }
                continue;
            }
        };
        let event_case = event.case_id;
        if event_case < id {
            let orphan = events.next().expect("peeked");
            report.events += 1;
            if let Ok(Ok(e)) = orphan {
                note(report, format!("event {} belongs to no case", e.id));
            }
            continue;
        }
        if event_case > id {
            break;
        }
        if let Some(Ok(Ok(e))) = events.next() {
            report.events += 1;
            log.push(e);
        }
    }
    Ok(log)
}

/// Names the fields that differ, for the report.
fn diff(stored: &Case, replayed: &Case) -> String {
    let a = serde_json::to_value(stored).unwrap_or_default();
    let b = serde_json::to_value(replayed).unwrap_or_default();
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return String::new();
    };
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| {
            format!(
                "{k}: stored {v}, log gives {}",
                b.get(k).cloned().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
