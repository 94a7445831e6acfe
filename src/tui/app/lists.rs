//! The four lists: which row is selected, which rows are visible. A list longer than its
//! pane keeps its last row for a line saying how many rows are hidden.

use super::App;
use crate::domain::case::CaseId;
use crate::store::CaseRecord;
use crate::tui::forms::pick::FilterKind;
use crate::tui::layout::{self, Pane};
use crate::tui::snapshot::{BoardRow, DutyRow};

/// What a pane's selection points at, kept across a change of the lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selected {
    Member(String),
    Case(CaseId),
}

impl App {
    /// The board's rows after the unit or station filter.
    pub fn board_rows(&self) -> Vec<&BoardRow> {
        self.data
            .board
            .iter()
            .filter(|row| match &self.board_filter {
                None => true,
                Some(f) if f.kind == FilterKind::Unit => {
                    row.record.case.unit.as_deref() == Some(f.code.as_str())
                }
                Some(f) => row.record.case.station == f.code,
            })
            .collect()
    }

    pub(super) fn len(&self, pane: Pane) -> usize {
        match pane {
            Pane::Duty => self.data.roster.len(),
            Pane::Queue => self.data.queue.len(),
            Pane::Classify => self.data.to_classify.len(),
            Pane::Board => self.board_rows().len(),
        }
    }

    pub fn selected_duty(&self) -> Option<&DutyRow> {
        self.data.roster.get(self.selected[Pane::Duty.index()])
    }

    /// The case selected in a pane (in the duty pane: whom that member receives).
    pub fn case_in(&self, pane: Pane) -> Option<CaseRecord> {
        let i = self.selected[pane.index()];
        match pane {
            Pane::Duty => self
                .selected_duty()
                .and_then(|r| r.receiving.first().cloned()),
            Pane::Queue => self.data.queue.get(i).cloned(),
            Pane::Classify => self.data.to_classify.get(i).cloned(),
            Pane::Board => self.board_rows().get(i).map(|r| r.record.clone()),
        }
    }

    /// The case selected in the focused pane.
    pub fn selected_case(&self) -> Option<CaseRecord> {
        self.case_in(self.focus)
    }

    /// What each pane's selection points at.
    pub(super) fn selected_ids(&self) -> Vec<Option<Selected>> {
        Pane::ALL
            .iter()
            .map(|pane| match pane {
                Pane::Duty => self
                    .selected_duty()
                    .map(|r| Selected::Member(r.member.id.clone())),
                _ => self.case_in(*pane).map(|r| Selected::Case(r.case.id)),
            })
            .collect()
    }

    /// After the lists changed: each selection back on what it pointed at, if still there.
    pub(super) fn reselect(&mut self, before: Vec<Option<Selected>>) {
        for (pane, selected) in Pane::ALL.into_iter().zip(before) {
            if let Some(Selected::Case(id)) = selected {
                self.select_case(pane, id);
            } else if let Some(Selected::Member(id)) = selected
                && let Some(i) = self.data.roster.iter().position(|r| r.member.id == id)
            {
                self.selected[Pane::Duty.index()] = i;
            }
        }
        self.clamp();
    }

    /// Selects a case in a pane, if it is there.
    pub(super) fn select_case(&mut self, pane: Pane, id: CaseId) {
        let at = match pane {
            Pane::Duty => None,
            Pane::Queue => self.data.queue.iter().position(|r| r.case.id == id),
            Pane::Classify => self.data.to_classify.iter().position(|r| r.case.id == id),
            Pane::Board => self
                .board_rows()
                .iter()
                .position(|r| r.record.case.id == id),
        };
        if let Some(i) = at {
            self.selected[pane.index()] = i;
            self.keep_visible(pane);
        }
    }

    pub(super) fn page(&self) -> usize {
        self.window(self.focus).max(1)
    }

    /// Rows of a pane given to list entries: all of them, or all but the last when the list
    /// is longer (that one says how many are hidden).
    pub fn window(&self, pane: Pane) -> usize {
        let rows = layout::list_rows(self.size, pane);
        list_window(self.len(pane), rows)
    }

    pub(super) fn move_selection(&mut self, step: i64) {
        let pane = self.focus;
        let len = self.len(pane);
        let i = pane.index();
        if len == 0 {
            self.selected[i] = 0;
            return;
        }
        let next = (self.selected[i] as i64)
            .saturating_add(step)
            .clamp(0, len as i64 - 1);
        self.selected[i] = next as usize;
        self.keep_visible(pane);
    }

    /// Keeps every selection inside its list and on screen.
    pub(super) fn clamp(&mut self) {
        for pane in Pane::ALL {
            let i = pane.index();
            let len = self.len(pane);
            self.selected[i] = self.selected[i].min(len.saturating_sub(1));
            self.keep_visible(pane);
        }
    }

    fn keep_visible(&mut self, pane: Pane) {
        let i = pane.index();
        let rows = self.window(pane).max(1);
        if self.selected[i] < self.scroll[i] {
            self.scroll[i] = self.selected[i];
        } else if self.selected[i] >= self.scroll[i] + rows {
            self.scroll[i] = self.selected[i] + 1 - rows;
        }
        // No blank rows below the list while rows above it are hidden (after the window
        // grew back from a small size, say).
        self.scroll[i] = self.scroll[i].min(self.len(pane).saturating_sub(rows));
    }
}

/// Entries shown of a list of `len` in `rows` rows (see [`App::window`]).
pub fn list_window(len: usize, rows: usize) -> usize {
    if len > rows {
        rows.saturating_sub(1).max(1)
    } else {
        rows
    }
}
