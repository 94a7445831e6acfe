//! The four lists: which row is selected, which rows are visible.

use super::App;
use crate::store::CaseRecord;
use crate::tui::forms::pick::FilterKind;
use crate::tui::layout::{self, Pane};
use crate::tui::snapshot::{BoardRow, DutyRow};

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

    /// The case selected in the focused pane (in the duty pane: whom that member receives).
    pub fn selected_case(&self) -> Option<CaseRecord> {
        let i = self.selected[self.focus.index()];
        match self.focus {
            Pane::Duty => self.selected_duty().and_then(|r| r.receiving.clone()),
            Pane::Queue => self.data.queue.get(i).cloned(),
            Pane::Classify => self.data.to_classify.get(i).cloned(),
            Pane::Board => self.board_rows().get(i).map(|r| r.record.clone()),
        }
    }

    pub(super) fn page(&self) -> usize {
        layout::list_rows(self.size, self.focus).max(1)
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
        let rows = layout::list_rows(self.size, pane);
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
