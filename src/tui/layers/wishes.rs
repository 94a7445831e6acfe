//! The small wishes (微心愿, Alt-W): open, claimed and fulfilled, each group longest waiting
//! first, with the resident's and the volunteer's names masked and numbers in the content
//! masked, as every list shows them. Withdrawn wishes are left out: nobody acts on them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use crate::domain::masked_name::mask_name;
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::wish::WishState;
use crate::i18n::Ui;
use crate::store::WishRecord;
use crate::tui::action::Command;
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, empty, rest, scrolled};
use crate::tui::kit::layer::browse_contexts;
use crate::tui::kit::{Hint, Input, Layer, Outcome, Rows, View};
use crate::tui::layout;

/// The order the list shows: what waits for someone first.
const SHOWN: [WishState; 3] = [WishState::Open, WishState::Claimed, WishState::Fulfilled];

#[derive(Debug, Clone)]
pub struct Wishes {
    pub wishes: Vec<WishRecord>,
    pub rows: Rows,
}

impl Wishes {
    /// The wishes to show, in the list's order (the store gives them oldest first).
    pub fn new(all: Vec<WishRecord>) -> Wishes {
        let mut wishes: Vec<WishRecord> = all
            .into_iter()
            .filter(|r| SHOWN.contains(&r.wish.state))
            .collect();
        // Stable: within a state, the store's order (registered earliest first) stays.
        wishes.sort_by_key(|r| SHOWN.iter().position(|s| *s == r.wish.state));
        Wishes {
            wishes,
            rows: Rows::default(),
        }
    }
}

impl Layer for Wishes {
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
                self.rows.step(self.wishes.len(), *c);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        let inner = dialog(buf, layout::wide(screen), t.ui(Ui::FormWishes), theme);
        if self.wishes.is_empty() {
            empty(buf, inner, t.ui(Ui::WishesEmpty), theme);
            return None;
        }
        let today = view.data.today;
        let lines: Vec<Line> = self
            .wishes
            .iter()
            .map(|r| {
                let w = &r.wish;
                let age = (today - w.registered_at.date()).num_days().max(0);
                let state_style = match w.state {
                    WishState::Open => theme.warn,
                    _ => theme.dim,
                };
                let who = match (&w.member, &r.people.volunteer) {
                    (Some(member), _) => member.clone(),
                    (None, Some(volunteer)) => {
                        crate::fill!(t, Ui::WishesVolunteer, name = mask_name(volunteer))
                    }
                    (None, None) => String::new(),
                };
                let mut cells = vec![
                    cell(&w.number, 19, theme.key),
                    cell(t.name(w.state), 8, state_style),
                    cell(&crate::fill!(t, Ui::WishesDays, n = age), 7, theme.plain),
                    cell(
                        &r.people.name.as_deref().map(mask_name).unwrap_or_default(),
                        7,
                        theme.plain,
                    ),
                    cell(&who, 12, theme.dim),
                ];
                let content = rest(&cells, &mask_numbers(&w.content), inner.width, theme.plain);
                cells.push(content);
                Line::from(cells)
            })
            .collect();
        scrolled(buf, inner, lines, self.rows.selected, true, view);
        None
    }
}
