//! The holiday table per year (F12): which years have the State Council's notice loaded,
//! which are provisional (the law's statutory days, deadlines 待核), which have nothing; and
//! the import of a notice file (its text as published, or TOML) with its preview: what it
//! read, the year it replaces, the open deadlines it recomputes. Ctrl-S loads what the
//! preview shows.

use crate::i18n::Ui;
use chrono::{NaiveDate, NaiveDateTime};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::browse::Rows;
use super::{Edit, Form, Hint, Input, edit_text, text_contexts};
use crate::domain::holidays::Notice;
use crate::domain::notice_text::read_notices;
use crate::formats::decode;
use crate::store::{HolidayYear, RecomputePlan, Store};
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;
use crate::tui::widgets::text_field::TextField;

/// What the view asks of the database.
#[derive(Debug, Clone, PartialEq)]
pub enum HolidaysRequest {
    /// The table per year.
    Years,
    /// Read a file and preview what loading it does.
    Preview(String),
    /// Load the notices of a preview.
    Load(Vec<Notice>),
}

/// The database's answer.
#[derive(Debug, Clone)]
pub enum HolidaysDone {
    Years(Result<Vec<HolidayYear>, String>),
    Previewed(Result<Preview, String>),
    Loaded(Result<(Vec<HolidayYear>, Vec<Notice>, RecomputePlan), String>),
}

/// A file read, and what loading it would do.
#[derive(Debug, Clone)]
pub struct Preview {
    pub notices: Vec<Notice>,
    /// Years of the file whose notice is loaded already: replaced on Ctrl-S.
    pub replacing: Vec<i32>,
    pub plan: RecomputePlan,
}

#[derive(Debug, Clone)]
pub struct HolidaysView {
    pub years: Vec<HolidayYear>,
    pub rows: Rows,
    /// The notice file to import.
    pub path: TextField,
    pub preview: Option<Preview>,
    /// The last outcome.
    pub message: Option<Outcome>,
    /// Lines of the preview scrolled past.
    pub scroll: usize,
}

/// What the last request came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Notices loaded: their years, and how many deadlines were recomputed.
    Loaded { years: Vec<i32>, recomputed: usize },
    /// Refused, and why (nothing was changed).
    Refused(String),
}

impl HolidaysView {
    pub fn new() -> HolidaysView {
        HolidaysView {
            years: Vec::new(),
            rows: Rows::default(),
            path: TextField::new(260, false),
            preview: None,
            message: None,
            scroll: 0,
        }
    }

    fn input(&mut self, input: &Input) -> super::Outcome {
        use super::Outcome as O;
        match input {
            Input::Command(Command::Close) if self.preview.is_some() => {
                self.preview = None;
                self.scroll = 0;
            }
            Input::Command(Command::Close) => return O::Close,
            Input::Command(Command::Confirm) => {
                let path = self.path.text().trim().to_string();
                if path.is_empty() {
                    return O::Say(Ui::HolidaysGiveAFile);
                }
                return O::Run(vec![Effect::Holidays(HolidaysRequest::Preview(path))]);
            }
            Input::Command(Command::Save) => match &self.preview {
                Some(p) => {
                    return O::Run(vec![Effect::Holidays(HolidaysRequest::Load(
                        p.notices.clone(),
                    ))]);
                }
                None => return O::Say(Ui::HolidaysPreviewFirst),
            },
            Input::Command(Command::Up | Command::Down) if self.preview.is_some() => {
                self.scroll = match input {
                    Input::Command(Command::Up) => self.scroll.saturating_sub(1),
                    _ => self.scroll + 1,
                };
            }
            Input::Command(c @ (Command::Up | Command::Down)) => {
                self.rows.step(self.years.len(), *c)
            }
            other => match edit_text(&mut self.path, other) {
                Edit::Changed => {
                    // A preview belongs to the file it read.
                    self.preview = None;
                    self.message = None;
                    self.scroll = 0;
                }
                Edit::Refused(problem) => {
                    return O::Refused {
                        field: Ui::FieldNoticeFile,
                        problem,
                    };
                }
                Edit::Moved | Edit::Ignored => {}
            },
        }
        O::Stay
    }

    pub fn done(&mut self, done: HolidaysDone) {
        match done {
            HolidaysDone::Years(Ok(years)) => self.years = years,
            HolidaysDone::Previewed(Ok(preview)) => {
                self.preview = Some(preview);
                self.message = None;
                self.scroll = 0;
            }
            HolidaysDone::Loaded(Ok((years, notices, plan))) => {
                self.years = years;
                self.preview = None;
                self.message = Some(Outcome::Loaded {
                    years: notices.iter().map(|n| n.year).collect(),
                    recomputed: plan.changes.len(),
                });
            }
            HolidaysDone::Years(Err(e))
            | HolidaysDone::Previewed(Err(e))
            | HolidaysDone::Loaded(Err(e)) => self.message = Some(Outcome::Refused(e)),
        }
    }
}

impl Form for HolidaysView {
    fn contexts(&self) -> Vec<Context> {
        text_contexts()
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            Hint::new(Command::Confirm, 0).when(!self.path.text().trim().is_empty()),
            Hint::new(Command::Save, 0).when(self.preview.is_some()),
            Hint::new(Command::Close, 1),
        ]
    }

    fn handle(&mut self, input: &Input) -> super::Outcome {
        self.input(input)
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::holidays::render(app, self, screen, buf)
    }

    /// A preview read but not loaded would be lost on closing.
    fn is_dirty(&self) -> bool {
        self.preview.is_some()
    }

    fn receive(&mut self, done: &Done) {
        if let Done::Holidays(done) = done {
            self.done(done.clone());
        }
    }
}

impl Default for HolidaysView {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs a request against the database (the effect loop calls it).
pub fn run(
    store: &mut Store,
    request: HolidaysRequest,
    actor: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> HolidaysDone {
    match request {
        HolidaysRequest::Years => {
            HolidaysDone::Years(store.holiday_years(today).map_err(|e| e.to_string()))
        }
        HolidaysRequest::Preview(path) => HolidaysDone::Previewed(preview(store, &path, today)),
        HolidaysRequest::Load(notices) => HolidaysDone::Loaded(
            store
                .load_notices(&notices, actor, now)
                .and_then(|plan| Ok((store.holiday_years(today)?, notices, plan)))
                .map_err(|e| e.to_string()),
        ),
    }
}

fn preview(store: &Store, path: &str, today: NaiveDate) -> Result<Preview, String> {
    // The file's name, not its whole path: the line at fault must fit the dialog.
    let name = std::path::Path::new(path)
        .file_name()
        .map_or(path.into(), |n| n.to_string_lossy().into_owned());
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let text = decode(&bytes).map_err(|e| format!("{name}: {e}"))?;
    let notices = read_notices(&text).map_err(|e| format!("{name}: {e}"))?;
    let loaded = store.notice_summaries().map_err(|e| e.to_string())?;
    let replacing = notices
        .iter()
        .map(|n| n.year)
        .filter(|y| loaded.iter().any(|l| l.year == *y))
        .collect();
    let plan = store
        .recompute_preview(&notices, today)
        .map_err(|e| e.to_string())?;
    Ok(Preview {
        notices,
        replacing,
        plan,
    })
}
