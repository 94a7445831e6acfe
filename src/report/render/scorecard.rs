//! The scorecard as a table (for the terminal, the workbook and the screen) and the
//! definitions written beside it.

use chrono::NaiveDateTime;

use super::{Cell, Table};
use crate::domain::scorecard::{Period, ScoreRow};
use crate::i18n::{Report, Texts};

/// The definitions of the scorecard's figures, in the order of its columns: (term, definition).
pub const DEFINITIONS: [Report; 10] = [
    Report::ScorecardDefScope,
    Report::ScorecardDefReceptionDays,
    Report::ScorecardDefMembersPresent,
    Report::ScorecardDefReceived,
    Report::ScorecardDefOnTime,
    Report::ScorecardDefSatisfaction,
    Report::ScorecardDefActivities,
    Report::ScorecardDefVolunteer,
    Report::ScorecardDefWishes,
    Report::ScorecardDefScore,
];

/// The definitions of every figure, the last bundle's included, as (term, definition).
pub fn definitions(texts: &Texts) -> Vec<(&'static str, &'static str)> {
    DEFINITIONS
        .iter()
        .chain([&Report::ScorecardDefLastBundle])
        .map(|k| {
            let text = texts.get(*k);
            text.split_once('|').unwrap_or(("", text))
        })
        .collect()
}

/// The definitions as lines `term：definition`, in the language's punctuation.
pub fn definition_lines(texts: &Texts) -> Vec<String> {
    let colon = texts.get(crate::i18n::Doc::Colon);
    definitions(texts)
        .into_iter()
        .map(|(term, definition)| format!("{term}{colon}{definition}"))
        .collect()
}

/// The ranked stations as a table.
pub fn table(
    rows: &[ScoreRow],
    home: &str,
    period: Period,
    cutoff: NaiveDateTime,
    texts: &Texts,
) -> Table {
    Table {
        id: "scorecard",
        sheet: texts.get(Report::ScorecardSheet),
        title: crate::fill!(
            texts,
            Report::ScorecardTitle,
            home = home,
            period = period,
            cutoff = cutoff.date()
        ),
        header: texts
            .get(Report::ScorecardHeader)
            .split('|')
            .map(String::from)
            .collect(),
        rows: rows.iter().map(cells).collect(),
    }
}

/// One station's cells, in the header's order.
pub fn cells(r: &ScoreRow) -> Vec<Cell> {
    let f = &r.figures;
    vec![
        Cell::Count(r.rank),
        Cell::Text(format!("{} {}", f.code, f.name)),
        Cell::Count(f.members),
        Cell::Count(f.reception_days_held),
        Cell::Count(f.reception_days_due),
        Cell::Count(f.members_present),
        Cell::Fine(r.members_present_per_member),
        Cell::Count(f.cases_received),
        Cell::Fine(r.cases_per_member),
        Cell::Rate(r.on_time_rate),
        Cell::Rate(r.satisfaction_rate),
        Cell::Count(f.activities),
        Cell::Fine(r.activities_per_member),
        Cell::Count(f.volunteer_attendances),
        Cell::Fine(r.volunteer_per_member),
        Cell::Count(f.wishes_fulfilled),
        Cell::Fine(r.wishes_per_member),
        Cell::Number(r.score),
        Cell::Count(u32::from(r.stars)),
        Cell::Date(f.last_bundle.map(|t| t.date())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_column_and_figure_is_named_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let texts = Texts::of(lang);
            let header = texts.get(Report::ScorecardHeader).split('|').count();
            let row = cells(&crate::domain::scorecard::score(
                Default::default(),
                &crate::domain::rubric::Rubric::parse(crate::assets::SCORECARD_TOML).unwrap(),
            ));
            assert_eq!(header, row.len());
            assert!(
                definitions(texts)
                    .iter()
                    .all(|(t, d)| !t.is_empty() && !d.is_empty())
            );
        }
    }
}
