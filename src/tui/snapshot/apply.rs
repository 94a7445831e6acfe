//! Putting a written case in its places: the queue, the to-classify list, the board, the
//! duty pane and the header's counts, as a full read would have them.

use std::cmp::Ordering;

use super::{BOARD_LIMIT, BoardRow, Counts, DutyRow, Snapshot, Written};
use crate::domain::case::{CaseId, Status};
use crate::domain::roster::DutyEntry;
use crate::store::CaseRecord;

/// The queue's sections: waiting, being received, finished.
fn section(status: Status) -> u8 {
    match status {
        Status::Queued => 0,
        Status::Receiving => 1,
        _ => 2,
    }
}

fn queue_order(a: &CaseRecord, b: &CaseRecord) -> Ordering {
    (section(a.case.status), a.case.received_at, &a.case.number).cmp(&(
        section(b.case.status),
        b.case.received_at,
        &b.case.number,
    ))
}

fn arrival_order(a: &CaseRecord, b: &CaseRecord) -> Ordering {
    (a.case.received_at, &a.case.number).cmp(&(b.case.received_at, &b.case.number))
}

impl Snapshot {
    /// Registered on an earlier day and still waiting.
    pub fn is_carried(&self, record: &CaseRecord) -> bool {
        record.case.status == Status::Queued && record.case.received_at.date() < self.today
    }

    pub(super) fn sort_queue(&mut self) {
        self.queue.sort_by(queue_order);
    }

    /// Where a case is shown now, any of its places.
    pub fn find(&self, id: CaseId) -> Option<&CaseRecord> {
        self.queue
            .iter()
            .chain(&self.to_classify)
            .chain(self.board.iter().map(|r| &r.record))
            .find(|r| r.case.id == id)
    }

    /// Today's roster, with whom each member receives and how many they received.
    pub fn set_roster(&mut self, entries: Vec<DutyEntry>) {
        self.roster = entries
            .into_iter()
            .filter_map(|entry| {
                let member = self.refs.member(&entry.member)?.clone();
                Some(DutyRow {
                    receiving: Vec::new(),
                    received_today: 0,
                    entry,
                    member,
                })
            })
            .collect();
        self.recount();
    }

    /// Puts a written case where a full read would show it.
    pub fn apply(&mut self, written: Written) {
        let Written {
            record,
            called_to,
            overdue,
        } = written;
        let id = record.case.id;
        self.queue.retain(|r| r.case.id != id);
        self.to_classify.retain(|r| r.case.id != id);
        self.board.retain(|r| r.record.case.id != id);
        if self.lists.in_queue(&record.case) {
            self.queue.push(record.clone());
            self.sort_queue();
        }
        if self.lists.to_classify(&record.case) {
            let at = self
                .to_classify
                .partition_point(|r| arrival_order(r, &record) == Ordering::Less);
            self.to_classify.insert(at, record.clone());
            self.to_classify.truncate(BOARD_LIMIT as usize);
        }
        if self.lists.on_board(&record.case)
            && let Some(row) = BoardRow::new(record, self.today, &self.refs.calendar.holidays)
        {
            let key = |r: &BoardRow| (r.record.case.due_date, r.record.case.received_at);
            let at = self.board.partition_point(|r| key(r) <= key(&row));
            self.board.insert(at, row);
            self.board.truncate(BOARD_LIMIT as usize);
        }
        if let Some(member) = called_to {
            *self.received.entry(member).or_default() += 1;
        }
        self.counts.overdue = overdue;
        self.recount();
    }

    /// The duty pane's residents and counts, and the header's, from the lists.
    fn recount(&mut self) {
        for row in &mut self.roster {
            let id = row.member.id.as_str();
            row.receiving = self
                .to_classify
                .iter()
                .filter(|r| {
                    r.case.status == Status::Receiving && r.case.deputy.as_deref() == Some(id)
                })
                .cloned()
                .collect();
            row.received_today = self.received.get(id).copied().unwrap_or(0);
        }
        let waiting = self
            .queue
            .iter()
            .filter(|r| r.case.status == Status::Queued);
        self.counts = Counts {
            waiting: waiting.clone().count() as u32,
            carried: waiting.filter(|r| self.is_carried(r)).count() as u32,
            received_today: self.received.values().sum(),
            overdue: self.counts.overdue,
        };
    }
}
