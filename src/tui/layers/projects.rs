//! The livelihood projects voted by the congress (民生实事, Alt-7): their progress, and a
//! project's history on Enter.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use crate::display::fit;
use crate::domain::activity::Project;
use crate::i18n::Ui;
use crate::tui::action::Command;
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, empty, scrolled};
use crate::tui::kit::layer::browse_contexts;
use crate::tui::kit::{Hint, Input, Layer, Outcome, Rows, View};
use crate::tui::layout;

#[derive(Debug, Clone)]
pub struct Projects {
    pub projects: Vec<Project>,
    pub rows: Rows,
    /// The selected project's history is shown.
    pub open: bool,
}

impl Projects {
    pub fn new(projects: Vec<Project>) -> Projects {
        Projects {
            projects,
            rows: Rows::default(),
            open: false,
        }
    }
}

/// `[######----] 60%` in ASCII.
fn progress_bar(percent: u8, width: usize) -> String {
    let filled = (percent as usize * width).div_ceil(100).min(width);
    format!(
        "[{}{}] {percent:>3}%",
        "#".repeat(filled),
        "-".repeat(width - filled)
    )
}

impl Layer for Projects {
    fn contexts(&self) -> Vec<Context> {
        browse_contexts()
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![
            Hint::new(Command::Close, 0),
            Hint::new(Command::Open, 1).when(!self.projects.is_empty()),
        ]
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
        match input {
            // Esc on a project's history goes back to the list.
            Input::Command(Command::Close) if self.open => self.open = false,
            Input::Command(Command::Close) => return Outcome::Close,
            Input::Command(Command::Open) => self.open = !self.open,
            Input::Command(c) => self.rows.step(self.projects.len(), *c),
            _ => {}
        }
        Outcome::Stay
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        let inner = dialog(
            buf,
            layout::overlay_area(screen),
            t.ui(Ui::FormProjects),
            theme,
        );
        if self.projects.is_empty() {
            empty(buf, inner, t.ui(Ui::NoData), theme);
            return None;
        }
        let w = inner.width as usize;
        if self.open
            && let Some(p) = self.projects.get(self.rows.selected)
        {
            let unit = view
                .data
                .refs
                .taxonomy
                .unit(&p.unit)
                .map_or(p.unit.as_str(), |u| t.label(u));
            let mut lines = vec![
                format!("{} {}  {}", p.code, p.title, progress_bar(p.percent(), 20)),
                format!("{unit}  {}", p.target),
                String::new(),
            ];
            lines.extend(
                p.progress
                    .iter()
                    .map(|x| format!("{}  {:>3}%  {}", x.date, x.percent, x.note)),
            );
            for i in &p.inspections {
                let who: Vec<String> = i
                    .members
                    .iter()
                    .map(|m| {
                        view.data
                            .refs
                            .member(m)
                            .map_or(m.clone(), |x| x.name.clone())
                    })
                    .collect();
                lines.push(format!(
                    "{}  {}（{}）：{}",
                    i.date,
                    t.ui(Ui::ProjectInspections),
                    who.join("、"),
                    i.findings
                ));
            }
            for i in &p.issues {
                let who = view
                    .data
                    .refs
                    .member(&i.member)
                    .map_or(i.member.clone(), |x| x.name.clone());
                let case = i
                    .case_number
                    .as_deref()
                    .map(|n| format!(" → {n}"))
                    .unwrap_or_default();
                lines.push(format!(
                    "{}  {}（{who}）：{}{case}",
                    i.date,
                    t.ui(Ui::ProjectIssues),
                    i.text
                ));
            }
            for (k, line) in lines.iter().take(inner.height as usize).enumerate() {
                buf.set_stringn(
                    inner.x,
                    inner.y + k as u16,
                    fit(line, w),
                    w,
                    if k == 0 { theme.key } else { theme.plain },
                );
            }
            return None;
        }
        let lines: Vec<Line> = self
            .projects
            .iter()
            .map(|p| {
                let unit = view
                    .data
                    .refs
                    .taxonomy
                    .unit(&p.unit)
                    .map_or(p.unit.as_str(), |u| t.label(u));
                Line::from(vec![
                    cell(&p.code, 8, theme.dim),
                    cell(&progress_bar(p.percent(), 10), 18, theme.key),
                    cell(&p.title, 26, theme.plain),
                    cell(unit, 16, theme.dim),
                    cell(
                        &format!("{} {}", t.ui(Ui::ProjectInspections), p.inspections.len()),
                        8,
                        theme.plain,
                    ),
                    cell(
                        &format!("{} {}", t.ui(Ui::ProjectIssues), p.issues.len()),
                        8,
                        theme.plain,
                    ),
                ])
            })
            .collect();
        scrolled(buf, inner, lines, self.rows.selected, true, view);
        None
    }
}
