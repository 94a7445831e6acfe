//! A field's input: text, a choice of a few, or a picker over a list. Each takes typing and
//! editing keys, says what happened, and draws itself in a form's row.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::fields::{choice_row, picker_rows, text_block, text_row};
use super::layer::Input;
use super::problem::Problem;
use super::view::View;
use crate::i18n::Ui;
use crate::tui::action::Command;
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::picker::{Pickable, Picker};
use crate::tui::widgets::text_field::TextField;

/// What an input did with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The value changed.
    Changed,
    /// The caret or the highlight moved, nothing else.
    Moved,
    /// Enter picked an entry (a picker).
    Chosen,
    /// The input could not take it.
    Refused(Problem),
    /// The key means nothing to this input.
    Ignored,
}

/// An input a form's field holds.
pub trait FieldInput {
    /// Typing and editing keys; `width` is the field's width in columns (for moving between
    /// wrapped rows).
    fn edit(&mut self, input: &Input, width: u16) -> Edit;
    /// Draws the field in `area` (its label first); returns the caret when focused.
    fn draw(
        &self,
        view: &View,
        area: Rect,
        label: &str,
        focused: bool,
        buf: &mut Buffer,
    ) -> Option<Position>;
    /// The text a save takes, for a text field (its length is checked at every change).
    fn text(&self) -> Option<&TextField> {
        None
    }
    /// Rows taken beyond the first while focused (a picker's list).
    fn open_rows(&self) -> u16 {
        0
    }
    /// Enter and the arrows move to the next field; false where they mean something here
    /// (a new line in a text of many lines, a choice from a list).
    fn moves_on(&self) -> bool {
        true
    }
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
                Command::Undo => {
                    return if field.undo() {
                        Edit::Changed
                    } else {
                        Edit::Moved
                    };
                }
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

/// Applies typing and moving keys to a picker.
pub fn edit_picker<T: Pickable>(picker: &mut Picker<T>, input: &Input) -> Edit {
    match input {
        Input::Command(Command::Up) => picker.up(),
        Input::Command(Command::Down) => picker.down(),
        Input::Command(Command::Confirm) => {
            return if picker.choose().is_some() {
                Edit::Chosen
            } else {
                Edit::Moved
            };
        }
        other => match edit_text(&mut picker.query, other) {
            Edit::Changed => picker.refilter(),
            other => return other,
        },
    }
    Edit::Moved
}

/// Up, Down, PgUp, PgDn and Home on a text that scrolls; false for any other command.
pub fn scroll_text(scroll: &mut usize, command: Command) -> bool {
    *scroll = match command {
        Command::Down => *scroll + 1,
        Command::Up => scroll.saturating_sub(1),
        Command::PageDown => *scroll + 10,
        Command::PageUp => scroll.saturating_sub(10),
        Command::First => 0,
        // The reader clamps it to the last page.
        Command::Last => usize::MAX / 2,
        _ => return false,
    };
    true
}

impl FieldInput for TextField {
    fn edit(&mut self, input: &Input, width: u16) -> Edit {
        if let Input::Command(cmd @ (Command::Up | Command::Down)) = input
            && self.is_multiline()
        {
            // Between the wrapped rows; past the first or the last, on to the next field.
            return if self.vertical(width, *cmd == Command::Down) {
                Edit::Moved
            } else {
                Edit::Ignored
            };
        }
        if input == &Input::Command(Command::Confirm) && self.is_multiline() {
            return edit_text(self, &Input::Insert('\n'));
        }
        edit_text(self, input)
    }

    fn draw(
        &self,
        view: &View,
        area: Rect,
        label: &str,
        focused: bool,
        buf: &mut Buffer,
    ) -> Option<Position> {
        if self.is_multiline() {
            text_block(buf, area, label, self, focused, view.theme)
        } else {
            text_row(buf, area, label, self, focused, view.theme)
        }
    }

    fn text(&self) -> Option<&TextField> {
        Some(self)
    }

    fn moves_on(&self) -> bool {
        !self.is_multiline()
    }
}

impl<T: Copy + PartialEq> FieldInput for Choice<T> {
    /// A digit picks (the focus stays, so the next Tab goes on as it would have); Left and
    /// Right step through; any other text says how a choice is made.
    fn edit(&mut self, input: &Input, _width: u16) -> Edit {
        match input {
            Input::Insert(c) if self.pick_digit(*c) => Edit::Changed,
            Input::Insert(_) | Input::Paste(_) => {
                Edit::Refused(Problem::new(Ui::ChoiceKeys).with("n", self.options().len()))
            }
            Input::Command(Command::Left) => {
                self.prev();
                Edit::Changed
            }
            Input::Command(Command::Right) => {
                self.next();
                Edit::Changed
            }
            _ => Edit::Ignored,
        }
    }

    fn draw(
        &self,
        view: &View,
        area: Rect,
        label: &str,
        focused: bool,
        buf: &mut Buffer,
    ) -> Option<Position> {
        let labels: Vec<&str> = self.labels().iter().map(String::as_str).collect();
        choice_row(buf, area, label, &labels, self.index(), focused, view.theme);
        None
    }
}

impl<T: Pickable> FieldInput for Picker<T> {
    fn edit(&mut self, input: &Input, _width: u16) -> Edit {
        edit_picker(self, input)
    }

    fn draw(
        &self,
        view: &View,
        area: Rect,
        label: &str,
        focused: bool,
        buf: &mut Buffer,
    ) -> Option<Position> {
        let t = view.texts;
        picker_rows(
            buf,
            area,
            label,
            self,
            focused,
            t.ui(Ui::None),
            t,
            view.theme,
        )
    }

    fn open_rows(&self) -> u16 {
        4
    }

    fn moves_on(&self) -> bool {
        false
    }
}

/// A text of digits (a number of days, a date): full-width digits from an IME go in as the
/// digits they stand for; any other character is refused and said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digits {
    pub field: TextField,
    /// Characters taken besides the digits (`-` in a date).
    also: &'static str,
}

impl Digits {
    pub fn new(limit: usize, also: &'static str) -> Digits {
        Digits {
            field: TextField::strict(limit, false),
            also,
        }
    }

    pub fn with_text(mut self, text: &str) -> Digits {
        self.field = self.field.with_text(text);
        self
    }

    pub fn text(&self) -> &str {
        self.field.text()
    }

    fn takes(&self, c: char) -> bool {
        c.is_ascii_digit() || self.also.contains(c)
    }
}

impl FieldInput for Digits {
    fn edit(&mut self, input: &Input, width: u16) -> Edit {
        use crate::domain::text::{half_width, half_width_text};
        let input = match input {
            Input::Insert(c) => {
                let c = half_width(*c);
                if !self.takes(c) {
                    return Edit::Refused(Problem::new(Ui::DigitsOnly));
                }
                Input::Insert(c)
            }
            Input::Paste(p) => {
                let p = half_width_text(p).trim().to_string();
                if !p.chars().all(|c| self.takes(c)) {
                    return Edit::Refused(Problem::new(Ui::DigitsOnly));
                }
                Input::Paste(p)
            }
            other => other.clone(),
        };
        self.field.edit(&input, width)
    }

    fn draw(
        &self,
        view: &View,
        area: Rect,
        label: &str,
        focused: bool,
        buf: &mut Buffer,
    ) -> Option<Position> {
        self.field.draw(view, area, label, focused, buf)
    }

    fn text(&self) -> Option<&TextField> {
        Some(&self.field)
    }
}
