//! The home's station scorecard of this year (星级站点, Alt-S): the stations ranked by score,
//! with their figures; the definitions are the command's (`liaison scorecard`).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use crate::fill;
use crate::i18n::Ui;
use crate::report::percent;
use crate::tui::action::Command;
use crate::tui::effect::scorecard::ScorecardData;
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, empty, scrolled};
use crate::tui::kit::layer::browse_contexts;
use crate::tui::kit::{Hint, Input, Layer, Outcome, Rows, View};
use crate::tui::layout;

#[derive(Debug, Clone)]
pub struct Scorecard {
    pub data: ScorecardData,
    pub rows: Rows,
}

impl Scorecard {
    pub fn new(data: ScorecardData) -> Scorecard {
        Scorecard {
            data,
            rows: Rows::default(),
        }
    }
}

impl Layer for Scorecard {
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
                self.rows.step(self.data.rows.len(), *c);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        let title = fill!(
            t,
            Ui::ScorecardTitle,
            period = self.data.period,
            cutoff = self.data.cutoff.date()
        );
        let inner = dialog(buf, layout::overlay_area(screen), &title, theme);
        if self.data.rows.is_empty() || inner.height < 3 {
            empty(buf, inner, t.ui(Ui::NoData), theme);
            return None;
        }
        let heads: Vec<&str> = t.ui(Ui::ScorecardColumns).split('|').collect();
        let wide = |text: &str| crate::display::width(text) + 1;
        let rows: Vec<[String; 13]> = self
            .data
            .rows
            .iter()
            .map(|r| {
                let f = &r.figures;
                [
                    r.rank.to_string(),
                    format!("{} {}", f.code, f.name),
                    format!("{}/{}", f.reception_days_held, f.reception_days_due),
                    f.members_present.to_string(),
                    f.cases_received.to_string(),
                    percent(r.on_time_rate),
                    percent(r.satisfaction_rate),
                    f.activities.to_string(),
                    f.volunteer_attendances.to_string(),
                    f.wishes_fulfilled.to_string(),
                    r.score.map_or("-".into(), |s| format!("{s:.1}")),
                    r.stars.to_string(),
                    f.last_bundle
                        .map_or("-".into(), |d| d.date().format("%m-%d").to_string()),
                ]
            })
            .collect();
        // Every column as wide as its heading or widest value, but the station's name, which
        // takes what is left (at least its code).
        let mut widths: Vec<usize> = (0..13)
            .map(|c| {
                rows.iter()
                    .map(|r| wide(&r[c]))
                    .fold(wide(heads[c]), usize::max)
            })
            .collect();
        let others: usize = widths
            .iter()
            .enumerate()
            .filter(|(c, _)| *c != 1)
            .map(|(_, w)| w)
            .sum();
        widths[1] = (inner.width as usize)
            .saturating_sub(others)
            .clamp(5, widths[1]);
        let styles = |c: usize| match c {
            0 | 1 => theme.plain,
            10 | 11 => theme.key,
            _ => theme.dim,
        };
        let header = Line::from(
            heads
                .iter()
                .zip(&widths)
                .map(|(h, w)| cell(h, *w, theme.title))
                .collect::<Vec<_>>(),
        );
        buf.set_line(inner.x, inner.y, &header, inner.width);
        let lines: Vec<Line> = rows
            .iter()
            .map(|r| {
                Line::from(
                    r.iter()
                        .zip(&widths)
                        .enumerate()
                        .map(|(c, (text, w))| cell(text, *w, styles(c)))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let list = Rect {
            y: inner.y + 1,
            height: inner.height - 2,
            ..inner
        };
        scrolled(buf, list, lines, self.rows.selected, true, view);
        let help = fill!(t, Ui::ScorecardHelp, min = self.data.min_cases);
        let foot = Line::from(vec![cell(&help, inner.width as usize, theme.dim)]);
        buf.set_line(inner.x, inner.y + inner.height - 1, &foot, inner.width);
        None
    }
}
