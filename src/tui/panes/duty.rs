//! 值班代表: today's roster, who is here, whom they are receiving, how many so far.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::{cell, empty, rows, split_title, title_bar};
use crate::domain::member::{Member, MemberKind};
use crate::i18n::Texts;
use crate::tui::app::App;
use crate::tui::layout::Pane;

pub struct DutyPane<'a> {
    pub app: &'a App,
    pub focused: bool,
}

/// 省人大代表, 区人大代表, 议政代表.
pub fn member_title(texts: &Texts, m: &Member) -> String {
    match (m.kind, m.level) {
        (MemberKind::Deputy, Some(level)) => format!("{}{}", texts.name(level), texts.name(m.kind)),
        _ => texts.name(m.kind).to_string(),
    }
}

impl Widget for DutyPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = app.texts;
        let theme = &app.theme;
        let (title, body) = split_title(area);
        let present = app
            .data
            .roster
            .iter()
            .filter(|r| r.entry.is_present())
            .count();
        let note = format!("{present}/{}", app.data.roster.len());
        title_bar(buf, title, t.ui("pane_duty"), &note, self.focused, theme);
        if app.data.roster.is_empty() {
            empty(buf, body, t.ui("empty_roster"), theme);
            return;
        }
        let wide = body.width >= 44;
        let lines: Vec<Line> = app
            .data
            .roster
            .iter()
            .map(|row| {
                let (state, style) = if row.entry.is_present() {
                    (t.ui("present"), theme.ok)
                } else if row.entry.checked_out_at.is_some() {
                    (t.ui("left_desk"), theme.dim)
                } else {
                    (t.ui("absent"), theme.dim)
                };
                let mut cells = vec![
                    cell(&row.member.name, 7, theme.plain),
                    cell(state, 7, style),
                ];
                let receiving = match &row.receiving {
                    Some(r) => format!(
                        "{}{}",
                        &r.case.number[r.case.number.len().saturating_sub(3)..],
                        r.resident
                            .name
                            .as_deref()
                            .map(|n| format!(" {n}"))
                            .unwrap_or_default()
                    ),
                    None => String::new(),
                };
                if wide {
                    cells.push(cell(&member_title(t, &row.member), 11, theme.dim));
                }
                cells.push(cell(&format!("{:>2}", row.received_today), 3, theme.key));
                cells.push(cell(&receiving, 14, theme.warn));
                Line::from(cells)
            })
            .collect();
        let i = Pane::Duty.index();
        rows(
            buf,
            body,
            lines,
            app.selected[i],
            app.scroll[i],
            self.focused,
            theme,
        );
    }
}
