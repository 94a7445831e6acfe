//! The statutory days off of 《全国年节及纪念日放假办法》, known years before the State
//! Council's yearly notice: what the desk uses, *provisionally*, for a year whose notice is not
//! loaded yet.
//!
//! The law (as revised in 2024, in force from 2025) gives every citizen these days off:
//! 元旦 1 January; 春节 New Year's Eve (除夕) and the first three days of the lunar year;
//! 清明 the day of the solar term; 劳动节 1–2 May; 端午 the 5th of the 5th lunar month;
//! 中秋 the 15th of the 8th; 国庆节 1–3 October. Before 2025 (the 2013 revision, in force from
//! 2014): 春节 the first three lunar days without 除夕, 劳动节 1 May only.
//!
//! What the law leaves to the notice is not guessed: the make-up days off for a holiday on a
//! weekend (补休) and the weekends worked instead (调休). That is why a deadline that runs
//! through such a year stays flagged *uncertain* (待核) until the notice is loaded.
//!
//! Sources:
//! - Lunar dates: the `chinese-lunisolar-calendar` crate (its month tables cover the lunar
//!   years 1901–2100). `tests/calendar.rs` checks them against the notices of 2022–2026, the
//!   published dates of 2027–2030, and an astronomical computation (the `tyme4rs` crate) for
//!   every year of [`YEARS`].
//! - 清明: the general formula for the day of a solar term, `⌊Y·D + C⌋ − ⌊Y/4⌋` with `Y` the
//!   year within the century, `D = 0.2422` (the tropical year's excess over 365 days) and, for
//!   清明 in 2001–2099, `C = 4.81` (the constant published with the 寿星天文历 tables); checked
//!   in the same tests.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chinese_lunisolar_calendar::LunisolarDate;
use chrono::{Days, NaiveDate};

/// The years for which the desk knows the statutory days: from the 2013 revision of the law
/// to the last year of the 清明 formula's constant (the lunar tables run to 2100).
pub const YEARS: RangeInclusive<i32> = 2014..=2099;

/// The first year of the 2024 revision (除夕 and 2 May become days off).
const REVISION_2024: i32 = 2025;

/// The festivals as the notices name them.
pub const FESTIVALS: [&str; 7] = [
    "元旦",
    "春节",
    "清明节",
    "劳动节",
    "端午节",
    "中秋节",
    "国庆节",
];

/// The festivals' names in English, in the order of [`FESTIVALS`].
pub const FESTIVALS_EN: [&str; 7] = [
    "New Year's Day",
    "Spring Festival",
    "Qingming Festival",
    "Labour Day",
    "Dragon Boat Festival",
    "Mid-Autumn Festival",
    "National Day",
];

/// The English name of a festival as a notice names it (`中秋节、国庆节` →
/// `Mid-Autumn Festival and National Day`); `None` for a name that is not the law's. The
/// festivals are those of the law, so their English names are known here rather than carried
/// with each notice (whose published text has none).
pub fn english_name(name: &str) -> Option<String> {
    let parts = name
        .split(['、', ',', '，'])
        .map(|part| {
            let part = part.trim();
            FESTIVALS
                .iter()
                .position(|f| *f == part || f.strip_suffix('节') == Some(part))
                .map(|i| FESTIVALS_EN[i])
        })
        .collect::<Option<Vec<_>>>()?;
    Some(parts.join(" and "))
}

/// One statutory day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatutoryDay {
    pub date: NaiveDate,
    /// One of [`FESTIVALS`].
    pub festival: &'static str,
}

