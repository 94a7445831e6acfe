//! 接待队列: today's residents in arrival order, how long they have waited, who has them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::{cell, empty, rows, split_title, title_bar};
use crate::domain::case::Status;
use crate::domain::phone::mask;
use crate::store::CaseRecord;
use crate::tui::app::App;
use crate::tui::layout::Pane;
use crate::tui::theme::Theme;

pub struct QueuePane<'a> {
    pub app: &'a App,
    pub focused: bool,
}

/// The queue number: the last digits of the case number (`007`).
pub fn queue_number(number: &str) -> &str {
    number.rsplit('-').next().unwrap_or(number)
}

pub fn status_style(theme: &Theme, status: Status) -> ratatui::style::Style {
    match status {
        Status::Queued => theme.warn,
        Status::Receiving => theme.key,
        Status::Answered | Status::Closed => theme.ok,
        Status::Returned => theme.error,
        _ => theme.plain,
    }
}

impl Widget for QueuePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = app.texts;
        let theme = &app.theme;
        let (title, body) = split_title(area);
        let note = format!("{} {}", t.ui("waiting"), app.data.counts.waiting);
        title_bar(buf, title, t.ui("pane_queue"), &note, self.focused, theme);
        if app.data.queue.is_empty() {
            empty(buf, body, t.ui("empty_queue"), theme);
            return;
        }
        let now = app.data.now;
        let wide = body.width >= 70;
        let lines: Vec<Line> = app
            .data
            .queue
            .iter()
            .map(|r: &CaseRecord| {
                let c = &r.case;
                let wait = match c.status {
                    Status::Queued => {
                        let minutes = (now - c.received_at).num_minutes().max(0);
                        format!("{minutes}{}", t.ui("minutes"))
                    }
                    Status::Receiving => c
                        .deputy
                        .as_deref()
                        .and_then(|d| app.data.refs.member(d))
                        .map(|m| m.name.clone())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                let mut cells = vec![
                    cell(queue_number(&c.number), 4, theme.key),
                    cell(&c.received_at.format("%H:%M").to_string(), 6, theme.dim),
                    cell(t.name(c.status), 10, status_style(theme, c.status)),
                    cell(&wait, 8, theme.plain),
                    cell(r.resident.name.as_deref().unwrap_or("-"), 9, theme.plain),
                ];
                if wide {
                    let phone = r.resident.phone.as_deref().map(mask).unwrap_or_default();
                    cells.push(cell(&phone, 13, theme.dim));
                }
                cells.push(cell(&c.content, 200, theme.plain));
                Line::from(cells)
            })
            .collect();
        let i = Pane::Queue.index();
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
