//! The statistics view (Alt-5): this month by category, the twelve-month trend, and today's
//! overdue cases by unit. Bars are drawn with `#`: block characters are of ambiguous width.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Position, Rect};
use ratatui::symbols::bar;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Widget};

use crate::display::fit;
use crate::i18n::Ui;
use crate::store::Statistics;
use crate::tui::action::Command;
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{dialog, empty};
use crate::tui::kit::layer::browse_contexts;
use crate::tui::kit::{Hint, Input, Layer, Outcome, View};
use crate::tui::layout;

/// Number of charts in the statistics view.
pub const CHARTS: usize = 3;

/// The statistics' charts; narrow screens page through them.
#[derive(Debug, Clone)]
pub struct Stats {
    pub stats: Statistics,
    pub page: usize,
}

impl Layer for Stats {
    fn contexts(&self) -> Vec<Context> {
        browse_contexts()
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        vec![
            Hint::new(Command::Close, 0),
            Hint::new(Command::NextPane, 1),
        ]
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
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

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        draw(self, view, screen, buf);
        None
    }
}

const BARS: bar::Set<'static> = bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "#",
    half: "#",
    three_eighths: " ",
    one_quarter: " ",
    one_eighth: " ",
    empty: " ",
};

fn draw(stats: &Stats, view: &View, screen: Rect, buf: &mut Buffer) {
    let t = view.texts;
    let area = layout::overlay_area(screen);
    let inner = dialog(buf, area, t.ui(Ui::FormStatistics), view.theme);
    if inner.width >= 96 && inner.height >= 24 {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(inner);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top);
        chart(stats, view, 0, left, buf);
        chart(stats, view, 2, right, buf);
        chart(stats, view, 1, bottom, buf);
    } else {
        chart(stats, view, stats.page % CHARTS, inner, buf);
    }
}

fn chart(stats: &Stats, view: &View, which: usize, area: Rect, buf: &mut Buffer) {
    let t = view.texts;
    let theme = view.theme;
    if area.height < 3 {
        return;
    }
    let title = match which {
        0 => t.ui(Ui::ChartCategory),
        1 => t.ui(Ui::ChartTrend),
        _ => t.ui(Ui::ChartOverdue),
    };
    let title = format!("{}/{CHARTS} {title}", which + 1);
    buf.set_stringn(
        area.x,
        area.y,
        fit(&title, area.width as usize),
        area.width as usize,
        theme.title,
    );
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let taxonomy = &view.data.refs.taxonomy;
    let (bars, horizontal): (Vec<Bar>, bool) = match which {
        0 => (
            stats
                .stats
                .by_category
                .iter()
                .map(|(code, n)| {
                    let label = match code {
                        Some(c) => {
                            format!("{c} {}", taxonomy.category(c).map_or("", |k| t.label(k)))
                        }
                        None => t.ui(Ui::None).to_string(),
                    };
                    Bar::with_label(Line::from(fit(&label, 16)), u64::from(*n))
                })
                .collect(),
            true,
        ),
        1 => (
            stats
                .stats
                .trend
                .iter()
                .map(|(month, n)| {
                    Bar::with_label(Line::from(month[5..].to_string()), u64::from(*n))
                })
                .collect(),
            false,
        ),
        _ => (
            stats
                .stats
                .overdue_by_unit
                .iter()
                .map(|(unit, n)| {
                    let name = taxonomy.unit(unit).map_or(unit.as_str(), |u| t.label(u));
                    Bar::with_label(Line::from(fit(name, 16)), u64::from(*n))
                })
                .collect(),
            true,
        ),
    };
    if bars.iter().all(|b| b == &Bar::default()) || bars.is_empty() {
        empty(buf, body, t.ui(Ui::NoData), theme);
        return;
    }
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_set(BARS)
        .bar_style(theme.key)
        .value_style(theme.title_focused)
        .label_style(theme.plain);
    let chart = if horizontal {
        chart
            .direction(Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
    } else {
        let width =
            ((body.width as usize / bars.len().max(1)).saturating_sub(1)).clamp(2, 6) as u16;
        chart.bar_width(width).bar_gap(1)
    };
    chart.render(body, buf);
}
