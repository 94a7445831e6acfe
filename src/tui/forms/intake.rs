//! The intake form (F2): 姓名, 电话, 住址, 来源, 反映内容, 接待代表, in that Tab order.
//! Only the content is required. Problems are shown beside their field as soon as the
//! operator leaves it, and all at once on Ctrl-S.

use std::collections::BTreeMap;

use super::{Edit, Input, cycle, edit_picker, edit_text};
use crate::domain::case::Source;
use crate::domain::member::Member;
use crate::domain::phone::normalize_phone;
use crate::domain::text::limits;
use crate::store::{Candidate, NewCase};
use crate::tui::action::Command;
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::text_field::{Refused, TextField};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Name,
    Phone,
    Address,
    Source,
    Content,
    Deputy,
}

pub const FIELDS: [Field; 6] = [
    Field::Name,
    Field::Phone,
    Field::Address,
    Field::Source,
    Field::Content,
    Field::Deputy,
];

/// A problem with a field: a key of the `ui` text table, and a detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: &'static str,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct IntakeForm {
    pub name: TextField,
    pub phone: TextField,
    pub address: TextField,
    pub source: Choice<Source>,
    pub content: TextField,
    /// Today's duty members; the one chosen receives the resident.
    pub deputy: Picker<Member>,
    pub focus: Field,
    pub problems: BTreeMap<Field, Problem>,
    /// Set while the save runs, and cleared with its result.
    pub saving: bool,
    /// Width of the content field, for moving the caret between wrapped rows.
    pub content_width: u16,
    /// Open cases that may be the same matter, found as the operator fills the form.
    pub suggestions: Vec<Candidate>,
    /// The suggestion this case will be linked to as a duplicate.
    pub duplicate: Option<usize>,
    /// The field just left, if any: a trigger for the duplicate lookup.
    left: Option<Field>,
}

/// What the form asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    Save(NewCase),
    /// Esc: close, asking first if something was typed.
    Close,
    /// The phone, address or content changed: look for possible duplicates.
    Lookup {
        phone: String,
        address: String,
        content: String,
    },
}

impl IntakeForm {
    pub fn new(on_duty: Vec<Member>, preselected: Option<&str>) -> IntakeForm {
        let mut deputy = Picker::new(on_duty);
        if let Some(id) = preselected {
            deputy.choose_code(id);
        }
        IntakeForm {
            name: TextField::new(limits::NAME, false),
            phone: TextField::new(limits::PHONE, false),
            address: TextField::new(limits::ADDRESS, false),
            source: Choice::new(Source::ALL, Some(Source::WalkIn)),
            content: TextField::new(limits::CONTENT, true),
            deputy,
            focus: Field::Name,
            problems: BTreeMap::new(),
            saving: false,
            content_width: 40,
            suggestions: Vec::new(),
            duplicate: None,
            left: None,
        }
    }

    /// Something was typed that Esc would throw away.
    pub fn is_dirty(&self) -> bool {
        !(self.name.is_empty()
            && self.phone.is_empty()
            && self.address.is_empty()
            && self.content.is_empty())
    }

    pub fn text_field(&self, field: Field) -> Option<&TextField> {
        match field {
            Field::Name => Some(&self.name),
            Field::Phone => Some(&self.phone),
            Field::Address => Some(&self.address),
            Field::Content => Some(&self.content),
            Field::Deputy => Some(&self.deputy.query),
            Field::Source => None,
        }
    }

    fn text_field_mut(&mut self, field: Field) -> Option<&mut TextField> {
        match field {
            Field::Name => Some(&mut self.name),
            Field::Phone => Some(&mut self.phone),
            Field::Address => Some(&mut self.address),
            Field::Content => Some(&mut self.content),
            Field::Deputy | Field::Source => None,
        }
    }

