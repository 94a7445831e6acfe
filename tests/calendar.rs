//! The calendar against the State Council's 2026 schedule and the design page's examples.

use chrono::NaiveDate;
use liaison::assets;
use liaison::domain::calendar::{HolidayTable, StationCalendar};
use liaison::domain::holidays::parse_notices;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn shipped() -> HolidayTable {
    HolidayTable::from_notices(&assets::holiday_notices())
}

fn calendar() -> StationCalendar {
    StationCalendar {
        holidays: shipped(),
        overrides: Default::default(),
    }
}

#[test]
fn reception_days_of_2026() {
    let expected = [
        "2026-01-20",
        "2026-02-24",
        "2026-03-17",
        "2026-04-21",
        "2026-05-19",
        "2026-06-16",
        "2026-07-21",
        "2026-08-18",
        "2026-09-15",
        "2026-10-20",
        "2026-11-17",
        "2026-12-15",
    ];
    let days = calendar().reception_days(2026);
    let got: Vec<String> = days.iter().map(|r| r.date.to_string()).collect();
    assert_eq!(got, expected);
    // Only February moves: its third Tuesday, 2026-02-17, is in the Spring Festival holiday.
    let moved: Vec<_> = days.iter().filter(|r| r.moved).collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].regular, d("2026-02-17"));
    assert!(days.iter().all(|r| !r.uncertain));
}

#[test]
fn design_page_due_dates() {
    let t = shipped();
    let due = t.add_working_days(d("2026-09-15"), 15);
    assert_eq!(due.date, d("2026-10-12"));
    assert!(!due.uncertain);
    assert_eq!(
        t.add_working_days(d("2026-04-21"), 10).date,
        d("2026-05-08")
    );
}

#[test]
fn make_up_days_and_holidays_of_2026() {
    let t = shipped();
    for work in [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ] {
        assert!(t.is_working_day(d(work)), "{work} is a make-up working day");
    }
    for off in [
        "2026-02-15",
        "2026-02-23",
        "2026-09-25",
        "2026-09-27",
        "2026-10-01",
        "2026-10-07",
    ] {
        assert!(!t.is_working_day(d(off)), "{off} is a holiday");
    }
    // An ordinary weekend and weekday.
    assert!(!t.is_working_day(d("2026-11-28")));
    assert!(t.is_working_day(d("2026-11-26")));
}

#[test]
fn the_day_itself_is_not_counted() {
    let t = shipped();
    // Thursday 2026-11-26 + 1 working day = Friday; + 2 = Monday.
    assert_eq!(t.add_working_days(d("2026-11-26"), 1).date, d("2026-11-27"));
    assert_eq!(t.add_working_days(d("2026-11-26"), 2).date, d("2026-11-30"));
    // Counting from a holiday starts from the next working day.
    assert_eq!(t.add_working_days(d("2026-10-01"), 1).date, d("2026-10-08"));
}

#[test]
fn a_deadline_into_an_unknown_year_is_uncertain() {
    let t = shipped();
    let safe = t.add_working_days(d("2026-12-01"), 15);
    assert_eq!(safe.date, d("2026-12-22"));
    assert!(!safe.uncertain);
    let into_2027 = t.add_working_days(d("2026-12-20"), 15);
    assert!(into_2027.uncertain, "2027 has no notice yet");
    assert_eq!(
        into_2027.date,
        d("2027-01-08"),
        "weekends alone are used meanwhile"
    );
    let reception = calendar().reception_day(2027, 2).unwrap();
    assert!(reception.uncertain);
}

#[test]
fn a_new_years_notice_removes_the_uncertainty() {
    // A made-up 2027 notice in the shipped format, as `liaison holidays import` reads it.
    let notice = r#"
[[notice]]
year = 2027
title = "test notice"
[[notice.festival]]
name = "元旦"
from = "2027-01-01"
to = "2027-01-03"
"#;
    let mut notices = assets::holiday_notices();
    notices.extend(parse_notices(notice).unwrap());
    let t = HolidayTable::from_notices(&notices);
    let due = t.add_working_days(d("2026-12-20"), 15);
    assert!(!due.uncertain);
    // 2027-01-01 is a Friday holiday: the deadline moves one working day later.
    assert_eq!(due.date, d("2027-01-11"));
}

#[test]
fn new_years_eve_2022_belongs_to_the_2023_notice() {
    let t = shipped();
    assert!(!t.is_working_day(d("2022-12-31")));
    assert!(
        !t.is_working_day(d("2023-01-02")),
        "Monday 2023-01-02 was a holiday"
    );
    assert!(
        t.is_working_day(d("2023-01-28")),
        "Saturday make-up day after Spring Festival"
    );
}

#[test]
fn every_shipped_year_has_plausible_reception_days() {
    let cal = calendar();
    for year in 2022..=2026 {
        for r in cal.reception_days(year) {
            assert_eq!(r.date.format("%a").to_string(), "Tue", "{r:?}");
            assert!(cal.holidays.is_working_day(r.date), "{r:?}");
        }
    }
    // October 2023's third Tuesday (10-17) is a working day; Oct 2024's (10-15) too.
    assert_eq!(cal.reception_day(2023, 10).unwrap().date, d("2023-10-17"));
}

/// The board counts working days arithmetically; every pair of days over the shipped years
/// (and beyond, where only weekends count) must agree with walking them one by one.
#[test]
fn working_days_between_agrees_with_counting_day_by_day() {
    let t = shipped();
    let walk = |from: NaiveDate, to: NaiveDate| -> i64 {
        let (a, b, sign) = if to < from {
            (to, from, -1)
        } else {
            (from, to, 1)
        };
        let mut n = 0;
        let mut day = a;
        while day < b {
            day = day.succ_opt().unwrap();
            n += i64::from(t.is_working_day(day));
        }
        sign * n
    };
    let start = d("2021-12-20");
    for i in (0..1900).step_by(7) {
        let from = start + chrono::Duration::days(i);
        for span in [-40, -9, -1, 0, 1, 2, 5, 6, 7, 8, 13, 29, 30, 31, 200, 777] {
            let to = from + chrono::Duration::days(span);
            assert_eq!(
                t.working_days_between(from, to),
                walk(from, to),
                "{from} → {to}"
            );
            // Every weekday of the start, not only the one `step_by(7)` lands on.
            let from = from + chrono::Duration::days(span.rem_euclid(7));
            assert_eq!(
                t.working_days_between(from, to),
                walk(from, to),
                "{from} → {to}"
            );
        }
    }
}