/// The statutory days off of a year, in date order; empty outside [`YEARS`].
pub fn days_of(year: i32) -> Vec<StatutoryDay> {
    if !YEARS.contains(&year) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut add = |date: Option<NaiveDate>, festival: &'static str| {
        if let Some(date) = date {
            out.push(StatutoryDay { date, festival });
        }
    };
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    add(ymd(1, 1), FESTIVALS[0]);
    let new_year = lunar(year, 1, 1);
    if year >= REVISION_2024 {
        add(
            new_year.and_then(|d| d.checked_sub_days(Days::new(1))),
            FESTIVALS[1],
        );
    }
    for n in 0..3 {
        add(
            new_year.and_then(|d| d.checked_add_days(Days::new(n))),
            FESTIVALS[1],
        );
    }
    add(qingming(year), FESTIVALS[2]);
    add(ymd(5, 1), FESTIVALS[3]);
    if year >= REVISION_2024 {
        add(ymd(5, 2), FESTIVALS[3]);
    }
    add(lunar(year, 5, 5), FESTIVALS[4]);
    add(lunar(year, 8, 15), FESTIVALS[5]);
    for d in 1..=3 {
        add(ymd(10, d), FESTIVALS[6]);
    }
    // 中秋 can fall on 1–3 October (2020, 2028…): one day off, named once.
    out.sort_by_key(|d| d.date);
    out.dedup_by_key(|d| d.date);
    out
}

/// Every statutory day off of [`YEARS`], computed once.
pub fn all() -> &'static BTreeMap<NaiveDate, &'static str> {
    static ALL: OnceLock<BTreeMap<NaiveDate, &'static str>> = OnceLock::new();
    ALL.get_or_init(|| {
        YEARS
            .flat_map(days_of)
            .map(|d| (d.date, d.festival))
            .collect()
    })
}

/// The Gregorian date of a day of a (non-leap) lunar month in the lunar year that begins in
/// `year`.
pub fn lunar(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    let year = u16::try_from(year).ok()?;
    LunisolarDate::from_ymd(year, month, false, day)
        .ok()
        .map(|d| d.to_naive_date())
}

/// The day of the solar term 清明 (Pure Brightness) in April of `year`, 2001–2099.
pub fn qingming(year: i32) -> Option<NaiveDate> {
    if !(2001..=2099).contains(&year) {
        return None;
    }
    let y = f64::from(year % 100);
    let leap_years = (y / 4.0).floor();
    let day = (y * 0.2422 + 4.81).floor() - leap_years;
    NaiveDate::from_ymd_opt(year, 4, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn festivals_in_english() {
        assert_eq!(english_name("春节").as_deref(), Some("Spring Festival"));
        assert_eq!(english_name("清明").as_deref(), Some("Qingming Festival"));
        assert_eq!(
            english_name("中秋节、国庆节").as_deref(),
            Some("Mid-Autumn Festival and National Day")
        );
        assert_eq!(english_name("植树节"), None);
    }

    #[test]
    fn the_2027_days_by_the_law() {
        let days: Vec<String> = days_of(2027)
            .iter()
            .map(|s| format!("{} {}", s.date, s.festival))
            .collect();
        assert_eq!(
            days,
            [
                "2027-01-01 元旦",
                "2027-02-05 春节",
                "2027-02-06 春节",
                "2027-02-07 春节",
                "2027-02-08 春节",
                "2027-04-05 清明节",
                "2027-05-01 劳动节",
                "2027-05-02 劳动节",
                "2027-06-09 端午节",
                "2027-09-15 中秋节",
                "2027-10-01 国庆节",
                "2027-10-02 国庆节",
                "2027-10-03 国庆节",
            ]
        );
    }

    #[test]
    fn before_the_2024_revision_new_years_eve_and_2_may_are_working_days() {
        let days = days_of(2024);
        assert!(!days.iter().any(|s| s.date == d("2024-02-09")));
        assert!(days.iter().any(|s| s.date == d("2024-02-10")));
        assert!(!days.iter().any(|s| s.date == d("2024-05-02")));
        assert_eq!(days.len(), 11);
    }

    #[test]
    fn mid_autumn_on_national_day_is_named_once() {
        // 2028: 中秋 is 3 October.
        let days = days_of(2028);
        assert_eq!(days.iter().filter(|s| s.date == d("2028-10-03")).count(), 1);
    }

    #[test]
    fn outside_the_known_years_nothing_is_guessed() {
        assert!(days_of(2013).is_empty());
        assert!(days_of(2100).is_empty());
        assert!(qingming(2000).is_none());
        assert!(qingming(2100).is_none());
        assert_eq!(qingming(2099), Some(d("2099-04-04")));
    }
}
