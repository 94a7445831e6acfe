//! The quick classification form (F3) on screen.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::dialog;
use super::fields::{choice_row, picker_rows, problem_row, text_row};
use crate::display::fit;
use crate::domain::case::{Level, Nature};
use crate::tui::app::App;
use crate::tui::forms::classify::{ClassifyForm, Field};
use crate::tui::layout::{self, LABEL_WIDTH};

pub fn render(app: &App, form: &ClassifyForm, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = app.texts;
    let theme = &app.theme;
    let area = layout::form(screen);
    let title = format!("{}  {}", t.ui(Ui::FormClassify), form.record.case.number);
    let inner = dialog(buf, area, &title, theme);
    let bottom = inner.bottom();
    let row = |y: u16, h: u16| Rect {
        x: inner.x,
        y,
        width: inner.width,
        height: h.min(bottom.saturating_sub(y)),
    };
    let mut y = inner.y;
    let mut caret = None;
    // What the resident said, for reference.
    let content = fit(
        &crate::domain::numbers_in_text::mask_numbers(&form.record.case.content),
        inner.width as usize,
    );
    buf.set_stringn(inner.x, y, content, inner.width as usize, theme.dim);
    y += 2;
    for field in form.fields() {
        if y >= bottom {
            break;
        }
        let focused = form.focus == field;
        let at = match field {
            Field::Category => {
                let h = if focused { 6 } else { 1 };
                let at = picker_rows(
                    buf,
                    row(y, h),
                    t.ui(Ui::FieldCategory),
                    &form.category,
                    focused,
                    t.ui(Ui::None),
                    t,
                    theme,
                );
                y += h - 1;
                at
            }
            Field::Nature => {
                let labels: Vec<&str> = Nature::ALL.iter().map(|n| t.name(*n)).collect();
                let chosen = form
                    .nature
                    .value()
                    .and_then(|v| Nature::ALL.iter().position(|n| *n == v));
                choice_row(
                    buf,
                    row(y, 1),
                    t.ui(Ui::FieldNature),
                    &labels,
                    chosen,
                    focused,
                    theme,
                );
                None
            }
            Field::Level => {
                let labels: Vec<&str> = Level::ALL.iter().map(|l| t.name(*l)).collect();
                let chosen = form
                    .level
                    .value()
                    .and_then(|v| Level::ALL.iter().position(|l| *l == v));
                choice_row(
                    buf,
                    row(y, 1),
                    t.ui(Ui::FieldLevel),
                    &labels,
                    chosen,
                    focused,
                    theme,
                );
                None
            }
            Field::Unit => {
                let h = if focused { 5 } else { 1 };
                let at = picker_rows(
                    buf,
                    row(y, h),
                    t.ui(Ui::FieldUnit),
                    &form.unit,
                    focused,
                    t.ui(Ui::None),
                    t,
                    theme,
                );
                y += h - 1;
                at
            }
            Field::Limit => {
                let r = row(y, 1);
                let narrow = Rect {
                    width: (LABEL_WIDTH + 1 + 5).min(r.width),
                    ..r
                };
                let at = text_row(
                    buf,
                    narrow,
                    t.ui(Ui::FieldLimit),
                    &form.limit,
                    focused,
                    theme,
                );
                let due = match form.due {
                    Some(d) if d.uncertain => {
                        format!(
                            "{} {} {}",
                            t.ui(Ui::FieldDue),
                            d.date,
                            t.ui(Ui::DueUncertain)
                        )
                    }
                    Some(d) => format!("{} {}", t.ui(Ui::FieldDue), d.date),
                    None if form.category.chosen().is_none() => String::new(),
                    None => t.ui(Ui::LimitInvalid).to_string(),
                };
                let x = narrow.right() + 2;
                let style = if form.due.is_some_and(|d| d.uncertain) {
                    theme.warn
                } else {
                    theme.key
                };
                buf.set_stringn(
                    x,
                    r.y,
                    fit(&due, r.right().saturating_sub(x) as usize),
                    r.right().saturating_sub(x) as usize,
                    style,
                );
                at
            }
            Field::Note => text_row(
                buf,
                row(y, 1),
                t.ui(form.note_label()),
                &form.note,
                focused,
                theme,
            ),
        };
        caret = caret.or(at);
        y += 1;
        if let Some((f, p)) = &form.problem
            && *f == field
            && y < bottom
        {
            let text = p.text(t);
            problem_row(buf, row(y, 1), &text, theme);
            y += 1;
        }
    }
    let hint = match form.focus {
        Field::Category | Field::Unit => t.ui(Ui::PickHint),
        Field::Nature | Field::Level => t.ui(Ui::DigitsHint),
        _ => "",
    };
    if y < bottom {
        buf.set_stringn(
            inner.x,
            bottom - 1,
            fit(hint, inner.width as usize),
            inner.width as usize,
            theme.dim,
        );
    }
    caret
}
