//! What the screen shows, read from the database in one go: the roster, the desk's queue,
//! the cases waiting for classification, the supervision board and the counts in the
//! header. A write answers with the case it changed, and `apply.rs` puts that case in its
//! places without reading everything again.

mod apply;
mod lists;

pub use lists::Lists;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::calendar::{ReceptionDay, StationCalendar};
use crate::domain::category::Taxonomy;
use crate::domain::member::Member;
use crate::domain::roster::DutyEntry;
use crate::domain::station::Station;
use crate::store::{CaseRecord, Result, Store};

pub use crate::store::BoardRow;

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
        Ok(Refs::new(
            store.stations()?,
            store.members()?,
            store.taxonomy()?,
            store.calendar(&desk.code)?,
            desk,
        ))
    }

    pub fn new(
        stations: Vec<Station>,
        members: Vec<Member>,
        taxonomy: Taxonomy,
        calendar: StationCalendar,
        desk: Station,
    ) -> Refs {
        let member_index = members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        Refs {
            calendar,
            stations,
            taxonomy,
            members,
            member_index,
            desk,
        }
    }

    /// The shipped reference data, for a desk of `station` (for tests of a layer alone).
    pub fn shipped(station: &str) -> Refs {
        let network = crate::assets::network();
        let desk = network
            .station(station)
            .cloned()
            .expect("a shipped station");
        let calendar = StationCalendar {
            holidays: crate::domain::calendar::HolidayTable::from_notices(
                &crate::assets::holiday_notices(),
            ),
            overrides: Default::default(),
        };
        Refs::new(
            network.stations,
            network.members,
            crate::assets::taxonomy(),
            calendar,
            desk,
        )
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.member_index.get(id).map(|&i| &self.members[i])
    }

    /// The home sees every station; a station only itself.
    pub fn scope(&self) -> Option<&str> {
        self.desk.scope()
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
    /// Which list a case belongs on.
    pub lists: Lists,
    /// This desk's epoch: a new one means the file was restored from a backup.
    pub epoch: u32,
    /// A demo file (`liaison --demo`): set up as a reception day, whatever day it is.
    pub demo: bool,
}

impl Snapshot {
    /// A desk with nothing on it yet (for tests of a layer alone).
    pub fn empty(refs: Arc<Refs>, now: NaiveDateTime) -> Snapshot {
        let today = now.date();
        let horizon = crate::store::board_horizon(today, &refs.calendar.holidays);
        let lists = Lists::of(&refs.desk.code, refs.scope(), today, horizon);
        Snapshot {
            reception: refs.calendar.next_reception_day(today),
            refs,
            today,
            now,
            roster: Vec::new(),
            queue: Vec::new(),
            to_classify: Vec::new(),
            board: Vec::new(),
            counts: Counts::default(),
            received: BTreeMap::new(),
            horizon,
            lists,
            epoch: 1,
            demo: false,
        }
    }

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
        let holidays = &refs.calendar.holidays;
        let horizon = crate::store::board_horizon(today, holidays);
        let lists = Lists::of(&desk, scope.as_deref(), today, horizon);
        // Residents left waiting on an earlier day stay on the desk until they are called,
        // classified or declined.
        let mut queue = Vec::new();
        for filter in &lists.queue {
            queue.extend(store.cases(filter)?);
        }
        let to_classify = store.cases(&lists.to_classify)?;
        let board = store.board(scope.as_deref(), today, holidays)?;
        let epoch = store.desk_identity()?.epoch;
        let demo = store.is_demo()?;
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
            lists,
            epoch,
            demo,
        };
        snapshot.sort_queue();
        snapshot.set_roster(entries);
        Ok(snapshot)
    }
}
