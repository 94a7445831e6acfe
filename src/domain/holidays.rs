//! The holiday notice format: one TOML file holding the State Council's yearly notices.
//!
//! ```toml
//! [[notice]]
//! year = 2026
//! title = "国务院办公厅关于2026年部分节假日安排的通知"
//! [[notice.festival]]
//! name = "春节"
//! from = "2026-02-15"
//! to = "2026-02-23"
//! work = ["2026-02-14", "2026-02-28"]
//! ```
//!
//! Parsing checks what a typo would break: ranges in order and near the notice's year,
//! make-up working days on weekends only, no day named twice.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use super::calendar::{DayKind, HolidayTable, SpecialDay};

/// One year's notice, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub year: i32,
    pub title: String,
    pub days: Vec<SpecialDay>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("the holiday file is not valid TOML: {0}")]
    Syntax(String),
    #[error("the holiday file holds no [[notice]]")]
    Empty,
    #[error("notice {year}: year out of range (1990–2200)")]
    Year { year: i32 },
    #[error("notice {year} appears twice")]
    DuplicateYear { year: i32 },
    #[error("notice {year}, {festival}: `{value}` is not a date (YYYY-MM-DD)")]
    BadDate {
        year: i32,
        festival: String,
        value: String,
    },
    #[error("notice {year}, {festival}: {from} is after {to}")]
    Reversed {
        year: i32,
        festival: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("notice {year}, {festival}: {days} days off in one stretch is not a plausible holiday")]
    TooLong {
        year: i32,
        festival: String,
        days: i64,
    },
    #[error("notice {year}, {festival}: {date} is too far from {year}")]
    OutOfYear {
        year: i32,
        festival: String,
        date: NaiveDate,
    },
    #[error("notice {year}, {festival}: make-up working day {date} is a {weekday}, not a weekend")]
    WorkdayNotWeekend {
        year: i32,
        festival: String,
        date: NaiveDate,
        weekday: Weekday,
    },
    #[error("notice {year}: {date} is named twice")]
    Twice { year: i32, date: NaiveDate },
    #[error("notice {year}, festival {index}: the name is empty")]
    NoName { year: i32, index: usize },
    #[error(
        "notice {year} has no title: give the notice's title (e.g. 国务院办公厅关于{year}年部分节假日安排的通知)"
    )]
    NoTitle { year: i32 },
    #[error(
        "notice {year} names no festival: loading it would replace the year's holidays with \
         none"
    )]
    NoFestivals { year: i32 },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    notice: Vec<RawNotice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    year: i32,
    #[serde(default)]
    title: String,
    #[serde(default)]
    festival: Vec<RawFestival>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFestival {
    name: String,
    from: String,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    work: Vec<String>,
}