    pub fn handle(&mut self, input: &Input) -> Outcome {
        if self.saving {
            return Outcome::Nothing;
        }
        match input {
            Input::Command(Command::Save) => return self.submit(),
            Input::Command(Command::Close) => return Outcome::Close,
            Input::Command(Command::MarkDuplicate) => {
                // None → first → second → … → none.
                let n = self.suggestions.len();
                self.duplicate = match self.duplicate {
                    _ if n == 0 => None,
                    None => Some(0),
                    Some(i) if i + 1 < n => Some(i + 1),
                    Some(_) => None,
                };
            }
            Input::Command(Command::NextField) => self.move_focus(1),
            Input::Command(Command::PrevField) => self.move_focus(-1),
            _ => self.field_input(input),
        }
        self.lookup_if_left()
    }

    /// After leaving the phone, address or content, the duplicates are looked up again.
    fn lookup_if_left(&mut self) -> Outcome {
        let left = std::mem::take(&mut self.left);
        if matches!(left, Some(Field::Phone | Field::Address | Field::Content)) {
            return Outcome::Lookup {
                phone: self.phone.text().to_string(),
                address: self.address.text().to_string(),
                content: self.content.text().to_string(),
            };
        }
        Outcome::Nothing
    }

    /// New possible duplicates; the choice is kept if the same case is still offered.
    pub fn set_suggestions(&mut self, suggestions: Vec<Candidate>) {
        let chosen = self
            .duplicate
            .and_then(|i| self.suggestions.get(i))
            .map(|c| c.record.case.id);
        self.duplicate =
            chosen.and_then(|id| suggestions.iter().position(|c| c.record.case.id == id));
        self.suggestions = suggestions;
    }

    fn field_input(&mut self, input: &Input) {
        match self.focus {
            Field::Source => match input {
                Input::Command(Command::Left) => self.source.prev(),
                Input::Command(Command::Right) => self.source.next(),
                Input::Command(Command::Confirm | Command::Down) => self.move_focus(1),
                Input::Command(Command::Up) => self.move_focus(-1),
                Input::Insert(c) if c.is_ascii_digit() && self.source.pick_digit(*c) => {
                    self.move_focus(1)
                }
                _ => {}
            },
            Field::Deputy => match input {
                Input::Command(Command::Up) if self.deputy.selected_index() == 0 => {
                    self.move_focus(-1)
                }
                _ => {
                    edit_picker(&mut self.deputy, input);
                }
            },
            Field::Content => match input {
                Input::Command(Command::Confirm) => {
                    self.type_into(Field::Content, &Input::Insert('\n'))
                }
                Input::Command(cmd @ (Command::Up | Command::Down)) => {
                    let width = self.content_width;
                    if !self.content.vertical(width, *cmd == Command::Down) {
                        self.move_focus(if *cmd == Command::Down { 1 } else { -1 });
                    }
                }
                other => self.type_into(Field::Content, other),
            },
            single => match input {
                Input::Command(Command::Confirm | Command::Down) => self.move_focus(1),
                Input::Command(Command::Up) => self.move_focus(-1),
                other => self.type_into(single, other),
            },
        }
    }

    fn type_into(&mut self, field: Field, input: &Input) {
        let Some(text) = self.text_field_mut(field) else {
            return;
        };
        match edit_text(text, input) {
            Edit::Refused(Refused::TooLong { limit }) => {
                self.problems.insert(
                    field,
                    Problem {
                        key: "too_long",
                        detail: format!("{limit}"),
                    },
                );
            }
            Edit::Changed => {
                // The field changed: a stale problem would mislead.
                self.problems.remove(&field);
            }
            _ => {}
        }
    }

    fn move_focus(&mut self, step: i32) {
        let left = self.focus;
        self.left = Some(left);
        self.check_field(left);
        self.focus = cycle(&FIELDS, left, step);
    }

    /// Checks one field and records its problem, if any.
    fn check_field(&mut self, field: Field) {
        let problem = match field {
            Field::Phone if !self.phone.is_empty() => {
                normalize_phone(self.phone.text()).err().map(|_| Problem {
                    key: "phone_invalid",
                    detail: String::new(),
                })
            }
            _ => None,
        };
        match problem {
            Some(p) => {
                self.problems.insert(field, p);
            }
            None => {
                if self
                    .problems
                    .get(&field)
                    .is_some_and(|p| p.key != "too_long")
                {
                    self.problems.remove(&field);
                }
            }
        }
    }

