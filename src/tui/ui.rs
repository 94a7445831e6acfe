//! One frame: the header, the panes (side by side or as tabs), what is open over them, the
//! message and hint lines, and the terminal cursor on the focused field.

use crate::i18n::Ui;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::app::App;
use super::forms::Form;
use super::layout::{self, Pane};
use super::panes;
use crate::display::fit;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let caret = draw(app, area, frame.buffer_mut());
    // Every frame: the IME's candidate window follows the real cursor.
    if let Some(position) = caret {
        frame.set_cursor_position(position);
    }
}

/// Draws into a buffer; returns where the terminal cursor belongs (a focused text field).
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    if layout::too_small(area) {
        let text = fit(app.texts.ui(Ui::TooSmall), area.width as usize);
        let y = area.y + area.height / 2;
        buf.set_stringn(area.x, y, text, area.width as usize, app.theme.error);
        return None;
    }
    let screen = layout::screen(area, app.focus);
    panes::header::Header(app).render(screen.header, buf);
    if let Some(tabs) = screen.tabs {
        draw_tabs(app, tabs, buf);
    }
    for (pane, rect) in &screen.panes {
        let focused = *pane == app.focus;
        match pane {
            Pane::Duty => panes::duty::DutyPane { app, focused }.render(*rect, buf),
            Pane::Queue => panes::queue::QueuePane { app, focused }.render(*rect, buf),
            Pane::Classify => {
                panes::classify_list::ClassifyListPane { app, focused }.render(*rect, buf)
            }
            Pane::Board => panes::board::BoardPane { app, focused }.render(*rect, buf),
        }
    }
    panes::hints::render_status(app, screen.status, buf);
    panes::hints::render_hints(app, screen.hints, buf);
    let mut caret = app
        .overlay
        .as_ref()
        .and_then(|o| o.form().render(app, area, buf));
    if let Some(help) = &app.help {
        help.render(app, area, buf);
        caret = None;
    }
    if let Some(confirm) = &app.confirm {
        confirm.render(app, area, buf);
        caret = None;
    }
    caret
}

fn draw_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    for (i, pane) in Pane::ALL.iter().enumerate() {
        let style = if *pane == app.focus {
            app.theme.title_focused
        } else {
            app.theme.title
        };
        spans.push(Span::styled(
            format!(" {} {} ", i + 1, app.texts.ui(pane.title_key())),
            style,
        ));
        spans.push(Span::raw(" "));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}
