//! The bottom two lines: the latest message, and the main keys of what has the focus.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::display::fit;
use crate::tui::app::App;

pub fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    if let Some(notice) = &app.notice {
        let style = if notice.error {
            app.theme.error
        } else {
            app.theme.ok
        };
        buf.set_stringn(
            area.x,
            area.y,
            fit(&notice.text, area.width as usize),
            area.width as usize,
            style,
        );
    }
}

pub fn render_hints(app: &App, area: Rect, buf: &mut Buffer) {
    let stack = app.contexts();
    // The most specific context that names hints (a text field defers to its form).
    let hints = stack
        .iter()
        .map(|context| app.keymap.hints(*context, &stack))
        .find(|hints| !hints.is_empty())
        .unwrap_or_default();
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (command, key) in hints {
        let key = key.to_string();
        let label = app.texts.name(command);
        let w = crate::display::width(&key) + crate::display::width(label) + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(key, app.theme.key));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}
