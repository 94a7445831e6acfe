//! The form kit. A form declares its fields (each a label key, a height, an input, a check
//! and a hint) and its submit; [`Form`] does the rest the same way for every form: Tab order
//! and the caret, checks as a field is left and all at once on Ctrl-S (the focus going to the
//! first problem), a problem under its field and in the status line, the save running while
//! the form waits, the form closing once the save is committed, and the drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::draw::dialog;
use super::fields::problem_row;
use super::input::{Edit, FieldInput};
use super::layer::{Answer, Hint, Input, Layer, Outcome, form_hints, text_contexts};
use super::problem::Problem;
use super::view::View;
use crate::display::{fit, wrap};
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::tui::action::Command;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::keymap::Context;
use crate::tui::layout::{self, LABEL_WIDTH};

/// Rows an open picker may take beyond its own when the form has them to spare.
const MORE_MATCHES: u16 = 8;
/// Rows a line of a form's head may take before it is cut.
const HEAD_ROWS: usize = 2;

/// How many rows a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Height {
    /// One row (a picker opens rows below it while focused).
    Line,
    /// What is left of the dialog between `min` and `max` rows (a text of many lines).
    Grow { min: u16, max: u16 },
}

/// A field as a form declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<K> {
    pub key: K,
    /// The `ui` key of its label.
    pub label: Ui,
    pub height: Height,
    /// Columns its input takes (a number of days), the row's width when `None`.
    pub width: Option<u16>,
    /// Said at the foot of the form while the field has the focus.
    pub hint: Option<Ui>,
    /// Required: marked `*`, and its problem (a `ui` key) when left empty on Ctrl-S.
    pub required: Option<Ui>,
}

impl<K> Field<K> {
    pub fn new(key: K, label: Ui) -> Field<K> {
        Field {
            key,
            label,
            height: Height::Line,
            width: None,
            hint: None,
            required: None,
        }
    }

    pub fn grow(mut self, min: u16, max: u16) -> Field<K> {
        self.height = Height::Grow { min, max };
        self
    }

    pub fn width(mut self, columns: u16) -> Field<K> {
        self.width = Some(columns);
        self
    }

    pub fn hint(mut self, hint: Ui) -> Field<K> {
        self.hint = Some(hint);
        self
    }

    pub fn required(mut self, problem: Ui) -> Field<K> {
        self.required = Some(problem);
        self
    }
}

/// A form: its fields and its submit, and what else it shows.
pub trait FormSpec: std::fmt::Debug + 'static {
    type Key: Copy + Eq + std::fmt::Debug + 'static;

    fn title(&self, t: &Texts) -> String;
    /// The fields that take input now, in Tab order.
    fn fields(&self) -> Vec<Field<Self::Key>>;
    fn input(&self, key: Self::Key) -> &dyn FieldInput;
    fn input_mut(&mut self, key: Self::Key) -> &mut dyn FieldInput;
    /// What the save records, or the field at fault and why.
    fn submit(&mut self) -> Result<Vec<Effect>, (Self::Key, Problem)>;
    /// A question to answer before the save runs (what the save would also change), with
    /// what a yes runs instead of the save; `None` saves at once.
    fn ask_first(&self, _t: &Texts) -> Option<(Ui, String, Vec<Effect>)> {
        None
    }
    /// Its save's result among the effects' results.
    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>>;
    /// Something was typed that Esc would throw away.
    fn is_dirty(&self) -> bool;

    /// Where the dialog stands on the screen.
    fn area(&self, screen: Rect) -> Rect {
        layout::form(screen)
    }
    /// A field's check beyond its length (a phone's shape), as it is left and on Ctrl-S.
    fn check(&self, _key: Self::Key) -> Option<Problem> {
        None
    }
    /// A field's value changed (a suggestion follows it).
    fn changed(&mut self, _key: Self::Key) {}
    /// A field was left: lookups that follow it.
    fn left(&mut self, _key: Self::Key) -> Vec<Effect> {
        Vec::new()
    }
    /// The field the form opens on.
    fn start(&self) -> Self::Key {
        self.fields()[0].key
    }
    /// Where the focus goes when its field is no longer shown (the intake's kind changed).
    fn refocus(&self, _hidden: Self::Key) -> Self::Key {
        self.fields()[0].key
    }
    /// The field where a failed save is said.
    fn failure_field(&self) -> Self::Key {
        self.fields()[0].key
    }
    /// Where typing on a field belongs instead (text typed on the F8 form's act is its note).
    fn redirect(&self, _key: Self::Key, _input: &Input) -> Option<Self::Key> {
        None
    }
    /// A command of the form's own (beyond the fields'); `None` when it is not one.
    fn command(&mut self, _command: Command) -> Option<Outcome> {
        None
    }
    fn contexts(&self) -> Vec<Context> {
        text_contexts()
    }
    fn hints(&self) -> Vec<Hint> {
        form_hints()
    }
    /// Lines above the fields (what the resident said, for reference).
    fn head(&self, _view: &View) -> Vec<(String, Style)> {
        Vec::new()
    }
    /// Words beside a field of a set width (the due date beside the time limit).
    fn beside(&self, _key: Self::Key, _view: &View) -> Option<(String, Style)> {
        None
    }
    /// A line under a field (an offer: the phone found in the content).
    fn note(&self, _key: Self::Key, _view: &View) -> Option<String> {
        None
    }
    /// Rows drawn under the fields (the possible duplicates), given what is left.
    fn foot(&self, _view: &View, _area: Rect, _buf: &mut Buffer) {}
    /// Rows `foot` has to draw now: an open picker grows only into rows beyond them.
    fn foot_rows(&self) -> u16 {
        0
    }
    /// Another result of an effect (a lookup's answer).
    fn receive(&mut self, _done: &Done) {}
}

