//! The holiday table per year (F12): which years have the State Council's notice loaded,
//! which are provisional (the law's statutory days, deadlines 待核), which have nothing; and
//! the import of a notice file (its text as published, or TOML) with its preview: what it
//! read, the year it replaces, the open deadlines it recomputes. Ctrl-S loads what the
//! preview shows.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;

use crate::display::fit;
use crate::domain::calendar::YearStatus;
use crate::i18n::Ui;
use crate::refusal::Refusal;
use crate::store::HolidayYear;
use crate::tui::action::Command;
use crate::tui::effect::holidays::{HolidaysDone, HolidaysRequest, Preview};
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, rows};
use crate::tui::kit::fields::{problem_row, text_row};
use crate::tui::kit::input::{Edit, edit_text};
use crate::tui::kit::layer::text_contexts;
use crate::tui::kit::{Hint, Input, Layer, Outcome, Rows, View};
use crate::tui::layout;
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone)]
pub struct Holidays {
    pub years: Vec<HolidayYear>,
    pub rows: Rows,
    /// The notice file to import.
    pub path: TextField,
    pub preview: Option<Preview>,
    /// What the last request came to.
    pub message: Option<Said>,
    /// Lines of the preview scrolled past.
    pub scroll: usize,
}

/// What the last request came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Notices loaded: their years, and how many deadlines were recomputed.
    Loaded { years: Vec<i32>, recomputed: usize },
    /// Refused, and why (nothing was changed).
    Refused(Refusal),
}

impl Default for Holidays {
    fn default() -> Self {
        Holidays {
            years: Vec::new(),
            rows: Rows::default(),
            path: TextField::new(260, false),
            preview: None,
            message: None,
            scroll: 0,
        }
    }
}

impl Holidays {
    fn done(&mut self, done: &HolidaysDone) {
        match done {
            HolidaysDone::Years(Ok(years)) => self.years = years.clone(),
            HolidaysDone::Previewed(Ok(preview)) => {
                self.preview = Some(preview.clone());
                self.message = None;
                self.scroll = 0;
            }
            HolidaysDone::Loaded(Ok((years, notices, plan))) => {
                self.years = years.clone();
                self.preview = None;
                self.message = Some(Said::Loaded {
                    years: notices.iter().map(|n| n.year).collect(),
                    recomputed: plan.changes.len(),
                });
            }
            HolidaysDone::Years(Err(e))
            | HolidaysDone::Previewed(Err(e))
            | HolidaysDone::Loaded(Err(e)) => self.message = Some(Said::Refused(e.clone())),
        }
    }
}

impl Layer for Holidays {
    fn contexts(&self) -> Vec<Context> {
        text_contexts()
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![
            Hint::new(Command::Confirm, 0).when(!self.path.text().trim().is_empty()),
            Hint::new(Command::Save, 0).when(self.preview.is_some()),
            Hint::new(Command::Close, 1),
        ]
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
        match input {
            Input::Command(Command::Close) if self.preview.is_some() => {
                self.preview = None;
                self.scroll = 0;
            }
            Input::Command(Command::Close) => return Outcome::Close,
            Input::Command(Command::Confirm) => {
                let path = self.path.text().trim().to_string();
                if path.is_empty() {
                    return Outcome::Say(Ui::HolidaysGiveAFile);
                }
                return Outcome::Run(vec![Effect::Holidays(HolidaysRequest::Preview(path))]);
            }
            Input::Command(Command::Save) => match &self.preview {
                Some(p) => {
                    return Outcome::Run(vec![Effect::Holidays(HolidaysRequest::Load(
                        p.notices.clone(),
                    ))]);
                }
                None => return Outcome::Say(Ui::HolidaysPreviewFirst),
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
                    return Outcome::Refused {
                        field: Ui::FieldNoticeFile,
                        problem,
                    };
                }
                _ => {}
            },
        }
        Outcome::Stay
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        draw(self, view, screen, buf)
    }

    /// A preview read but not loaded would be lost on closing.
    fn is_dirty(&self) -> bool {
        self.preview.is_some()
    }

    fn receive(&mut self, done: &Done, _view: &View) -> Outcome {
        if let Done::Holidays(done) = done {
            self.done(done);
        }
        Outcome::Stay
    }
}

