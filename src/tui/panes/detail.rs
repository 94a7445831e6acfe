//! A case's every field and its whole timeline. The phone stays masked unless revealed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::dialog;
use crate::describe::{Names, event_summary};
use crate::display::{fit, pad};
use crate::domain::event::EventBody;
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::phone::mask;
use crate::i18n::{Texts, Ui};
use crate::tui::app::App;
use crate::tui::overlay::DetailView;

pub fn render(app: &App, view: &DetailView, screen: Rect, buf: &mut Buffer) {
    let t = app.texts;
    let theme = &app.theme;
    let area = crate::tui::layout::overlay_area(screen);
    let c = &view.record.case;
    let r = &view.record.resident;
    let inner = dialog(
        buf,
        area,
        &format!("{}  {}", t.ui(Ui::Detail), c.number),
        theme,
    );
    let refs = &app.data.refs;
    let dash = |v: Option<&str>| v.map(str::to_string).unwrap_or_else(|| "-".into());
    let phone = match (&r.phone, view.revealed) {
        (Some(p), true) => format!("{p}  [{}]", t.ui(Ui::Revealed)),
        (Some(p), false) => mask(p),
        (None, _) => "-".into(),
    };
    let category = c.category.as_deref().map(|code| {
        refs.taxonomy
            .category(code)
            .map_or(code.to_string(), |k| format!("{code} {}", t.label(k)))
    });
    let unit = c.unit.as_deref().map(|code| {
        refs.taxonomy
            .unit(code)
            .map_or(code.to_string(), |u| t.label(u).to_string())
    });
    let deputy = c
        .deputy
        .as_deref()
        .map(|d| refs.member(d).map_or(d.to_string(), |m| m.name.clone()));
    let due = c.due_date.map(|d| {
        let mut s = d.to_string();
        if c.due_uncertain {
            s.push(' ');
            s.push_str(t.ui(Ui::DueUncertain));
        }
        if c.is_overdue(app.data.today) {
            s.push_str(&format!("  [{}]", t.ui(Ui::Overdue)));
        }
        s
    });
    let fields: Vec<(Ui, String)> = vec![
        (
            Ui::Status,
            format!(
                "{}{}",
                t.name(c.status),
                c.supervision
                    .map(|s| format!(" / {}", t.name(s)))
                    .unwrap_or_default()
            ),
        ),
        (
            Ui::ReceivedAt,
            format!(
                "{}  {}",
                c.received_at.format("%Y-%m-%d %H:%M"),
                t.name(c.source)
            ),
        ),
        (
            Ui::Resident,
            format!(
                "{}  {}  {}",
                dash(r.name.as_deref()),
                phone,
                dash(r.address.as_deref())
            ),
        ),
        (Ui::Deputy, dash(deputy.as_deref())),
        (
            Ui::Category,
            format!(
                "{}  {}  {}",
                dash(category.as_deref()),
                c.nature.map(|n| t.name(n)).unwrap_or("-"),
                c.level.map(|l| t.name(l)).unwrap_or("-")
            ),
        ),
        (Ui::Unit, dash(unit.as_deref())),
        (Ui::Due, dash(due.as_deref())),
    ];
    let mut lines: Vec<Line> = fields
        .into_iter()
        .map(|(key, value)| {
            Line::from(vec![
                Span::styled(pad(t.ui(key), 12), theme.key),
                Span::raw(crate::display::fit(&value, 400)),
            ])
        })
        .collect();
    lines.push(Line::from(vec![Span::styled(
        pad(t.ui(Ui::Content), 12),
        theme.key,
    )]));
    // Numbers typed into the texts are masked as the phone is, unless revealed.
    let shown = |text: &str| -> String {
        if view.revealed {
            text.to_string()
        } else {
            mask_numbers(text).into_owned()
        }
    };
    for part in crate::display::wrap(&shown(&c.content), inner.width.saturating_sub(2) as usize) {
        lines.push(Line::from(format!("  {part}")));
    }
    for (label, text) in [(Ui::FieldAnswer, &c.answer), (Ui::FieldReply, &c.reply)] {
        if let Some(text) = text {
            lines.push(Line::from(vec![
                Span::styled(pad(t.ui(label), 12), theme.key),
                Span::raw(fit(&shown(text), 400)),
            ]));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        t.ui(Ui::Timeline).to_string(),
        theme.title,
    )));
    // The event names as wide as the longest, with a gap: `called back` is never run into
    // the one who recorded it.
    let kind_width = view
        .events
        .iter()
        .map(|e| crate::display::width(t.name(e.body.kind())) + 1)
        .fold(10, usize::max);
    for e in &view.events {
        lines.push(Line::from(vec![
            // The year too: a case's log can run over the new year.
            Span::styled(e.at.format("%Y-%m-%d %H:%M ").to_string(), theme.dim),
            Span::styled(pad(t.name(e.body.kind()), kind_width), theme.key),
            Span::raw(pad(&e.actor, 12)),
            Span::raw(fit(&shown(&summary(t, app, &e.body)), 200)),
        ]));
    }
    let height = inner.height as usize;
    let scroll = view.scroll.min(lines.len().saturating_sub(height));
    for (i, line) in lines.into_iter().skip(scroll).take(height).enumerate() {
        let line = super::fit_line(line, inner.width);
        buf.set_line(inner.x, inner.y + i as u16, &line, inner.width);
    }
}

/// One line about what an event did.
fn summary(t: &Texts, app: &App, body: &EventBody) -> String {
    let refs = &app.data.refs;
    let unit = |code: &str| {
        refs.taxonomy
            .unit(code)
            .map_or(code.to_string(), |u| t.label(u).to_string())
    };
    let member = |id: &str| refs.member(id).map_or(id.to_string(), |m| m.name.clone());
    let names = Names {
        unit: &unit,
        member: &member,
    };
    event_summary(t, &names, body)
}