/// The result of a registration, if this is one.
pub fn registered(done: &Done) -> Option<Result<(), &Refusal>> {
    match done {
        Done::Registered(r) => Some(r.as_ref().map(|_| ())),
        _ => None,
    }
}

/// The result of events recorded for `purpose`, if this is one.
pub fn recorded(done: &Done, purpose: Purpose) -> Option<Result<(), &Refusal>> {
    match done {
        Done::Recorded { purpose: p, result } if *p == purpose => Some(result.as_ref().map(|_| ())),
        _ => None,
    }
}

/// A form on the stack.
#[derive(Debug)]
pub struct Form<S: FormSpec> {
    pub spec: S,
    pub focus: S::Key,
    /// At most one per field, in no order.
    pub problems: Vec<(S::Key, Problem)>,
    /// Set while the save runs, and cleared with its result.
    pub saving: bool,
    /// Width of the field's input, for moving between wrapped rows.
    width: u16,
}

impl<S: FormSpec> Form<S> {
    pub fn new(spec: S, screen: Rect) -> Form<S> {
        let focus = spec.start();
        let mut form = Form {
            spec,
            focus,
            problems: Vec::new(),
            saving: false,
            width: 40,
        };
        form.resize(screen);
        form
    }

    /// Starts on another field.
    pub fn focused(mut self, key: S::Key) -> Form<S> {
        self.focus = key;
        self
    }

