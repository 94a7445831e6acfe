//! What the self-service page (扫码登记) needs from the file besides registering: the day's
//! token its address carries, and the waiting room's list of residents called.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::Store;
use super::error::Result;
use super::rows::{date_text, datetime, datetime_text};

/// A resident called to a member, as the waiting room's display shows it: the case number
/// (its last digits are the queue number) and the member's name, nothing of the resident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallShown {
    pub number: String,
    pub member: String,
    pub at: NaiveDateTime,
}

impl Store {
    /// The day's token of the self-service page, if one was made.
    pub fn day_token(&self, day: NaiveDate) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT token FROM self_service_tokens WHERE day = ?1",
                [date_text(day)],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The day's token: the one made earlier today, or `fresh` (kept from now on). With
    /// `replace`, `fresh` replaces today's: pages opened with the old one are refused.
    /// Tokens of earlier days are dropped.
    pub fn keep_day_token(
        &mut self,
        day: NaiveDate,
        fresh: &str,
        replace: bool,
        now: NaiveDateTime,
    ) -> Result<String> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let day_text = date_text(day);
        tx.execute(
            "DELETE FROM self_service_tokens WHERE day <> ?1",
            [&day_text],
        )?;
        let kept: Option<String> = tx
            .query_row(
                "SELECT token FROM self_service_tokens WHERE day = ?1",
                [&day_text],
                |r| r.get(0),
            )
            .optional()?;
        let token = match kept {
            Some(token) if !replace => token,
            _ => {
                tx.execute(
                    "INSERT INTO self_service_tokens (day, token, created_at) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (day) DO UPDATE SET token = excluded.token, \
                     created_at = excluded.created_at",
                    params![day_text, fresh, datetime_text(now)],
                )?;
                fresh.to_string()
            }
        };
        tx.commit()?;
        Ok(token)
    }

    /// The residents called to a member at a station on a day, latest first, at most `limit`.
    pub fn calls_on(&self, day: NaiveDate, station: &str, limit: u32) -> Result<Vec<CallShown>> {
        let from = format!("{}T00:00:00", date_text(day));
        let to = format!("{}T00:00:00", date_text(day + chrono::Days::new(1)));
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.number, m.name, e.at FROM case_events e \
             JOIN cases c ON c.id = e.case_id \
             JOIN members m ON m.id = json_extract(e.payload, '$.deputy') \
             WHERE e.at >= ?1 AND e.at < ?2 AND e.kind = 'called' AND c.station = ?3 \
             ORDER BY e.at DESC, e.seq DESC LIMIT ?4",
        )?;
        let rows = stmt.query_map(params![from, to, station, limit], |r| {
            Ok(CallShown {
                number: r.get(0)?,
                member: r.get(1)?,
                at: datetime(r, 2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
