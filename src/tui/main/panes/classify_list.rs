//! 待分类: residents being received, and cases a unit returned, waiting for F3.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::tui::kit::View;
use crate::tui::kit::draw::{cell, empty, list, said_rest, split_title, title_bar};
use crate::tui::kit::labels::status_style;
use crate::tui::layout::Pane;
use crate::tui::main::MainScreen;

pub struct ClassifyListPane<'a> {
    pub view: &'a View<'a>,
    pub main: &'a MainScreen,
    pub focused: bool,
}

impl Widget for ClassifyListPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let view = self.view;
        let main = self.main;
        let t = view.texts;
        let theme = view.theme;
        let (title, body) = split_title(area);
        let note = view.data.to_classify.len().to_string();
        title_bar(
            buf,
            title,
            t.ui(Ui::PaneClassify),
            &note,
            self.focused,
            theme,
        );
        if view.data.to_classify.is_empty() {
            empty(buf, body, t.ui(Ui::EmptyClassify), theme);
            return;
        }
        let i = Pane::Classify.index();
        // Numbers whole (`HF-20261203-1B001` is 17 columns).
        let number = view
            .data
            .to_classify
            .iter()
            .map(|r| crate::display::width(&r.case.number) + 1)
            .fold(16, usize::max);
        let line = |k: usize| -> Line<'static> {
            let r = &view.data.to_classify[k];
            let c = &r.case;
            let deputy = c
                .deputy
                .as_deref()
                .and_then(|d| view.data.refs.member(d))
                .map(|m| m.name.as_str())
                .unwrap_or("-");
            let mut cells = vec![
                cell(&c.number, number, theme.key),
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
            view.data.to_classify.len(),
            main.scroll[i],
            Some(main.selected[i]),
            self.focused,
            view,
            line,
            None,
        );
    }
}
