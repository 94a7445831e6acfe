//! 待分类: residents being received, and cases a unit returned, waiting for F3.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::queue::status_style;
use super::{cell, empty, list, said_rest, split_title, title_bar};
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
            t.ui(Ui::PaneClassify),
            &note,
            self.focused,
            theme,
        );
        if app.data.to_classify.is_empty() {
            empty(buf, body, t.ui(Ui::EmptyClassify), theme);
            return;
        }
        let i = Pane::Classify.index();
        let line = |k: usize| -> Line<'static> {
            let r = &app.data.to_classify[k];
            let c = &r.case;
            let deputy = c
                .deputy
                .as_deref()
                .and_then(|d| app.data.refs.member(d))
                .map(|m| m.name.as_str())
                .unwrap_or("-");
            let mut cells = vec![
                cell(&c.number, 16, theme.key),
                cell(t.name(c.status), 10, status_style(theme, c.status)),
                cell(deputy, 7, theme.plain),
            ];
            let content = said_rest(&cells, &c.content, body.width, theme.plain);
            cells.push(content);
            Line::from(cells)
        };
        list(
            buf,
            body,
            app.data.to_classify.len(),
            app.scroll[i],
            Some(app.selected[i]),
            self.focused,
            app,
            line,
            None,
        );
    }
}
