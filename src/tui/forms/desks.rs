//! The desks (Alt-0): at the home, every desk it knows with its standing (approved, to
//! confirm, retired, refused), the fingerprints approved ahead and the bundles that wait for
//! an approval, each with the command that gives it; at a station, whether its home's key is
//! trusted and the events the home holds aside for the station; at both, the events held
//! aside here. Approvals are typed at the command line, where the whole fingerprint read out
//! on the phone is typed once and recorded; at a station, Enter opens a prompt where the
//! home's fingerprint is typed (see [`super::trust_home`]).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use super::browse::Rows;
use super::trust_home::{HomePrompt, Said};
use super::{Edit, Form, Hint, Input, Outcome, edit_text, text_contexts};
use crate::domain::fingerprint::Fingerprint;
use crate::domain::trust::{DeskName, DeskTrust, Place};
use crate::fill;
use crate::i18n::{Texts, Trust};
use crate::store::{HomeTrust, Store};
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;
use crate::tui::panes::{cell, dialog, empty, scrolled};

/// One line of the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskLine {
    Desk {
        desk: DeskName,
        trust: DeskTrust,
        retired_after: Option<Place>,
        fingerprint: Option<String>,
    },
    Ahead {
        desk: DeskName,
        fingerprint: String,
        approved: bool,
    },
    Waiting {
        desk: DeskName,
        ranges: String,
        fingerprint: String,
    },
    Home(HomeTrust),
    HomeWaiting {
        name: String,
        fingerprint: String,
    },
    /// A heading: the events held aside here, or at the home for this station.
    HeldHeader {
        n: usize,
        at_home: bool,
    },
    /// An event held aside (at this file, or at the home for this station): what to look at.
    Held {
        number: Option<String>,
        kind: String,
        at: String,
        /// The desk that wrote it, when held at the home for this station.
        desk: Option<DeskName>,
        reason: String,
    },
}

/// At most this many held events are listed (the command line's `bundle status` says as
/// much).
const HELD_SHOWN: usize = 50;

/// What the view shows, read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesksData {
    pub lines: Vec<DeskLine>,
}

fn grouped(digits: &str) -> String {
    Fingerprint::from_digits(digits).map_or_else(|| digits.to_string(), |f| f.to_string())
}

impl DesksData {
    /// Reads the desks (at the home) or the home's key (at a station).
    pub fn load(store: &Store) -> crate::store::Result<DesksData> {
        let mut lines = Vec::new();
        if store.is_home()? {
            for d in store.desk_standings()? {
                lines.push(DeskLine::Desk {
                    desk: DeskName::new(&d.station, d.number),
                    trust: d.trust,
                    retired_after: d.retired_after,
                    fingerprint: d.fingerprint,
                });
            }
            for k in store.key_decisions()? {
                lines.push(DeskLine::Ahead {
                    desk: DeskName::new(&k.station, k.number),
                    fingerprint: grouped(&k.fingerprint),
                    approved: k.approved,
                });
            }
            for w in store.waiting_bundles()? {
                lines.push(DeskLine::Waiting {
                    desk: DeskName::new(&w.station, w.number),
                    ranges: w.ranges,
                    fingerprint: grouped(&w.fingerprint),
                });
            }
        } else {
            lines.push(DeskLine::Home(store.home_trust()?));
            for w in store.waiting_bundles()? {
                lines.push(DeskLine::HomeWaiting {
                    name: w.name,
                    fingerprint: grouped(&w.fingerprint),
                });
            }
            // Held at the home for this station: shown at every desk of it.
            let at_home = store.held_at_home()?;
            if !at_home.is_empty() {
                lines.push(DeskLine::HeldHeader {
                    n: at_home.len(),
                    at_home: true,
                });
            }
            for h in at_home.into_iter().take(HELD_SHOWN) {
                lines.push(DeskLine::Held {
                    number: h.number,
                    kind: h.kind,
                    at: h.at,
                    desk: Some(DeskName::new(&h.station, h.desk)),
                    reason: h.reason,
                });
            }
        }
        let held = store.held_events()?;
        if !held.is_empty() {
            lines.push(DeskLine::HeldHeader {
                n: held.len(),
                at_home: false,
            });
        }
        for h in held.into_iter().take(HELD_SHOWN) {
            lines.push(DeskLine::Held {
                number: h.number,
                kind: h.kind,
                at: h.at,
                desk: None,
                reason: h.reason,
            });
        }
        Ok(DesksData { lines })
    }
}

