//! What the monthly report and the duty records read of wishes: the month's events of the
//! wishes in scope, from the log, with the registration time of each wish fulfilled in it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::params;

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{date_text, datetime, datetime_text};
use crate::domain::month::Month;
use crate::domain::wish::{WishBody, WishEvent, WishId};

/// A month of the wishes' log.
#[derive(Debug, Default)]
pub struct MonthWishes {
    /// Events written from the month's first day to the cutoff, in log order.
    pub events: Vec<WishEvent>,
    /// When each wish fulfilled in the month was registered.
    pub registered_at: HashMap<WishId, NaiveDateTime>,
}

impl Store {
    /// The wishes' events of `month` up to `cutoff`, of one station or (the home) all: one
    /// range of the log's time index, whatever the years before.
    pub fn month_wishes(
        &self,
        month: Month,
        cutoff: NaiveDateTime,
        station: Option<&str>,
    ) -> Result<MonthWishes> {
        let start = format!("{}T00:00:00", date_text(month.first_day()));
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.wish_id, e.at, e.actor, e.kind, e.payload, \
               (SELECT r.at FROM wish_events r WHERE r.wish_id = e.wish_id AND r.kind = 'registered') \
             FROM wish_events e JOIN wishes w ON w.id = e.wish_id \
             WHERE e.at >= ?1 AND e.at <= ?2 AND (?3 IS NULL OR w.station = ?3) \
             ORDER BY e.seq",
        )?;
        let mut rows = stmt.query(params![start, datetime_text(cutoff), station])?;
        let mut out = MonthWishes::default();
        while let Some(r) = rows.next()? {
            let kind: String = r.get(4)?;
            let payload: String = r.get(5)?;
            let body = WishBody::from_stored(&kind, &payload).map_err(|e| {
                StoreError::Corrupt(format!("a wish event `{kind}` cannot be read: {e}"))
            })?;
            let event = WishEvent {
                id: r.get(0)?,
                wish_id: r.get(1)?,
                at: datetime(r, 2)?,
                actor: r.get(3)?,
                body,
            };
            if matches!(event.body, WishBody::Fulfilled { .. }) {
                out.registered_at.insert(event.wish_id, datetime(r, 6)?);
            }
            out.events.push(event);
        }
        Ok(out)
    }

    /// Per member: the wishes they claimed whose fulfilment was recorded in `year`.
    pub(super) fn wishes_fulfilled_by_member(&self, year: i32) -> Result<HashMap<String, u32>> {
        let (from, to) = (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1));
        let mut stmt = self.conn.prepare_cached(
            "SELECT w.member, count(*) FROM wish_events e JOIN wishes w ON w.id = e.wish_id \
             WHERE e.kind = 'fulfilled' AND e.at >= ?1 AND e.at < ?2 AND w.member IS NOT NULL \
             GROUP BY w.member",
        )?;
        let rows = stmt.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
