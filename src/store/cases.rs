//! Reading cases and their logs.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use uuid::Uuid;

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{CASE_COLUMNS, case_from_row, date_text, datetime};
use crate::domain::case::{Case, CaseId, Resident, Status};
use crate::domain::event::{Event, EventBody};

/// A case with its resident's personal fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub case: Case,
    pub resident: Resident,
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Only this station's cases; `None` for every station (the home's view).
    pub station: Option<String>,
    /// Only cases in one of these statuses (any status when empty).
    pub statuses: Vec<Status>,
    /// Only cases overdue on this day, most overdue first.
    pub overdue_on: Option<NaiveDate>,
    /// Only open cases (with a unit) due on or before this day, soonest first: the board.
    pub due_by: Option<NaiveDate>,
    /// Only cases received on this day.
    pub received_on: Option<NaiveDate>,
    /// Only cases received before this day.
    pub received_before: Option<NaiveDate>,
    pub limit: Option<u32>,
}

impl CaseFilter {
    /// Whether a case is one this filter reads: the same rule as its SQL (`filter_sql`), for a
    /// case a write just changed (the screen puts it in its lists without reading them again).
    /// The limit is the caller's to keep.
    pub fn matches(&self, case: &Case) -> bool {
        let with_unit = matches!(case.status, Status::Assigned | Status::Forwarded);
        let received = case.received_at.date();
        self.station.as_ref().is_none_or(|s| *s == case.station)
            && (self.statuses.is_empty() || self.statuses.contains(&case.status))
            && self.received_on.is_none_or(|day| received == day)
            && self.received_before.is_none_or(|day| received < day)
            && self
                .overdue_on
                .is_none_or(|today| with_unit && case.due_date.is_some_and(|d| d < today))
            && self
                .due_by
                .is_none_or(|day| with_unit && case.due_date.is_some_and(|d| d <= day))
    }
}

impl Store {
    /// The desk's view: a station sees its own cases, the home sees every station's.
    pub fn scope(&self) -> Result<Option<String>> {
        Ok(self.desk()?.scope().map(str::to_string))
    }

    pub fn case(&self, id: CaseId) -> Result<Option<CaseRecord>> {
        self.first("WHERE c.id = ?1", [id])
    }

    /// Finds a case by its number (`HF-20261117-007`) or its id.
    pub fn find_case(&self, key: &str) -> Result<CaseRecord> {
        let key = key.trim();
        let found = match Uuid::parse_str(key) {
            Ok(id) => self.case(id)?,
            Err(_) => match self.first("WHERE c.number = ?1", [key])? {
                Some(found) => Some(found),
                // A number the case had before its desk was renumbered.
                None => match self.case_by_former_number(key)? {
                    Some(id) => self.case(id)?,
                    None => None,
                },
            },
        };
        found.ok_or_else(|| StoreError::UnknownCase(key.to_string()))
    }

    fn first(&self, clause: &str, params: impl rusqlite::Params) -> Result<Option<CaseRecord>> {
        let sql = format!("{} {clause}", select_records());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(params, record_from_row).optional()?)
    }

    /// Calls `f` for each matching case, streaming: a million cases never sit in memory.
    pub fn for_each_case(
        &self,
        filter: &CaseFilter,
        mut f: impl FnMut(CaseRecord) -> Result<()>,
    ) -> Result<()> {
        let (sql, values) = filter_sql(filter);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        while let Some(row) = rows.next()? {
            f(record_from_row(row)?)?;
        }
        Ok(())
    }

    pub fn cases(&self, filter: &CaseFilter) -> Result<Vec<CaseRecord>> {
        let mut out = Vec::new();
        self.for_each_case(filter, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// The log of a case, in the order it was written.
    pub fn events(&self, case_id: CaseId) -> Result<Vec<Event>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, case_id, at, actor, kind, payload FROM case_events \
             WHERE case_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([case_id], event_from_row)?;
        let mut events = Vec::new();
        for row in rows {
            events.push(row??);
        }
        Ok(events)
    }

    /// Open cases past their due date, in a station or everywhere: a count of the partial
    /// index of open cases' due dates (see `filter_sql`), which never reads a case row.
    pub fn count_overdue(&self, station: Option<&str>, today: NaiveDate) -> Result<u64> {
        count_overdue_in(&self.conn, station, today)
    }

    /// Cases handed to a unit on a day (assigned, forwarded or reopened then), in number
    /// order: the day's hand-over slips. A case returned since, with no unit, has none.
    pub fn handed_over_on(&self, day: NaiveDate, station: Option<&str>) -> Result<Vec<CaseRecord>> {
        let sql = format!(
            "{} WHERE c.id IN (SELECT case_id FROM case_events WHERE (kind IN ('assigned', 'forwarded', 'reopened') \
                 OR (kind = 'reclassified' AND payload ->> '$.handling' IS NOT NULL)) \
               AND at BETWEEN ?1 AND ?2) AND c.unit IS NOT NULL AND (?3 IS NULL OR c.station = ?3) \
             ORDER BY c.number",
            select_records()
        );
        let day = date_text(day);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            rusqlite::params![
                format!("{day}T00:00:00"),
                format!("{day}T23:59:59"),
                station
            ],
            record_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A case's hand-overs, each with its own day and deadline (see
    /// [`crate::domain::hand_overs`]).
    pub fn hand_overs(&self, id: CaseId) -> Result<Vec<crate::domain::hand_overs::HandOver>> {
        Ok(crate::domain::hand_overs::hand_overs(&self.events(id)?))
    }

    pub fn count_cases(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0))? as u64)
    }
}

