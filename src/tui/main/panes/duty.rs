//! 值班代表: today's roster, who is here, whom each is receiving now, how many each has
//! received today. The member picked for the next call is marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::i18n::{Texts, Ui};
use crate::tui::kit::View;
use crate::tui::kit::draw::{cell, empty, list, rest, split_title, title_bar};
use crate::tui::kit::labels::{member_title, queue_number};
use crate::tui::layout::Pane;
use crate::tui::main::MainScreen;
use crate::tui::snapshot::DutyRow;

/// Columns the ranks of the roster take (11 at least), the gap included.
fn title_width(texts: &Texts, roster: &[DutyRow]) -> usize {
    roster
        .iter()
        .map(|r| crate::display::width(&member_title(texts, &r.member)) + 1)
        .fold(11, usize::max)
}

pub struct DutyPane<'a> {
    pub view: &'a View<'a>,
    pub main: &'a MainScreen,
    pub focused: bool,
}

impl DutyPane<'_> {
    fn line(&self, row: &DutyRow, title: usize, width: u16) -> Line<'static> {
        let view = self.view;
        let main = self.main;
        let t = view.texts;
        let theme = view.theme;
        let (state, style) = if row.entry.is_present() {
            (t.ui(Ui::Present), theme.ok)
        } else if row.entry.checked_out_at.is_some() {
            (t.ui(Ui::LeftDesk), theme.dim)
        } else {
            (t.ui(Ui::Absent), theme.dim)
        };
        let picked = main.duty_choice.as_deref() == Some(row.member.id.as_str());
        let mut cells = vec![
            cell(if picked { ">" } else { "" }, 2, theme.key),
            cell(&row.member.name, 7, theme.plain),
            cell(state, 7, style),
        ];
        if title > 0 {
            cells.push(cell(&member_title(t, &row.member), title, theme.dim));
        }
        cells.push(cell(&format!("{:>2}", row.received_today), 3, theme.key));
        // Whom they receive now: the queue number and the name (and how many more, if
        // another terminal called a second resident to them).
        let receiving = match row.receiving.as_slice() {
            [] => String::new(),
            [first, more @ ..] => {
                let mut s = format!(
                    "{} {}",
                    queue_number(&first.case.number),
                    first.resident.name.as_deref().unwrap_or("-")
                );
                if !more.is_empty() {
                    s.push_str(&format!(" +{}", more.len()));
                }
                s
            }
        };
        let receiving = rest(&cells, &receiving, width, theme.warn);
        cells.push(receiving);
        Line::from(cells)
    }
}

impl Widget for DutyPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let view = self.view;
        let main = self.main;
        let t = view.texts;
        let theme = view.theme;
        let (title, body) = split_title(area);
        let roster = &view.data.roster;
        let present = roster.iter().filter(|r| r.entry.is_present()).count();
        let mut note = format!("{present}/{}", roster.len());
        if let Some(picked) = main
            .duty_choice
            .as_deref()
            .and_then(|id| roster.iter().find(|r| r.member.id == id))
        {
            let to = crate::fill!(t, Ui::PickedNote, deputy = &picked.member.name);
            note = format!("{to}  {note}");
        }
        title_bar(buf, title, t.ui(Ui::PaneDuty), &note, self.focused, theme);
        if roster.is_empty() {
            empty(buf, body, t.ui(Ui::EmptyRoster), theme);
            return;
        }
        // Ranks are shown when there is room for them and for a name received after them.
        let title = title_width(view.texts, roster);
        let title = if body.width as usize >= 26 + title {
            title
        } else {
            0
        };
        let i = Pane::Duty.index();
        // The cursor shows where the pane has the focus; elsewhere only a pick is marked.
        let selected = (self.focused || main.duty_choice.is_some()).then_some(main.selected[i]);
        list(
            buf,
            body,
            roster.len(),
            main.scroll[i],
            selected,
            self.focused,
            view,
            |k| self.line(&roster[k], title, body.width),
            None,
        );
    }
}
