//! Reading the home's station scorecard of this year for its view: the same figures, rubric
//! and ranking as `liaison scorecard`.

use chrono::{Datelike, NaiveDateTime};

use crate::domain::scorecard::{Period, ScoreRow, ranked};
use crate::i18n::Lang;
use crate::refusal::Refusal;
use crate::report::rubric_file::{load_rubric, rubric_source};
use crate::report::scorecard::{cutoff, station_figures};
use crate::store::Store;

/// What the scorecard view shows.
#[derive(Debug, Clone)]
pub struct ScorecardData {
    pub period: Period,
    pub cutoff: NaiveDateTime,
    /// The rubric's minimum of cases for a rate.
    pub min_cases: u32,
    pub rows: Vec<ScoreRow>,
}

/// The year to `now`, scored by the rubric beside the database or the shipped one.
pub fn load(store: &Store, now: NaiveDateTime, lang: Lang) -> Result<ScorecardData, Refusal> {
    let source = rubric_source(store.path(), None);
    let rubric = load_rubric(source.as_deref())?;
    let period = Period {
        year: now.year(),
        quarter: None,
    };
    let figures = station_figures(store, period, now, lang).map_err(super::refusal)?;
    Ok(ScorecardData {
        period,
        cutoff: cutoff(period, now),
        min_cases: rubric.min_cases,
        rows: ranked(figures, &rubric),
    })
}