/// Open cases past their due date, counted on a connection (or inside a write's transaction).
pub(super) fn count_overdue_in(
    conn: &Connection,
    station: Option<&str>,
    today: NaiveDate,
) -> Result<u64> {
    let today = date_text(today);
    let n: i64 = match station {
        Some(station) => conn
            .prepare_cached(
                "SELECT count(*) FROM cases c INDEXED BY cases_open_station_due \
                 WHERE c.status IN ('assigned', 'forwarded') \
                 AND c.station = ?2 AND c.due_date < ?1",
            )?
            .query_row(rusqlite::params![today, station], |r| r.get(0))?,
        None => conn
            .prepare_cached(
                "SELECT count(*) FROM cases c INDEXED BY cases_open_due \
                 WHERE c.status IN ('assigned', 'forwarded') AND c.due_date < ?1",
            )?
            .query_row([today], |r| r.get(0))?,
    };
    Ok(n as u64)
}

/// A case and its resident, on a connection (or inside a write's transaction).
pub(super) fn record_by_id(conn: &Connection, id: CaseId) -> Result<Option<CaseRecord>> {
    let sql = format!("{} WHERE c.id = ?1", select_records());
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], record_from_row)
        .optional()?)
}

/// Reads one case row inside a transaction.
pub(super) fn load_case(conn: &Connection, id: CaseId) -> Result<Option<Case>> {
    let sql = format!("SELECT {} FROM cases c WHERE c.id = ?1", *CASE_COLUMNS);
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], case_from_row)
        .optional()?)
}

pub(super) fn select_records() -> String {
    format!(
        "{} FROM cases c LEFT JOIN residents r ON r.case_id = c.id",
        record_columns()
    )
}

/// `SELECT` and the columns [`record_from_row`] reads: the case's (aliased `c`), then the
/// resident's (`r`).
pub(super) fn record_columns() -> String {
    format!("SELECT {}, r.name, r.phone, r.address", *CASE_COLUMNS)
}

pub(super) fn record_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CaseRecord> {
    let case = case_from_row(row)?;
    let base = super::rows::CASE_COLUMN_COUNT;
    Ok(CaseRecord {
        case,
        resident: Resident {
            name: row.get(base)?,
            phone: row.get(base + 1)?,
            address: row.get(base + 2)?,
        },
    })
}

/// A stored event; a payload that no longer parses is reported as damage, not a panic.
pub(super) fn event_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Event>> {
    let id: Uuid = row.get(0)?;
    let case_id: Uuid = row.get(1)?;
    let at = datetime(row, 2)?;
    let actor: String = row.get(3)?;
    let kind: String = row.get(4)?;
    let payload: String = row.get(5)?;
    Ok(match EventBody::from_stored(&kind, &payload) {
        Ok(body) => Ok(Event {
            id,
            case_id,
            at,
            actor,
            body,
        }),
        Err(e) => Err(StoreError::Corrupt(format!("event {id} ({kind}): {e}"))),
    })
}

fn filter_sql(filter: &CaseFilter) -> (String, Vec<String>) {
    let mut sql = select_records();
    let mut values = Vec::new();
    let mut clauses = Vec::new();
    if let Some(station) = &filter.station {
        values.push(station.clone());
        clauses.push(format!("c.station = ?{}", values.len()));
    }
    if !filter.statuses.is_empty() {
        let mut marks = Vec::new();
        for status in &filter.statuses {
            values.push(status.as_str().to_string());
            marks.push(format!("?{}", values.len()));
        }
        clauses.push(format!("c.status IN ({})", marks.join(", ")));
    }
    if let Some(day) = filter.received_on {
        values.push(format!("{}T00:00:00", date_text(day)));
        values.push(format!("{}T23:59:59", date_text(day)));
        clauses.push(format!(
            "c.received_at BETWEEN ?{} AND ?{}",
            values.len() - 1,
            values.len()
        ));
    }
    if let Some(day) = filter.received_before {
        values.push(format!("{}T00:00:00", date_text(day)));
        clauses.push(format!("c.received_at < ?{}", values.len()));
    }
    if let Some(today) = filter.overdue_on {
        values.push(date_text(today));
        clauses.push(format!(
            "c.status IN ('assigned', 'forwarded') AND c.due_date < ?{}",
            values.len()
        ));
    }
    if let Some(day) = filter.due_by {
        values.push(date_text(day));
        clauses.push(format!(
            "c.status IN ('assigned', 'forwarded') AND c.due_date <= ?{}",
            values.len()
        ));
    }
    let by_due = filter.overdue_on.is_some() || filter.due_by.is_some();
    let station = filter.station.is_some();
    let index = if by_due {
        // The partial index of open cases by due date (per station, or for every station)
        // reads only the cases due, in the board's order. Without it SQLite may pick the
        // status index, and walk every open case of a million, or the station's, and walk
        // its whole history. Its condition is always among the clauses above, so the plan
        // always exists.
        Some(if station {
            "cases_open_station_due"
        } else {
            "cases_open_due"
        })
    } else if !filter.statuses.is_empty() {
        // A few statuses (the queue's, the ones to classify) among a history of closed
        // cases: the statistics cannot tell how few, so SQLite may walk the station's whole
        // history in date order hoping to fill the LIMIT early. The status index reads only
        // the cases in those statuses.
        Some(if station {
            "cases_station_status"
        } else {
            "cases_status"
        })
    } else {
        None
    };
    if let Some(index) = index {
        sql = sql.replacen(
            "FROM cases c ",
            &format!("FROM cases c INDEXED BY {index} "),
            1,
        );
    }
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    if by_due {
        sql.push_str(" ORDER BY c.due_date, c.received_at");
    } else {
        sql.push_str(" ORDER BY c.received_at, c.number");
    }
    if let Some(limit) = filter.limit {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    (sql, values)
}
