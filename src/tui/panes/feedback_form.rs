//! The reply / call-back form (F4) on screen.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::dialog;
use super::fields::{choice_row, problem_row, text_row};
use crate::display::fit;
use crate::domain::case::Satisfaction;
use crate::tui::app::App;
use crate::tui::forms::feedback::{FeedbackForm, Field, Mode};
use crate::tui::layout;

pub fn render(app: &App, form: &FeedbackForm, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = app.texts;
    let theme = &app.theme;
    let area = layout::popup(screen, 76, 14);
    let c = &form.record.case;
    let inner = dialog(
        buf,
        area,
        &format!("{}  {}", t.ui(Ui::FormFeedback), c.number),
        theme,
    );
    let bottom = inner.bottom();
    let row = |y: u16| Rect {
        x: inner.x,
        y,
        width: inner.width,
        height: 1.min(bottom.saturating_sub(y)),
    };
    let w = inner.width as usize;
    let mut y = inner.y;
    let content = crate::domain::numbers_in_text::mask_numbers(&c.content);
    buf.set_stringn(inner.x, y, fit(&content, w), w, theme.dim);
    y += 1;
    let unit = c
        .unit
        .as_deref()
        .and_then(|u| app.data.refs.taxonomy.unit(u))
        .map_or("-", |u| t.label(u));
    let due = c.due_date.map(|d| d.to_string()).unwrap_or_default();
    buf.set_stringn(
        inner.x,
        y,
        fit(&format!("{}  {unit}  {due}", t.name(c.status)), w),
        w,
        theme.dim,
    );
    if let Some(reply) = &c.reply {
        y += 1;
        buf.set_stringn(
            inner.x,
            y,
            fit(
                &format!(
                    "{}: {}",
                    t.ui(Ui::FieldReply),
                    crate::domain::numbers_in_text::mask_numbers(reply)
                ),
                w,
            ),
            w,
            theme.dim,
        );
    }
    y += 2;
    let mut caret = None;
    for field in form.fields() {
        if y >= bottom {
            break;
        }
        let focused = form.focus == *field;
        let at = match field {
            Field::Reply => text_row(
                buf,
                row(y),
                t.ui(Ui::FieldReply),
                &form.reply,
                focused,
                theme,
            ),
            Field::ReplyOn => text_row(
                buf,
                row(y),
                t.ui(Ui::FieldReplyOn),
                &form.reply_on,
                focused,
                theme,
            ),
            Field::Note => text_row(buf, row(y), t.ui(Ui::FieldNote), &form.note, focused, theme),
            Field::Satisfaction => {
                let labels: Vec<&str> = Satisfaction::ALL.iter().map(|s| t.name(*s)).collect();
                let chosen = form
                    .satisfaction
                    .value()
                    .and_then(|v| Satisfaction::ALL.iter().position(|s| *s == v));
                choice_row(
                    buf,
                    row(y),
                    t.ui(Ui::FieldSatisfaction),
                    &labels,
                    chosen,
                    focused,
                    theme,
                );
                None
            }
            Field::Resolved => {
                let labels = [t.ui(Ui::ResolvedYes), t.ui(Ui::ResolvedNo)];
                let chosen = form.resolved.value().map(|v| if v { 0 } else { 1 });
                choice_row(
                    buf,
                    row(y),
                    t.ui(Ui::FieldResolved),
                    &labels,
                    chosen,
                    focused,
                    theme,
                );
                None
            }
        };
        caret = caret.or(at);
        y += 1;
        if let Some((f, p)) = &form.problem
            && f == field
            && y < bottom
        {
            let text = p.text(t);
            problem_row(buf, row(y), &text, theme);
            y += 1;
        }
    }
    if form.mode == Mode::CallBack && form.reopens() && y < bottom {
        let text = match form.reopened_due() {
            Some(due) => format!("{} {due}", t.ui(Ui::ReopenNote)),
            None => t.ui(Ui::ReopenNoUnit).to_string(),
        };
        buf.set_stringn(inner.x, y + 1, fit(&text, w), w, theme.warn);
    }
    caret
}
