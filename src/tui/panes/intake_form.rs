//! The intake form (F2) on screen.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::dialog;
use super::fields::{choice_row, picker_rows, problem_row, text_block, text_row};
use crate::domain::case::Source;
use crate::store::Reason;
use crate::tui::app::App;
use crate::tui::forms::intake::{Field, IntakeForm};
use crate::tui::layout;

/// Draws the form and returns the caret of the focused field.
pub fn render(app: &App, form: &IntakeForm, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = app.texts;
    let theme = &app.theme;
    let area = layout::form(screen);
    let inner = dialog(buf, area, t.ui(Ui::FormIntake), theme);
    let mut y = inner.y;
    let bottom = inner.bottom();
    let mut caret = None;
    // The content gives up rows (down to two) so that the deputy's matches and every
    // problem stay inside the frame on a small screen.
    let deputy_rows = if form.focus == Field::Deputy { 4 } else { 1 };
    let offer = form.phone_in_content();
    let others = 4 + deputy_rows + form.problems.len() as u16 + u16::from(offer.is_some());
    let content_rows = inner.height.saturating_sub(others).clamp(2, 6);
    let row = |y: u16, h: u16| Rect {
        x: inner.x,
        y,
        width: inner.width,
        height: h.min(bottom.saturating_sub(y)),
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
                t.ui(Ui::FieldName),
                &form.name,
                focused,
                theme,
            ),
            Field::Phone => text_row(
                buf,
                row(y, 1),
                t.ui(Ui::FieldPhone),
                &form.phone,
                focused,
                theme,
            ),
            Field::Address => text_row(
                buf,
                row(y, 1),
                t.ui(Ui::FieldAddress),
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
                    t.ui(Ui::FieldSource),
                    &labels,
                    chosen,
                    focused,
                    theme,
                );
                None
            }
            Field::Content => {
                let label = format!("{} *", t.ui(Ui::FieldContent));
                let at = text_block(
                    buf,
                    row(y, content_rows),
                    &label,
                    &form.content,
                    focused,
                    theme,
                );
                y += content_rows - 1;
                at
            }
            Field::Deputy => {
                let h = deputy_rows;
                let at = picker_rows(
                    buf,
                    row(y, h),
                    t.ui(Ui::FieldDeputy),
                    &form.deputy,
                    focused,
                    t.ui(Ui::None),
                    t,
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
            problem_row(buf, row(y, 1), &p.text(t), theme);
            y += 1;
        }
        if field == Field::Content
            && let Some(found) = &offer
            && y < bottom
        {
            let key = app
                .keymap
                .key_for(crate::tui::action::Command::MovePhone, &app.contexts())
                .map(|k| k.to_string())
                .unwrap_or_default();
            let line = crate::fill!(
                t,
                Ui::PhoneInContent,
                phone = &crate::domain::phone::mask(&found.digits),
                key = &key
            );
            problem_row(buf, row(y, 1), &line, theme);
            y += 1;
        }
    }
    if form.saving && y < bottom {
        problem_row(buf, row(bottom - 1, 1), t.ui(Ui::Saving), theme);
    }
    draw_suggestions(
        app,
        form,
        Rect {
            y: y + 1,
            height: bottom.saturating_sub(y + 1),
            ..inner
        },
        buf,
    );
    caret
}

/// Possible duplicates under the fields; the one chosen with Ctrl-D is marked.
fn draw_suggestions(app: &App, form: &IntakeForm, area: Rect, buf: &mut Buffer) {
    let t = app.texts;
    let theme = &app.theme;
    if form.suggestions.is_empty() || area.height < 2 {
        return;
    }
    let w = area.width as usize;
    let head = match form.duplicate.and_then(|i| form.suggestions.get(i)) {
        Some(c) => format!("{} {}", t.ui(Ui::DuplicateOf), c.record.case.number),
        None => t.ui(Ui::Duplicates).to_string(),
    };
    buf.set_stringn(area.x, area.y, crate::display::fit(&head, w), w, theme.warn);
    for (i, c) in form
        .suggestions
        .iter()
        .enumerate()
        .take(area.height as usize - 1)
    {
        let reasons: Vec<String> = c
            .reasons
            .iter()
            .map(|r| match r {
                Reason::SamePhone => t.ui(Ui::SamePhone).to_string(),
                Reason::SameAddress => t.ui(Ui::SameAddress).to_string(),
                Reason::SimilarContent { score } => {
                    format!("{} {:.0}%", t.ui(Ui::SimilarContent), score * 100.0)
                }
            })
            .collect();
        let mark = if form.duplicate == Some(i) { ">" } else { " " };
        let line = format!(
            "{mark} {}  {}  {}  {}",
            c.record.case.number,
            t.name(c.record.case.status),
            reasons.join("/"),
            crate::domain::numbers_in_text::mask_numbers(&c.record.case.content)
        );
        let style = if form.duplicate == Some(i) {
            theme.selected
        } else {
            theme.plain
        };
        buf.set_stringn(
            area.x,
            area.y + 1 + i as u16,
            crate::display::fit(&line, w),
            w,
            style,
        );
    }
}
