//! While a resident is registered: open cases that may be the same matter, and the places
//! where matters keep coming back.

use chrono::{Months, NaiveDate};
use rusqlite::params;
use serde::Serialize;

use super::Store;
use super::cases::{CaseRecord, record_from_row, select_records};
use super::error::Result;
use super::rows::date_text;
use crate::domain::case::CaseId;
use crate::domain::phone::normalize_phone;
use crate::domain::recurring::{Occurrence, Recurrence, recurring};
use crate::domain::similarity::{NEAR_DUPLICATE, bigrams, place, score};

/// Why a case is offered as a possible duplicate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    SamePhone,
    SameAddress,
    SimilarContent { score: f64 },
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub record: CaseRecord,
    pub reasons: Vec<Reason>,
}

/// How far back open cases are compared.
const LOOK_BACK_DAYS: u64 = 180;
/// At most this many candidates are offered.
const MAX_CANDIDATES: usize = 5;

impl Store {
    /// Open cases (still at the desk or with a unit, not duplicates themselves) that share
    /// the phone or the address, or say nearly the same thing. Best matches first.
    pub fn duplicate_candidates(
        &self,
        phone: &str,
        address: &str,
        content: &str,
        station: Option<&str>,
        today: NaiveDate,
        exclude: Option<CaseId>,
    ) -> Result<Vec<Candidate>> {
        let since = today - chrono::Days::new(LOOK_BACK_DAYS);
        // The partial index of live cases holds only what is still open, whatever the size
        // of the history; the station's own indexes would walk all of its cases.
        let sql = format!(
            "{} WHERE c.status NOT IN ('answered', 'declined', 'closed') AND c.duplicate_of IS NULL \
               AND c.status <> 'withdrawn' AND c.received_at >= ?1 AND (?2 IS NULL OR c.station = ?2) ORDER BY c.received_at DESC",
            select_records().replacen("FROM cases c ", "FROM cases c INDEXED BY cases_live ", 1)
        );
        let phone = normalize_phone(phone).ok();
        let address: String = address.chars().filter(|c| !c.is_whitespace()).collect();
        let wanted = bigrams(content);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![format!("{}T00:00:00", date_text(since)), station],
            record_from_row,
        )?;
        let mut out = Vec::new();
        for row in rows {
            let record = row?;
            if Some(record.case.id) == exclude {
                continue;
            }
            let mut reasons = Vec::new();
            if phone.is_some() && record.resident.phone == phone {
                reasons.push(Reason::SamePhone);
            }
            let theirs: Option<String> = record
                .resident
                .address
                .as_ref()
                .map(|a| a.chars().filter(|c| !c.is_whitespace()).collect());
            if !address.is_empty() && theirs.as_deref() == Some(address.as_str()) {
                reasons.push(Reason::SameAddress);
            }
            let alike = score(&wanted, &bigrams(&record.case.content));
            if alike >= NEAR_DUPLICATE {
                reasons.push(Reason::SimilarContent {
                    score: (alike * 100.0).round() / 100.0,
                });
            }
            if !reasons.is_empty() {
                out.push(Candidate { record, reasons });
            }
        }
        out.sort_by(|a, b| rank(b).total_cmp(&rank(a)));
        out.truncate(MAX_CANDIDATES);
        Ok(out)
    }

    /// Places and categories with cases in at least `min_months` different months over the
    /// last `months` months.
    pub fn recurring(
        &self,
        station: Option<&str>,
        today: NaiveDate,
        months: u32,
        min_months: usize,
    ) -> Result<Vec<Recurrence>> {
        let since = today
            .checked_sub_months(Months::new(months))
            .unwrap_or(today);
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.station, r.address, substr(c.category, 1, 2), substr(c.received_at, 1, 7), c.number \
             FROM cases c JOIN residents r ON r.case_id = c.id \
             WHERE c.received_at >= ?1 AND c.category IS NOT NULL AND r.address IS NOT NULL \
               AND c.duplicate_of IS NULL AND (?2 IS NULL OR c.station = ?2)",
        )?;
        let rows = stmt.query_map(
            params![format!("{}T00:00:00", date_text(since)), station],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )?;
        let mut occurrences = Vec::new();
        for row in rows {
            let (station, address, category, month, number) = row?;
            if let Some(place) = place(&address) {
                occurrences.push(Occurrence {
                    station,
                    place,
                    category,
                    month,
                    number,
                });
            }
        }
        Ok(recurring(&occurrences, min_months))
    }
}

/// Same phone weighs most, then same address, then how alike the words are.
fn rank(c: &Candidate) -> f64 {
    c.reasons
        .iter()
        .map(|r| match r {
            Reason::SamePhone => 2.0,
            Reason::SameAddress => 1.0,
            Reason::SimilarContent { score } => *score,
        })
        .sum()
}
