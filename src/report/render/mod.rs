//! The report in three formats — a workbook, CSV files and Markdown — from one set of tables,
//! so the numbers agree whichever is opened.

pub mod csv;
pub mod markdown;
pub mod scorecard;
pub mod xlsx;

use super::{MonthReport, percent};
use crate::i18n::Word;
use crate::i18n::{Report, Texts};

/// A value in a table: numbers stay numbers in the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u32),
    /// A share from 0 to 1, shown as a percentage; `None` when undefined.
    Rate(Option<f64>),
    /// A plain decimal (average days).
    Number(Option<f64>),
    /// A small decimal shown to two places (a count per member and month).
    Fine(Option<f64>),
    /// A day: a date in the workbook, `YYYY-MM-DD` in text.
    Date(Option<chrono::NaiveDate>),
    /// A moment: a date and time in the workbook, `YYYY-MM-DD HH:MM` in text.
    DateTime(chrono::NaiveDateTime),
}

impl Cell {
    /// The text form shared by CSV and Markdown.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Rate(r) => percent(*r),
            Cell::Number(Some(n)) => format!("{n:.1}"),
            Cell::Number(None) | Cell::Fine(None) => "-".into(),
            Cell::Fine(Some(n)) => format!("{n:.2}"),
            Cell::Date(Some(d)) => d.to_string(),
            Cell::Date(None) => String::new(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// One sheet of the pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet id (also the CSV file stem): short ASCII.
    pub id: &'static str,
    /// Sheet name shown in the workbook, in the report's language.
    pub sheet: &'static str,
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// The report as its tables, labelled in the chosen language.
pub fn tables(r: &MonthReport, texts: &Texts) -> Vec<Table> {
    vec![
        summary(r, texts),
        stations(r, texts),
        units(r, texts),
        deputies(r, texts),
        ledger(r, texts),
        activities(r, texts),
        wishes(r, texts),
        notes(texts),
    ]
}

/// The column names of a table, as the text of `key` lists them (separated by `|`).
fn header(texts: &Texts, key: Report) -> Vec<String> {
    texts.get(key).split('|').map(String::from).collect()
}

/// The month's figures, then the cases by source, level, nature, category and status.
fn summary(r: &MonthReport, texts: &Texts) -> Table {
    let f = &r.summary.figures;
    let l = |key: Report| Cell::Text(texts.get(key).to_string());
    let by = |key: Report, label: &str| Cell::Text(crate::fill!(texts, key, label = label));
    let mut rows = vec![
        vec![l(Report::Registered), Cell::Count(f.registered())],
        vec![l(Report::Received), Cell::Count(f.received)],
        vec![l(Report::Withdrawn), Cell::Count(f.withdrawn)],
        vec![l(Report::Finished), Cell::Count(f.finished)],
        vec![l(Report::FinishedOnTime), Cell::Count(f.finished_on_time)],
        vec![l(Report::OnTimeRate), Cell::Rate(f.on_time_rate())],
        vec![l(Report::CalledBack), Cell::Count(f.called_back)],
        vec![l(Report::Satisfied), Cell::Count(f.satisfied)],
        vec![
            l(Report::SatisfactionRate),
            Cell::Rate(f.satisfaction_rate()),
        ],
        vec![l(Report::Resolved), Cell::Count(f.resolved)],
        vec![l(Report::ResolutionRate), Cell::Rate(f.resolution_rate())],
        vec![l(Report::Repeats), Cell::Count(f.repeats)],
        vec![l(Report::OverdueAtEnd), Cell::Count(f.overdue_at_end)],
    ];
    let unclassified = || texts.get(Report::Unclassified).to_string();
    for (source, n) in &r.summary.by_source {
        rows.push(vec![
            by(Report::BySource, texts.name(*source)),
            Cell::Count(*n),
        ]);
    }
    for (level, n) in &r.summary.by_level {
        let label = level.map_or_else(unclassified, |l| texts.name(l).to_string());
        rows.push(vec![by(Report::ByLevel, &label), Cell::Count(*n)]);
    }
    for (nature, n) in &r.summary.by_nature {
        let label = nature.map_or_else(unclassified, |v| texts.name(v).to_string());
        rows.push(vec![by(Report::ByNature, &label), Cell::Count(*n)]);
    }
    for (category, name, n) in &r.summary.by_category {
        let label = category
            .as_ref()
            .map_or_else(unclassified, |c| format!("{c} {name}"));
        rows.push(vec![by(Report::ByCategory, &label), Cell::Count(*n)]);
    }
    for (status, n) in &r.summary.by_status {
        rows.push(vec![
            by(Report::ByStatus, texts.name(*status)),
            Cell::Count(*n),
        ]);
    }
    Table {
        id: "summary",
        sheet: texts.get(Report::SheetSummary),
        title: crate::fill!(
            texts,
            Report::SummaryTitle,
            station = &r.station,
            year = r.month.year,
            month = r.month.month
        ),
        header: vec![
            texts.get(Report::Figure).into(),
            texts.get(Report::Value).into(),
        ],
        rows,
    }
}

/// Each station's figures.
fn stations(r: &MonthReport, texts: &Texts) -> Table {
    let figure_header = header(texts, Report::FiguresHeader);
    let figure_cells = |f: &super::Figures| {
        vec![
            Cell::Count(f.received),
            Cell::Count(f.withdrawn),
            Cell::Count(f.finished),
            Cell::Rate(f.on_time_rate()),
            Cell::Rate(f.satisfaction_rate()),
            Cell::Rate(f.resolution_rate()),
            Cell::Count(f.repeats),
            Cell::Count(f.overdue_at_end),
        ]
    };
    Table {
        id: "stations",
        sheet: texts.get(Report::SheetStations),
        title: texts.get(Report::StationsTitle).into(),
        header: [header(texts, Report::StationsHeader), figure_header].concat(),
        rows: r
            .stations
            .iter()
            .map(|s| [vec![t(&s.code), t(&s.name)], figure_cells(&s.figures)].concat())
            .collect(),
    }
}

/// What each handling unit was handed and replied.
fn units(r: &MonthReport, texts: &Texts) -> Table {
    Table {
        id: "units",
        sheet: texts.get(Report::SheetUnits),
        title: texts.get(Report::UnitsTitle).into(),
        header: header(texts, Report::UnitsHeader),
        rows: r
            .units
            .iter()
            .map(|u| {
                vec![
                    t(&u.code),
                    t(&u.name),
                    Cell::Count(u.handed),
                    Cell::Count(u.replied),
                    Cell::Count(u.overdue_at_end),
                    Cell::Number(u.average_days),
                ]
            })
            .collect(),
    }
}

/// Each deputy's reception days, residents and activities.
fn deputies(r: &MonthReport, texts: &Texts) -> Table {
    Table {
        id: "deputies",
        sheet: texts.get(Report::SheetDeputies),
        title: texts.get(Report::DeputiesTitle).into(),
        header: header(texts, Report::DeputiesHeader),
        rows: r
            .deputies
            .iter()
            .map(|d| {
                vec![
                    t(&d.id),
                    t(&d.name),
                    t(&d.station),
                    Cell::Count(d.reception_days),
                    Cell::Count(d.residents_received),
                    Cell::Count(d.followed_to_closure),
                    Cell::Count(d.activities),
                ]
            })
            .collect(),
    }
}

/// The register of the month's cases, one row each.
fn ledger(r: &MonthReport, texts: &Texts) -> Table {
    let opt = |o: Option<&str>| o.unwrap_or("").to_string();
    Table {
        id: "ledger",
        sheet: texts.get(Report::SheetLedger),
        title: texts.get(Report::LedgerTitle).into(),
        header: header(texts, Report::LedgerHeader),
        rows: r
            .ledger
            .iter()
            .map(|l| {
                vec![
                    t(&l.number),
                    t(&l.station),
                    Cell::DateTime(l.received_at),
                    t(texts.name(l.source)),
                    t(&l.name),
                    t(&l.phone),
                    t(&l.address),
                    t(&l.content),
                    t(&l.deputy),
                    t(&l.category),
                    Cell::Text(opt(l.nature.map(|n| texts.name(n)))),
                    Cell::Text(opt(l.level.map(|v| texts.name(v)))),
                    t(&l.unit),
                    // A provisional deadline says so; a sure one is a date in the workbook.
                    match (l.due_date, l.due_uncertain) {
                        (Some(d), true) => {
                            Cell::Text(format!("{d} {}", texts.word(Word::Uncertain)))
                        }
                        (due, _) => Cell::Date(due),
                    },
                    t(texts.name(l.status)),
                    t(&l.reply),
                    Cell::Text(opt(l.satisfaction.map(|s| texts.name(s)))),
                    Cell::Text(opt(l.resolved.map(|v| texts.yes_no(v)))),
                ]
            })
            .collect(),
    }
}

/// Activities by kind, in the month and the year.
fn activities(r: &MonthReport, texts: &Texts) -> Table {
    Table {
        id: "activities",
        sheet: texts.get(Report::SheetActivities),
        title: texts.get(Report::ActivitiesTitle).into(),
        header: header(texts, Report::ActivitiesHeader),
        rows: r
            .activities
            .by_kind
            .iter()
            .map(|(kind, ms, mp, ys, yp)| {
                vec![
                    t(texts.name(*kind)),
                    Cell::Count(*ms),
                    Cell::Count(*mp),
                    Cell::Count(*ys),
                    Cell::Count(*yp),
                ]
            })
            .collect(),
    }
}

/// The month's wishes (微心愿): apart from every case figure.
fn wishes(r: &MonthReport, texts: &Texts) -> Table {
    let w = &r.wishes;
    let l = |key: Report| Cell::Text(texts.get(key).to_string());
    Table {
        id: "wishes",
        sheet: texts.get(Report::SheetWishes),
        title: texts.get(Report::WishesTitle).into(),
        header: header(texts, Report::WishesHeader),
        rows: vec![
            vec![l(Report::WishesRegistered), Cell::Count(w.registered)],
            vec![l(Report::WishesClaimed), Cell::Count(w.claimed)],
            vec![l(Report::WishesFulfilled), Cell::Count(w.fulfilled)],
            vec![
                l(Report::WishesMedianDays),
                Cell::Number(w.median_days_to_fulfil),
            ],
        ],
    }
}

/// What each figure means.
fn notes(texts: &Texts) -> Table {
    Table {
        id: "notes",
        sheet: texts.get(Report::SheetNotes),
        title: texts.get(Report::NotesTitle).into(),
        header: header(texts, Report::NotesHeader),
        rows: super::definitions::in_lang(texts.lang())
            .iter()
            .map(|(a, b)| vec![t(a), t(b)])
            .collect(),
    }
}
