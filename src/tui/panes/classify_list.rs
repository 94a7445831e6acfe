//! 待分类: residents being received, and cases a unit returned, waiting for F3.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::queue::status_style;
use super::{cell, empty, rows, split_title, title_bar};
use crate::tui::app::App;
use crate::tui::layout::Pane;

pub struct ClassifyListPane<'a> {
    pub app: &'a App,
    pub focused: bool,
}

impl Widget for ClassifyListPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = app.texts;
        let theme = &app.theme;
        let (title, body) = split_title(area);
        let note = app.data.to_classify.len().to_string();
        title_bar(
            buf,
            title,
            t.ui("pane_classify"),
            &note,
            self.focused,
            theme,
        );
        if app.data.to_classify.is_empty() {
            empty(buf, body, t.ui("empty_classify"), theme);
            return;
        }
        let lines: Vec<Line> = app
            .data
            .to_classify
            .iter()
            .map(|r| {
                let c = &r.case;
                let deputy = c
                    .deputy
                    .as_deref()
                    .and_then(|d| app.data.refs.member(d))
                    .map(|m| m.name.as_str())
                    .unwrap_or("-");
                Line::from(vec![
                    cell(&c.number, 17, theme.key),
                    cell(t.name(c.status), 10, status_style(theme, c.status)),
                    cell(deputy, 7, theme.plain),
                    cell(&c.content, 200, theme.plain),
                ])
            })
            .collect();
        let i = Pane::Classify.index();
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
