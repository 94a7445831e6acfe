//! The handling units (F9): their contacts and the categories they handle; Enter edits a
//! unit's contact person and phone in a form over the list.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use crate::domain::category::Unit;
use crate::i18n::Ui;
use crate::tui::action::Command;
use crate::tui::effect::Done;
use crate::tui::forms::unit_contact::UnitContact;
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, rest, scrolled};
use crate::tui::kit::{Form, Hint, Input, Layer, Outcome, Rows, View};
use crate::tui::layout;

#[derive(Debug, Clone)]
pub struct Units {
    pub units: Vec<Unit>,
    pub rows: Rows,
}

impl Units {
    pub fn new(units: Vec<Unit>) -> Units {
        Units {
            units,
            rows: Rows::default(),
        }
    }
}

impl Layer for Units {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Units, Context::List, Context::App]
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![
            Hint::new(Command::Edit, 0).when(!self.units.is_empty()),
            Hint::new(Command::Close, 1),
        ]
    }

    fn handle(&mut self, input: &Input, view: &View) -> Outcome {
        match input {
            Input::Command(Command::Close) => Outcome::Close,
            Input::Command(Command::Edit) => match self.units.get(self.rows.selected) {
                Some(u) => Outcome::Push(Box::new(Form::new(UnitContact::new(u), view.size))),
                None => Outcome::Stay,
            },
            Input::Command(c) => {
                self.rows.step(self.units.len(), *c);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        let inner = dialog(buf, layout::wide(screen), t.ui(Ui::FormUnits), theme);
        let taxonomy = &view.data.refs.taxonomy;
        // Names whole where the row allows: two units are told apart by the end of their
        // names (Street Property Office, Street Planning Office).
        let name_width = self
            .units
            .iter()
            .map(|u| crate::display::width(t.label(u)) + 1)
            .fold(12, usize::max)
            .min(
                (inner.width as usize)
                    .saturating_sub(5 + 9 + 9 + 15 + 4)
                    .max(12),
            );
        let lines: Vec<Line> = self
            .units
            .iter()
            .map(|u| {
                let categories: Vec<&str> = taxonomy
                    .categories
                    .iter()
                    .filter(|c| {
                        c.parent.is_none() && (c.unit == u.code || c.district_unit == u.code)
                    })
                    .map(|c| c.code.as_str())
                    .collect();
                let mut cells = vec![
                    cell(&u.code, 5, theme.key),
                    cell(t.name(u.tier), 9, theme.dim),
                    cell(t.label(u), name_width, theme.plain),
                    cell(u.contact.as_deref().unwrap_or("-"), 9, theme.plain),
                    cell(u.phone.as_deref().unwrap_or("-"), 15, theme.plain),
                ];
                let categories = rest(&cells, &categories.join(" "), inner.width, theme.dim);
                cells.push(categories);
                Line::from(cells)
            })
            .collect();
        scrolled(buf, inner, lines, self.rows.selected, true, view);
        None
    }

    /// The list shows what was just saved, or what another terminal changed.
    fn receive(&mut self, done: &Done, _view: &View) -> Outcome {
        if let Done::Reloaded(Ok(snapshot)) = done {
            self.units = snapshot.refs.taxonomy.units.clone();
        }
        Outcome::Stay
    }
}
