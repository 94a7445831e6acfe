//! The station scorecard's figures (星级站点), counted by the monthly report's own replay: each
//! month of the period is built by [`build`] with the period's end as its cutoff, so a case
//! registered in the period is counted as it stood at that end, by the same definitions of
//! received, finished on time and satisfied as the report's.

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, NaiveTime};

use super::build::{ReportInput, build};
use crate::domain::activity::ActivityKind;
use crate::domain::scorecard::{Period, StationFigures};
use crate::store::{Result, Store};

/// The end of the period, or `now` while it is still running.
pub fn cutoff(period: Period, now: NaiveDateTime) -> NaiveDateTime {
    let last = period
        .months()
        .last()
        .expect("a period has months")
        .last_day();
    last.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"))
        .min(now)
}

/// Every station's figures over the period (the home's own desk and nothing it does not see
/// left out), in the network's order.
pub fn station_figures(
    store: &Store,
    period: Period,
    now: NaiveDateTime,
    lang: crate::i18n::Lang,
) -> Result<Vec<StationFigures>> {
    let texts = crate::i18n::Texts::of(lang);
    let desk = store.desk()?;
    let scope = store.scope()?;
    let stations: Vec<_> = store
        .stations()?
        .into_iter()
        .filter(|s| !s.is_home() && desk.sees(&s.code))
        .collect();
    let cutoff = cutoff(period, now);
    let months: Vec<_> = period
        .months()
        .into_iter()
        .filter(|m| m.first_day() <= cutoff.date())
        .collect();
    let members = store.members()?;
    let taxonomy = store.taxonomy()?;
    let mut figures: BTreeMap<String, StationFigures> = stations
        .iter()
        .map(|s| {
            let f = StationFigures {
                code: s.code.clone(),
                name: texts.label(s).to_string(),
                members: members.iter().filter(|m| m.station == s.code).count() as u32,
                months: months.len() as u32,
                ..StationFigures::default()
            };
            (s.code.clone(), f)
        })
        .collect();
    for &month in &months {
        // The month's receipts alone: the station figures count nothing else (the cases
        // touched since, or carried open, count only towards units and overdue).
        let histories = store.month_received(month, cutoff, scope.as_deref())?;
        let report = build(&ReportInput {
            month,
            cutoff,
            desk: &desk,
            stations: &stations,
            members: &members,
            taxonomy: &taxonomy,
            histories: &histories,
            carried: &[],
            roster: &[],
            activities: &[],
            unmasked: false,
            lang,
        });
        for row in report.stations {
            if let Some(f) = figures.get_mut(&row.code) {
                let r = &row.figures;
                f.cases_received += r.received;
                f.finished += r.finished;
                f.finished_on_time += r.finished_on_time;
                f.called_back += r.called_back;
                f.satisfied += r.satisfied;
            }
        }
    }
    let last = months.last().map(|m| m.last_day().min(cutoff.date()));
    let first = months.first().map(|m| m.first_day());
    let activities = match (first, last) {
        (Some(from), Some(to)) => store.activities(from, to)?,
        _ => Vec::new(),
    };
    let bundles = store.last_bundles()?;
    for f in figures.values_mut() {
        let calendar = store.calendar(&f.code)?;
        for month in &months {
            let Some(day) = calendar.reception_day(month.year, month.month) else {
                continue;
            };
            if day.date > cutoff.date() {
                continue;
            }
            f.reception_days_due += 1;
            let present = store
                .roster(day.date, &f.code)?
                .iter()
                .filter(|e| e.checked_in_at.is_some_and(|t| t <= cutoff))
                .count() as u32;
            f.members_present += present;
            f.reception_days_held += u32::from(present > 0);
        }
        for a in activities
            .iter()
            .filter(|a| a.station.as_deref() == Some(f.code.as_str()))
        {
            f.activities += 1;
            if a.kind == ActivityKind::Volunteer {
                f.volunteer_attendances += a.members.len() as u32;
            }
        }
        // Fulfilments recorded in the period, from the wishes' log, as the report's sheet
        // counts them month by month.
        for &month in &months {
            let log = store.month_wishes(month, cutoff, Some(&f.code))?;
            f.wishes_fulfilled += super::wishes::wish_figures(month, &log).fulfilled;
        }
        f.last_bundle = bundles.get(&f.code).copied();
    }
    Ok(stations
        .iter()
        .filter_map(|s| figures.remove(&s.code))
        .collect())
}
