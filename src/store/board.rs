//! The supervision board (督办看板): open cases with a unit due within the board's horizon,
//! the most overdue first, at most [`BOARD_LIMIT`] of them, each with its place on the
//! ladder. The screen's board, `liaison supervise` and the steps both record (Ctrl-U,
//! `--urge-due`) read this one definition.

use chrono::NaiveDate;

use super::Store;
use super::cases::{CaseFilter, CaseRecord};
use super::error::Result;
use crate::domain::calendar::HolidayTable;
use crate::domain::event::EventBody;
use crate::domain::handling::supervision_event;
use crate::domain::ladder::{BOARD_HORIZON_DAYS, BOARD_LIMIT, Position, position};

/// One case on the board.
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub record: CaseRecord,
    pub position: Position,
}

impl BoardRow {
    /// The board's row of a case, if it has a place on the ladder.
    pub fn new(record: CaseRecord, today: NaiveDate, holidays: &HolidayTable) -> Option<BoardRow> {
        let position = position(&record.case, today, holidays)?;
        Some(BoardRow { record, position })
    }

    /// The ladder's step due today on this case, as the event that records it.
    pub fn step_due(&self, note: Option<String>) -> Option<EventBody> {
        self.position
            .action_due
            .map(|step| supervision_event(step, note))
    }
}

/// What the board is narrowed to: one handling unit's cases, or (at the home) one station's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoardFilter {
    Unit(String),
    Station(String),
}

impl BoardFilter {
    /// Whether a row of the board stays under the filter.
    pub fn keeps(&self, row: &BoardRow) -> bool {
        let case = &row.record.case;
        match self {
            BoardFilter::Unit(code) => case.unit.as_deref() == Some(code.as_str()),
            BoardFilter::Station(code) => case.station == *code,
        }
    }
}

/// The last day the board looks at: cases due up to it are shown.
pub fn horizon(today: NaiveDate, holidays: &HolidayTable) -> NaiveDate {
    holidays.add_working_days(today, BOARD_HORIZON_DAYS).date
}

/// Which cases the board lists: a station's own (`scope`), or every station's at the home.
pub fn board_filter(scope: Option<&str>, horizon: NaiveDate) -> CaseFilter {
    CaseFilter {
        station: scope.map(str::to_string),
        due_by: Some(horizon),
        limit: Some(BOARD_LIMIT),
        ..CaseFilter::default()
    }
}

impl Store {
    /// The board of a desk's view today.
    pub fn board(
        &self,
        scope: Option<&str>,
        today: NaiveDate,
        holidays: &HolidayTable,
    ) -> Result<Vec<BoardRow>> {
        let filter = board_filter(scope, horizon(today, holidays));
        Ok(self
            .cases(&filter)?
            .into_iter()
            .filter_map(|record| BoardRow::new(record, today, holidays))
            .collect())
    }
}
