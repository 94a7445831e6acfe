//! Deputies' duty records (Alt-6) and the livelihood projects' progress board (Alt-7).

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::duty::member_title;
use super::{cell, dialog, empty, scrolled};
use crate::display::fit;
use crate::tui::app::App;
use crate::tui::forms::views::{DutyView, ProjectsView};
use crate::tui::layout;

pub fn duty(app: &App, view: &DutyView, screen: Rect, buf: &mut Buffer) {
    let t = app.texts;
    let theme = &app.theme;
    let inner = dialog(
        buf,
        layout::overlay_area(screen),
        &format!("{} {}", t.ui(Ui::FormDuty), view.year),
        theme,
    );
    if view.records.is_empty() || inner.height < 2 {
        empty(buf, inner, t.ui(Ui::NoData), theme);
        return;
    }
    let header = Line::from(vec![
        cell(t.ui(Ui::FieldName), 8, theme.title),
        cell("", 12, theme.title),
        cell("", 5, theme.title),
        cell(t.ui(Ui::DutyDays), 8, theme.title),
        cell(t.ui(Ui::DutyReceived), 9, theme.title),
        cell(t.ui(Ui::DutyClosed), 9, theme.title),
        cell(t.ui(Ui::DutyActivities), 8, theme.title),
    ]);
    buf.set_line(inner.x, inner.y, &header, inner.width);
    let lines: Vec<Line> = view
        .records
        .iter()
        .map(|r| {
            let member = app.data.refs.member(&r.member);
            let title = member.map(|m| member_title(t, m)).unwrap_or_default();
            Line::from(vec![
                cell(&r.name, 8, theme.plain),
                cell(&title, 12, theme.dim),
                cell(&r.station, 5, theme.dim),
                cell(&r.reception_days.to_string(), 8, theme.key),
                cell(&r.residents_received.to_string(), 9, theme.key),
                cell(&r.followed_to_closure.to_string(), 9, theme.key),
                cell(&r.activities.to_string(), 8, theme.key),
            ])
        })
        .collect();
    let list = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    scrolled(buf, list, lines, view.rows.selected, true, app);
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

pub fn projects(app: &App, view: &ProjectsView, screen: Rect, buf: &mut Buffer) {
    let t = app.texts;
    let theme = &app.theme;
    let inner = dialog(
        buf,
        layout::overlay_area(screen),
        t.ui(Ui::FormProjects),
        theme,
    );
    if view.projects.is_empty() {
        empty(buf, inner, t.ui(Ui::NoData), theme);
        return;
    }
    let w = inner.width as usize;
    if view.open
        && let Some(p) = view.projects.get(view.rows.selected)
    {
        let unit = app
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
                    app.data
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
            let who = app
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
        return;
    }
    let lines: Vec<Line> = view
        .projects
        .iter()
        .map(|p| {
            let unit = app
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
    scrolled(buf, inner, lines, view.rows.selected, true, app);
}
