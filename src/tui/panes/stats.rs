//! The statistics view (Alt-5): this month by category, the twelve-month trend, and today's
//! overdue cases by unit. Bars are drawn with `#` — block characters are of ambiguous width.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::symbols::bar;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Widget};

use super::{dialog, empty};
use crate::display::fit;
use crate::tui::app::App;
use crate::tui::forms::views::{CHARTS, StatsView};
use crate::tui::layout;

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

pub fn render(app: &App, view: &StatsView, screen: Rect, buf: &mut Buffer) {
    let t = app.texts;
    let area = layout::overlay_area(screen);
    let inner = dialog(buf, area, t.ui(Ui::FormStatistics), &app.theme);
    if inner.width >= 96 && inner.height >= 24 {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(inner);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top);
        chart(app, view, 0, left, buf);
        chart(app, view, 2, right, buf);
        chart(app, view, 1, bottom, buf);
    } else {
        chart(app, view, view.page % CHARTS, inner, buf);
    }
}

fn chart(app: &App, view: &StatsView, which: usize, area: Rect, buf: &mut Buffer) {
    let t = app.texts;
    let theme = &app.theme;
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
    let taxonomy = &app.data.refs.taxonomy;
    let (bars, horizontal): (Vec<Bar>, bool) = match which {
        0 => (
            view.stats
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
            view.stats
                .trend
                .iter()
                .map(|(month, n)| {
                    Bar::with_label(Line::from(month[5..].to_string()), u64::from(*n))
                })
                .collect(),
            false,
        ),
        _ => (
            view.stats
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
