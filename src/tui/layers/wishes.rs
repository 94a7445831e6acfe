//! The small wishes (微心愿, Alt-W): open, claimed and fulfilled, each group longest waiting
//! first, with the resident's and the volunteer's names masked and numbers in the content
//! masked, as every list shows them. Withdrawn wishes are left out: nobody acts on them.
//! Enter takes the selected wish a step on: the claim form for an open one, the fulfilment
//! form for a claimed one; Ctrl-W withdraws it with a reason; Ctrl-E writes an open one's
//! wording for the wall, replaces it or takes it off ([`crate::tui::forms::wish`]). An open
//! wish on the wall says so where a claimed one names who took it up.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use crate::domain::masked_name::mask_name;
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::wish::WishState;
use crate::i18n::Ui;
use crate::store::WishRecord;
use crate::tui::action::Command;
use crate::tui::effect::Done;
use crate::tui::forms::wish::{ClaimWish, FulfilWish, PublishWish, WithdrawWish};
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, empty, rest, scrolled};
use crate::tui::kit::{Form, Hint, Input, Layer, Outcome, Rows, View};
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
        let mut list = Wishes {
            wishes: all,
            rows: Rows::default(),
        };
        list.order();
        list
    }

    fn order(&mut self) {
        self.wishes.retain(|r| SHOWN.contains(&r.wish.state));
        // Stable: within a state, registered earliest first (the store's order).
        self.wishes.sort_by_key(|r| {
            let state = SHOWN.iter().position(|s| *s == r.wish.state);
            (state, r.wish.registered_at, r.wish.number.clone())
        });
    }

    /// The selected wish's next step: a claim for an open one, a fulfilment for a claimed one.
    fn next_step(&self, view: &View) -> Outcome {
        let Some(record) = self.wishes.get(self.rows.selected) else {
            return Outcome::Stay;
        };
        let wish = record.wish.clone();
        match wish.state {
            WishState::Open => Outcome::Push(Box::new(Form::new(ClaimWish::new(wish), view.size))),
            WishState::Claimed => Outcome::Push(Box::new(Form::new(
                FulfilWish::new(wish, view.data.today),
                view.size,
            ))),
            _ => Outcome::Say(Ui::WishNoStep),
        }
    }

    /// Withdrawing the selected wish, if it is open or claimed.
    fn withdraw(&self, view: &View) -> Outcome {
        let Some(record) = self.wishes.get(self.rows.selected) else {
            return Outcome::Stay;
        };
        match record.wish.state {
            WishState::Open | WishState::Claimed => Outcome::Push(Box::new(Form::new(
                WithdrawWish::new(record.wish.clone()),
                view.size,
            ))),
            _ => Outcome::Say(Ui::WishNotWithdrawable),
        }
    }
}

impl Wishes {
    /// The wording for the wall of the selected wish, if it is open (only an open wish is on
    /// the wall).
    fn publish(&self, view: &View) -> Outcome {
        let Some(record) = self.wishes.get(self.rows.selected) else {
            return Outcome::Stay;
        };
        match record.wish.state {
            WishState::Open => Outcome::Push(Box::new(Form::new(
                PublishWish::new(record.wish.clone()),
                view.size,
            ))),
            _ => Outcome::Say(Ui::WishPublicOpenOnly),
        }
    }
}

impl Layer for Wishes {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Wishes, Context::List, Context::App]
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        let steps = self
            .wishes
            .get(self.rows.selected)
            .is_some_and(|r| matches!(r.wish.state, WishState::Open | WishState::Claimed));
        let open = self
            .wishes
            .get(self.rows.selected)
            .is_some_and(|r| r.wish.state == WishState::Open);
        vec![
            Hint::new(Command::Open, 0).when(steps),
            Hint::new(Command::Withdraw, 1).when(steps),
            Hint::new(Command::Publish, 1).when(open),
            Hint::new(Command::Close, 2),
        ]
    }

    fn handle(&mut self, input: &Input, view: &View) -> Outcome {
        match input {
            Input::Command(Command::Close) => Outcome::Close,
            Input::Command(Command::Open) => self.next_step(view),
            Input::Command(Command::Withdraw) => self.withdraw(view),
            Input::Command(Command::Publish) => self.publish(view),
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
                    (None, None) if w.on_the_wall() => t.ui(Ui::WishesOnWall).to_string(),
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

    /// A step saved from this view: the wish moves to its new place in the list.
    fn receive(&mut self, done: &Done, _view: &View) -> Outcome {
        if let Done::WishSaved(Ok(written)) = done {
            let number = written.wish.number.clone();
            self.wishes.retain(|r| r.wish.id != written.wish.id);
            self.wishes.push(written.clone());
            self.order();
            // A withdrawn wish leaves the list: the selection stays where it was.
            self.rows.selected = self
                .wishes
                .iter()
                .position(|r| r.wish.number == number)
                .unwrap_or(self.rows.selected)
                .min(self.wishes.len().saturating_sub(1));
        }
        Outcome::Stay
    }
}