impl DeskLine {
    /// What the line says, and what to type about it.
    fn said(&self, t: &Texts) -> (String, String) {
        let desk = |d: &DeskName| crate::refusals::desk(t, d);
        match self {
            DeskLine::Desk {
                desk: d,
                trust,
                retired_after,
                fingerprint,
            } => {
                let standing = match (trust, retired_after) {
                    (DeskTrust::Retired, Some(after)) => {
                        fill!(t, Trust::RetiredAfterLabel, after = after)
                    }
                    _ => t.name(*trust).to_string(),
                };
                let fp = fingerprint
                    .clone()
                    .unwrap_or_else(|| t.get(Trust::NoKeyYet).to_string());
                let todo = match (trust, fingerprint) {
                    (DeskTrust::ToConfirm, Some(fp)) => format!(
                        "liaison desk approve {} {} --fingerprint {fp}",
                        d.station, d.number
                    ),
                    _ => String::new(),
                };
                (format!("{}  {standing}  {fp}", desk(d)), todo)
            }
            DeskLine::Ahead {
                desk: d,
                fingerprint,
                approved,
            } => {
                let key = if *approved {
                    Trust::AheadLine
                } else {
                    Trust::RefusedLine
                };
                (
                    fill!(t, key, desk = desk(d), fingerprint = fingerprint),
                    String::new(),
                )
            }
            DeskLine::Waiting {
                desk: d,
                ranges,
                fingerprint,
            } => (
                format!("{} {ranges}: {fingerprint}", desk(d)),
                format!(
                    "liaison desk approve {} {} --fingerprint {fingerprint}",
                    d.station, d.number
                ),
            ),
            DeskLine::Home(trust) => match trust {
                HomeTrust::Trusted(fp) => (
                    fill!(t, Trust::HomeTrusted, fingerprint = fp),
                    String::new(),
                ),
                HomeTrust::Unconfirmed(fp) => (
                    fill!(t, Trust::HomeUnconfirmed, fingerprint = fp),
                    t.get(Trust::PromptHomeTodo).to_string(),
                ),
                HomeTrust::None => (
                    t.get(Trust::HomeNone).to_string(),
                    t.get(Trust::PromptHomeTodo).to_string(),
                ),
            },
            DeskLine::HomeWaiting { name, fingerprint } => (
                fill!(
                    t,
                    Trust::WaitingHomeLine,
                    name = name,
                    fingerprint = fingerprint
                ),
                format!("liaison desk trust-home --fingerprint {fingerprint}"),
            ),
            // The heading says what to do: at the foot, whole, when it is selected.
            DeskLine::HeldHeader { n, at_home: true } => (
                fill!(t, Trust::HeldAtHomeHeader, n = n),
                t.get(Trust::HeldWhatToDo).to_string(),
            ),
            DeskLine::HeldHeader { n, at_home: false } => {
                let said = fill!(t, crate::i18n::Cli::HeldHeader, n = n);
                (said.clone(), said)
            }
            DeskLine::Held {
                number,
                kind,
                at,
                desk: by,
                reason,
            } => {
                let kind = kind
                    .parse::<crate::domain::event::EventKind>()
                    .map_or(kind.as_str(), |k| t.name(k));
                let number_shown = number
                    .as_deref()
                    .unwrap_or(t.get(crate::i18n::Cli::CaseNotHere));
                let by = by
                    .as_ref()
                    .map(|d| format!(" ({})", desk(d)))
                    .unwrap_or_default();
                (
                    format!(
                        "  {number_shown} {kind} {}{by}: {reason}",
                        at.replace('T', " ")
                    ),
                    // The command, then why it was held.
                    number
                        .as_ref()
                        .map(|n| format!("liaison case show {n}\n{reason}"))
                        .unwrap_or_else(|| reason.clone()),
                )
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct DesksView {
    pub data: DesksData,
    pub rows: Rows,
    /// At a station, the home's fingerprint being typed.
    pub prompt: Option<HomePrompt>,
}

impl DesksView {
    pub fn new(data: DesksData) -> DesksView {
        DesksView {
            data,
            rows: Rows::default(),
            prompt: None,
        }
    }

    /// A station's view: it starts with the home's trust.
    fn at_station(&self) -> bool {
        matches!(self.data.lines.first(), Some(DeskLine::Home(_)))
    }

    fn typing(&mut self, input: &Input) -> Outcome {
        let Some(prompt) = &mut self.prompt else {
            return Outcome::Stay;
        };
        match input {
            Input::Command(Command::Close) => self.prompt = None,
            Input::Command(Command::Confirm | Command::Save) => {
                match super::trust_home::parse(prompt.field.text()) {
                    Ok(fp) => return Outcome::Run(vec![Effect::TrustHome(fp)]),
                    Err(r) => prompt.problem = Some(Said::Refusal(r)),
                }
            }
            other => {
                if let Edit::Changed = edit_text(&mut prompt.field, other) {
                    prompt.problem = None;
                }
            }
        }
        Outcome::Stay
    }
}

impl Form for DesksView {
    fn contexts(&self) -> Vec<Context> {
        if self.prompt.is_some() {
            text_contexts()
        } else {
            vec![Context::Browse, Context::List, Context::App]
        }
    }

    fn hints(&self) -> Vec<Hint> {
        if self.prompt.is_some() {
            vec![Hint::new(Command::Confirm, 0), Hint::new(Command::Close, 0)]
        } else if self.at_station() {
            vec![Hint::new(Command::Open, 0), Hint::new(Command::Close, 0)]
        } else {
            vec![Hint::new(Command::Close, 0)]
        }
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        if self.prompt.is_some() {
            return self.typing(input);
        }
        match input {
            Input::Command(Command::Close) => Outcome::Close,
            Input::Command(Command::Open) if self.at_station() => {
                self.prompt = Some(HomePrompt::default());
                Outcome::Stay
            }
            Input::Command(c) => {
                self.rows.step(self.data.lines.len(), *c);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    fn is_dirty(&self) -> bool {
        self.prompt.as_ref().is_some_and(|p| !p.field.is_empty())
    }

    fn receive(&mut self, done: &Done) {
        if let (Some(prompt), Done::HomeTrusted(Err(reason))) = (&mut self.prompt, done) {
            prompt.problem = Some(Said::Text(reason.clone()));
        }
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = app.texts;
        let theme = &app.theme;
        let inner = dialog(
            buf,
            crate::tui::layout::overlay_area(screen),
            t.get(Trust::DesksTitle),
            theme,
        );
        if self.data.lines.is_empty() || inner.height < 2 {
            empty(buf, inner, t.get(Trust::NoDesks), theme);
            return None;
        }
        let width = inner.width as usize;
        let lines: Vec<Line> = self
            .data
            .lines
            .iter()
            .map(|l| {
                let (what, _) = l.said(t);
                Line::from(vec![cell(&what, width, theme.plain)])
            })
            .collect();
        // The selected line's command, at the foot: the fingerprint on a line of its own
        // when the window is narrow.
        let list = Rect {
            height: inner.height.saturating_sub(2).max(1),
            ..inner
        };
        scrolled(buf, list, lines, self.rows.selected, true, app);
        if let Some(prompt) = &self.prompt
            && inner.height > 2
        {
            // The label (or why the digits were not taken), then the digits being typed.
            let (label, style) = match &prompt.problem {
                Some(p) => (p.text(t), theme.error),
                None => (t.get(Trust::PromptHomeLabel).to_string(), theme.key),
            };
            let y = inner.y + inner.height - 2;
            buf.set_line(
                inner.x,
                y,
                &Line::from(vec![cell(&label, width, style)]),
                inner.width,
            );
            let (shown, column) = prompt.field.visible_line(inner.width);
            buf.set_line(
                inner.x,
                y + 1,
                &Line::from(vec![cell(shown, width, theme.plain)]),
                inner.width,
            );
            return Some(Position::new(inner.x + column, y + 1));
        }
        if let Some(line) = self.data.lines.get(self.rows.selected)
            && inner.height > 2
        {
            let (_, todo) = line.said(t);
            let foot: Vec<String> = match todo.split_once(" --fingerprint ") {
                _ if todo.contains('\n') => todo.lines().take(2).map(String::from).collect(),
                Some((command, fp)) if todo.chars().count() > width => {
                    vec![format!("{command} --fingerprint"), format!("  {fp}")]
                }
                _ => two_rows(&todo, width),
            };
            for (i, text) in foot.iter().enumerate() {
                buf.set_line(
                    inner.x,
                    inner.y + inner.height - 2 + i as u16,
                    &Line::from(vec![cell(text, width, theme.key)]),
                    inner.width,
                );
            }
        }
        None
    }
}

/// `text` on two rows of `width` columns: cut at the last space before the first row is full
/// (anywhere in a text without spaces, as Chinese is); the second row is cut short by the
/// cell if it is longer still.
fn two_rows(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    let mut space = None;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        // The cell keeps its last column for the mark of a cut.
        if used + 1 > width {
            let cut = space.unwrap_or(i);
            return vec![
                text[..cut].to_string(),
                text[cut..].trim_start().to_string(),
            ];
        }
        if c == ' ' {
            space = Some(i);
        }
    }
    vec![text.to_string(), String::new()]
}
