//! A station's scorecard (星级站点): its figures over a year or quarter, each figure's score
//! under a [`Rubric`], the weighted total, the stars, and the ranking of stations.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::month::Month;
use super::rubric::Rubric;

/// The period a scorecard covers: a year, or one quarter of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub year: i32,
    /// 1–4.
    pub quarter: Option<u32>,
}

impl Period {
    /// Its months, in order.
    pub fn months(self) -> Vec<Month> {
        let (from, to) = match self.quarter {
            Some(q) => (3 * q - 2, 3 * q),
            None => (1, 12),
        };
        (from..=to)
            .map(|month| Month {
                year: self.year,
                month,
            })
            .collect()
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.quarter {
            Some(q) => write!(f, "{}-Q{q}", self.year),
            None => write!(f, "{}", self.year),
        }
    }
}

/// What a station did over the period, counted by the report's replay (see `report::scorecard`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StationFigures {
    pub code: String,
    pub name: String,
    /// Members (deputies and representatives) attached to the station.
    pub members: u32,
    /// Months of the period counted (begun by the cutoff).
    pub months: u32,
    /// Reception days of the period up to the cutoff, as the station's calendar gives them.
    pub reception_days_due: u32,
    /// Those with at least one member checked in on the station's roster.
    pub reception_days_held: u32,
    /// Members checked in on the station's roster on its reception days (人次).
    pub members_present: u32,
    /// 受理数 of the period, as the monthly report counts it.
    pub cases_received: u32,
    pub finished: u32,
    pub finished_on_time: u32,
    pub called_back: u32,
    pub satisfied: u32,
    /// Activities of the station (场次).
    pub activities: u32,
    /// Attendances at its volunteer services (志愿服务人次).
    pub volunteer_attendances: u32,
    /// Wishes (微心愿) whose fulfilment was recorded in the period, up to the cutoff.
    pub wishes_fulfilled: u32,
    /// When the home last applied a bundle of the station's events.
    pub last_bundle: Option<NaiveDateTime>,
}

/// A figure's value per member of the station and per month.
pub fn per_member_month(count: u32, members: u32, months: u32) -> Option<f64> {
    (members > 0 && months > 0).then(|| f64::from(count) / f64::from(members) / f64::from(months))
}

/// A station's line of the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    pub rank: u32,
    pub figures: StationFigures,
    /// Per member per month: members present, cases received, activities, volunteer 人次.
    pub members_present_per_member: Option<f64>,
    pub cases_per_member: Option<f64>,
    pub activities_per_member: Option<f64>,
    pub volunteer_per_member: Option<f64>,
    pub wishes_per_member: Option<f64>,
    /// Shown only on at least `min_cases` finished cases.
    pub on_time_rate: Option<f64>,
    /// Shown only on at least `min_cases` called-back cases.
    pub satisfaction_rate: Option<f64>,
    /// 0–100, `None` when nothing could be scored.
    pub score: Option<f64>,
    pub stars: u8,
}