    pub fn problem(&self, key: S::Key) -> Option<&Problem> {
        self.problems
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, p)| p)
    }

    fn set_problem(&mut self, key: S::Key, problem: Option<Problem>) {
        self.problems.retain(|(k, _)| *k != key);
        if let Some(p) = problem {
            self.problems.push((key, p));
        }
    }

    fn field(&self, key: S::Key) -> Option<Field<S::Key>> {
        self.spec.fields().into_iter().find(|f| f.key == key)
    }

    fn label(&self, key: S::Key) -> Ui {
        self.field(key).map_or(Ui::FieldNote, |f| f.label)
    }

    fn length(&self, key: S::Key) -> Option<Problem> {
        self.spec.input(key).text().and_then(Problem::length)
    }

    fn is_empty(&self, key: S::Key) -> bool {
        self.spec
            .input(key)
            .text()
            .is_some_and(|t| t.text().trim().is_empty())
    }

    /// Checks a field as it is left. A required field left empty is no mistake yet (the
    /// operator may come back to it): that is said on Ctrl-S, and stays said until it is
    /// filled.
    fn check_field(&mut self, key: S::Key) {
        let problem = self.length(key).or_else(|| self.spec.check(key));
        let required_said = self.field(key).is_some_and(|f| f.required.is_some())
            && self.is_empty(key)
            && self.problem(key).is_some();
        if problem.is_none() && required_said {
            return;
        }
        self.set_problem(key, problem);
    }

    /// After a change of the fields shown: the focus stays on a shown field, and a hidden
    /// field's problem is not said (nor does it stop a save).
    fn keep_focus(&mut self) {
        let keys: Vec<S::Key> = self.spec.fields().iter().map(|f| f.key).collect();
        self.problems.retain(|(k, _)| keys.contains(k));
        if !keys.contains(&self.focus) {
            self.focus = self.spec.refocus(self.focus);
        }
    }

    fn move_focus(&mut self, step: i32) -> Vec<Effect> {
        let keys: Vec<S::Key> = self.spec.fields().iter().map(|f| f.key).collect();
        let left = self.focus;
        self.check_field(left);
        let i = keys.iter().position(|k| *k == left).unwrap_or(0) as i32;
        self.focus = keys[(i + step).rem_euclid(keys.len() as i32) as usize];
        self.spec.left(left)
    }

    fn refuse(&mut self, key: S::Key, problem: Problem) -> Outcome {
        self.set_problem(key, Some(problem.clone()));
        self.focus = key;
        Outcome::Refused {
            field: self.label(key),
            problem,
        }
    }

    fn submit(&mut self, view_texts: &Texts) -> Outcome {
        let fields = self.spec.fields();
        for f in &fields {
            self.check_field(f.key);
            if let Some(required) = f.required
                && self.is_empty(f.key)
                && self.problem(f.key).is_none()
            {
                self.set_problem(f.key, Some(Problem::new(required)));
            }
        }
        let first = fields
            .iter()
            .find_map(|f| self.problem(f.key).map(|p| (f.key, p.clone())));
        if let Some((key, problem)) = first {
            return self.refuse(key, problem);
        }
        if let Some((question, detail, effects)) = self.spec.ask_first(view_texts) {
            // The form stays as it is under the question; a yes saves, Esc comes back here.
            return Outcome::Ask {
                question,
                detail,
                yes: Answer::Run(effects),
            };
        }
        match self.spec.submit() {
            Ok(effects) => {
                self.saving = true;
                Outcome::Run(effects)
            }
            Err((key, problem)) => self.refuse(key, problem),
        }
    }

    /// Typing and moving keys for the focused field.
    fn edit(&mut self, input: &Input) -> Outcome {
        if let Some(other) = self.spec.redirect(self.focus, input) {
            self.focus = other;
        }
        let key = self.focus;
        let moves_on = self.spec.input(key).moves_on();
        match input {
            Input::Command(Command::Confirm | Command::Down) if moves_on => {
                return Outcome::Run(self.move_focus(1));
            }
            Input::Command(Command::Up) if moves_on => return Outcome::Run(self.move_focus(-1)),
            _ => {}
        }
        let width = self.width;
        match self.spec.input_mut(key).edit(input, width) {
            Edit::Changed => {
                // A stale problem would mislead; the length is said as soon as it runs over.
                let problem = self.length(key);
                self.set_problem(key, problem);
                self.spec.changed(key);
                Outcome::Stay
            }
            Edit::Chosen => {
                self.set_problem(key, None);
                self.spec.changed(key);
                let last = self.spec.fields().last().map(|f| f.key) == Some(key);
                if last {
                    Outcome::Stay
                } else {
                    Outcome::Run(self.move_focus(1))
                }
            }
            Edit::Refused(problem) => {
                self.set_problem(key, Some(problem.clone()));
                Outcome::Refused {
                    field: self.label(key),
                    problem,
                }
            }
            // Up and Down past a text's first or last row go on to the field there.
            Edit::Ignored => match input {
                Input::Command(Command::Down) => Outcome::Run(self.move_focus(1)),
                Input::Command(Command::Up) => Outcome::Run(self.move_focus(-1)),
                _ => Outcome::Stay,
            },
            Edit::Moved => Outcome::Stay,
        }
    }
}

impl<S: FormSpec> Layer for Form<S> {
    fn contexts(&self) -> Vec<Context> {
        self.spec.contexts()
    }

    fn hints(&self, _view: &View) -> Vec<Hint> {
        self.spec.hints()
    }

    fn handle(&mut self, input: &Input, view: &View) -> Outcome {
        if self.saving {
            return Outcome::Stay;
        }
        let outcome = match input {
            Input::Command(Command::Save) => self.submit(view.texts),
            Input::Command(Command::Close) => Outcome::Close,
            Input::Command(Command::NextField) => Outcome::Run(self.move_focus(1)),
            Input::Command(Command::PrevField) => Outcome::Run(self.move_focus(-1)),
            Input::Command(c) => match self.spec.command(*c) {
                Some(outcome) => outcome,
                None => self.edit(input),
            },
            _ => self.edit(input),
        };
        self.keep_focus();
        outcome
    }

