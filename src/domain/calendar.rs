//! Reception days and working-day arithmetic over the official holiday table.
//!
//! Working days follow the State Council's yearly notice, including the make-up working days
//! (调休) that fall on weekends. A year without a notice in the table is computed on its
//! statutory days off ([`super::statutory`]: the law is known before the notice) and weekends,
//! *provisionally*: every answer that touches such a year is flagged `uncertain` (待核).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use crate::machine_names;

machine_names! {
    /// How the official notice marks a day.
    pub enum DayKind: "day kind" {
        /// An official holiday (放假), whatever the weekday.
        Holiday = "holiday",
        /// A make-up working day (调休上班) on a weekend.
        Workday = "workday",
    }
}

/// One day named by a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// The festival it belongs to: 春节, 国庆节…
    pub name: String,
}

/// The official holidays and make-up working days of the years we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayTable {
    days: BTreeMap<NaiveDate, DayKind>,
    /// Years for which a notice is loaded.
    years: BTreeSet<i32>,
    /// Years without a notice count their statutory days off (provisionally); off: weekends
    /// alone, as deadlines were reckoned before the desk knew the law.
    statutory: bool,
}

impl Default for HolidayTable {
    fn default() -> Self {
        HolidayTable {
            days: BTreeMap::new(),
            years: BTreeSet::new(),
            statutory: true,
        }
    }
}

/// What the desk knows of a year's holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearStatus {
    /// The State Council's notice is loaded.
    Loaded,
    /// No notice: the statutory days of the law are used, flagged 待核.
    Provisional,
    /// Neither: weekends alone, flagged 待核.
    None,
}

/// A date computed from the calendar, flagged when it relied on a year without data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reckoned {
    pub date: NaiveDate,
    pub uncertain: bool,
}

/// The reception day (代表联系服务群众日) of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReceptionDay {
    pub date: NaiveDate,
    /// The third Tuesday, before any move.
    pub regular: NaiveDate,
    /// Moved off a holiday to the next working Tuesday.
    pub moved: bool,
    /// Set by the station by hand.
    pub overridden: bool,
    pub uncertain: bool,
}

impl HolidayTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the days of one year's notice; the year counts as known from then on.
    pub fn add_year(&mut self, year: i32, days: impl IntoIterator<Item = (NaiveDate, DayKind)>) {
        self.years.insert(year);
        self.days.extend(days);
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The same table reckoning years without a notice on weekends alone: how deadlines were
    /// counted before the desk knew the statutory days.
    pub fn weekends_only(&self) -> HolidayTable {
        HolidayTable {
            statutory: false,
            ..self.clone()
        }
    }

    /// Whether a year has its notice, the law's days only, or nothing.
    pub fn year_status(&self, year: i32) -> YearStatus {
        if self.covers(year) {
            YearStatus::Loaded
        } else if self.statutory && super::statutory::YEARS.contains(&year) {
            YearStatus::Provisional
        } else {
            YearStatus::None
        }
    }

    /// The statutory festival a day belongs to, when it counts as a day off only because its
    /// year has no notice yet.
    pub fn provisional(&self, date: NaiveDate) -> Option<&'static str> {
        if !self.statutory || self.covers(date.year()) || self.days.contains_key(&date) {
            return None;
        }
        super::statutory::all().get(&date).copied()
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// What the table says of a day, if anything.
    pub fn special(&self, date: NaiveDate) -> Option<DayKind> {
        self.days.get(&date).copied()
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !is_weekend(date) && self.provisional(date).is_none(),
        }
    }

    /// The date `n` working days after `from`; `from` itself is not counted.
    /// `n == 0` gives `from` itself.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Reckoned {
        let mut date = from;
        let mut uncertain = false;
        let mut left = n;
        while left > 0 {
            date = next_day(date);
            uncertain |= !self.covers(date.year());
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        Reckoned { date, uncertain }
    }

    /// The latest working day `d` on or before `to` such that `to` lies `n` working days after
    /// it; the inverse of [`HolidayTable::add_working_days`] for planning backwards.
    pub fn working_days_before(&self, to: NaiveDate, n: u32) -> NaiveDate {
        let mut date = to;
        let mut left = n;
        while left > 0 {
            if self.is_working_day(date) {
                left -= 1;
            }
            date = date
                .pred_opt()
                .expect("dates stay far from chrono's limits");
        }
        while !self.is_working_day(date) {
            date = date
                .pred_opt()
                .expect("dates stay far from chrono's limits");
        }
        date
    }

    /// Working days in `(from, to]`: how many working days `to` lies after `from`.
    /// Negative when `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        // The board asks this for hundreds of cases up to years overdue: count weekdays by
        // arithmetic, then correct by the table's days in the range, never day by day.
        let span = (to - from).num_days();
        let mut count = span / 7 * 5;
        let mut date = from + chrono::Duration::days(span / 7 * 7);
        while date < to {
            date = next_day(date);
            count += i64::from(!is_weekend(date));
        }
        use std::ops::Bound::{Excluded, Included};
        for (day, kind) in self.days.range((Excluded(from), Included(to))) {
            match (kind, is_weekend(*day)) {
                (DayKind::Holiday, false) => count -= 1,
                (DayKind::Workday, true) => count += 1,
                _ => {}
            }
        }
        if self.statutory {
            for day in super::statutory::all()
                .range((Excluded(from), Included(to)))
                .map(|(day, _)| *day)
            {
                if !is_weekend(day) && self.provisional(day).is_some() {
                    count -= 1;
                }
            }
        }
        count
    }

    /// The reception day of a month by the rule: the third Tuesday, or the next working
    /// Tuesday if it is an official holiday.
    pub fn reception_day(&self, year: i32, month: u32) -> Option<ReceptionDay> {
        let regular = third_tuesday(year, month)?;
        let mut date = regular;
        let mut uncertain = !self.covers(year);
        while !self.is_working_day(date) {
            date = date.checked_add_days(Days::new(7))?;
            uncertain |= !self.covers(date.year());
        }
        Some(ReceptionDay {
            date,
            regular,
            moved: date != regular,
            overridden: false,
            uncertain,
        })
    }
}

