//! One frame: the header, the panes (side by side or as tabs), what is open over them, the
//! message and hint lines, and the terminal cursor on the focused field.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::app::App;
use super::layout::{self, Pane};
use super::overlay::Overlay;
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
        let text = fit(app.texts.ui("too_small"), area.width as usize);
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
    let mut caret = match &app.overlay {
        Some(Overlay::Intake(form)) => panes::intake_form::render(app, form, area, buf),
        Some(Overlay::Classify(form)) => panes::classify_form::render(app, form, area, buf),
        Some(Overlay::Pick(pick)) => panes::pick::render(app, pick, area, buf),
        Some(Overlay::Feedback(form)) => panes::feedback_form::render(app, form, area, buf),
        Some(Overlay::Supervise(form)) => panes::supervise_form::render(app, form, area, buf),
        Some(Overlay::Search(view)) => panes::browse::search(app, view, area, buf),
        Some(Overlay::Units(view)) => panes::browse::units(app, view, area, buf),
        Some(Overlay::Holidays(view)) => panes::holidays::render(app, view, area, buf),
        Some(Overlay::Recurring(view)) => {
            panes::browse::recurring(app, view, area, buf);
            None
        }
        Some(Overlay::Statistics(view)) => {
            panes::stats::render(app, view, area, buf);
            None
        }
        Some(Overlay::Duty(view)) => {
            panes::records::duty(app, view, area, buf);
            None
        }
        Some(Overlay::Projects(view)) => {
            panes::records::projects(app, view, area, buf);
            None
        }
        Some(Overlay::Detail(view)) => {
            panes::detail::render(app, view, area, buf);
            None
        }
        None => None,
    };
    if let Some(help) = &app.help {
        panes::help::render(app, help, area, buf);
        caret = None;
    }
    if let Some(confirm) = &app.confirm {
        panes::confirm::render(app, confirm, area, buf);
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
