//! A calendar month: what reports and statistics are counted by.

use chrono::NaiveDate;
use serde::Serialize;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .expect("a valid month")
            .pred_opt()
            .expect("in range")
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        d >= self.first_day() && d <= self.last_day()
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || format!("`{s}` is not a month: write it as YYYY-MM, e.g. 2026-11");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let (year, month) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&month) || !(1990..=2200).contains(&year) || y.len() != 4 {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let m: Month = "2026-02".parse().unwrap();
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        let d: Month = "2026-12".parse().unwrap();
        assert_eq!(d.last_day(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert!("2026-13".parse::<Month>().is_err());
        assert!("26-01".parse::<Month>().is_err());
        assert!("november".parse::<Month>().is_err());
    }
}
