//! At the home, the demo's year of every station besides its cases: the reception days each
//! held (its members on the roster and checked in; now and then a month missed) and the
//! activities each ran, so that the home's scorecard has something to rank.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use fastrand::Rng;

use super::texts::ACTIVITIES;
use crate::store::{Store, StoreError};

/// Fills the stations' reception days and activities of this year up to `today`; returns
/// how many activities.
pub fn fill(store: &mut Store, today: NaiveDate, seed: u64) -> Result<u32, StoreError> {
    let mut rng = Rng::with_seed(seed ^ 0x57a7);
    let members = store.members()?;
    let stations: Vec<String> = store
        .stations()?
        .into_iter()
        .filter(|s| !s.is_home())
        .map(|s| s.code)
        .collect();
    let mut activities = 0;
    for code in &stations {
        let own: Vec<String> = members
            .iter()
            .filter(|m| &m.station == code)
            .map(|m| m.id.clone())
            .collect();
        if own.is_empty() {
            continue;
        }
        // Some stations keep every reception day and run much; others less.
        let diligence = rng.u32(55..=100);
        let calendar = store.calendar(code)?;
        for day in calendar.reception_days(today.year()) {
            if day.date >= today || rng.u32(0..100) >= diligence {
                continue;
            }
            let n = rng.usize(1..=own.len().min(3));
            let start = rng.usize(..own.len());
            for k in 0..n {
                let member = &own[(start + k) % own.len()];
                store.add_to_roster(day.date, code, member)?;
                let at = day
                    .date
                    .and_time(NaiveTime::from_hms_opt(8, 50, 0).expect("a time"))
                    + Duration::minutes(rng.i64(0..30));
                store.set_present(day.date, code, member, true, at)?;
            }
        }
        for month in 1..=today.month() {
            if rng.u32(0..100) >= diligence {
                continue;
            }
            let day =
                NaiveDate::from_ymd_opt(today.year(), month, rng.u32(5..=26)).expect("a valid day");
            if day >= today {
                continue;
            }
            let (kind, title, place) = ACTIVITIES[rng.usize(..ACTIVITIES.len())];
            let n = rng.usize(1..=own.len().min(4));
            let start = rng.usize(..own.len());
            let who: Vec<String> = (0..n)
                .map(|k| own[(start + k) % own.len()].clone())
                .collect();
            store.add_activity(day, kind, title, Some(place), Some(code), &who, None)?;
            activities += 1;
        }
    }
    Ok(activities)
}