/// Parses and validates a holiday file.
pub fn parse_notices(text: &str) -> Result<Vec<Notice>, NoticeError> {
    let file: File = toml::from_str(text).map_err(|e| NoticeError::Syntax(e.to_string()))?;
    if file.notice.is_empty() {
        return Err(NoticeError::Empty);
    }
    let mut seen_years = std::collections::BTreeSet::new();
    let mut notices = Vec::new();
    for raw in file.notice {
        let year = raw.year;
        if !(1990..=2200).contains(&year) {
            return Err(NoticeError::Year { year });
        }
        if !seen_years.insert(year) {
            return Err(NoticeError::DuplicateYear { year });
        }
        if raw.title.trim().is_empty() {
            return Err(NoticeError::NoTitle { year });
        }
        if raw.festival.is_empty() {
            return Err(NoticeError::NoFestivals { year });
        }
        let mut days: BTreeMap<NaiveDate, SpecialDay> = BTreeMap::new();
        for (index, f) in raw.festival.iter().enumerate() {
            let name = f.name.trim();
            if name.is_empty() {
                return Err(NoticeError::NoName {
                    year,
                    index: index + 1,
                });
            }
            let date = |value: &str| {
                value
                    .trim()
                    .parse::<NaiveDate>()
                    .map_err(|_| NoticeError::BadDate {
                        year,
                        festival: name.to_string(),
                        value: value.to_string(),
                    })
            };
            let from = date(&f.from)?;
            let to = match &f.to {
                Some(to) => date(to)?,
                None => from,
            };
            if from > to {
                return Err(NoticeError::Reversed {
                    year,
                    festival: name.into(),
                    from,
                    to,
                });
            }
            let length = (to - from).num_days() + 1;
            if length > 15 {
                return Err(NoticeError::TooLong {
                    year,
                    festival: name.into(),
                    days: length,
                });
            }
            let mut named = Vec::new();
            for day in from.iter_days().take_while(|d| *d <= to) {
                named.push((day, DayKind::Holiday));
            }
            for w in &f.work {
                let day = date(w)?;
                if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                    return Err(NoticeError::WorkdayNotWeekend {
                        year,
                        festival: name.into(),
                        date: day,
                        weekday: day.weekday(),
                    });
                }
                named.push((day, DayKind::Workday));
            }
            for (day, kind) in named {
                // A notice covers its year, plus a New Year's Eve or early-January spill.
                if (day.year() - year).abs() > 1
                    || (day.year() == year - 1 && day.month() != 12)
                    || (day.year() == year + 1 && day.month() != 1)
                {
                    return Err(NoticeError::OutOfYear {
                        year,
                        festival: name.into(),
                        date: day,
                    });
                }
                let entry = SpecialDay {
                    date: day,
                    kind,
                    name: name.to_string(),
                };
                if days.insert(day, entry).is_some() {
                    return Err(NoticeError::Twice { year, date: day });
                }
            }
        }
        notices.push(Notice {
            year,
            title: raw.title.trim().to_string(),
            days: days.into_values().collect(),
        });
    }
    Ok(notices)
}

impl HolidayTable {
    /// Builds a table from validated notices.
    pub fn from_notices(notices: &[Notice]) -> HolidayTable {
        let mut table = HolidayTable::new();
        for n in notices {
            table.add_year(n.year, n.days.iter().map(|d| (d.date, d.kind)));
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
[[notice]]
year = 2030
title = "test"
[[notice.festival]]
name = "春节"
from = "2030-02-02"
to = "2030-02-08"
work = ["2030-01-26"]
"#;

    #[test]
    fn parses_a_notice() {
        let notices = parse_notices(ONE).unwrap();
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].days.len(), 8);
        let table = HolidayTable::from_notices(&notices);
        assert!(table.covers(2030));
        assert!(!table.is_working_day("2030-02-04".parse().unwrap()));
        assert!(table.is_working_day("2030-01-26".parse().unwrap()));
    }

    #[test]
    fn refuses_a_weekday_make_up_day() {
        let bad = ONE.replace("2030-01-26", "2030-01-28");
        let err = parse_notices(&bad).unwrap_err();
        assert!(
            matches!(err, NoticeError::WorkdayNotWeekend { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("2030-01-28"));
    }

    #[test]
    fn refuses_typos() {
        assert!(matches!(
            parse_notices(&ONE.replace("2030-02-08", "2030-02-01")),
            Err(NoticeError::Reversed { .. })
        ));
        assert!(matches!(
            parse_notices(&ONE.replace("2030-02-08", "2030-13-08")),
            Err(NoticeError::BadDate { .. })
        ));
        assert!(matches!(
            parse_notices(&ONE.replace("to = \"2030-02-08\"", "to = \"2030-03-08\"")),
            Err(NoticeError::TooLong { .. })
        ));
        assert!(matches!(
            parse_notices(&ONE.replace("2030-01-26", "2032-01-24")),
            Err(NoticeError::OutOfYear { .. })
        ));
        assert!(matches!(
            parse_notices("x = 1"),
            Err(NoticeError::Syntax(_))
        ));
        assert!(matches!(parse_notices(""), Err(NoticeError::Empty)));
        let twice = format!("{ONE}\n{ONE}");
        assert!(matches!(
            parse_notices(&twice),
            Err(NoticeError::DuplicateYear { .. })
        ));
    }
}
