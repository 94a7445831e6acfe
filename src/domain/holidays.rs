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
    #[error(
        "notice {year}: the {what} holds control or bidirectional characters (text a terminal \
         or a viewer would act on); copy the text again from the notice"
    )]
    Unclean { year: i32, what: &'static str },
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

/// One festival of a notice: its days off and the weekend days worked instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Festival {
    /// As the notice names it: 春节, 中秋节、国庆节…
    pub name: String,
    pub off: Vec<NaiveDate>,
    pub work: Vec<NaiveDate>,
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
        let mut festivals = Vec::new();
        for f in &raw.festival {
            let name = f.name.trim();
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
            festivals.push(Festival {
                name: name.to_string(),
                off: off_range(year, name, from, to)?,
                work: f.work.iter().map(|w| date(w)).collect::<Result<_, _>>()?,
            });
        }
        notices.push(build_notice(year, &raw.title, festivals)?);
    }
    Ok(notices)
}

/// The days of a stretch off, `from` to `to` inclusive, checked for order and length.
pub fn off_range(
    year: i32,
    festival: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NaiveDate>, NoticeError> {
    if from > to {
        return Err(NoticeError::Reversed {
            year,
            festival: festival.into(),
            from,
            to,
        });
    }
    let length = (to - from).num_days() + 1;
    if length > 15 {
        return Err(NoticeError::TooLong {
            year,
            festival: festival.into(),
            days: length,
        });
    }
    Ok(from.iter_days().take_while(|d| *d <= to).collect())
}

/// A notice from its festivals, checked as a typo would break it: make-up working days on
/// weekends only, every day within the notice's year (± the New Year spill), none named twice.
pub fn build_notice(
    year: i32,
    title: &str,
    festivals: Vec<Festival>,
) -> Result<Notice, NoticeError> {
    if !(1990..=2200).contains(&year) {
        return Err(NoticeError::Year { year });
    }
    if title.trim().is_empty() {
        return Err(NoticeError::NoTitle { year });
    }
    // Titles and names travel to every station's screens and printouts.
    if !super::text::is_clean_line(title) {
        return Err(NoticeError::Unclean {
            year,
            what: "title",
        });
    }
    if festivals
        .iter()
        .any(|f| !super::text::is_clean_line(&f.name))
    {
        return Err(NoticeError::Unclean {
            year,
            what: "festival",
        });
    }
    if festivals.is_empty() {
        return Err(NoticeError::NoFestivals { year });
    }
    let mut days: BTreeMap<NaiveDate, SpecialDay> = BTreeMap::new();
    for (index, f) in festivals.iter().enumerate() {
        let name = f.name.trim();
        if name.is_empty() {
            return Err(NoticeError::NoName {
                year,
                index: index + 1,
            });
        }
        for day in &f.work {
            if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                return Err(NoticeError::WorkdayNotWeekend {
                    year,
                    festival: name.into(),
                    date: *day,
                    weekday: day.weekday(),
                });
            }
        }
        let named = (f.off.iter().map(|d| (*d, DayKind::Holiday)))
            .chain(f.work.iter().map(|d| (*d, DayKind::Workday)));
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
    Ok(Notice {
        year,
        title: title.trim().to_string(),
        days: days.into_values().collect(),
    })
}

impl Notice {
    /// The notice's festivals in the order of their first day, each with its days off and
    /// make-up working days.
    pub fn festivals(&self) -> Vec<Festival> {
        let mut out: Vec<Festival> = Vec::new();
        for day in &self.days {
            let i = match out.iter().position(|f| f.name == day.name) {
                Some(i) => i,
                None => {
                    out.push(Festival {
                        name: day.name.clone(),
                        off: Vec::new(),
                        work: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            match day.kind {
                DayKind::Holiday => out[i].off.push(day.date),
                DayKind::Workday => out[i].work.push(day.date),
            }
        }
        out.sort_by_key(|f| f.off.first().or(f.work.first()).copied());
        out
    }
}

impl Festival {
    /// `春节  off 2027-02-05..02-11 (7 days); make-up working days 2027-02-20 Sat`.
    pub fn describe(&self) -> String {
        let n = self.off.len();
        let mut line = format!(
            "{}  off {} ({n} day{})",
            self.name,
            describe_days(&self.off),
            if n == 1 { "" } else { "s" }
        );
        if !self.work.is_empty() {
            let days: Vec<String> = self
                .work
                .iter()
                .map(|d| format!("{d} {}", d.weekday()))
                .collect();
            line.push_str(&format!("; make-up working days {}", days.join(", ")));
        }
        line
    }
}

/// Dates as short runs: `2027-02-05..02-11, 2027-02-14`.
pub fn describe_days(days: &[NaiveDate]) -> String {
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for &d in days {
        match runs.last_mut() {
            Some((_, end)) if end.succ_opt() == Some(d) => *end = d,
            _ => runs.push((d, d)),
        }
    }
    runs.iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else if a.year() == b.year() {
                format!("{a}..{}", b.format("%m-%d"))
            } else {
                format!("{a}..{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
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
