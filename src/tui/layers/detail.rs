//! A case's every field and its whole timeline (Ctrl-O, Enter on the board, a search
//! result). From here the case's next step opens over it (F3, F4, F8, a note), and its papers
//! print. The phone stays masked unless revealed (logged).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::describe::{Names, event_summary};
use crate::display::{fit, pad};
use crate::domain::event::{Event, EventBody};
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::phone::mask;
use crate::i18n::{Texts, Ui};
use crate::store::{CaseLinks, CaseRecord};
use crate::tui::action::Command;
use crate::tui::effect::{Done, Effect, Shown};
use crate::tui::forms::classify::classifiable;
use crate::tui::forms::feedback::awaits_feedback;
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, fit_line};
use crate::tui::kit::input::scroll_text;
use crate::tui::kit::{Hint, Input, Layer, Outcome, View};

/// A case with its timeline.
#[derive(Debug, Clone)]
pub struct Detail {
    pub record: CaseRecord,
    pub events: Vec<Event>,
    /// The cases it is linked to, by number.
    pub links: CaseLinks,
    /// The full phone number is shown (the reveal was logged first).
    pub revealed: bool,
    pub scroll: usize,
}

impl Detail {
    pub fn new((record, events, links): Shown, revealed: bool) -> Detail {
        Detail {
            record,
            events,
            links,
            revealed,
            scroll: 0,
        }
    }

    /// Whether the details mask anything: the phone, or a number typed into a text.
    fn hides_something(&self) -> bool {
        self.record.resident.phone.is_some()
            || crate::domain::numbers_in_text::case_holds_numbers(&self.record.case)
            || self.events.iter().any(|e| {
                let mut body = e.body.clone();
                body.mask_personal()
            })
    }

    /// The case read again (after a write, a reveal): the place in the timeline is kept.
    fn refresh(&mut self, (record, events, links): &Shown, revealed: bool) {
        self.record = record.clone();
        self.events = events.clone();
        self.links = links.clone();
        self.revealed |= revealed;
    }
}

impl Layer for Detail {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Detail, Context::List, Context::App]
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        let status = self.record.case.status;
        let can_reveal = self.hides_something() && !self.revealed;
        vec![
            Hint::new(Command::Close, 0),
            Hint::new(Command::Reveal, 4).when(can_reveal),
            Hint::new(Command::Classify, 1).when(classifiable(status)),
            Hint::new(Command::Feedback, 2).when(awaits_feedback(status)),
            Hint::new(Command::Supervise, 2).when(status.is_with_unit()),
            Hint::new(Command::AddNote, 3),
            Hint::new(Command::Correct, 2),
            Hint::new(Command::Reclassify, 3).when(self.record.case.category.is_some()),
            Hint::new(Command::PrintReceipt, 3),
            Hint::new(Command::PrintSlip, 3).when(self.record.case.unit.is_some()),
        ]
    }

    fn handle(&mut self, input: &Input, view: &View) -> Outcome {
        let Input::Command(command) = input else {
            return Outcome::Stay;
        };
        let case = self.record.case.id;
        if scroll_text(&mut self.scroll, *command) {
            return Outcome::Stay;
        }
        match command {
            Command::Close => Outcome::Close,
            Command::Reveal if self.hides_something() && !self.revealed => {
                Outcome::Run(vec![Effect::Reveal(case)])
            }
            c @ (Command::Classify
            | Command::Feedback
            | Command::Supervise
            | Command::AddNote
            | Command::Correct
            | Command::Reclassify) => crate::tui::forms::follow(*c, self.record.clone(), view),
            Command::PrintSlip if self.record.case.unit.is_none() => Outcome::Say(Ui::PrintNothing),
            c @ (Command::PrintReceipt | Command::PrintSlip) => Outcome::Run(vec![Effect::Print {
                case,
                slip: *c == Command::PrintSlip,
            }]),
            _ => Outcome::Stay,
        }
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        draw(self, view, screen, buf);
        None
    }

    /// The case read again takes its place here; a write of this case (from a form opened
    /// over it) reads it again.
    fn receive(&mut self, done: &Done, _view: &View) -> Outcome {
        let id = self.record.case.id;
        match done {
            Done::Detail(Ok(shown)) if shown.0.case.id == id => self.refresh(shown, false),
            Done::Revealed(Ok(shown)) if shown.0.case.id == id => self.refresh(shown, true),
            Done::Recorded {
                result: Ok(written),
                ..
            } if written.record.case.id == id => {
                return Outcome::Run(vec![Effect::LoadDetail(id)]);
            }
            _ => {}
        }
        Outcome::Stay
    }
}

fn draw(detail: &Detail, view: &View, screen: Rect, buf: &mut Buffer) {
    let t = view.texts;
    let theme = view.theme;
    let area = crate::tui::layout::overlay_area(screen);
    let c = &detail.record.case;
    let r = &detail.record.resident;
    let inner = dialog(
        buf,
        area,
        &format!("{}  {}", t.ui(Ui::Detail), c.number),
        theme,
    );
    let refs = &view.data.refs;
    let dash = |v: Option<&str>| v.map(str::to_string).unwrap_or_else(|| "-".into());
    let phone = match (&r.phone, detail.revealed) {
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
        if c.is_overdue(view.data.today) {
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
    let mut fields = fields;
    if let Some(line) = crate::describe::links_line(
        t,
        c,
        detail.links.original.as_deref(),
        &detail.links.duplicates,
    ) {
        fields.push((Ui::Links, line));
    }
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
        if detail.revealed {
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
    let kind_width = detail
        .events
        .iter()
        .map(|e| crate::display::width(t.name(e.body.kind())) + 1)
        .fold(10, usize::max);
    // Who recorded, as wide as the widest (8 to 16 columns), with a gap.
    let actor_width = detail
        .events
        .iter()
        .map(|e| crate::display::width(&e.actor) + 1)
        .fold(8, usize::max)
        .min(16);
    for e in &detail.events {
        lines.push(Line::from(vec![
            // The year too: a case's log can run over the new year.
            Span::styled(e.at.format("%Y-%m-%d %H:%M ").to_string(), theme.dim),
            Span::styled(pad(t.name(e.body.kind()), kind_width), theme.key),
            cell(&e.actor, actor_width, theme.plain),
            Span::raw(fit(&shown(&summary(t, view, &detail.links, &e.body)), 200)),
        ]));
    }
    let height = inner.height as usize;
    let scroll = detail.scroll.min(lines.len().saturating_sub(height));
    for (i, line) in lines.into_iter().skip(scroll).take(height).enumerate() {
        let line = fit_line(line, inner.width);
        buf.set_line(inner.x, inner.y + i as u16, &line, inner.width);
    }
}

/// One line about what an event did.
fn summary(t: &Texts, view: &View, links: &CaseLinks, body: &EventBody) -> String {
    let refs = &view.data.refs;
    let unit = |code: &str| {
        refs.taxonomy
            .unit(code)
            .map_or(code.to_string(), |u| t.label(u).to_string())
    };
    let member = |id: &str| refs.member(id).map_or(id.to_string(), |m| m.name.clone());
    let case = |id| links.number(id);
    let names = Names {
        unit: &unit,
        member: &member,
        case: &case,
    };
    event_summary(t, &names, body)
}
