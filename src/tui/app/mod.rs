//! The interface's state and the one place it changes: [`App::update`]. The app is a
//! compositor, as helix's: the main screen at the bottom and a stack of layers over it. Keys
//! go to the top layer (or the main screen), results of effects to every layer, and each
//! answers with an outcome the app carries out here: open, give way, close (asking first when
//! something typed would be lost), run effects, say something in the status line.
//! What the effects' results do to the data and the lists is in `results.rs`; the status and
//! hint lines in `bar.rs`.

mod bar;
mod results;

pub use bar::{render_hints, render_status};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};

use super::action::{Action, Command};
use super::effect::Effect;
use super::keymap::{Context, Key, KeyName, Keymap};
use super::kit::layer::downcast;
use super::kit::{Answer, Hint, Input, Layer, Outcome, View};
use super::layers::confirm::Confirm;
use super::layers::help::Help;
use super::layout::{self, Pane};
use super::main::MainScreen;
use super::snapshot::Snapshot;
use super::theme::Theme;
use crate::i18n::{Texts, Ui};

/// A one-line message under the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub texts: &'static Texts,
    pub keymap: Keymap,
    pub theme: Theme,
    pub data: Snapshot,
    pub main: MainScreen,
    /// What is open over the main screen, the top last.
    pub layers: Vec<Box<dyn Layer>>,
    pub notice: Option<Notice>,
    pub size: Rect,
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
}

/// The view layers draw and decide from, made of the app's parts (so that a layer borrowed
/// mutably can be handed it).
fn view<'a>(
    texts: &'static Texts,
    theme: &'a Theme,
    keymap: &'a Keymap,
    data: &'a Snapshot,
    size: Rect,
) -> View<'a> {
    View {
        texts,
        theme,
        keymap,
        data,
        size,
    }
}

impl App {
    pub fn new(
        texts: &'static Texts,
        keymap: Keymap,
        theme: Theme,
        data: Snapshot,
        operator: String,
        size: Rect,
    ) -> App {
        let notice = (!keymap.problems.is_empty()).then(|| Notice {
            text: format!(
                "{}: {}",
                texts.ui(Ui::KeysProblem),
                keymap.problems.join("; ")
            ),
            error: true,
        });
        App {
            texts,
            keymap,
            theme,
            data,
            main: MainScreen::new(operator, size),
            layers: Vec::new(),
            notice,
            size,
            quit: false,
            dirty: true,
        }
    }

