//! Where each part of the screen goes. Pure functions of the window size, shared by drawing
//! and by the state updates that need to know how tall a list is.

use crate::i18n::Ui;
use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest window the interface draws in; below it a notice asks for more room.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the four panes are shown at once; below it they fold into tabs.
pub const WIDE: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Duty,
    Queue,
    Classify,
    Board,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Duty, Pane::Queue, Pane::Classify, Pane::Board];

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).expect("listed")
    }

    pub fn title_key(self) -> Ui {
        match self {
            Pane::Duty => Ui::PaneDuty,
            Pane::Queue => Ui::PaneQueue,
            Pane::Classify => Ui::PaneClassify,
            Pane::Board => Ui::PaneBoard,
        }
    }
}

/// The screen's regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    /// The tab bar when the panes are folded.
    pub tabs: Option<Rect>,
    /// Each pane's region; folded panes other than the focused one get none.
    pub panes: Vec<(Pane, Rect)>,
    pub status: Rect,
    pub hints: Rect,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn screen(area: Rect, focus: Pane) -> Screen {
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if area.width >= WIDE {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
        let split = |r: Rect| -> [Rect; 2] {
            Layout::horizontal([
                Constraint::Percentage(38),
                Constraint::Length(1),
                Constraint::Min(10),
            ])
            .areas::<3>(r)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, r)| r)
            .collect::<Vec<_>>()
            .try_into()
            .expect("two areas")
        };
        let [duty, queue] = split(top);
        let [classify, board] = split(bottom);
        Screen {
            header,
            tabs: None,
            panes: vec![
                (Pane::Duty, duty),
                (Pane::Queue, queue),
                (Pane::Classify, classify),
                (Pane::Board, board),
            ],
            status,
            hints,
        }
    } else {
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        Screen {
            header,
            tabs: Some(tabs),
            panes: vec![(focus, pane)],
            status,
            hints,
        }
    }
}

/// Rows available for a pane's list (its area less the title row).
pub fn list_rows(area: Rect, pane: Pane) -> usize {
    let s = screen(area, pane);
    s.panes
        .iter()
        .find(|(p, _)| *p == pane)
        .map_or(1, |(_, r)| r.height.saturating_sub(1).max(1) as usize)
}

/// Columns or rows of the panes left showing beside a dialog below which it takes the
/// whole width or height instead: a strip that narrow shows only cut words.
const MIN_MARGIN: u16 = 6;

/// A centred dialog of at most `width` × `height` in `area`, never larger; when it would
/// leave only a narrow strip on either side, it takes the whole width (or height).
pub fn dialog(area: Rect, width: u16, height: u16) -> Rect {
    let fill = |want: u16, have: u16| {
        if have.saturating_sub(want) < 2 * MIN_MARGIN {
            have
        } else {
            want
        }
    };
    let w = fill(width.min(area.width), area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The region of anything open over the main screen: below the header's first line and
/// above the message and hint lines, which stay readable (a refused save says why there).
pub fn overlay_area(screen: Rect) -> Rect {
    Rect {
        x: screen.x,
        y: screen.y + 1,
        width: screen.width,
        height: screen.height.saturating_sub(3),
    }
}

/// A dialog of at most `width` × `height` inside [`overlay_area`].
/// A list as wide as the screen allows, up to 110 columns.
pub fn wide(screen: Rect) -> Rect {
    let area = overlay_area(screen);
    dialog(area, area.width.min(110), area.height)
}

pub fn popup(screen: Rect, width: u16, height: u16) -> Rect {
    dialog(overlay_area(screen), width, height)
}

/// The intake and classification forms' region.
pub fn form(area: Rect) -> Rect {
    popup(area, 76, 22)
}

/// Width of a form's text fields: the form less its label column and borders.
pub fn form_field_width(area: Rect) -> u16 {
    form(area).width.saturating_sub(2 + LABEL_WIDTH + 1)
}

/// Display columns given to field labels in forms.
pub const LABEL_WIDTH: u16 = 14;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_into_tabs_when_narrow() {
        let wide = screen(Rect::new(0, 0, 120, 40), Pane::Queue);
        assert_eq!(wide.panes.len(), 4);
        assert!(wide.tabs.is_none());
        let narrow = screen(Rect::new(0, 0, 80, 24), Pane::Queue);
        assert_eq!(narrow.panes.len(), 1);
        assert_eq!(narrow.panes[0].0, Pane::Queue);
        assert!(narrow.tabs.is_some());
        assert!(too_small(Rect::new(0, 0, 59, 24)));
        assert!(!too_small(Rect::new(0, 0, 60, 16)));
    }

    #[test]
    fn forms_leave_the_message_lines_and_no_thin_strips() {
        let small = form(Rect::new(0, 0, 80, 24));
        assert_eq!(
            (small.x, small.width),
            (0, 80),
            "no strip of the pane on the sides"
        );
        assert!(
            small.bottom() <= 22,
            "the status and hint lines stay: {small:?}"
        );
        assert!(small.y >= 1, "the header's first line stays");
        let big = form(Rect::new(0, 0, 120, 40));
        assert_eq!(big.width, 76);
        assert!(big.x >= MIN_MARGIN);
    }
}
