//! The four lists: which row is selected, which rows are visible. A list longer than its
//! pane keeps its last row for a line saying how many rows are hidden.

use ratatui::layout::Rect;

use super::MainScreen;
use crate::domain::case::{CaseId, Status};
use crate::store::CaseRecord;
use crate::tui::kit::draw::list_window;
use crate::tui::layout::{self, Pane};
use crate::tui::snapshot::{BoardRow, DutyRow, Snapshot};

/// What a pane's selection points at, kept across a change of the lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selected {
    Member(String),
    Case(CaseId),
}

impl MainScreen {
    /// The board's rows after the unit or station filter.
    pub fn board_rows<'d>(&self, data: &'d Snapshot) -> Vec<&'d BoardRow> {
        data.board
            .iter()
            .filter(|row| self.board_filter.as_ref().is_none_or(|f| f.keeps(row)))
            .collect()
    }

    pub(super) fn len(&self, data: &Snapshot, pane: Pane) -> usize {
        match pane {
            Pane::Duty => data.roster.len(),
            Pane::Queue => data.queue.len(),
            Pane::Classify => data.to_classify.len(),
            Pane::Board => self.board_rows(data).len(),
        }
    }

    pub fn selected_duty<'d>(&self, data: &'d Snapshot) -> Option<&'d DutyRow> {
        data.roster.get(self.selected[Pane::Duty.index()])
    }

    /// The case selected in a pane (in the duty pane: whom that member receives).
    pub fn case_in(&self, data: &Snapshot, pane: Pane) -> Option<CaseRecord> {
        let i = self.selected[pane.index()];
        match pane {
            Pane::Duty => self
                .selected_duty(data)
                .and_then(|r| r.receiving.first().cloned()),
            Pane::Queue => data.queue.get(i).cloned(),
            Pane::Classify => data.to_classify.get(i).cloned(),
            Pane::Board => self.board_rows(data).get(i).map(|r| r.record.clone()),
        }
    }

    /// The case selected in the focused pane.
    pub fn selected_case(&self, data: &Snapshot) -> Option<CaseRecord> {
        self.case_in(data, self.focus)
    }

    /// What each pane's selection points at.
    pub fn selected_ids(&self, data: &Snapshot) -> Vec<Option<Selected>> {
        Pane::ALL
            .iter()
            .map(|pane| match pane {
                Pane::Duty => self
                    .selected_duty(data)
                    .map(|r| Selected::Member(r.member.id.clone())),
                _ => self.case_in(data, *pane).map(|r| Selected::Case(r.case.id)),
            })
            .collect()
    }

    /// After the lists changed: each selection back on what it pointed at, if still there.
    pub fn reselect(&mut self, data: &Snapshot, before: Vec<Option<Selected>>) {
        for (pane, selected) in Pane::ALL.into_iter().zip(before) {
            if let Some(Selected::Case(id)) = selected {
                self.select_case(data, pane, id);
            } else if let Some(Selected::Member(id)) = selected
                && let Some(i) = data.roster.iter().position(|r| r.member.id == id)
            {
                self.selected[Pane::Duty.index()] = i;
            }
        }
        // A member picked for the next call who left the roster is no choice.
        if let Some(id) = &self.duty_choice
            && !data.roster.iter().any(|r| &r.member.id == id)
        {
            self.duty_choice = None;
        }
        self.clamp(data);
    }

    /// Selects a case in a pane, if it is there.
    pub fn select_case(&mut self, data: &Snapshot, pane: Pane, id: CaseId) {
        let at = match pane {
            Pane::Duty => None,
            Pane::Queue => data.queue.iter().position(|r| r.case.id == id),
            Pane::Classify => data.to_classify.iter().position(|r| r.case.id == id),
            Pane::Board => self
                .board_rows(data)
                .iter()
                .position(|r| r.record.case.id == id),
        };
        if let Some(i) = at {
            self.selected[pane.index()] = i;
            self.keep_visible(data, pane);
        }
    }

    /// The queue with the next resident to call selected: the one who has waited longest
    /// (the queue lists the waiting oldest first). Enter calls them.
    pub fn select_next_waiting(&mut self, data: &Snapshot) {
        self.focus = Pane::Queue;
        if let Some(i) = data
            .queue
            .iter()
            .position(|r| r.case.status == Status::Queued)
        {
            self.selected[Pane::Queue.index()] = i;
            self.keep_visible(data, Pane::Queue);
        }
    }

    pub(super) fn page(&self, data: &Snapshot) -> usize {
        self.window(data, self.focus).max(1)
    }

    /// Rows of a pane given to list entries: all of them, or all but the last when the list
    /// is longer (that one says how many are hidden).
    pub fn window(&self, data: &Snapshot, pane: Pane) -> usize {
        let rows = layout::list_rows(self.size, pane);
        list_window(self.len(data, pane), rows)
    }

    pub(super) fn move_selection(&mut self, data: &Snapshot, step: i64) {
        let pane = self.focus;
        let len = self.len(data, pane);
        let i = pane.index();
        if len == 0 {
            self.selected[i] = 0;
            return;
        }
        let next = (self.selected[i] as i64)
            .saturating_add(step)
            .clamp(0, len as i64 - 1);
        self.selected[i] = next as usize;
        self.keep_visible(data, pane);
    }

    /// Keeps every selection inside its list and on screen.
    pub fn clamp(&mut self, data: &Snapshot) {
        for pane in Pane::ALL {
            let i = pane.index();
            let len = self.len(data, pane);
            self.selected[i] = self.selected[i].min(len.saturating_sub(1));
            self.keep_visible(data, pane);
        }
    }

    /// The window changed size.
    pub fn resize(&mut self, data: &Snapshot, size: Rect) {
        self.size = size;
        self.clamp(data);
    }

    fn keep_visible(&mut self, data: &Snapshot, pane: Pane) {
        let i = pane.index();
        let rows = self.window(data, pane).max(1);
        if self.selected[i] < self.scroll[i] {
            self.scroll[i] = self.selected[i];
        } else if self.selected[i] >= self.scroll[i] + rows {
            self.scroll[i] = self.selected[i] + 1 - rows;
        }
        // No blank rows below the list while rows above it are hidden (after the window
        // grew back from a small size, say).
        self.scroll[i] = self.scroll[i].min(self.len(data, pane).saturating_sub(rows));
    }
}
