//! The search (F7): type, Enter searches; Up and Down pick a result, Enter opens its details
//! over the results (Esc comes back to them).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use crate::display::fit;
use crate::domain::phone::mask;
use crate::i18n::Ui;
use crate::store::CaseRecord;
use crate::tui::action::Command;
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, said_rest, scrolled};
use crate::tui::kit::fields::text_row;
use crate::tui::kit::input::{Edit, edit_text};
use crate::tui::kit::{Hint, Input, Layer, Outcome, Rows, View};
use crate::tui::layout;
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone)]
pub struct Search {
    pub query: TextField,
    /// The query the results belong to, `None` before the first search.
    pub searched: Option<String>,
    pub results: Vec<CaseRecord>,
    pub rows: Rows,
}

impl Default for Search {
    fn default() -> Self {
        Search {
            query: TextField::strict(40, false),
            searched: None,
            results: Vec::new(),
            rows: Rows::default(),
        }
    }
}

impl Search {
    /// Enter searches a new query, or opens the selected result of the current one.
    fn enter(&self) -> Outcome {
        let q = self.query.text().trim().to_string();
        if self.searched.as_deref() != Some(q.as_str()) && !q.is_empty() {
            return Outcome::Run(vec![Effect::Search(q)]);
        }
        match self.results.get(self.rows.selected) {
            Some(r) => Outcome::Run(vec![Effect::LoadDetail(r.case.id)]),
            None => Outcome::Stay,
        }
    }
}

impl Layer for Search {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Search, Context::Text, Context::App]
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![Hint::new(Command::Open, 0), Hint::new(Command::Close, 1)]
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
        match input {
            Input::Command(Command::Close) => Outcome::Close,
            Input::Command(Command::Open) => self.enter(),
            Input::Command(
                c @ (Command::Up | Command::Down | Command::PageUp | Command::PageDown),
            ) => {
                self.rows.step(self.results.len(), *c);
                Outcome::Stay
            }
            other => match edit_text(&mut self.query, other) {
                Edit::Refused(problem) => Outcome::Refused {
                    field: Ui::FieldQuery,
                    problem,
                },
                _ => Outcome::Stay,
            },
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        draw(self, view, screen, buf)
    }

    fn receive(&mut self, done: &Done, _view: &View) -> Outcome {
        if let Done::Found {
            query,
            result: Ok(found),
        } = done
        {
            self.searched = Some(query.clone());
            self.results = found.clone();
            self.rows = Rows::default();
        }
        Outcome::Stay
    }
}

fn draw(search: &Search, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = view.texts;
    let theme = view.theme;
    let inner = dialog(buf, layout::wide(screen), t.ui(Ui::FormSearch), theme);
    if inner.height < 3 {
        return None;
    }
    let caret = text_row(
        buf,
        Rect { height: 1, ..inner },
        t.ui(Ui::FieldQuery),
        &search.query,
        true,
        theme,
    );
    let w = inner.width as usize;
    let info = match &search.searched {
        None => t.ui(Ui::SearchHint).to_string(),
        Some(q) if search.results.is_empty() => format!("{}: {q}", t.ui(Ui::NoResults)),
        Some(q) => format!("{q}: {} {}", search.results.len(), t.ui(Ui::CasesCount)),
    };
    buf.set_stringn(inner.x, inner.y + 1, fit(&info, w), w, theme.dim);
    let list = Rect {
        y: inner.y + 2,
        height: inner.height - 2,
        ..inner
    };
    let lines: Vec<Line> = search
        .results
        .iter()
        .map(|r| {
            let mut cells = vec![
                cell(&r.case.number, 17, theme.key),
                cell(t.name(r.case.status), 10, theme.plain),
                cell(r.resident.name.as_deref().unwrap_or("-"), 9, theme.plain),
                cell(
                    &r.resident.phone.as_deref().map(mask).unwrap_or_default(),
                    14,
                    theme.dim,
                ),
            ];
            let content = said_rest(&cells, &r.case.content, list.width, theme.plain);
            cells.push(content);
            Line::from(cells)
        })
        .collect();
    scrolled(buf, list, lines, search.rows.selected, true, view);
    caret
}
