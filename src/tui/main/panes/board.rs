//! 督办看板: cases overdue or due within two working days, most overdue first, with their
//! unit, category, days overdue and place on the supervision ladder.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::domain::ladder::Stage;
use crate::i18n::Ui;
use crate::store::BoardFilter;
use crate::tui::kit::View;
use crate::tui::kit::draw::{cell, empty, list, said_rest, split_title, title_bar};
use crate::tui::kit::labels::{ladder_label, ladder_width};
use crate::tui::layout::Pane;
use crate::tui::main::MainScreen;

pub struct BoardPane<'a> {
    pub view: &'a View<'a>,
    pub main: &'a MainScreen,
    pub focused: bool,
}

impl Widget for BoardPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let view = self.view;
        let main = self.main;
        let t = view.texts;
        let theme = view.theme;
        let (title, body) = split_title(area);
        let board = main.board_rows(view.data);
        let mut note = format!("{} {}", t.ui(Ui::Overdue), view.data.counts.overdue);
        if let Some(f) = &main.board_filter {
            let refs = &view.data.refs;
            let label = match f {
                BoardFilter::Unit(code) => refs
                    .taxonomy
                    .unit(code)
                    .map_or(code.as_str(), |u| t.label(u)),
                BoardFilter::Station(code) => refs
                    .stations
                    .iter()
                    .find(|s| &s.code == code)
                    .map_or(code.as_str(), |s| t.label(s)),
            };
            note = format!("{}: {label}  {note}", t.ui(Ui::FilteredBy));
        }
        title_bar(buf, title, t.ui(Ui::PaneBoard), &note, self.focused, theme);
        if board.is_empty() {
            empty(buf, body, t.ui(Ui::EmptyBoard), theme);
            return;
        }
        let wide = body.width >= 90;
        let number_width = board
            .iter()
            .map(|r| crate::display::width(&r.record.case.number) + 1)
            .fold(16, usize::max);
        // The unit's name whole where the row allows it, and never less than 10 columns:
        // two units are told apart by the end of their names.
        let longest_unit = board
            .iter()
            .filter_map(|r| r.record.case.unit.as_deref())
            .map(|u| {
                let name = view.data.refs.taxonomy.unit(u).map_or(u, |x| t.label(x));
                crate::display::width(name) + 1
            })
            .max()
            .unwrap_or(10);
        let others = number_width + 12 + 6 + ladder_width(t) + 8;
        let unit_width = longest_unit.min((body.width as usize).saturating_sub(others).max(10));
        let home = view.data.refs.desk.is_home();
        let i = Pane::Board.index();
        let line = |k: usize| -> Line<'static> {
            let row = board[k];
            let c = &row.record.case;
            let p = row.position;
            let stage_style = match p.stage {
                Stage::Escalate | Stage::Urge => theme.overdue,
                Stage::Remind => theme.warn,
                Stage::OnTrack => theme.plain,
            };
            let unit = c.unit.as_deref().unwrap_or("-");
            let unit_name = view
                .data
                .refs
                .taxonomy
                .unit(unit)
                .map_or(unit, |u| t.label(u));
            let days = if p.days_overdue > 0 {
                format!("+{}", p.days_overdue)
            } else if p.working_days_left == 0 {
                t.ui(Ui::DueTodayShort).to_string()
            } else {
                crate::fill!(t, Ui::DueInShort, n = p.working_days_left)
            };
            let step = ladder_label(t, &p, c.supervision);
            let mut cells = vec![cell(&c.number, number_width, theme.key)];
            if home {
                cells.push(cell(&c.station, 4, theme.dim));
            }
            cells.push(cell(unit_name, unit_width, theme.plain));
            if wide {
                cells.push(cell(c.category.as_deref().unwrap_or("-"), 5, theme.dim));
            }
            // The whole date: a case handed over last year is due in some other December.
            let mut due = c.due_date.map(|d| d.to_string()).unwrap_or_default();
            if c.due_uncertain {
                due.push('?');
            }
            cells.push(cell(&due, 12, theme.plain));
            cells.push(cell(&days, 6, stage_style));
            cells.push(cell(step, ladder_width(t), stage_style));
            let content = said_rest(&cells, &c.content, body.width, theme.plain);
            cells.push(content);
            Line::from(cells)
        };
        list(
            buf,
            body,
            board.len(),
            main.scroll[i],
            Some(main.selected[i]),
            self.focused,
            view,
            line,
            None,
        );
    }
}
