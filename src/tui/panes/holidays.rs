//! The holiday table per year and the import of a notice with its preview (F12).

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;

use super::fields::{problem_row, text_row};
use super::{cell, dialog, rows};
use crate::display::fit;
use chrono::Datelike;

use crate::domain::calendar::YearStatus;
use crate::domain::holidays::{Festival, describe_days};
use crate::tui::app::App;
use crate::tui::forms::holidays::{HolidaysView, Outcome, Preview};
use crate::tui::layout;

pub fn render(app: &App, view: &HolidaysView, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = app.texts;
    let theme = &app.theme;
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
    let room = if view.preview.is_some() {
        inner.height / 3
    } else {
        inner.height - 4
    };
    let list_height = (view.years.len() as u16 + 1).min(room).max(2);
    let header = Line::from(vec![
        cell(t.ui(Ui::ColYear), 6, theme.dim),
        cell(t.ui(Ui::ColTable), 22, theme.dim),
        cell(t.ui(Ui::ColDaysOff), 6, theme.dim),
        cell(t.ui(Ui::ColMakeUp), 6, theme.dim),
        cell(t.ui(Ui::ColSource), 60, theme.dim),
    ]);
    buf.set_line(inner.x, inner.y, &header, inner.width);
    let lines: Vec<Line> = view
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
    let scroll = view
        .rows
        .selected
        .saturating_sub(list.height.saturating_sub(1) as usize);
    let focused = view.preview.is_none();
    rows(buf, list, lines, view.rows.selected, scroll, focused, theme);
    let y = list.bottom();
    let caret = text_row(
        buf,
        row(y),
        t.ui(Ui::FieldNoticeFile),
        &view.path,
        true,
        theme,
    );
    let w = inner.width as usize;
    match (&view.message, &view.preview) {
        (Some(Outcome::Refused(e)), _) => problem_row(buf, row(y + 1), e, theme),
        (Some(Outcome::Loaded { years, recomputed }), _) => {
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
    if let Some(preview) = &view.preview {
        let body = Rect {
            y: y + 1,
            height: inner.bottom().saturating_sub(y + 1),
            ..inner
        };
        preview_lines(app, preview, body, view.scroll, buf);
    }
    caret
}

/// `春节  放假 2027-02-05..02-11（共7天）；调休上班 2027-02-20 周六`, in the desk's language.
fn festival_line(app: &App, f: &Festival) -> String {
    let t = app.texts;
    let mut line = format!(
        "{}  {}",
        f.name,
        crate::fill!(
            t,
            Ui::FestivalOff,
            days = &describe_days(&f.off),
            n = f.off.len()
        )
    );
    if !f.work.is_empty() {
        let days: Vec<String> = f
            .work
            .iter()
            .map(|d| {
                let i = d.weekday().num_days_from_monday() as usize;
                let weekday = t.ui(Ui::Weekdays).split(' ').nth(i).unwrap_or_default();
                format!("{d} {weekday}")
            })
            .collect();
        line.push_str(&crate::fill!(t, Ui::FestivalWork, days = &days.join(", ")));
    }
    line
}

/// What the file holds and what loading it does, scrolled by `scroll` lines; the last row
/// says how to load it.
fn preview_lines(app: &App, p: &Preview, area: Rect, scroll: usize, buf: &mut Buffer) {
    let t = app.texts;
    let theme = &app.theme;
    let mut lines: Vec<(String, Style)> = Vec::new();
    for n in &p.notices {
        lines.push((format!("{} ({})", n.title, n.year), theme.key));
        if p.replacing.contains(&n.year) {
            lines.push((format!("  {}", t.ui(Ui::NoticeReplaces)), theme.warn));
        }
        for f in n.festivals() {
            lines.push((format!("  {}", festival_line(app, &f)), theme.plain));
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