fn draw(table: &Holidays, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = view.texts;
    let theme = view.theme;
    let area = layout::overlay_area(screen);
    let inner = dialog(
        buf,
        layout::dialog(area, area.width.min(110), area.height),
        t.ui(Ui::FormHolidays),
        theme,
    );
    if inner.height < 6 {
        return None;
    }
    let row = |y: u16| Rect {
        y,
        height: 1,
        ..inner
    };
    // The years: at most half the dialog while a preview shows.
    let room = if table.preview.is_some() {
        inner.height / 3
    } else {
        inner.height - 4
    };
    let list_height = (table.years.len() as u16 + 1).min(room).max(2);
    let header = Line::from(vec![
        cell(t.ui(Ui::ColYear), 6, theme.dim),
        cell(t.ui(Ui::ColTable), 22, theme.dim),
        cell(t.ui(Ui::ColDaysOff), 6, theme.dim),
        cell(t.ui(Ui::ColMakeUp), 6, theme.dim),
        cell(t.ui(Ui::ColSource), 60, theme.dim),
    ]);
    buf.set_line(inner.x, inner.y, &header, inner.width);
    let lines: Vec<Line> = table
        .years
        .iter()
        .map(|y| {
            let (status, style) = match y.status {
                YearStatus::Loaded => (t.ui(Ui::YearLoaded), theme.plain),
                YearStatus::Provisional => (t.ui(Ui::YearProvisional), theme.key),
                YearStatus::None => (t.ui(Ui::YearNone), theme.dim),
            };
            Line::from(vec![
                cell(&y.year.to_string(), 6, theme.key),
                cell(status, 22, style),
                cell(&y.holidays.to_string(), 6, theme.plain),
                cell(&y.workdays.to_string(), 6, theme.plain),
                cell(
                    if y.title == crate::store::LAW {
                        t.ui(Ui::TheLaw)
                    } else {
                        &y.title
                    },
                    60,
                    theme.dim,
                ),
            ])
        })
        .collect();
    let list = Rect {
        y: inner.y + 1,
        height: list_height - 1,
        ..inner
    };
    let scroll = table
        .rows
        .selected
        .saturating_sub(list.height.saturating_sub(1) as usize);
    let focused = table.preview.is_none();
    rows(
        buf,
        list,
        lines,
        table.rows.selected,
        scroll,
        focused,
        theme,
    );
    let y = list.bottom();
    let caret = text_row(
        buf,
        row(y),
        t.ui(Ui::FieldNoticeFile),
        &table.path,
        true,
        theme,
    );
    let w = inner.width as usize;
    match (&table.message, &table.preview) {
        (Some(Said::Refused(e)), _) => problem_row(buf, row(y + 1), &e.say(t), theme),
        (Some(Said::Loaded { years, recomputed }), _) => {
            let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
            let text = crate::fill!(
                t,
                Ui::NoticeLoaded,
                years = &years.join(", "),
                n = recomputed
            );
            buf.set_stringn(inner.x, y + 1, fit(&text, w), w, theme.key);
        }
        (None, None) => {
            buf.set_stringn(inner.x, y + 1, fit(t.ui(Ui::HolidaysHint), w), w, theme.dim);
        }
        (None, Some(_)) => {}
    }
    if let Some(preview) = &table.preview {
        let body = Rect {
            y: y + 1,
            height: inner.bottom().saturating_sub(y + 1),
            ..inner
        };
        preview_lines(view, preview, body, table.scroll, buf);
    }
    caret
}

/// What the file holds and what loading it does, scrolled by `scroll` lines; the last row
/// says how to load it.
fn preview_lines(view: &View, p: &Preview, area: Rect, scroll: usize, buf: &mut Buffer) {
    let t = view.texts;
    let theme = view.theme;
    let mut lines: Vec<(String, Style)> = Vec::new();
    for n in &p.notices {
        lines.push((format!("{} ({})", n.title, n.year), theme.key));
        if p.replacing.contains(&n.year) {
            lines.push((format!("  {}", t.ui(Ui::NoticeReplaces)), theme.warn));
        }
        for f in n.festivals() {
            lines.push((
                format!("  {}", crate::describe::festival(t, &f)),
                theme.plain,
            ));
        }
    }
    if p.plan.changes.is_empty() {
        lines.push((t.ui(Ui::RecomputeNone).to_string(), theme.dim));
    } else {
        lines.push((
            crate::fill!(t, Ui::RecomputeHead, n = p.plan.changes.len()),
            theme.key,
        ));
    }
    for c in &p.plan.changes {
        let mut text = format!("  {}  {} → {}", c.number, c.previous, c.due_date);
        if c.before_today {
            text.push_str(&format!("  {}", t.ui(Ui::EarlierThanToday)));
        }
        let style = if c.before_today {
            theme.warn
        } else {
            theme.plain
        };
        lines.push((text, style));
    }
    for k in &p.plan.kept {
        let mut text = format!("  {}  {}  {}", k.number, k.due_date, t.ui(Ui::KeptByHand));
        if k.now_a_day_off {
            text.push_str(&format!("  {}", t.ui(Ui::NowDayOff)));
        }
        lines.push((text, theme.warn));
    }
    if area.height < 2 {
        return;
    }
    let w = area.width as usize;
    let shown = (area.height - 1) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(shown));
    for (i, (text, style)) in lines.iter().skip(scroll).take(shown).enumerate() {
        buf.set_stringn(area.x, area.y + i as u16, fit(text, w), w, *style);
    }
    let last = area.bottom() - 1;
    buf.set_stringn(area.x, last, fit(t.ui(Ui::PreviewLoad), w), w, theme.key);
}
