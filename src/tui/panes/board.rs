//! 督办看板: cases overdue or due within two working days, most overdue first, with their
//! unit, category, days overdue and place on the supervision ladder.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::{cell, empty, list, said_rest, split_title, title_bar};
use crate::domain::case::SupervisionStep;
use crate::domain::ladder::{Position, Stage};
use crate::i18n::{Texts, Ui};
use crate::tui::app::App;
use crate::tui::layout::Pane;

/// Where a case stands on the ladder: the step due today (待催办), else the last step
/// recorded (已催办), else the stage. The board and the F8 form say the same.
pub fn ladder_label<'t>(
    t: &'t Texts,
    position: &Position,
    recorded: Option<SupervisionStep>,
) -> &'t str {
    match (position.action_due, recorded) {
        (None, Some(done)) => t.name(done),
        _ => t.name(position.stage),
    }
}

/// Columns the ladder's cell takes in this language, its gap included (8 at least): no label
/// is cut short.
pub fn ladder_width(t: &Texts) -> usize {
    let stages = Stage::ALL.iter().map(|s| t.name(*s));
    let steps = SupervisionStep::ALL.iter().map(|s| t.name(*s));
    stages
        .chain(steps)
        .map(|label| crate::display::width(label) + 1)
        .fold(8, usize::max)
}

pub struct BoardPane<'a> {
    pub app: &'a App,
    pub focused: bool,
}

impl Widget for BoardPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = app.texts;
        let theme = &app.theme;
        let (title, body) = split_title(area);
        let board = app.board_rows();
        let mut note = format!("{} {}", t.ui(Ui::Overdue), app.data.counts.overdue);
        if let Some(f) = &app.board_filter {
            note = format!("{}: {}  {note}", t.ui(Ui::FilteredBy), f.label);
        }
        title_bar(buf, title, t.ui(Ui::PaneBoard), &note, self.focused, theme);
        if board.is_empty() {
            empty(buf, body, t.ui(Ui::EmptyBoard), theme);
            return;
        }
        let wide = body.width >= 90;
        let unit_width = if body.width >= 76 { 16 } else { 10 };
        let home = app.data.refs.scope().is_none();
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
            let unit_name = app
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
            let mut cells = vec![cell(&c.number, 16, theme.key)];
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
            app.scroll[i],
            Some(app.selected[i]),
            self.focused,
            app,
            line,
            None,
        );
    }
}
