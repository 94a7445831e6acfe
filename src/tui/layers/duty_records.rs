//! Deputies' duty records of the year (履职档案, Alt-6).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use crate::i18n::Ui;
use crate::store::DutyRecord;
use crate::tui::action::Command;
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, empty, scrolled};
use crate::tui::kit::labels::member_title;
use crate::tui::kit::layer::browse_contexts;
use crate::tui::kit::{Hint, Input, Layer, Outcome, Rows, View};
use crate::tui::layout;

#[derive(Debug, Clone)]
pub struct DutyRecords {
    pub year: i32,
    pub records: Vec<DutyRecord>,
    pub rows: Rows,
}

impl DutyRecords {
    pub fn new(year: i32, records: Vec<DutyRecord>) -> DutyRecords {
        DutyRecords {
            year,
            records,
            rows: Rows::default(),
        }
    }
}

impl Layer for DutyRecords {
    fn contexts(&self) -> Vec<Context> {
        browse_contexts()
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![Hint::new(Command::Close, 0)]
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
        match input {
            Input::Command(Command::Close) => Outcome::Close,
            Input::Command(c) => {
                self.rows.step(self.records.len(), *c);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        let inner = dialog(
            buf,
            layout::overlay_area(screen),
            &format!("{} {}", t.ui(Ui::FormDuty), self.year),
            theme,
        );
        if self.records.is_empty() || inner.height < 2 {
            empty(buf, inner, t.ui(Ui::NoData), theme);
            return None;
        }
        // Each column as wide as its heading or its widest value, in this language.
        let titles: Vec<String> = self
            .records
            .iter()
            .map(|r| {
                let member = view.data.refs.member(&r.member);
                member.map(|m| member_title(t, m)).unwrap_or_default()
            })
            .collect();
        let wide = |text: &str| crate::display::width(text) + 1;
        let title_width = titles.iter().map(|s| wide(s)).fold(6, usize::max);
        let name_width = self
            .records
            .iter()
            .map(|r| wide(&r.name))
            .fold(wide(t.ui(Ui::FieldName)), usize::max);
        let heads = [
            Ui::DutyDays,
            Ui::DutyReceived,
            Ui::DutyClosed,
            Ui::DutyActivities,
        ];
        let widths: Vec<usize> = heads.iter().map(|h| wide(t.ui(*h)).max(5)).collect();
        let header = Line::from(vec![
            cell(t.ui(Ui::FieldName), name_width, theme.title),
            cell("", title_width, theme.title),
            cell("", 5, theme.title),
            cell(t.ui(heads[0]), widths[0], theme.title),
            cell(t.ui(heads[1]), widths[1], theme.title),
            cell(t.ui(heads[2]), widths[2], theme.title),
            cell(t.ui(heads[3]), widths[3], theme.title),
        ]);
        buf.set_line(inner.x, inner.y, &header, inner.width);
        let lines: Vec<Line> = self
            .records
            .iter()
            .zip(&titles)
            .map(|(r, title)| {
                Line::from(vec![
                    cell(&r.name, name_width, theme.plain),
                    cell(title, title_width, theme.dim),
                    cell(&r.station, 5, theme.dim),
                    cell(&r.reception_days.to_string(), widths[0], theme.key),
                    cell(&r.residents_received.to_string(), widths[1], theme.key),
                    cell(&r.followed_to_closure.to_string(), widths[2], theme.key),
                    cell(&r.activities.to_string(), widths[3], theme.key),
                ])
            })
            .collect();
        let list = Rect {
            y: inner.y + 1,
            height: inner.height - 1,
            ..inner
        };
        scrolled(buf, list, lines, self.rows.selected, true, view);
        None
    }
}
