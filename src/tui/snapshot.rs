//! What the screen shows, read from the database in one go: the roster, today's queue, the
//! cases waiting for classification, the supervision board and the counts in the header.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::calendar::{ReceptionDay, StationCalendar};
use crate::domain::case::Status;
use crate::domain::category::Taxonomy;
use crate::domain::ladder::{Position, position};
use crate::domain::member::Member;
use crate::domain::roster::DutyEntry;
use crate::domain::station::{Station, StationKind};
use crate::store::{CaseFilter, CaseRecord, Result, Store};

/// How far ahead the board looks: cases due within this many working days are shown.
pub const BOARD_HORIZON_DAYS: u32 = 2;
/// The board lists at most this many cases (most overdue first); the header counts all.
pub const BOARD_LIMIT: u32 = 500;

/// Reference data that changes rarely, shared between snapshots.
#[derive(Debug)]
pub struct Refs {
    pub desk: Station,
    pub stations: Vec<Station>,
    pub members: Vec<Member>,
    pub taxonomy: Taxonomy,
    pub calendar: StationCalendar,
    member_index: HashMap<String, usize>,
}

impl Refs {
    pub fn load(store: &Store) -> Result<Refs> {
        let desk = store.desk()?;
        let members = store.members()?;
        let member_index = members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        Ok(Refs {
            calendar: store.calendar(&desk.code)?,
            stations: store.stations()?,
            taxonomy: store.taxonomy()?,
            members,
            member_index,
            desk,
        })
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.member_index.get(id).map(|&i| &self.members[i])
    }

    /// The home sees every station; a station only itself.
    pub fn scope(&self) -> Option<&str> {
        (self.desk.kind != StationKind::Home).then_some(self.desk.code.as_str())
    }
}

/// One member on today's roster.
#[derive(Debug, Clone)]
pub struct DutyRow {
    pub entry: DutyEntry,
    pub member: Member,
    /// The case this member is receiving now.
    pub receiving: Option<CaseRecord>,
    /// Residents this member received today.
    pub received_today: u32,
}

/// One case on the supervision board.
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub record: CaseRecord,
    pub position: Position,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub waiting: u32,
    pub received_today: u32,
    pub overdue: u64,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub refs: Arc<Refs>,
    pub today: NaiveDate,
    pub now: NaiveDateTime,
    /// Today's reception day, or the next one.
    pub reception: Option<ReceptionDay>,
    pub roster: Vec<DutyRow>,
    /// Today's cases at this desk, in arrival order.
    pub queue: Vec<CaseRecord>,
    /// Cases being received or returned by a unit: waiting for classification.
    pub to_classify: Vec<CaseRecord>,
    pub board: Vec<BoardRow>,
    pub counts: Counts,
}

impl Snapshot {
    /// Reads everything the screen shows. `refs` is reused when given (reference data only
    /// changes when the data version does).
    pub fn load(
        store: &Store,
        refs: Option<Arc<Refs>>,
        today: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Snapshot> {
        let refs = match refs {
            Some(r) => r,
            None => Arc::new(Refs::load(store)?),
        };
        let desk = refs.desk.code.clone();
        let scope = refs.scope().map(str::to_string);
        let queue = store.cases(&CaseFilter {
            station: Some(desk.clone()),
            received_on: Some(today),
            ..CaseFilter::default()
        })?;
        let to_classify = store.cases(&CaseFilter {
            station: scope.clone(),
            statuses: vec![Status::Receiving, Status::Returned],
            limit: Some(BOARD_LIMIT),
            ..CaseFilter::default()
        })?;
        let horizon = refs
            .calendar
            .holidays
            .add_working_days(today, BOARD_HORIZON_DAYS)
            .date;
        let board = store
            .cases(&CaseFilter {
                station: scope.clone(),
                due_by: Some(horizon),
                limit: Some(BOARD_LIMIT),
                ..CaseFilter::default()
            })?
            .into_iter()
            .filter_map(|record| {
                let position = position(&record.case, today, &refs.calendar.holidays)?;
                Some(BoardRow { record, position })
            })
            .collect();
        let roster = store
            .roster(today, &desk)?
            .into_iter()
            .filter_map(|entry| {
                let member = refs.member(&entry.member)?.clone();
                let mine = |r: &&CaseRecord| r.case.deputy.as_deref() == Some(member.id.as_str());
                let receiving = queue
                    .iter()
                    .filter(mine)
                    .rfind(|r| r.case.status == Status::Receiving)
                    .cloned();
                let received_today = queue.iter().filter(mine).count() as u32;
                Some(DutyRow {
                    entry,
                    member,
                    receiving,
                    received_today,
                })
            })
            .collect();
        let counts = Counts {
            waiting: queue
                .iter()
                .filter(|r| r.case.status == Status::Queued)
                .count() as u32,
            received_today: queue
                .iter()
                .filter(|r| r.case.status != Status::Queued)
                .count() as u32,
            overdue: store.count_overdue(scope.as_deref(), today)?,
        };
        Ok(Snapshot {
            reception: refs.calendar.next_reception_day(today),
            refs,
            today,
            now,
            roster,
            queue,
            to_classify,
            board,
            counts,
        })
    }
}
