//! The desks (Alt-0): at the home, every desk it knows with its standing (approved, to
//! confirm, retired, refused), the fingerprints approved ahead and the bundles that wait for
//! an approval, each with the command that gives it; at a station, whether its home's key is
//! trusted and the events the home holds aside for the station; at both, the events held
//! aside here. Approvals are typed at the command line, where the whole fingerprint read out
//! on the phone is typed once and recorded; at a station, Enter opens a prompt where the
//! home's fingerprint is typed (see [`crate::tui::effect::desks::trust_home`]).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use crate::domain::fingerprint::Fingerprint;
use crate::domain::trust::{DeskName, DeskTrust, Refusal};
use crate::fill;
use crate::i18n::{Texts, Trust};
use crate::store::HomeTrust;
use crate::tui::action::Command;
use crate::tui::effect::desks::{DeskLine, DesksData};
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;
use crate::tui::kit::draw::{cell, dialog, empty, scrolled};
use crate::tui::kit::input::edit_text;
use crate::tui::kit::layer::{browse_contexts, text_contexts};
use crate::tui::kit::{Edit, Hint, Input, Layer, Outcome, Rows, View};
use crate::tui::widgets::text_field::TextField;

/// 40 digits in groups of five, with room for stray spaces; more is refused at the field.
const LIMIT: usize = 60;

/// Why the typed digits were not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Not a whole fingerprint.
    Refusal(Refusal),
    /// Refused when it was recorded, worded already.
    Text(String),
}

impl Said {
    pub fn text(&self, t: &Texts) -> String {
        match self {
            Said::Refusal(r) => crate::refusals::say(t, r),
            Said::Text(s) => s.clone(),
        }
    }
}

/// The typed digits and, once Enter was pressed on a wrong value, why it was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomePrompt {
    pub field: TextField,
    pub problem: Option<Said>,
}

impl Default for HomePrompt {
    fn default() -> HomePrompt {
        HomePrompt {
            field: TextField::strict(LIMIT, false),
            problem: None,
        }
    }
}

/// The typed text as a whole fingerprint, or the refusal the command line gives.
pub fn parse(typed: &str) -> Result<Fingerprint, Refusal> {
    Fingerprint::parse(typed).map_err(Refusal::from)
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

#[derive(Debug, Clone, Default)]
pub struct Desks {
    /// What the file says; `None` until it is read.
    pub data: Option<DesksData>,
    pub rows: Rows,
    /// At a station, the home's fingerprint being typed.
    pub prompt: Option<HomePrompt>,
}

impl Desks {
    fn lines(&self) -> &[DeskLine] {
        self.data.as_ref().map_or(&[], |d| d.lines.as_slice())
    }

    /// A station's view: it starts with the home's trust.
    fn at_station(&self) -> bool {
        matches!(self.lines().first(), Some(DeskLine::Home(_)))
    }

    fn typing(&mut self, input: &Input) -> Outcome {
        let Some(prompt) = &mut self.prompt else {
            return Outcome::Stay;
        };
        match input {
            Input::Command(Command::Close) => self.prompt = None,
            Input::Command(Command::Confirm | Command::Save) => match parse(prompt.field.text()) {
                Ok(fp) => return Outcome::Run(vec![Effect::TrustHome(fp)]),
                Err(r) => prompt.problem = Some(Said::Refusal(r)),
            },
            other => {
                if let Edit::Changed = edit_text(&mut prompt.field, other) {
                    prompt.problem = None;
                }
            }
        }
        Outcome::Stay
    }
}

impl Layer for Desks {
    fn contexts(&self) -> Vec<Context> {
        if self.prompt.is_some() {
            text_contexts()
        } else {
            browse_contexts()
        }
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        if self.prompt.is_some() {
            vec![Hint::new(Command::Confirm, 0), Hint::new(Command::Close, 0)]
        } else if self.at_station() {
            vec![Hint::new(Command::Open, 0), Hint::new(Command::Close, 0)]
        } else {
            vec![Hint::new(Command::Close, 0)]
        }
    }

    fn handle(&mut self, input: &Input, _view: &View) -> Outcome {
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
                self.rows.step(self.lines().len(), *c);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    fn is_dirty(&self) -> bool {
        self.prompt.as_ref().is_some_and(|p| !p.field.is_empty())
    }

    fn receive(&mut self, done: &Done, view: &View) -> Outcome {
        match done {
            Done::Desks(Ok(data)) => {
                self.data = Some(data.clone());
                self.rows.selected = self.rows.selected.min(data.lines.len().saturating_sub(1));
            }
            // Trusted: the prompt's work is done; the view reads the file again.
            Done::HomeTrusted(Ok(_)) if self.prompt.is_some() => {
                self.prompt = None;
                return Outcome::Run(vec![Effect::LoadDesks]);
            }
            Done::HomeTrusted(Err(reason)) => {
                if let Some(prompt) = &mut self.prompt {
                    prompt.problem = Some(Said::Text(reason.say(view.texts)));
                }
            }
            _ => {}
        }
        Outcome::Stay
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        let inner = dialog(
            buf,
            crate::tui::layout::overlay_area(screen),
            t.get(Trust::DesksTitle),
            theme,
        );
        let Some(data) = &self.data else {
            return None;
        };
        if data.lines.is_empty() || inner.height < 2 {
            empty(buf, inner, t.get(Trust::NoDesks), theme);
            return None;
        }
        let width = inner.width as usize;
        let lines: Vec<Line> = data
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
        scrolled(buf, list, lines, self.rows.selected, true, view);
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
        if let Some(line) = data.lines.get(self.rows.selected)
            && inner.height > 2
        {
            let (_, todo) = line.said(t);
            let foot: Vec<String> = match todo.split_once(" --fingerprint ") {
                _ if todo.contains('\n') => todo.lines().take(2).map(String::from).collect(),
                // A command too long for the row: the fingerprint on a row of its own.
                Some((command, fp))
                    if command.starts_with("liaison ") && todo.chars().count() > width =>
                {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows the view draws at 80×24, as text.
    fn drawn(desks: &Desks, lang: crate::i18n::Lang) -> Vec<String> {
        crate::tui::kit::view::with_test_view(lang, |view| {
            let area = Rect::new(0, 0, 80, 24);
            let mut buf = Buffer::empty(area);
            desks.render(view, area, &mut buf);
            (0..area.height)
                .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect())
                .collect()
        })
    }

    #[test]
    fn a_stations_advice_is_cut_between_words_not_at_the_fingerprint() {
        let desks = Desks {
            data: Some(DesksData {
                lines: vec![DeskLine::Home(HomeTrust::None)],
            }),
            ..Desks::default()
        };
        let rows = drawn(&desks, crate::i18n::Lang::En).join("\n");
        assert!(rows.contains("--fingerprint DIGITS`)"), "{rows}");
        assert!(!rows.contains("trust…"), "{rows}");
    }

    #[test]
    fn only_the_whole_fingerprint_is_taken() {
        assert_eq!(
            parse("12345 67890"),
            Err(Refusal::BadFingerprint { found: 10 })
        );
        assert!(matches!(
            parse("1234O 67890"),
            Err(Refusal::FingerprintNotDigit { .. })
        ));
        let whole = "12345 67890 12345 67890 12345 67890 12345 67890";
        assert_eq!(parse(whole).unwrap().to_string(), whole);
    }
}