fn rate(part: u32, whole: u32, min: u32) -> Option<f64> {
    (whole >= min && whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// Scores one station.
pub fn score(f: StationFigures, rubric: &Rubric) -> ScoreRow {
    let w = &rubric.weights;
    let t = &rubric.targets;
    let per = |n| per_member_month(n, f.members, f.months);
    let members_present = per(f.members_present);
    let cases = per(f.cases_received);
    let activities = per(f.activities);
    let volunteer = per(f.volunteer_attendances);
    let wishes = per(f.wishes_fulfilled);
    let on_time = rate(f.finished_on_time, f.finished, rubric.min_cases);
    let satisfaction = rate(f.satisfied, f.called_back, rubric.min_cases);
    let held = (f.reception_days_due > 0)
        .then(|| f64::from(f.reception_days_held) / f64::from(f.reception_days_due));
    let capped = |v: Option<f64>, target: f64| v.map(|v| (v / target).min(1.0));
    let parts = [
        (w.reception_days, held),
        (
            w.members_present,
            capped(members_present, t.members_present),
        ),
        (w.cases_received, capped(cases, t.cases_received)),
        (w.on_time_rate, on_time),
        (w.satisfaction_rate, satisfaction),
        (w.activities, capped(activities, t.activities)),
        (
            w.volunteer_attendances,
            capped(volunteer, t.volunteer_attendances),
        ),
        (w.wishes_fulfilled, capped(wishes, t.wishes_fulfilled)),
    ];
    // A figure that cannot be scored (a rate on too few cases) leaves the sum with its weight.
    let (sum, weights) = parts
        .iter()
        .filter_map(|(w, s)| s.map(|s| (w * s, *w)))
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let score = (weights > 0.0).then(|| 100.0 * sum / weights);
    ScoreRow {
        rank: 0,
        members_present_per_member: members_present,
        cases_per_member: cases,
        activities_per_member: activities,
        volunteer_per_member: volunteer,
        wishes_per_member: wishes,
        on_time_rate: on_time,
        satisfaction_rate: satisfaction,
        stars: score.map_or(1, |s| rubric.stars_of(s)),
        score,
        figures: f,
    }
}

/// Scores every station and ranks them, best first; equal scores share a rank, and a station
/// with nothing to score comes last.
pub fn ranked(stations: Vec<StationFigures>, rubric: &Rubric) -> Vec<ScoreRow> {
    let mut rows: Vec<ScoreRow> = stations.into_iter().map(|f| score(f, rubric)).collect();
    // Rounded as shown (one decimal), so that two scores printed alike rank alike.
    let key = |r: &ScoreRow| r.score.map(|s| (s * 10.0).round() as i64);
    rows.sort_by(|a, b| {
        key(b)
            .cmp(&key(a))
            .then_with(|| a.figures.code.cmp(&b.figures.code))
    });
    let mut rank = 0;
    let mut previous = None;
    for (i, row) in rows.iter_mut().enumerate() {
        let k = key(row);
        if previous != Some(k) {
            rank = i as u32 + 1;
            previous = Some(k);
        }
        row.rank = rank;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        Rubric::parse(include_str!("../../assets/scorecard.toml")).unwrap()
    }

    fn station(code: &str, finished: u32) -> StationFigures {
        StationFigures {
            code: code.into(),
            members: 4,
            months: 12,
            reception_days_due: 12,
            reception_days_held: 12,
            members_present: 24,
            cases_received: 96,
            finished,
            finished_on_time: finished,
            called_back: finished,
            satisfied: finished / 2,
            activities: 24,
            volunteer_attendances: 48,
            wishes_fulfilled: 5,
            ..StationFigures::default()
        }
    }

    #[test]
    fn rates_below_the_minimum_are_neither_shown_nor_scored() {
        let few = score(station("A", 9), &rubric());
        assert_eq!(few.on_time_rate, None);
        assert_eq!(few.satisfaction_rate, None);
        // Every count at or above its target: full marks on what is scored.
        assert_eq!(few.score, Some(100.0));
        let enough = score(station("B", 10), &rubric());
        assert_eq!(enough.on_time_rate, Some(1.0));
        assert_eq!(enough.satisfaction_rate, Some(0.5));
        // 100 × (105 − 20 × 0.5) ÷ 105: the weights sum to 105 with the wishes'.
        let by_hand = 100.0 * 95.0 / 105.0;
        assert!((enough.score.unwrap() - by_hand).abs() < 1e-9);
        assert_eq!(enough.stars, 5);
    }

    #[test]
    fn stations_rank_by_score_and_share_a_rank_when_equal() {
        let rows = ranked(
            vec![station("B", 10), station("A", 9), station("C", 9)],
            &rubric(),
        );
        let order: Vec<(&str, u32)> = rows
            .iter()
            .map(|r| (r.figures.code.as_str(), r.rank))
            .collect();
        assert_eq!(order, [("A", 1), ("C", 1), ("B", 3)]);
    }
}
