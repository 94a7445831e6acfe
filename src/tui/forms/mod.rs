//! Forms and dialogs: their state and how they react to input. Drawing is in `panes/`.

pub mod browse;
pub mod classify;
pub mod confirm;
pub mod desks;
pub mod detail;
pub mod feedback;
pub mod help;
pub mod holidays;
pub mod intake;
pub mod pick;
pub mod problem;
pub mod self_service;
pub mod supervise;
pub mod trust_home;
pub mod views;

use crate::i18n::Ui;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::action::Command;
use super::app::App;
use super::effect::{Done, Effect, Purpose};
use super::keymap::Context;
use super::widgets::picker::{Pickable, Picker};
use super::widgets::text_field::TextField;
use crate::store::CaseRecord;
pub use problem::Problem;

/// Input that reaches a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Command(Command),
    Insert(char),
    Paste(String),
}

/// A command worth showing in the hint bar: whether it can run now, and how important it is
/// (0 is kept whatever the width; higher ranks are dropped first when the bar is too narrow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub command: Command,
    pub enabled: bool,
    pub rank: u8,
}

impl Hint {
    pub const fn new(command: Command, rank: u8) -> Hint {
        Hint {
            command,
            enabled: true,
            rank,
        }
    }

    /// Greyed out unless `enabled`.
    pub const fn when(mut self, enabled: bool) -> Hint {
        self.enabled = enabled;
        self
    }
}

/// What a form asks of the app after an input.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The form changed itself, or the input meant nothing to it.
    Stay,
    /// Effects for the loop to run (a save, a lookup); the form stays open for their result.
    Run(Vec<Effect>),
    /// Esc: close, asking first when something typed would be thrown away.
    Close,
    /// Finished: close now, then run these effects.
    Finish(Vec<Effect>),
    /// A save refused before it was tried: the form shows the problem at the field, the app
    /// says it in the status line. `field` is the `ui` key of the field's label.
    Refused { field: Ui, problem: Problem },
    /// A message for the status line (a `ui` key): why the command cannot run.
    Say(Ui),
    /// A yes to a question.
    Yes(confirm::OnYes),
    /// A filter for the supervision board (`None`: everything).
    Filter(Option<pick::FilterItem>),
    /// Open the form of `command` (F3, F4, F8) for this case, from its details.
    Follow(Command, Box<CaseRecord>),
}

/// A form, dialog or view open over the main screen. Each one says which keys it takes (its
/// contexts, and the hints of what can run now), reacts to input, draws itself and says
/// whether closing it would lose anything: the hint bar, F1 and the app ask the open form
/// instead of matching on every kind.
pub trait Form {
    /// The key contexts while it is open, most specific first.
    fn contexts(&self) -> Vec<Context>;
    /// The commands for the hint bar now, most useful first; F1 is added by the bar.
    fn hints(&self) -> Vec<Hint>;
    fn handle(&mut self, input: &Input) -> Outcome;
    /// Draws over `screen`; returns where the terminal cursor belongs (a focused field).
    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position>;
    /// Something was typed that closing would throw away.
    fn is_dirty(&self) -> bool {
        false
    }
    /// The result of an effect, offered to the open form (a failed save, a lookup's answer).
    fn receive(&mut self, _done: &Done) {}
    /// The window changed size.
    fn resize(&mut self, _screen: Rect) {}
}

/// A form that records events on one case (F3, F4, F8): its contexts and hints are those of
/// any form with fields, and the save's failure comes back to it by its purpose.
pub trait CaseForm {
    /// The purpose its saves are recorded with.
    const PURPOSE: Purpose;
    fn input(&mut self, input: &Input) -> Outcome;
    fn draw(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position>;
    fn unsaved(&self) -> bool;
    /// The save failed: the input stays, the reason is shown at a field.
    fn save_failed(&mut self, reason: String);
}

impl<T: CaseForm> Form for T {
    fn contexts(&self) -> Vec<Context> {
        text_contexts()
    }

