//! The rubric a station scorecard is scored by: weights, targets and star thresholds, read
//! from TOML (shipped in `assets/scorecard.toml`, overridable) and checked before any use.

use serde::{Deserialize, Serialize};

/// How much each figure weighs in the score.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub reception_days: f64,
    pub members_present: f64,
    pub cases_received: f64,
    pub on_time_rate: f64,
    pub satisfaction_rate: f64,
    pub activities: f64,
    pub volunteer_attendances: f64,
    pub wishes_fulfilled: f64,
}

/// Full marks of the counts, per member of the station and per month.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    pub members_present: f64,
    pub cases_received: f64,
    pub activities: f64,
    pub volunteer_attendances: f64,
    pub wishes_fulfilled: f64,
}

/// The lowest score of five, four, three and two stars.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stars {
    pub five: f64,
    pub four: f64,
    pub three: f64,
    pub two: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// The fewest cases a rate rests on to be shown and scored.
    pub min_cases: u32,
    pub weights: Weights,
    pub targets: Targets,
    pub stars: Stars,
}

/// What is wrong with a rubric.
#[derive(Debug, Clone, PartialEq)]
pub enum RubricProblem {
    /// Not TOML, or a key missing, unknown or of the wrong type (the parser's words).
    Syntax(String),
    /// A weight below zero or not a number.
    Weight(&'static str),
    /// Every weight is zero: nothing would be scored.
    NoWeight,
    /// A target not above zero.
    Target(&'static str),
    /// Star thresholds not falling from five to two within 0–100.
    StarOrder,
    /// `min_cases` of zero: a rate of nothing.
    MinCases,
}

impl Rubric {
    /// Reads and checks a rubric.
    pub fn parse(text: &str) -> Result<Rubric, RubricProblem> {
        let rubric: Rubric =
            toml::from_str(text).map_err(|e| RubricProblem::Syntax(e.message().to_string()))?;
        rubric.check()?;
        Ok(rubric)
    }

    fn check(&self) -> Result<(), RubricProblem> {
        if self.min_cases == 0 {
            return Err(RubricProblem::MinCases);
        }
        let w = &self.weights;
        let weights = [
            ("reception_days", w.reception_days),
            ("members_present", w.members_present),
            ("cases_received", w.cases_received),
            ("on_time_rate", w.on_time_rate),
            ("satisfaction_rate", w.satisfaction_rate),
            ("activities", w.activities),
            ("volunteer_attendances", w.volunteer_attendances),
            ("wishes_fulfilled", w.wishes_fulfilled),
        ];
        if let Some((name, _)) = weights.iter().find(|(_, v)| !(v.is_finite() && *v >= 0.0)) {
            return Err(RubricProblem::Weight(name));
        }
        if weights.iter().all(|(_, v)| *v == 0.0) {
            return Err(RubricProblem::NoWeight);
        }
        let t = &self.targets;
        let targets = [
            ("members_present", t.members_present),
            ("cases_received", t.cases_received),
            ("activities", t.activities),
            ("volunteer_attendances", t.volunteer_attendances),
            ("wishes_fulfilled", t.wishes_fulfilled),
        ];
        if let Some((name, _)) = targets.iter().find(|(_, v)| !(v.is_finite() && *v > 0.0)) {
            return Err(RubricProblem::Target(name));
        }
        let s = &self.stars;
        let falling = [100.0, s.five, s.four, s.three, s.two, 0.0];
        if !falling.windows(2).all(|p| p[0] >= p[1]) || s.two <= 0.0 || s.five > 100.0 {
            return Err(RubricProblem::StarOrder);
        }
        if [s.five, s.four, s.three, s.two]
            .windows(2)
            .any(|p| p[0] == p[1])
        {
            return Err(RubricProblem::StarOrder);
        }
        Ok(())
    }

    /// The stars a score gives, 1 to 5.
    pub fn stars_of(&self, score: f64) -> u8 {
        let s = &self.stars;
        match score {
            x if x >= s.five => 5,
            x if x >= s.four => 4,
            x if x >= s.three => 3,
            x if x >= s.two => 2,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../assets/scorecard.toml");

    #[test]
    fn the_shipped_rubric_holds() {
        let r = Rubric::parse(SHIPPED).unwrap();
        assert_eq!(r.stars_of(95.0), 5);
        assert_eq!(r.stars_of(75.0), 4);
        assert_eq!(r.stars_of(10.0), 1);
    }

    #[test]
    fn bad_rubrics_are_named() {
        let with = |from: &str, to: &str| Rubric::parse(&SHIPPED.replace(from, to));
        assert_eq!(
            with("activities = 10", "activities = -1"),
            Err(RubricProblem::Weight("activities"))
        );
        assert_eq!(
            with("cases_received = 2.0", "cases_received = 0.0"),
            Err(RubricProblem::Target("cases_received"))
        );
        assert_eq!(
            with("four = 75.0", "four = 95.0"),
            Err(RubricProblem::StarOrder)
        );
        assert_eq!(
            with("min_cases = 10", "min_cases = 0"),
            Err(RubricProblem::MinCases)
        );
        assert!(matches!(
            with("min_cases = 10", "min_case = 10"),
            Err(RubricProblem::Syntax(_))
        ));
        let zero = SHIPPED
            .lines()
            .map(|l| match l.split_once(" = ") {
                Some((k, _)) if !l.starts_with('#') && k != "min_cases" && !l.contains('.') => {
                    format!("{k} = 0")
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(Rubric::parse(&zero), Err(RubricProblem::NoWeight));
    }
}
