//! What the screen shows, read from the database in one go: the roster, the desk's queue,
//! the cases waiting for classification, the supervision board and the counts in the
//! header. A write answers with the case it changed, and `apply.rs` puts that case in its
//! places without reading everything again.

mod apply;

use std::collections::{BTreeMap, HashMap};
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

pub use crate::domain::ladder::{BOARD_HORIZON_DAYS, BOARD_LIMIT};

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
    /// The residents this member is receiving now (one, unless another terminal called a
    /// second).
    pub receiving: Vec<CaseRecord>,
    /// Residents this member received today (called to them).
    pub received_today: u32,
}

impl DutyRow {
    /// Here and receiving nobody: a resident can be called to them.
    pub fn is_free(&self) -> bool {
        self.entry.is_present() && self.receiving.is_empty()
    }
}

/// One case on the supervision board.
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub record: CaseRecord,
    pub position: Position,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Residents waiting to be received, earlier days' included.
    pub waiting: u32,
    /// Of those, registered on an earlier day.
    pub carried: u32,
    /// Residents received today (called to a deputy).
    pub received_today: u32,
    pub overdue: u64,
}

/// What a write changed: the case as it is now, and what the header needs.
#[derive(Debug, Clone)]
pub struct Written {
    pub record: CaseRecord,
    /// The member a resident was just called to, if the write was a call.
    pub called_to: Option<String>,
    /// Overdue cases in the desk's view after the write.
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
    /// The desk's queue: today's residents and those still waiting from earlier days, in the
    /// order shown: waiting (oldest first), being received, finished.
    pub queue: Vec<CaseRecord>,
    /// Cases being received or returned by a unit: waiting for classification.
    pub to_classify: Vec<CaseRecord>,
    pub board: Vec<BoardRow>,
    pub counts: Counts,
    /// Residents received today, by member.
    pub received: BTreeMap<String, u32>,
    /// The board shows cases due up to this day.
    pub horizon: NaiveDate,
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
        // Residents left waiting on an earlier day stay on the desk until they are called,
        // classified or declined.
        let mut queue = store.cases(&CaseFilter {
            station: Some(desk.clone()),
            statuses: vec![Status::Queued],
            received_before: Some(today),
            ..CaseFilter::default()
        })?;
        queue.extend(store.cases(&CaseFilter {
            station: Some(desk.clone()),
            received_on: Some(today),
            ..CaseFilter::default()
        })?);
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
            .filter_map(|record| BoardRow::new(record, today, &refs))
            .collect();
        let overdue = store.count_overdue(scope.as_deref(), today)?;
        let received = store.received_on(today, &desk)?;
        let entries = store.roster(today, &desk)?;
        let mut snapshot = Snapshot {
            reception: refs.calendar.next_reception_day(today),
            refs,
            today,
            now,
            roster: Vec::new(),
            queue,
            to_classify,
            board,
            counts: Counts {
                overdue,
                ..Counts::default()
            },
            received,
            horizon,
        };
        snapshot.sort_queue();
        snapshot.set_roster(entries);
        Ok(snapshot)
    }
}

impl BoardRow {
    /// The board's row of a case, if it has a place on the ladder.
    pub fn new(record: CaseRecord, today: NaiveDate, refs: &Refs) -> Option<BoardRow> {
        let position = position(&record.case, today, &refs.calendar.holidays)?;
        Some(BoardRow { record, position })
    }
}