    fn hints(&self) -> Vec<Hint> {
        form_hints()
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        self.input(input)
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        self.draw(app, screen, buf)
    }

    fn is_dirty(&self) -> bool {
        self.unsaved()
    }

    fn receive(&mut self, done: &Done) {
        if let Done::Recorded {
            purpose,
            result: Err(reason),
        } = done
            && *purpose == T::PURPOSE
        {
            self.save_failed(reason.clone());
        }
    }
}

/// Up, Down, PgUp, PgDn and Home on a text that scrolls; false for any other command.
pub fn scroll_text(scroll: &mut usize, command: Command) -> bool {
    *scroll = match command {
        Command::Down => *scroll + 1,
        Command::Up => scroll.saturating_sub(1),
        Command::PageDown => *scroll + 10,
        Command::PageUp => scroll.saturating_sub(10),
        Command::First => 0,
        _ => return false,
    };
    true
}

/// The contexts of a form whose focused field takes text.
pub fn text_contexts() -> Vec<Context> {
    vec![Context::Text, Context::Form, Context::App]
}

/// The hints every form with fields shows.
pub fn form_hints() -> Vec<Hint> {
    vec![
        Hint::new(Command::Save, 0),
        Hint::new(Command::NextField, 2),
        Hint::new(Command::Close, 1),
    ]
}

/// The field `step` places from `current` in Tab order, wrapping around; the first field
/// when `current` is not among them (the set of fields changed under it).
pub fn cycle<F: Copy + PartialEq>(fields: &[F], current: F, step: i32) -> F {
    let i = fields.iter().position(|f| *f == current).unwrap_or(0) as i32;
    fields[(i + step).rem_euclid(fields.len() as i32) as usize]
}

/// What happened to a text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// The caret moved, nothing else.
    Moved,
    /// The input was refused: the field cannot hold it.
    Refused(Problem),
    /// The input means nothing to a text field.
    Ignored,
}

/// Applies typing and editing keys to a text field.
pub fn edit_text(field: &mut TextField, input: &Input) -> Edit {
    let result = |r: Result<(), _>, offered: usize| match r {
        Ok(()) => Edit::Changed,
        Err(e) => Edit::Refused(Problem::refused(&e, offered)),
    };
    match input {
        Input::Insert(c) => result(field.insert(*c), 1),
        Input::Paste(text) => {
            let offered = text.chars().count();
            result(field.paste(text), offered)
        }
        Input::Command(Command::Newline) if field.is_multiline() => result(field.insert('\n'), 1),
        Input::Command(cmd) => {
            let before = field.text().len();
            match cmd {
                Command::Left => field.left(),
                Command::Right => field.right(),
                Command::LineStart => field.line_start(),
                Command::LineEnd => field.line_end(),
                Command::DeleteBack => field.delete_back(),
                Command::DeleteForward => field.delete_forward(),
                Command::ClearField => field.clear(),
                _ => return Edit::Ignored,
            }
            if field.text().len() != before {
                Edit::Changed
            } else {
                Edit::Moved
            }
        }
    }
}

/// What happened to a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerEdit {
    /// Enter picked an entry.
    Chosen,
    /// The query or the highlight changed, or Enter found nothing to pick.
    Handled,
    /// Typing the query could not take.
    Refused(Problem),
    /// The input means nothing to a picker.
    Ignored,
}

/// Applies typing and moving keys to a picker.
pub fn edit_picker<T: Pickable>(picker: &mut Picker<T>, input: &Input) -> PickerEdit {
    match input {
        Input::Command(Command::Up) => picker.up(),
        Input::Command(Command::Down) => picker.down(),
        Input::Command(Command::Confirm) => {
            return if picker.choose().is_some() {
                PickerEdit::Chosen
            } else {
                PickerEdit::Handled
            };
        }
        other => match edit_text(&mut picker.query, other) {
            Edit::Changed => picker.refilter(),
            Edit::Ignored => return PickerEdit::Ignored,
            Edit::Refused(p) => return PickerEdit::Refused(p),
            Edit::Moved => {}
        },
    }
    PickerEdit::Handled
}