    fn render(&self, view: &View, screen: Rect, buf: &mut Buffer) -> Option<Position> {
        let t = view.texts;
        let theme = view.theme;
        let inner = dialog(buf, self.spec.area(screen), &self.spec.title(t), theme);
        let bottom = inner.bottom();
        let w = inner.width as usize;
        let mut y = inner.y;
        let head = self.spec.head(view);
        for (text, style) in &head {
            // Up to two rows a line (a form's advice runs longer in English at 80 columns);
            // what is still longer, such as a resident's whole statement, is cut with a sign.
            let rows = wrap(text, w);
            let shown = rows.len().min(HEAD_ROWS);
            for (i, row) in rows.iter().take(shown).enumerate() {
                if y < bottom {
                    let row = if i + 1 == shown && rows.len() > shown {
                        fit(&format!("{row}{}", rows[shown]), w)
                    } else {
                        row.clone()
                    };
                    buf.set_stringn(inner.x, y, fit(&row, w), w, *style);
                    y += 1;
                }
            }
        }
        if !head.is_empty() {
            y += 1;
        }
        let fields = self.spec.fields();
        let focused_hint = fields
            .iter()
            .find(|f| f.key == self.focus)
            .and_then(|f| f.hint);
        // Rows everything but the growing fields takes: a growing field gives up rows (down
        // to its minimum) so that a picker's matches and every problem stay in the frame.
        let foot = u16::from(focused_hint.is_some() || self.saving);
        let fixed: u16 = fields
            .iter()
            .map(|f| {
                let input = self.spec.input(f.key);
                let rows = match f.height {
                    Height::Line if f.key == self.focus => 1 + input.open_rows(),
                    Height::Line => 1,
                    Height::Grow { .. } => 0,
                };
                rows + u16::from(self.problem(f.key).is_some())
                    + u16::from(self.spec.note(f.key, view).is_some())
            })
            .sum();
        let room = bottom.saturating_sub(y + fixed + foot);
        // The rows under the fields (possible duplicates, with a blank row above) come
        // before a growing field's extra rows: at 80×24 they are what the operator must see.
        let wanted = self.spec.foot_rows();
        let kept = if wanted > 0 { wanted + 1 } else { 0 };
        let grow_room = room.saturating_sub(kept);
        // What the growing fields leave over goes to an open picker's matches (a few more).
        let grown: u16 = fields
            .iter()
            .map(|f| match f.height {
                Height::Grow { min, max } => grow_room.clamp(min, max),
                Height::Line => 0,
            })
            .sum();
        let spare = room.saturating_sub(grown + kept).min(MORE_MATCHES);
        let mut caret = None;
        for f in &fields {
            if y >= bottom {
                break;
            }
            let focused = f.key == self.focus;
            let input = self.spec.input(f.key);
            let rows = match f.height {
                Height::Line if focused && input.open_rows() > 0 => 1 + input.open_rows() + spare,
                Height::Line => 1,
                Height::Grow { min, max } => grow_room.clamp(min, max),
            };
            let width = f
                .width
                .map_or(inner.width, |c| (LABEL_WIDTH + 1 + c).min(inner.width));
            let rect = Rect {
                x: inner.x,
                y,
                width,
                height: rows.min(bottom - y),
            };
            let mut label = t.ui(f.label).to_string();
            if f.required.is_some() {
                label.push_str(" *");
            }
            caret = caret.or(input.draw(view, rect, &label, focused, buf));
            if let Some((text, style)) = self.spec.beside(f.key, view) {
                let x = rect.right() + 2;
                let room = inner.right().saturating_sub(x) as usize;
                buf.set_stringn(x, y, fit(&text, room), room, style);
            }
            y += rows;
            let row = |y: u16| Rect {
                x: inner.x,
                y,
                width: inner.width,
                height: 1,
            };
            if let Some(p) = self.problem(f.key)
                && y < bottom
            {
                problem_row(buf, row(y), &p.text(t), theme);
                y += 1;
            }
            if let Some(note) = self.spec.note(f.key, view)
                && y < bottom
            {
                problem_row(buf, row(y), &note, theme);
                y += 1;
            }
        }
        let said = if self.saving {
            Some((t.ui(Ui::Saving), theme.error))
        } else {
            focused_hint.map(|h| (t.ui(h), theme.dim))
        };
        if let Some((text, style)) = said
            && y < bottom
        {
            buf.set_stringn(inner.x, bottom - 1, fit(text, w), w, style);
        }
        let below = Rect {
            y: (y + 1).min(bottom),
            height: bottom.saturating_sub(y + 1 + foot),
            ..inner
        };
        self.spec.foot(view, below, buf);
        caret
    }

    fn is_dirty(&self) -> bool {
        self.spec.is_dirty()
    }

    fn receive(&mut self, done: &Done, _view: &View) -> Outcome {
        match self.spec.saved(done) {
            Some(Ok(())) => Outcome::Pop(Vec::new()),
            Some(Err(refusal)) => {
                // The input stays; the reason is said at the form's field for it.
                self.saving = false;
                let key = self.spec.failure_field();
                self.set_problem(
                    key,
                    Some(Problem::new(Ui::SaveFailed).because(refusal.clone())),
                );
                Outcome::Stay
            }
            None => {
                self.spec.receive(done);
                Outcome::Stay
            }
        }
    }

    fn resize(&mut self, screen: Rect) {
        let area = self.spec.area(screen);
        self.width = area.width.saturating_sub(2 + LABEL_WIDTH + 1).max(2);
    }
}
