//! The supervision form (F8) on screen.

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::dialog;
use super::fields::{choice_row, problem_row, text_row};
use crate::display::fit;
use crate::domain::handling::supervision_event;
use crate::tui::app::App;
use crate::tui::forms::supervise::{ACTS, Act, Field, SuperviseForm};
use crate::tui::layout::{self, LABEL_WIDTH};

pub fn render(app: &App, form: &SuperviseForm, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = app.texts;
    let theme = &app.theme;
    let area = layout::popup(screen, 76, 13);
    let c = &form.record.case;
    let inner = dialog(
        buf,
        area,
        &format!("{}  {}", t.ui(Ui::FormSupervise), c.number),
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
    let p = form.position;
    let unit = c
        .unit
        .as_deref()
        .and_then(|u| app.data.refs.taxonomy.unit(u))
        .map_or("-", |u| t.label(u));
    let over = if p.days_overdue > 0 {
        format!("{} +{}", t.ui(Ui::DaysOverdue), p.days_overdue)
    } else {
        format!("{} {}", t.ui(Ui::DaysLeft), p.working_days_left)
    };
    let mut y = inner.y;
    let content = crate::domain::numbers_in_text::mask_numbers(&c.content);
    buf.set_stringn(inner.x, y, fit(&content, w), w, theme.dim);
    y += 1;
    let status = format!(
        "{unit}  {} {}  {over}  {}: {}",
        t.ui(Ui::Due),
        c.due_date.map(|d| d.to_string()).unwrap_or_default(),
        t.ui(Ui::Stage),
        super::board::ladder_label(t, &p, c.supervision)
    );
    buf.set_stringn(inner.x, y, fit(&status, w), w, theme.key);
    y += 2;
    let mut caret = None;
    for field in form.fields() {
        if y >= bottom {
            break;
        }
        let focused = form.focus == *field;
        let at = match field {
            Field::Act => {
                let labels: Vec<&str> = ACTS
                    .iter()
                    .map(|a| match a {
                        Act::Step => t.name(supervision_event(form.step, None).kind()),
                        Act::Extend => t.ui(Ui::ActionExtend),
                        Act::Return => t.ui(Ui::ActionReturn),
                    })
                    .collect();
                let chosen = form
                    .act
                    .value()
                    .and_then(|v| ACTS.iter().position(|a| *a == v));
                choice_row(
                    buf,
                    row(y),
                    t.ui(Ui::FieldAction),
                    &labels,
                    chosen,
                    focused,
                    theme,
                );
                None
            }
            Field::Days => {
                let r = row(y);
                let narrow = Rect {
                    width: (LABEL_WIDTH + 1 + 5).min(r.width),
                    ..r
                };
                let at = text_row(buf, narrow, t.ui(Ui::FieldDays), &form.days, focused, theme);
                let due = form
                    .new_due
                    .map(|d| format!("{} {}", t.ui(Ui::FieldNewDue), d.date))
                    .unwrap_or_else(|| t.ui(Ui::DaysInvalid).to_string());
                let x = narrow.right() + 2;
                let room = r.right().saturating_sub(x) as usize;
                buf.set_stringn(x, r.y, fit(&due, room), room, theme.key);
                at
            }
            Field::Text => text_row(
                buf,
                row(y),
                t.ui(form.text_label()),
                &form.text,
                focused,
                theme,
            ),
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
    caret
}
