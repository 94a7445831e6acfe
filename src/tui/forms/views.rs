//! The read-only views: recurring matters (F6), statistics (Alt-5), deputies' duty records
//! (Alt-6) and the livelihood projects (Alt-7). They move a selection and close.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::browse::Rows;
use super::{Form, Hint, Input, Outcome};
use crate::domain::recurring::Recurrence;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;

fn browse_contexts() -> Vec<Context> {
    vec![Context::Browse, Context::List, Context::App]
}

/// Up, Down and the other list keys move the selection; Esc closes.
fn browse(rows: &mut Rows, len: usize, input: &Input) -> Outcome {
    match input {
        Input::Command(Command::Close) => Outcome::Close,
        Input::Command(c) => {
            rows.step(len, *c);
            Outcome::Stay
        }
        _ => Outcome::Stay,
    }
}

#[derive(Debug, Clone)]
pub struct RecurringView {
    pub items: Vec<Recurrence>,
    pub rows: Rows,
}

impl Form for RecurringView {
    fn contexts(&self) -> Vec<Context> {
        browse_contexts()
    }

    fn hints(&self) -> Vec<Hint> {
        vec![Hint::new(Command::Close, 0)]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        browse(&mut self.rows, self.items.len(), input)
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::browse::recurring(app, self, screen, buf);
        None
    }
}

/// The statistics' charts; narrow screens page through them.
#[derive(Debug, Clone)]
pub struct StatsView {
    pub stats: crate::store::Statistics,
    pub page: usize,
}

/// Number of charts in the statistics view.
pub const CHARTS: usize = 3;

impl Form for StatsView {
    fn contexts(&self) -> Vec<Context> {
        browse_contexts()
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            Hint::new(Command::Close, 0),
            Hint::new(Command::NextPane, 1),
        ]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        match input {
            Input::Command(Command::Close) => return Outcome::Close,
            Input::Command(Command::NextPane | Command::Right | Command::Down) => {
                self.page = (self.page + 1) % CHARTS
            }
            Input::Command(Command::PrevPane | Command::Left | Command::Up) => {
                self.page = (self.page + CHARTS - 1) % CHARTS
            }
            _ => {}
        }
        Outcome::Stay
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::stats::render(app, self, screen, buf);
        None
    }
}

#[derive(Debug, Clone)]
pub struct DutyView {
    pub year: i32,
    pub records: Vec<crate::store::DutyRecord>,
    pub rows: Rows,
}

impl Form for DutyView {
    fn contexts(&self) -> Vec<Context> {
        browse_contexts()
    }

    fn hints(&self) -> Vec<Hint> {
        vec![Hint::new(Command::Close, 0)]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        browse(&mut self.rows, self.records.len(), input)
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::records::duty(app, self, screen, buf);
        None
    }
}

#[derive(Debug, Clone)]
pub struct ProjectsView {
    pub projects: Vec<crate::domain::activity::Project>,
    pub rows: Rows,
    /// The selected project's history is shown.
    pub open: bool,
}

impl Form for ProjectsView {
    fn contexts(&self) -> Vec<Context> {
        browse_contexts()
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            Hint::new(Command::Close, 0),
            Hint::new(Command::Open, 1).when(!self.projects.is_empty()),
        ]
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        match input {
            // Esc on a project's history goes back to the list.
            Input::Command(Command::Close) if self.open => self.open = false,
            Input::Command(Command::Open) => self.open = !self.open,
            other => return browse(&mut self.rows, self.projects.len(), other),
        }
        Outcome::Stay
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::records::projects(app, self, screen, buf);
        None
    }
}