/// A station's calendar: the holiday table plus the months it moved by hand.
#[derive(Debug, Clone, Default)]
pub struct StationCalendar {
    pub holidays: HolidayTable,
    /// (year, month) → the date the station chose.
    pub overrides: BTreeMap<(i32, u32), NaiveDate>,
}

impl StationCalendar {
    pub fn reception_day(&self, year: i32, month: u32) -> Option<ReceptionDay> {
        let computed = self.holidays.reception_day(year, month)?;
        Some(match self.overrides.get(&(year, month)) {
            Some(&date) => ReceptionDay {
                date,
                overridden: true,
                moved: date != computed.regular,
                uncertain: false,
                ..computed
            },
            None => computed,
        })
    }

    /// The reception days of a year, January to December.
    pub fn reception_days(&self, year: i32) -> Vec<ReceptionDay> {
        (1..=12)
            .filter_map(|m| self.reception_day(year, m))
            .collect()
    }

    /// Whether `today` is a reception day, or else the next one on or after it.
    pub fn next_reception_day(&self, today: NaiveDate) -> Option<ReceptionDay> {
        let (mut year, mut month) = (today.year(), today.month());
        // A moved day can slip into the next month, so look at a few months.
        for _ in 0..14 {
            if let Some(day) = self.reception_day(year, month)
                && day.date >= today
            {
                return Some(day);
            }
            (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
        }
        None
    }

    pub fn is_reception_day(&self, today: NaiveDate) -> bool {
        self.next_reception_day(today)
            .is_some_and(|d| d.date == today)
    }
}

/// The third Tuesday of a month.
pub fn third_tuesday(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Tue, 3)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt()
        .expect("dates stay far from chrono's limits")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn statutory_days_when_no_notice() {
        let t = HolidayTable::new();
        assert_eq!(t.year_status(2030), YearStatus::Provisional);
        assert_eq!(t.provisional(d("2030-01-01")), Some("元旦"));
        assert!(!t.is_working_day(d("2030-01-01")));
        let r = t.add_working_days(d("2029-12-31"), 1);
        assert_eq!(r.date, d("2030-01-02"));
        assert!(r.uncertain);
        let plain = t.weekends_only();
        assert!(plain.is_working_day(d("2030-01-01")));
        assert_eq!(plain.year_status(2030), YearStatus::None);
        assert_eq!(t.year_status(2100), YearStatus::None);
    }

    #[test]
    fn between_agrees_with_adding_across_provisional_days() {
        let t = HolidayTable::new();
        let from = d("2027-01-20");
        for n in 0..80 {
            let to = t.add_working_days(from, n).date;
            assert_eq!(t.working_days_between(from, to), n as i64, "n = {n}");
        }
    }

    #[test]
    fn weekends_only_when_no_data() {
        let t = HolidayTable::new();
        assert!(t.is_working_day(d("2030-01-07")));
        assert!(!t.is_working_day(d("2030-01-06")));
        let r = t.add_working_days(d("2030-01-04"), 1);
        assert_eq!(r.date, d("2030-01-07"));
        assert!(r.uncertain);
    }

    #[test]
    fn zero_days_is_the_same_day() {
        let t = HolidayTable::new();
        let r = t.add_working_days(d("2030-01-04"), 0);
        assert_eq!(r.date, d("2030-01-04"));
        assert!(!r.uncertain);
    }

    #[test]
    fn between_counts_working_days_after_the_start() {
        let t = HolidayTable::new();
        // Fri → next Fri: Mon..Fri.
        assert_eq!(t.working_days_between(d("2030-01-04"), d("2030-01-11")), 5);
        assert_eq!(t.working_days_between(d("2030-01-11"), d("2030-01-04")), -5);
        assert_eq!(t.working_days_between(d("2030-01-04"), d("2030-01-04")), 0);
    }

    #[test]
    fn backwards_is_the_inverse_of_forwards() {
        let t = HolidayTable::new();
        for n in 0..30 {
            let to = d("2030-03-15");
            let from = t.working_days_before(to, n);
            assert!(t.is_working_day(from));
            assert_eq!(t.working_days_between(from, to), n as i64, "n = {n}");
        }
    }

    #[test]
    fn override_wins() {
        let mut cal = StationCalendar::default();
        cal.overrides.insert((2030, 3), d("2030-03-26"));
        let day = cal.reception_day(2030, 3).unwrap();
        assert_eq!(day.date, d("2030-03-26"));
        assert!(day.overridden && day.moved);
        assert_eq!(day.regular, d("2030-03-19"));
    }
}
