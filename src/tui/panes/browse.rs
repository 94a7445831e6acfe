//! The browsing overlays: search results, the handling units, the recurring matters.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use super::fields::{problem_row, text_row};
use super::{cell, dialog, rest, said_rest, scrolled};
use crate::display::fit;
use crate::domain::phone::mask;
use crate::tui::app::App;
use crate::tui::forms::browse::{SearchView, UnitsView};
use crate::tui::forms::views::RecurringView;
use crate::tui::layout;

fn big(screen: Rect) -> Rect {
    let area = layout::overlay_area(screen);
    layout::dialog(area, area.width.min(110), area.height)
}

pub fn search(app: &App, view: &SearchView, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = app.texts;
    let theme = &app.theme;
    let inner = dialog(buf, big(screen), t.ui(Ui::FormSearch), theme);
    if inner.height < 3 {
        return None;
    }
    let caret = text_row(
        buf,
        Rect { height: 1, ..inner },
        t.ui(Ui::FieldQuery),
        &view.query,
        true,
        theme,
    );
    let w = inner.width as usize;
    let info = match &view.searched {
        None => t.ui(Ui::SearchHint).to_string(),
        Some(q) if view.results.is_empty() => format!("{}: {q}", t.ui(Ui::NoResults)),
        Some(q) => format!("{q}: {} {}", view.results.len(), t.ui(Ui::CasesCount)),
    };
    buf.set_stringn(inner.x, inner.y + 1, fit(&info, w), w, theme.dim);
    let list = Rect {
        y: inner.y + 2,
        height: inner.height - 2,
        ..inner
    };
    let lines: Vec<Line> = view
        .results
        .iter()
        .map(|r| {
            let mut cells = vec![
                cell(&r.case.number, 17, theme.key),
                cell(t.name(r.case.status), 10, theme.plain),
                cell(r.resident.name.as_deref().unwrap_or("-"), 9, theme.plain),
                cell(
                    &r.resident.phone.as_deref().map(mask).unwrap_or_default(),
                    14,
                    theme.dim,
                ),
            ];
            let content = said_rest(&cells, &r.case.content, list.width, theme.plain);
            cells.push(content);
            Line::from(cells)
        })
        .collect();
    scrolled(buf, list, lines, view.rows.selected, true, app);
    caret
}

pub fn units(app: &App, view: &UnitsView, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = app.texts;
    let theme = &app.theme;
    let inner = dialog(buf, big(screen), t.ui(Ui::FormUnits), theme);
    let taxonomy = &app.data.refs.taxonomy;
    let lines: Vec<Line> = view
        .units
        .iter()
        .map(|u| {
            let categories: Vec<&str> = taxonomy
                .categories
                .iter()
                .filter(|c| c.parent.is_none() && (c.unit == u.code || c.district_unit == u.code))
                .map(|c| c.code.as_str())
                .collect();
            let mut cells = vec![
                cell(&u.code, 5, theme.key),
                cell(t.name(u.tier), 5, theme.dim),
                cell(t.label(u), 24, theme.plain),
                cell(u.contact.as_deref().unwrap_or("-"), 9, theme.plain),
                cell(u.phone.as_deref().unwrap_or("-"), 15, theme.plain),
            ];
            let categories = rest(&cells, &categories.join(" "), inner.width, theme.dim);
            cells.push(categories);
            Line::from(cells)
        })
        .collect();
    let editing_rows = if view.editing.is_some() { 4 } else { 0 };
    let list = Rect {
        height: inner.height.saturating_sub(editing_rows),
        ..inner
    };
    scrolled(
        buf,
        list,
        lines,
        view.rows.selected,
        view.editing.is_none(),
        app,
    );
    let edit = view.editing.as_ref()?;
    let y = list.bottom();
    let row = |dy: u16| Rect {
        x: inner.x,
        y: y + dy,
        width: inner.width,
        height: 1,
    };
    buf.set_stringn(
        inner.x,
        y,
        fit(
            &format!("{} {}", t.ui(Ui::FormUnit), edit.code),
            inner.width as usize,
        ),
        inner.width as usize,
        theme.title,
    );
    let a = text_row(
        buf,
        row(1),
        t.ui(Ui::FieldContact),
        &edit.contact,
        edit.focus == 0,
        theme,
    );
    let b = text_row(
        buf,
        row(2),
        t.ui(Ui::FieldPhone),
        &edit.phone,
        edit.focus == 1,
        theme,
    );
    if let Some(p) = &edit.problem {
        problem_row(buf, row(3), &p.text(t), theme);
    }
    a.or(b)
}

pub fn recurring(app: &App, view: &RecurringView, screen: Rect, buf: &mut Buffer) {
    let t = app.texts;
    let theme = &app.theme;
    let inner = dialog(buf, big(screen), t.ui(Ui::FormRecurring), theme);
    if view.items.is_empty() {
        super::empty(buf, inner, t.ui(Ui::RecurringEmpty), theme);
        return;
    }
    let taxonomy = &app.data.refs.taxonomy;
    let lines: Vec<Line> = view
        .items
        .iter()
        .map(|r| {
            let category = taxonomy
                .category(&r.category)
                .map_or(r.category.clone(), |c| format!("{} {}", c.code, t.label(c)));
            let mut cells = vec![
                cell(&r.station, 4, theme.dim),
                cell(&r.place, 12, theme.key),
                cell(&category, 20, theme.plain),
                cell(
                    &format!("{}{}", r.months.len(), t.ui(Ui::Months)),
                    7,
                    theme.warn,
                ),
                cell(
                    &format!("{}{}", r.cases.len(), t.ui(Ui::CasesCount)),
                    6,
                    theme.plain,
                ),
            ];
            let months = rest(&cells, &r.months.join(" "), inner.width, theme.dim);
            cells.push(months);
            Line::from(cells)
        })
        .collect();
    scrolled(buf, inner, lines, view.rows.selected, true, app);
}
