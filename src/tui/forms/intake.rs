//! The intake form (F2): 姓名, 电话, 住址, 来源, 反映内容, 接待代表, in that Tab order.
//! Only the content is required. Problems are shown beside their field as soon as the
//! operator leaves it, and all at once on Ctrl-S, which then says in the status line why
//! nothing was saved. No deputy is filled in unless the operator picks one.

use crate::i18n::Ui;
use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::{
    Edit, Form, Hint, Input, Outcome, PickerEdit, Problem, cycle, edit_picker, edit_text,
    form_hints,
};
use crate::domain::case::Source;
use crate::domain::member::Member;
use crate::domain::phone::normalize_phone;
use crate::domain::text::limits;
use crate::store::{Candidate, NewCase};
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::text_field::TextField;

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

impl Field {
    /// The `ui` key of the field's label.
    pub fn label(self) -> Ui {
        match self {
            Field::Name => Ui::FieldName,
            Field::Phone => Ui::FieldPhone,
            Field::Address => Ui::FieldAddress,
            Field::Source => Ui::FieldSource,
            Field::Content => Ui::FieldContent,
            Field::Deputy => Ui::FieldDeputy,
        }
    }
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

impl IntakeForm {
    /// A blank form; `on_duty` are the members the operator may pick as the receiving deputy.
    pub fn new(on_duty: Vec<Member>) -> IntakeForm {
        IntakeForm {
            deputy: Picker::new(on_duty),
            name: TextField::new(limits::NAME, false),
            phone: TextField::new(limits::PHONE, false),
            address: TextField::new(limits::ADDRESS, false),
            source: Choice::new(Source::ALL, Some(Source::WalkIn)),
            content: TextField::new(limits::CONTENT, true),
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

    fn input(&mut self, input: &Input) -> Outcome {
        if self.saving {
            return Outcome::Stay;
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
            Input::Command(Command::MovePhone) => {
                if !self.move_phone() {
                    return Outcome::Say(Ui::NoPhoneInContent);
                }
            }
            Input::Command(Command::NextField) => self.move_focus(1),
            Input::Command(Command::PrevField) => self.move_focus(-1),
            _ => {
                if let Some(problem) = self.field_input(input) {
                    let field = self.focus;
                    self.problems.insert(field, problem.clone());
                    return Outcome::Refused {
                        field: field.label(),
                        problem,
                    };
                }
            }
        }
        self.lookup_if_left()
    }

    /// After leaving the phone, address or content, the duplicates are looked up again.
    fn lookup_if_left(&mut self) -> Outcome {
        let left = std::mem::take(&mut self.left);
        if matches!(left, Some(Field::Phone | Field::Address | Field::Content)) {
            return Outcome::Run(vec![Effect::FindDuplicates {
                phone: self.phone.text().to_string(),
                address: self.address.text().to_string(),
                content: self.content.text().to_string(),
            }]);
        }
        Outcome::Stay
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

    /// Input for the focused field; a problem when it could not be taken.
    fn field_input(&mut self, input: &Input) -> Option<Problem> {
        match self.focus {
            // A digit picks the source and the focus stays: the next Tab goes on to the
            // content, as it would have without the digit.
            Field::Source => match input {
                Input::Command(Command::Left) => self.source.prev(),
                Input::Command(Command::Right) => self.source.next(),
                Input::Command(Command::Confirm | Command::Down) => self.move_focus(1),
                Input::Command(Command::Up) => self.move_focus(-1),
                Input::Insert(c) if self.source.pick_digit(*c) => {
                    self.problems.remove(&Field::Source);
                }
                Input::Insert(_) | Input::Paste(_) => {
                    return Some(Problem::new(Ui::ChoiceKeys).with("n", Source::ALL.len()));
                }
                _ => {}
            },
            Field::Deputy => match input {
                Input::Command(Command::Up) if self.deputy.selected_index() == 0 => {
                    self.move_focus(-1)
                }
                _ => match edit_picker(&mut self.deputy, input) {
                    PickerEdit::Refused(problem) => return Some(problem),
                    PickerEdit::Chosen | PickerEdit::Handled => {
                        self.problems.remove(&Field::Deputy);
                    }
                    PickerEdit::Ignored => {}
                },
            },
            Field::Content => match input {
                Input::Command(Command::Confirm) => {
                    return self.type_into(Field::Content, &Input::Insert('\n'));
                }
                Input::Command(cmd @ (Command::Up | Command::Down)) => {
                    let width = self.content_width;
                    if !self.content.vertical(width, *cmd == Command::Down) {
                        self.move_focus(if *cmd == Command::Down { 1 } else { -1 });
                    }
                }
                other => return self.type_into(Field::Content, other),
            },
            single => match input {
                Input::Command(Command::Confirm | Command::Down) => self.move_focus(1),
                Input::Command(Command::Up) => self.move_focus(-1),
                other => return self.type_into(single, other),
            },
        }
        None
    }

    fn type_into(&mut self, field: Field, input: &Input) -> Option<Problem> {
        let text = self.text_field_mut(field)?;
        match edit_text(text, input) {
            Edit::Refused(problem) => return Some(problem),
            Edit::Changed => {
                // The field changed: a stale problem would mislead; the length is told as
                // soon as it runs over.
                let over = self.text_field(field).and_then(Problem::length);
                match over {
                    Some(p) => self.problems.insert(field, p),
                    None => self.problems.remove(&field),
                };
            }
            _ => {}
        }
        None
    }

    fn move_focus(&mut self, step: i32) {
        let left = self.focus;
        self.left = Some(left);
        self.check_field(left);
        self.focus = cycle(&FIELDS, left, step);
    }

    /// Checks one field and records its problem, if any.
    fn check_field(&mut self, field: Field) {
        let length = match field {
            Field::Source | Field::Deputy => None,
            text => self.text_field(text).and_then(Problem::length),
        };
        let problem = match field {
            Field::Phone if !self.phone.is_empty() && length.is_none() => {
                normalize_phone(self.phone.text())
                    .err()
                    .map(|_| Problem::new(Ui::PhoneInvalid))
            }
            Field::Content if self.content.text().trim().is_empty() && length.is_none() => {
                // Said only on Ctrl-S: leaving an empty content on the way to the deputy is
                // no mistake yet.
                self.problems.get(&field).cloned()
            }
            _ => length,
        };
        match problem {
            Some(p) => self.problems.insert(field, p),
            None => self.problems.remove(&field),
        };
    }

    fn submit(&mut self) -> Outcome {
        for field in FIELDS {
            self.check_field(field);
        }
        if self.content.text().trim().is_empty() {
            self.problems
                .insert(Field::Content, Problem::new(Ui::ContentRequired));
        }
        if let Some((&first, problem)) = self.problems.iter().next() {
            self.focus = first;
            return Outcome::Refused {
                field: first.label(),
                problem: problem.clone(),
            };
        }
        self.saving = true;
        Outcome::Run(vec![Effect::Register(NewCase {
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
            self_registered: false,
        })])
    }

    /// The save failed: the input stays, the reason is shown on the content field.
    pub fn save_failed(&mut self, reason: String) {
        self.saving = false;
        self.problems
            .insert(Field::Content, Problem::new(Ui::SaveFailed).detail(reason));
    }
}

impl IntakeForm {
    /// A phone typed into the content while the phone field is empty: what the form offers
    /// to move (the number in the content is shown masked, like any phone).
    pub fn phone_in_content(&self) -> Option<crate::domain::numbers_in_text::Found> {
        if !self.phone.text().trim().is_empty() {
            return None;
        }
        crate::domain::numbers_in_text::first_phone(self.content.text())
    }

    /// Moves the phone found in the content into the phone field; false when there is none.
    fn move_phone(&mut self) -> bool {
        let Some(found) = self.phone_in_content() else {
            return false;
        };
        let text = self.content.text();
        let rest = format!("{}{}", &text[..found.range.start], &text[found.range.end..]);
        let limit = self.content.limit();
        self.content = TextField::new(limit, true).with_text(&rest);
        self.phone = TextField::new(limits::PHONE, false).with_text(&found.digits);
        self.problems.remove(&Field::Phone);
        self.problems.remove(&Field::Content);
        true
    }
}

impl Form for IntakeForm {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Intake, Context::Text, Context::Form, Context::App]
    }

    fn hints(&self) -> Vec<Hint> {
        let mut hints = form_hints();
        hints.insert(
            2,
            Hint::new(Command::MarkDuplicate, 3).when(!self.suggestions.is_empty()),
        );
        if self.phone_in_content().is_some() {
            hints.insert(2, Hint::new(Command::MovePhone, 1));
        }
        hints
    }

    fn handle(&mut self, input: &Input) -> Outcome {
        self.input(input)
    }

    fn render(&self, app: &App, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        crate::tui::panes::intake_form::render(app, self, screen, buf)
    }

    fn is_dirty(&self) -> bool {
        IntakeForm::is_dirty(self)
    }

    fn receive(&mut self, done: &Done) {
        match done {
            Done::Registered(Err(reason)) => self.save_failed(reason.clone()),
            Done::Duplicates(found) => self.set_suggestions(found.clone()),
            _ => {}
        }
    }

    fn resize(&mut self, screen: Rect) {
        self.content_width = layout::form_field_width(screen);
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
        let mut f = IntakeForm::new(vec![]);
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
            Outcome::Run(effects) => {
                let Effect::Register(new) = &effects[0] else {
                    panic!("{effects:?}")
                };
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
        let mut f = IntakeForm::new(vec![]);
        cmd(&mut f, Command::NextField);
        type_str(&mut f, "12345");
        cmd(&mut f, Command::NextField);
        assert_eq!(f.problems[&Field::Phone].key, Ui::PhoneInvalid);
        assert!(matches!(
            cmd(&mut f, Command::Save),
            Outcome::Refused {
                field: Ui::FieldPhone,
                ..
            }
        ));
        assert_eq!(f.focus, Field::Phone, "focus goes to the first problem");
        assert!(f.problems.contains_key(&Field::Content));
        for _ in 0..5 {
            cmd(&mut f, Command::DeleteBack);
        }
        assert!(!f.problems.contains_key(&Field::Phone));
    }

    #[test]
    fn enter_in_the_content_is_a_new_line() {
        let mut f = IntakeForm::new(vec![]);
        f.focus = Field::Content;
        type_str(&mut f, "一");
        cmd(&mut f, Command::Confirm);
        type_str(&mut f, "二");
        assert_eq!(f.content.text(), "一\n二");
    }

    #[test]
    fn a_paste_the_field_cannot_hold_is_refused_and_said() {
        let mut f = IntakeForm::new(vec![]);
        let out = f.handle(&Input::Paste("名".repeat(100)));
        assert!(f.name.is_empty());
        assert!(matches!(
            out,
            Outcome::Refused {
                field: Ui::FieldName,
                ..
            }
        ));
        let p = &f.problems[&Field::Name];
        assert_eq!(p.key, Ui::PasteTooBig);
        assert!(p.vars.contains(&("limit", "40".to_string())), "{p:?}");
    }

    #[test]
    fn content_over_the_limit_is_kept_and_the_save_names_the_limit() {
        let mut f = IntakeForm::new(vec![]);
        f.focus = Field::Content;
        f.handle(&Input::Paste("灯".repeat(limits::CONTENT + 1)));
        assert_eq!(f.content.chars(), limits::CONTENT + 1, "nothing dropped");
        match cmd(&mut f, Command::Save) {
            Outcome::Refused { field, problem } => {
                assert_eq!(field, Ui::FieldContent);
                assert_eq!(
                    problem,
                    Problem::too_long(limits::CONTENT, limits::CONTENT + 1)
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(!f.saving);
        cmd(&mut f, Command::DeleteBack);
        assert!(!f.problems.contains_key(&Field::Content));
        assert!(matches!(cmd(&mut f, Command::Save), Outcome::Run(_)));
    }

    #[test]
    fn a_digit_on_the_source_keeps_the_tab_order() {
        let mut f = IntakeForm::new(vec![]);
        f.focus = Field::Source;
        f.handle(&Input::Insert('2'));
        assert_eq!(f.source.value(), Some(Source::Phone));
        assert_eq!(f.focus, Field::Source, "the digit does not move on");
        f.handle(&Input::Insert('３'));
        assert_eq!(
            f.source.value(),
            Some(Source::Online),
            "full-width digits too"
        );
        cmd(&mut f, Command::NextField);
        assert_eq!(f.focus, Field::Content);
        // Text typed on the source says how a source is picked.
        f.focus = Field::Source;
        assert!(matches!(
            f.handle(&Input::Insert('路')),
            Outcome::Refused { .. }
        ));
        assert_eq!(f.problems[&Field::Source].key, Ui::ChoiceKeys);
    }
}
