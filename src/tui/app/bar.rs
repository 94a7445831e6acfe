//! The bottom two lines: the latest message, and the main keys of what has the focus.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::App;
use crate::display::{self, fit};
use crate::tui::action::Command;
use crate::tui::kit::Hint;

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

/// The open form's (or the focused pane's) commands with their keys, greyed out when they
/// cannot run now. When the line is too narrow the least important go first; F1 stays.
pub fn render_hints(app: &App, area: Rect, buf: &mut Buffer) {
    let stack = app.contexts();
    let mut hints = app.hints();
    if !hints.iter().any(|h| h.command == Command::Help) {
        hints.push(Hint::new(Command::Help, 0).when(app.help_available()));
    }
    let mut items: Vec<(Hint, String, &str)> = hints
        .into_iter()
        .filter_map(|h| {
            let key = app.keymap.key_for(h.command, &stack)?;
            Some((h, key.to_string(), app.texts.name(h.command)))
        })
        .collect();
    let width = |items: &[(Hint, String, &str)]| -> usize {
        items
            .iter()
            .map(|(_, key, label)| display::width(key) + display::width(label) + 3)
            .sum()
    };
    while width(&items) > area.width as usize + 2 {
        // The least important hint, the last of equals; rank 0 is never dropped.
        let drop = items
            .iter()
            .enumerate()
            .filter(|(_, (h, _, _))| h.rank > 0 && h.command != Command::Help)
            .max_by_key(|(i, (h, _, _))| (h.rank, *i))
            .map(|(i, _)| i);
        match drop {
            Some(i) => {
                items.remove(i);
            }
            None => break,
        }
    }
    let mut spans = Vec::new();
    for (hint, key, label) in items {
        let (key_style, label_style) = if hint.enabled {
            (app.theme.key, app.theme.plain)
        } else {
            (app.theme.disabled, app.theme.disabled)
        };
        spans.push(Span::styled(key, key_style));
        spans.push(Span::styled(format!(" {label}"), label_style));
        spans.push(Span::raw("  "));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}
