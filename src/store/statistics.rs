//! The figures behind the statistics pane: this month by category, a year's monthly trend,
//! and today's overdue cases by unit.

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::params;

use super::Store;
use super::error::Result;
use super::rows::date_text;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statistics {
    /// (main category code, count) for cases received this month; `None` unclassified.
    pub by_category: Vec<(Option<String>, u32)>,
    /// (`YYYY-MM`, count) for the twelve months up to this one, oldest first.
    pub trend: Vec<(String, u32)>,
    /// (unit code, count) of cases overdue today, most first.
    pub overdue_by_unit: Vec<(String, u32)>,
}

impl Store {
    /// Received cases only (受理): withdrawn registrations are outside every count, as in the
    /// monthly report.
    pub fn statistics(&self, station: Option<&str>, today: NaiveDate) -> Result<Statistics> {
        let month_start = today.with_day(1).expect("day 1 exists");
        let year_start = month_start
            .checked_sub_months(Months::new(11))
            .unwrap_or(month_start);
        let from = |d: NaiveDate| format!("{}T00:00:00", date_text(d));
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(category, 1, 2), count(*) FROM cases WHERE received_at >= ?1 \
             AND status <> 'withdrawn' AND (?2 IS NULL OR station = ?2) GROUP BY 1 ORDER BY 1",
        )?;
        let by_category = stmt
            .query_map(params![from(month_start), station], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(received_at, 1, 7), count(*) FROM cases WHERE received_at >= ?1 \
             AND status <> 'withdrawn' AND (?2 IS NULL OR station = ?2) GROUP BY 1",
        )?;
        let counted: Vec<(String, u32)> = stmt
            .query_map(params![from(year_start), station], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let trend = (0..12)
            .map(|i| {
                let m = year_start
                    .checked_add_months(Months::new(i))
                    .expect("in range");
                let key = format!("{:04}-{:02}", m.year(), m.month());
                let n = counted
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(0, |(_, n)| *n);
                (key, n)
            })
            .collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT unit, count(*) FROM cases WHERE status IN ('assigned', 'forwarded') AND due_date < ?1 \
             AND (?2 IS NULL OR station = ?2) GROUP BY unit ORDER BY 2 DESC, 1",
        )?;
        let overdue_by_unit = stmt
            .query_map(params![date_text(today), station], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Statistics {
            by_category,
            trend,
            overdue_by_unit,
        })
    }
}
