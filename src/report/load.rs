//! Reading what a month's report needs from the database.

use chrono::{NaiveDateTime, NaiveTime};

use super::build::{ReportInput, build};
use super::{Month, MonthReport};
use crate::store::{Result, Store};

/// The end of the month, or `now` while the month is still running.
pub fn cutoff(month: Month, now: NaiveDateTime) -> NaiveDateTime {
    let end = month
        .last_day()
        .and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
    end.min(now)
}

/// Builds a month's report for this desk: a station's own cases, or every station's at the home.
pub fn month_report(
    store: &Store,
    month: Month,
    now: NaiveDateTime,
    unmasked: bool,
    lang: crate::i18n::Lang,
) -> Result<MonthReport> {
    let desk = store.desk()?;
    let scope = store.scope()?;
    let stations: Vec<_> = store
        .stations()?
        .into_iter()
        .filter(|s| desk.sees(&s.code))
        .collect();
    let cutoff = cutoff(month, now);
    let cases = store.month_cases(month, cutoff, scope.as_deref())?;
    let roster = store.roster_of_month(month, scope.as_deref())?;
    let january = chrono::NaiveDate::from_ymd_opt(month.year, 1, 1).expect("valid date");
    let activities: Vec<_> = store
        .activities(january, month.last_day())?
        .into_iter()
        .filter(|a| scope.is_none() || a.station.as_deref() == scope.as_deref())
        .collect();
    let members = store.members()?;
    let taxonomy = store.taxonomy()?;
    let wishes = store.month_wishes(month, cutoff, scope.as_deref())?;
    let mut report = build(&ReportInput {
        month,
        cutoff,
        desk: &desk,
        stations: &stations,
        members: &members,
        taxonomy: &taxonomy,
        histories: &cases.histories,
        carried: &cases.carried,
        roster: &roster,
        activities: &activities,
        unmasked,
        lang,
    });
    report.wishes = super::wishes::wish_figures(month, &wishes);
    Ok(report)
}