    fn submit(&mut self) -> Outcome {
        for field in FIELDS {
            self.check_field(field);
        }
        if self.content.text().trim().is_empty() {
            self.problems.insert(
                Field::Content,
                Problem {
                    key: "content_required",
                    detail: String::new(),
                },
            );
        }
        if let Some((&first, _)) = self.problems.iter().next() {
            self.focus = first;
            return Outcome::Nothing;
        }
        self.saving = true;
        Outcome::Save(NewCase {
            content: self.content.text().to_string(),
            name: self.name.text().to_string(),
            phone: self.phone.text().to_string(),
            address: self.address.text().to_string(),
            source: self.source.value(),
            deputy: self.deputy.chosen().map(|m| m.id.clone()),
            duplicate_of: self
                .duplicate
                .and_then(|i| self.suggestions.get(i))
                .map(|c| c.record.case.id),
        })
    }

    /// The save failed: the input stays, the reason is shown on the content field.
    pub fn save_failed(&mut self, reason: String) {
        self.saving = false;
        self.problems.insert(
            Field::Content,
            Problem {
                key: "save_failed",
                detail: reason,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type_str(form: &mut IntakeForm, s: &str) {
        for c in s.chars() {
            form.handle(&Input::Insert(c));
        }
    }

    fn cmd(form: &mut IntakeForm, c: Command) -> Outcome {
        form.handle(&Input::Command(c))
    }

    #[test]
    fn tab_order_and_save() {
        let mut f = IntakeForm::new(vec![], None);
        type_str(&mut f, "王小红");
        cmd(&mut f, Command::NextField);
        type_str(&mut f, "13812345678");
        cmd(&mut f, Command::Confirm);
        assert_eq!(f.focus, Field::Address);
        cmd(&mut f, Command::NextField);
        assert_eq!(f.focus, Field::Source);
        cmd(&mut f, Command::NextField);
        type_str(&mut f, "小区路灯坏了三个月");
        match cmd(&mut f, Command::Save) {
            Outcome::Save(new) => {
                assert_eq!(new.name, "王小红");
                assert_eq!(new.phone, "13812345678");
                assert_eq!(new.content, "小区路灯坏了三个月");
                assert_eq!(new.source, Some(Source::WalkIn));
            }
            other => panic!("{other:?}"),
        }
        assert!(f.saving);
    }

    #[test]
    fn content_is_required_and_phone_checked_on_leaving() {
        let mut f = IntakeForm::new(vec![], None);
        cmd(&mut f, Command::NextField);
        type_str(&mut f, "12345");
        cmd(&mut f, Command::NextField);
        assert_eq!(f.problems[&Field::Phone].key, "phone_invalid");
        assert_eq!(cmd(&mut f, Command::Save), Outcome::Nothing);
        assert_eq!(f.focus, Field::Phone, "focus goes to the first problem");
        assert!(f.problems.contains_key(&Field::Content));
        for _ in 0..5 {
            cmd(&mut f, Command::DeleteBack);
        }
        assert!(!f.problems.contains_key(&Field::Phone));
    }

    #[test]
    fn enter_in_the_content_is_a_new_line() {
        let mut f = IntakeForm::new(vec![], None);
        f.focus = Field::Content;
        type_str(&mut f, "一");
        cmd(&mut f, Command::Confirm);
        type_str(&mut f, "二");
        assert_eq!(f.content.text(), "一\n二");
    }

    #[test]
    fn over_long_paste_is_refused_with_the_limit() {
        let mut f = IntakeForm::new(vec![], None);
        f.handle(&Input::Paste("名".repeat(100)));
        assert!(f.name.is_empty());
        assert_eq!(f.problems[&Field::Name].key, "too_long");
        assert_eq!(f.problems[&Field::Name].detail, "40");
    }
}
