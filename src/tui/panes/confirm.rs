//! A yes/no question.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::dialog;
use crate::display::fit;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::forms::confirm::Confirm;
use crate::tui::keymap::{Context, join_keys};
use crate::tui::layout;

pub fn render(app: &App, confirm: &Confirm, screen: Rect, buf: &mut Buffer) {
    let t = app.texts;
    let theme = &app.theme;
    let area = layout::popup(screen, 54, 6);
    let inner = dialog(buf, area, "?", theme);
    buf.set_stringn(
        inner.x + 1,
        inner.y + 1,
        fit(t.ui(confirm.question), inner.width as usize - 2),
        inner.width as usize - 2,
        theme.plain,
    );
    if inner.height > 2 && !confirm.detail.is_empty() {
        buf.set_stringn(
            inner.x + 1,
            inner.y + 2,
            fit(&confirm.detail, inner.width as usize - 2),
            inner.width as usize - 2,
            theme.dim,
        );
    }
    let keys = |c: Command| {
        app.keymap
            .visible(&[Context::Confirm])
            .into_iter()
            .find(|(_, cmd, _)| *cmd == c)
            .map(|(_, _, k)| join_keys(&k))
            .unwrap_or_default()
    };
    let line = Line::from(vec![
        Span::styled(keys(Command::Yes), theme.key),
        Span::raw(format!(" {}    ", t.name(Command::Yes))),
        Span::styled(keys(Command::No), theme.key),
        Span::raw(format!(" {}", t.name(Command::No))),
    ]);
    if inner.height > 3 {
        buf.set_line(
            inner.x + 1,
            inner.y + 3,
            &line,
            inner.width.saturating_sub(2),
        );
    }
}
