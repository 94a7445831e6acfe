//! The interface's state and the one place it changes: [`App::update`]. Keys become actions
//! in [`App::on_key`]; updates return the effects (database work) for the loop to run.
//! The main screen's commands are in `main_screen.rs`, who receives whom in `calling.rs`,
//! what the open form asks for in `layers.rs`, the results of effects in `results.rs`,
//! list movement in `lists.rs`, the hint bar's commands in `hints.rs`.

mod calling;
mod hints;
mod layers;
mod lists;
mod main_screen;
mod results;

pub use calling::NoCall;
pub use lists::{Selected, list_window};

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::action::{Action, Command};
use super::effect::Effect;
use super::forms::confirm::{Confirm, OnYes};
use super::forms::pick::FilterItem;
use super::forms::{Form, Input};
use super::keymap::{Context, Key, KeyName, Keymap};
use super::layout::{self, Pane};
use super::overlay::{HelpView, Overlay};
use super::snapshot::Snapshot;
use super::theme::Theme;
use crate::domain::case::CaseId;
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
    pub operator: String,
    pub focus: Pane,
    /// Selected row and first visible row of each pane, by [`Pane::index`].
    pub selected: [usize; 4],
    pub scroll: [usize; 4],
    pub board_filter: Option<FilterItem>,
    pub overlay: Option<Overlay>,
    pub help: Option<HelpView>,
    pub confirm: Option<Confirm>,
    pub notice: Option<Notice>,
    pub size: Rect,
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
    /// The member the operator picked in the duty pane to receive the next resident called;
    /// `None` lets the call go to the free member who has received the fewest today.
    pub duty_choice: Option<String>,
    /// What Esc on a case's details goes back to (the search results it was opened from).
    behind_detail: Option<Overlay>,
    /// A form opened from a case's details returns to them once saved.
    came_from_detail: Option<CaseId>,
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
            operator,
            focus: Pane::Queue,
            selected: [0; 4],
            scroll: [0; 4],
            board_filter: None,
            overlay: None,
            help: None,
            confirm: None,
            notice,
            size,
            quit: false,
            dirty: true,
            duty_choice: None,
            behind_detail: None,
            came_from_detail: None,
        }
    }

    /// The topmost thing open over the main screen: a question, the help, or a form.
    pub fn top(&self) -> Option<&dyn Form> {
        if let Some(c) = &self.confirm {
            return Some(c);
        }
        if let Some(h) = &self.help {
            return Some(h);
        }
        self.overlay.as_ref().map(Overlay::form)
    }

    /// F1 opens the help now (not over a question, and not twice).
    pub fn help_available(&self) -> bool {
        self.help.is_none() && self.confirm.is_none()
    }

    /// The key contexts active now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if let Some(top) = self.top() {
            return top.contexts();
        }
        let pane = match self.focus {
            Pane::Duty => Context::Duty,
            Pane::Queue => Context::Queue,
            Pane::Classify => Context::ClassifyList,
            Pane::Board => Context::Board,
        };
        vec![pane, Context::List, Context::Main, Context::App]
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
                self.clamp();
                self.resize_forms();
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
                self.help = Some(HelpView {
                    stack: self.contexts(),
                    disabled,
                    scroll: 0,
                });
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
                if self.confirm.is_none() {
                    self.notice = None;
                }
                if self.top().is_some() {
                    self.on_layer(&input)
                } else {
                    self.on_main(&input)
                }
            }
        }
    }

    fn request_quit(&mut self) -> Vec<Effect> {
        if self.overlay.as_ref().is_some_and(Overlay::is_dirty) {
            self.confirm = Some(Confirm {
                question: Ui::ConfirmQuit,
                detail: String::new(),
                on_yes: OnYes::Quit,
            });
        } else {
            self.quit = true;
        }
        Vec::new()
    }

    fn resize_forms(&mut self) {
        let size = self.size;
        if let Some(overlay) = &mut self.overlay {
            overlay.form_mut().resize(size);
        }
    }
}
