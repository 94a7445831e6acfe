//! Forms and dialogs: their state and how they react to input. Drawing is in `panes/`.

pub mod browse;
pub mod classify;
pub mod confirm;
pub mod feedback;
pub mod holidays;
pub mod intake;
pub mod pick;
pub mod supervise;

use super::action::Command;
use super::widgets::picker::{Pickable, Picker};
use super::widgets::text_field::{Refused, TextField};

/// Input that reaches a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Command(Command),
    Insert(char),
    Paste(String),
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
    /// The input was refused (over the limit).
    Refused(Refused),
    /// The input means nothing to a text field.
    Ignored,
}

/// Applies typing and editing keys to a text field.
pub fn edit_text(field: &mut TextField, input: &Input) -> Edit {
    let result = |r: Result<(), Refused>| match r {
        Ok(()) => Edit::Changed,
        Err(e) => Edit::Refused(e),
    };
    match input {
        Input::Insert(c) => result(field.insert(*c)),
        Input::Paste(text) => result(field.paste(text)),
        Input::Command(Command::Newline) if field.is_multiline() => result(field.insert('\n')),
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

/// Applies typing and moving keys to a picker; `Some(true)` when Enter picked an entry.
pub fn edit_picker<T: Pickable>(picker: &mut Picker<T>, input: &Input) -> Option<bool> {
    match input {
        Input::Command(Command::Up) => picker.up(),
        Input::Command(Command::Down) => picker.down(),
        Input::Command(Command::Confirm) => return Some(picker.choose().is_some()),
        other => match edit_text(&mut picker.query, other) {
            Edit::Changed => picker.refilter(),
            Edit::Ignored => return None,
            _ => {}
        },
    }
    Some(false)
}
