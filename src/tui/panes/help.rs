//! F1: every binding of the screen it was opened from, generated from the keymap.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::dialog;
use crate::display::pad;
use crate::tui::app::App;
use crate::tui::forms::help::HelpView;
use crate::tui::keymap::join_keys;

pub fn render(app: &App, help: &HelpView, screen: Rect, buf: &mut Buffer) {
    let t = app.texts;
    let theme = &app.theme;
    let area = crate::tui::layout::popup(screen, 72, screen.height);
    let inner = dialog(buf, area, t.ui(Ui::HelpTitle), theme);
    let mut lines: Vec<Line> = Vec::new();
    for problem in &app.keymap.problems {
        lines.push(Line::from(Span::styled(
            format!("! {problem}"),
            theme.error,
        )));
    }
    let mut current = None;
    for (context, command, keys) in app.keymap.visible(&help.stack) {
        if current != Some(context) {
            current = Some(context);
            let title = t.name(context).to_string();
            lines.push(Line::from(Span::styled(title, theme.title)));
        }
        let (key_style, label_style) = if help.disabled.contains(&command) {
            (theme.disabled, theme.disabled)
        } else {
            (theme.key, theme.plain)
        };
        lines.push(Line::from(vec![
            Span::styled(pad(&join_keys(&keys), 24), key_style),
            Span::styled(t.name(command).to_string(), label_style),
        ]));
    }
    let area = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let window = crate::tui::app::list_window(lines.len(), area.height as usize);
    let scroll = help.scroll.min(lines.len().saturating_sub(window));
    super::list(
        buf,
        area,
        lines.len(),
        scroll,
        None,
        false,
        app,
        |k| lines[k].clone(),
        None,
    );
}
