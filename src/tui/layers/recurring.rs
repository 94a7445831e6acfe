//! Matters that recur at the same place and category across months (F6): candidates for a
//! deputy's proposal (代表建议).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use crate::domain::recurring::Recurrence;
use crate::i18n::Ui;
use crate::tui::action::Command;
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, empty, rest, scrolled};
use crate::tui::kit::layer::browse_contexts;
use crate::tui::kit::{Hint, Input, Layer, Outcome, Rows, View};
use crate::tui::layout;

#[derive(Debug, Clone)]
pub struct Recurring {
    pub items: Vec<Recurrence>,
    pub rows: Rows,
}

impl Layer for Recurring {
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
                self.rows.step(self.items.len(), *c);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        draw(self, view, screen, buf);
        None
    }
}

fn draw(list: &Recurring, view: &View, screen: Rect, buf: &mut Buffer) {
    let t = view.texts;
    let theme = view.theme;
    let inner = dialog(buf, layout::wide(screen), t.ui(Ui::FormRecurring), theme);
    if list.items.is_empty() {
        empty(buf, inner, t.ui(Ui::RecurringEmpty), theme);
        return;
    }
    let taxonomy = &view.data.refs.taxonomy;
    let lines: Vec<Line> = list
        .items
        .iter()
        .map(|r| {
            let category = taxonomy
                .category(&r.category)
                .map_or(r.category.clone(), |c| format!("{} {}", c.code, t.label(c)));
            let mut cells = vec![
                cell(&r.station, 4, theme.dim),
                cell(&r.place, 12, theme.key),
                cell(&category, 20, theme.plain),
                cell(
                    &format!("{}{}", r.months.len(), t.ui(Ui::Months)),
                    7,
                    theme.warn,
                ),
                cell(
                    &format!("{}{}", r.cases.len(), t.ui(Ui::CasesCount)),
                    6,
                    theme.plain,
                ),
            ];
            let months = rest(&cells, &r.months.join(" "), inner.width, theme.dim);
            cells.push(months);
            Line::from(cells)
        })
        .collect();
    scrolled(buf, inner, lines, list.rows.selected, true, view);
}
