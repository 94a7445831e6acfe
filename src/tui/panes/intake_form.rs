//! The intake form (F2) on screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::dialog;
use super::fields::{choice_row, picker_rows, problem_row, text_block, text_row};
use crate::domain::case::Source;
use crate::tui::app::App;
use crate::tui::forms::intake::{Field, IntakeForm, Problem};
use crate::tui::layout;

/// Draws the form and returns the caret of the focused field.
pub fn render(app: &App, form: &IntakeForm, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = app.texts;
    let theme = &app.theme;
    let area = layout::form(screen);
    let inner = dialog(buf, area, t.ui("form_intake"), theme);
    let mut y = inner.y;
    let bottom = inner.bottom();
    let mut caret = None;
    let row = |y: u16, h: u16| Rect {
        x: inner.x,
        y,
        width: inner.width,
        height: h.min(bottom.saturating_sub(y)),
    };
    let problem_text = |p: &Problem| {
        let head = t.ui(p.key);
        if p.key == "too_long" {
            format!("{head}: {} {}", p.detail, t.ui("chars"))
        } else if p.detail.is_empty() {
            head.to_string()
        } else {
            format!("{head}: {}", p.detail)
        }
    };
    for field in crate::tui::forms::intake::FIELDS {
        if y >= bottom {
            break;
        }
        let focused = form.focus == field;
        let at = match field {
            Field::Name => text_row(
                buf,
                row(y, 1),
                t.ui("field_name"),
                &form.name,
                focused,
                theme,
            ),
            Field::Phone => text_row(
                buf,
                row(y, 1),
                t.ui("field_phone"),
                &form.phone,
                focused,
                theme,
            ),
            Field::Address => text_row(
                buf,
                row(y, 1),
                t.ui("field_address"),
                &form.address,
                focused,
                theme,
            ),
            Field::Source => {
                let labels: Vec<&str> = Source::ALL.iter().map(|s| t.name(*s)).collect();
                let chosen = form
                    .source
                    .value()
                    .and_then(|v| Source::ALL.iter().position(|s| *s == v));
                choice_row(
                    buf,
                    row(y, 1),
                    t.ui("field_source"),
                    &labels,
                    chosen,
                    focused,
                    theme,
                );
                None
            }
            Field::Content => {
                let label = format!("{} *", t.ui("field_content"));
                let at = text_block(buf, row(y, 6), &label, &form.content, focused, theme);
                y += 5;
                at
            }
            Field::Deputy => {
                let h = if focused { 4 } else { 1 };
                let at = picker_rows(
                    buf,
                    row(y, h),
                    t.ui("field_deputy"),
                    &form.deputy,
                    focused,
                    t.ui("none"),
                    theme,
                );
                y += h - 1;
                at
            }
        };
        caret = caret.or(at);
        y += 1;
        if let Some(p) = form.problems.get(&field)
            && y < bottom
        {
            problem_row(buf, row(y, 1), &problem_text(p), theme);
            y += 1;
        }
    }
    if form.saving && y < bottom {
        problem_row(buf, row(bottom - 1, 1), t.ui("saving"), theme);
    }
    caret
}
