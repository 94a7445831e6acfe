//! Issues that come back month after month at the same place and in the same category:
//! candidates for a deputy's formal proposal (代表建议), where a one-off hand-over is not
//! solving them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// One case, reduced to what recurrence looks at.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub station: String,
    pub place: String,
    /// The main category (two digits): sub-categories count with their parent.
    pub category: String,
    /// `YYYY-MM`.
    pub month: String,
    pub number: String,
}

/// A place and category where opinions recur.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recurrence {
    pub station: String,
    pub place: String,
    pub category: String,
    /// The distinct months with at least one case.
    pub months: Vec<String>,
    pub cases: Vec<String>,
}

/// Groups occurrences by station, place and category; keeps those seen in at least
/// `min_months` different months, most months first.
pub fn recurring(occurrences: &[Occurrence], min_months: usize) -> Vec<Recurrence> {
    // (station, place, category) → (months seen, case numbers)
    type Group<'a> = (BTreeSet<&'a str>, Vec<&'a str>);
    let mut groups: BTreeMap<(&str, &str, &str), Group<'_>> = BTreeMap::new();
    for o in occurrences {
        let entry = groups
            .entry((&o.station, &o.place, &o.category))
            .or_default();
        entry.0.insert(&o.month);
        entry.1.push(&o.number);
    }
    let mut out: Vec<Recurrence> = groups
        .into_iter()
        .filter(|(_, (months, _))| months.len() >= min_months)
        .map(|((station, place, category), (months, cases))| Recurrence {
            station: station.to_string(),
            place: place.to_string(),
            category: category.to_string(),
            months: months.into_iter().map(str::to_string).collect(),
            cases: cases.into_iter().map(str::to_string).collect(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.months
            .len()
            .cmp(&a.months.len())
            .then(b.cases.len().cmp(&a.cases.len()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(place: &str, category: &str, month: &str, n: &str) -> Occurrence {
        Occurrence {
            station: "HF".into(),
            place: place.into(),
            category: category.into(),
            month: month.into(),
            number: n.into(),
        }
    }

    #[test]
    fn three_months_at_one_place_is_a_candidate() {
        let list = vec![
            o("和风雅苑", "03", "2026-08", "a"),
            o("和风雅苑", "03", "2026-09", "b"),
            o("和风雅苑", "03", "2026-09", "c"),
            o("和风雅苑", "03", "2026-11", "d"),
            o("和风雅苑", "06", "2026-10", "e"),
            o("和风家园", "03", "2026-08", "f"),
            o("和风家园", "03", "2026-08", "g"),
        ];
        let found = recurring(&list, 3);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].place, "和风雅苑");
        assert_eq!(found[0].months, vec!["2026-08", "2026-09", "2026-11"]);
        assert_eq!(found[0].cases.len(), 4);
        assert!(recurring(&list, 4).is_empty());
    }
}