    pub fn view(&self) -> View<'_> {
        view(self.texts, &self.theme, &self.keymap, &self.data, self.size)
    }

    /// The top layer, if it is one of type `T`.
    pub fn top<T: Layer>(&self) -> Option<&T> {
        self.layers.last().and_then(|l| downcast::<T>(l.as_ref()))
    }

    /// The topmost open layer of type `T`.
    pub fn layer<T: Layer>(&self) -> Option<&T> {
        self.layers
            .iter()
            .rev()
            .find_map(|l| downcast::<T>(l.as_ref()))
    }

    /// F1 opens the help now (not over a question, and not twice).
    pub fn help_available(&self) -> bool {
        self.top::<Help>().is_none() && self.top::<Confirm>().is_none()
    }

    /// The key contexts active now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match self.layers.last() {
            Some(top) => top.contexts(),
            None => self.main.contexts(),
        }
    }

    /// What the hint bar offers now, in the order shown (F1 is added by the bar).
    pub fn hints(&self) -> Vec<Hint> {
        match self.layers.last() {
            Some(top) => top.hints(&self.view()),
            None => self.main.hints(&self.data),
        }
    }

    /// The case selected on the main screen's focused pane.
    pub fn selected_case(&self) -> Option<crate::store::CaseRecord> {
        self.main.selected_case(&self.data)
    }

    /// Maps a key to an action: a bound command, or a character typed into a field.
    pub fn on_key(&self, event: &KeyEvent) -> Option<Action> {
        if !crate::platform::acts_on(event.kind) {
            return None;
        }
        let key = Key::from_event(event)?.half_width();
        let stack = self.contexts();
        if let Some(command) = self.keymap.lookup(&stack, key) {
            return Some(Action::Command(command));
        }
        match key.code {
            // AltGr arrives as Ctrl+Alt on Windows: still a character.
            // The character as typed: a field keeps a full-width ２ if that is what came.
            KeyName::Char(_) if stack.contains(&Context::Text) && (key.ctrl == key.alt) => {
                match event.code {
                    ratatui::crossterm::event::KeyCode::Char(c) => Some(Action::Insert(c)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.dirty = true;
        match action {
            Action::Resize(width, height) => {
                self.size = Rect::new(0, 0, width, height);
                self.main.resize(&self.data, self.size);
                for layer in &mut self.layers {
                    layer.resize(self.size);
                }
                Vec::new()
            }
            Action::Tick(now) => {
                self.data.now = now;
                Vec::new()
            }
            Action::Done(done) => self.done(*done),
            Action::Housekeeping(found) => {
                self.housekept(found);
                Vec::new()
            }
            Action::Command(Command::Quit) => self.request_quit(),
            // A window too small to draw in shows only that it is too small; keys typed
            // blind there could save or throw away a form unseen.
            Action::Command(_) | Action::Insert(_) | Action::Paste(_)
                if layout::too_small(self.size) =>
            {
                Vec::new()
            }
            Action::Command(Command::Help) if self.help_available() => {
                let disabled = self
                    .hints()
                    .into_iter()
                    .filter(|h| !h.enabled)
                    .map(|h| h.command)
                    .collect();
                let help = Help {
                    stack: self.contexts(),
                    disabled,
                    scroll: 0,
                };
                self.layers.push(Box::new(help));
                Vec::new()
            }
            other => {
                let input = match other {
                    Action::Command(c) => Input::Command(c),
                    Action::Insert(c) => Input::Insert(c),
                    Action::Paste(p) => Input::Paste(p),
                    _ => return Vec::new(),
                };
                // Any key answers the last message: a refusal stays only until the next try.
                if self.top::<Confirm>().is_none() {
                    self.notice = None;
                }
                self.input(&input)
            }
        }
    }

    /// Input for the top layer, or for the main screen when nothing is open.
    fn input(&mut self, input: &Input) -> Vec<Effect> {
        let view = view(self.texts, &self.theme, &self.keymap, &self.data, self.size);
        match self.layers.last_mut() {
            Some(top) => {
                let outcome = top.handle(input, &view);
                let at = self.layers.len() - 1;
                self.settle(Some(at), outcome)
            }
            None => {
                let outcome = self.main.handle(input, &view);
                self.settle(None, outcome)
            }
        }
    }

    /// Carries out what the layer at `at` (the main screen for `None`) asked for.
    fn settle(&mut self, at: Option<usize>, outcome: Outcome) -> Vec<Effect> {
        let remove = |layers: &mut Vec<Box<dyn Layer>>| {
            if let Some(i) = at.filter(|i| *i < layers.len()) {
                layers.remove(i);
            }
        };
        match outcome {
            Outcome::Stay => {}
            Outcome::Run(effects) => return effects,
            Outcome::Push(layer) => self.layers.push(layer),
            Outcome::Open(layer, effects) => {
                self.layers.push(layer);
                return effects;
            }
            Outcome::Replace(layer) => match at.filter(|i| *i < self.layers.len()) {
                Some(i) => self.layers[i] = layer,
                None => self.layers.push(layer),
            },
            Outcome::Close => {
                let Some(i) = at.filter(|i| *i < self.layers.len()) else {
                    return Vec::new();
                };
                if self.layers[i].is_dirty() {
                    let ask = Confirm::new(Ui::ConfirmDiscard, Answer::Discard);
                    self.layers.push(Box::new(ask));
                } else {
                    self.layers.remove(i);
                }
            }
            Outcome::Pop(effects) => {
                remove(&mut self.layers);
                return effects;
            }
            Outcome::Refused { field, problem } => {
                let text = problem.at_field(self.texts, self.texts.ui(field));
                self.tell(text, true);
            }
            Outcome::Say(key) => self.say(key, true),
            Outcome::Refusal(text) => self.tell(text, true),
            Outcome::Tell(key, effects) => {
                self.say(key, false);
                return effects;
            }
            Outcome::Answer(answer) => {
                remove(&mut self.layers);
                match answer {
                    Answer::Quit => self.quit = true,
                    // The layer under the question goes with what was typed into it.
                    Answer::Discard => {
                        if let Some(i) = at.and_then(|i| i.checked_sub(1)) {
                            self.layers.remove(i);
                        }
                    }
                    Answer::Run(effects) => return effects,
                }
            }
            Outcome::Ask {
                question,
                detail,
                yes,
            } => self
                .layers
                .push(Box::new(Confirm::new(question, yes).detail(detail))),
            Outcome::Filter(filter) => {
                remove(&mut self.layers);
                self.main.board_filter = filter;
                self.main.selected[Pane::Board.index()] = 0;
                self.main.scroll[Pane::Board.index()] = 0;
            }
        }
        Vec::new()
    }

    fn request_quit(&mut self) -> Vec<Effect> {
        if self.layers.iter().any(|l| l.is_dirty()) {
            let ask = Confirm::new(Ui::ConfirmQuit, Answer::Quit);
            self.layers.push(Box::new(ask));
        } else {
            self.quit = true;
        }
        Vec::new()
    }

    pub(super) fn say(&mut self, key: Ui, error: bool) {
        self.tell(self.texts.ui(key).to_string(), error);
    }

    pub(super) fn tell(&mut self, text: String, error: bool) {
        self.notice = Some(Notice { text, error });
    }

    /// Draws a frame into a buffer; returns where the terminal cursor belongs (the focused
    /// field of the top layer).
    pub fn draw(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        if layout::too_small(area) {
            let text = crate::display::fit(self.texts.ui(Ui::TooSmall), area.width as usize);
            let y = area.y + area.height / 2;
            buf.set_stringn(area.x, y, text, area.width as usize, self.theme.error);
            return None;
        }
        let view = self.view();
        self.main.render(&view, area, buf);
        let screen = layout::screen(area, self.main.focus);
        render_status(self, screen.status, buf);
        render_hints(self, screen.hints, buf);
        let mut caret = None;
        for layer in &self.layers {
            caret = layer.render(&view, area, buf);
        }
        caret
    }
}
