//! The intake form (F2): 姓名, 电话, 住址, 来源, 反映内容, 接待代表, in that Tab order, by the
//! intake rules of [`crate::domain::intake`] (only the content is required). The receiving
//! deputy is picked among every member, today's roster first; none is filled in unless the
//! operator picks one. Open cases that may be the same matter are looked up as the phone,
//! address or content is left, and one can be marked as the original (Ctrl-D).
//!
//! Above the name, the kind (登记类别) says what the form registers: an opinion, a case as
//! above, or a small wish (微心愿), with its own fields ([`kind`]). F2 again switches.

mod kind;

pub use kind::Kind;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::domain::case::Source;
use crate::domain::intake::{self, Problem as Rule};
use crate::domain::member::Member;
use crate::domain::text::limits;
use crate::domain::wish::fit_for_the_wall;
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::store::{Candidate, NewCase, Reason};
use crate::tui::action::Command;
use crate::tui::effect::{Done, Effect};
use crate::tui::keymap::Context;
use crate::tui::kit::form::{Field as Declared, FormSpec, registered};
use crate::tui::kit::layer::{Hint, Outcome, form_hints};
use crate::tui::kit::{FieldInput, Form, Problem, View};
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 登记类别: an opinion or a wish.
    Kind,
    Name,
    Phone,
    Address,
    Source,
    Content,
    Deputy,
    /// A wish's wording for the wall (上墙文字), optional.
    Public,
}

impl Field {
    /// The intake rule's field, for the fields a resident fills in.
    fn rule(self) -> Option<intake::Field> {
        match self {
            Field::Name => Some(intake::Field::Name),
            Field::Phone => Some(intake::Field::Phone),
            Field::Address => Some(intake::Field::Address),
            Field::Content => Some(intake::Field::Content),
            Field::Kind | Field::Source | Field::Deputy | Field::Public => None,
        }
    }
}

#[derive(Debug)]
pub struct Intake {
    pub kind: Choice<Kind>,
    pub name: TextField,
    pub phone: TextField,
    pub address: TextField,
    pub source: Choice<Source>,
    pub content: TextField,
    /// Every member, today's roster first; the one chosen receives the resident.
    pub deputy: Picker<Member>,
    /// Open cases that may be the same matter, found as the operator fills the form.
    pub suggestions: Vec<Candidate>,
    /// The suggestion this case will be linked to as a duplicate.
    pub duplicate: Option<usize>,
    /// Today's roster: each member on it, and whether checked in now. A deputy picked who
    /// is not here is brought in (added, checked in) and called, once the operator says yes.
    pub roster: Vec<(String, bool)>,
    /// A wish's wording for the wall; kept, not saved, while the form registers an opinion.
    pub public: TextField,
}

pub type IntakeForm = Form<Intake>;

impl Intake {
    /// A blank form; `members` are offered as the receiving deputy, in that order.
    pub fn new(members: Vec<Member>, texts: &Texts) -> Intake {
        Intake {
            kind: Choice::new(Kind::ALL, Some(Kind::Opinion))
                .labelled(|k| texts.ui(k.label()).into()),
            name: TextField::new(limits::NAME, false),
            phone: TextField::new(limits::PHONE, false),
            address: TextField::new(limits::ADDRESS, false),
            source: Choice::new(Source::AT_DESK, Some(Source::WalkIn))
                .labelled(|s| texts.name(s).into()),
            content: TextField::new(limits::CONTENT, true),
            deputy: Picker::new(members),
            suggestions: Vec::new(),
            duplicate: None,
            roster: Vec::new(),
            public: TextField::new(limits::NOTE, false),
        }
    }

    /// Today's roster, as [`Intake::roster`].
    pub fn on_roster(mut self, roster: Vec<(String, bool)>) -> Intake {
        self.roster = roster;
        self
    }

    /// The case the form would register.
    fn new_case(&self) -> NewCase {
        NewCase {
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
        }
    }

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
        self.content = TextField::new(limits::CONTENT, true).with_text(&rest);
        self.phone = TextField::new(limits::PHONE, false).with_text(&found.digits);
        true
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

    fn lookup(&self) -> Effect {
        Effect::FindDuplicates {
            phone: self.phone.text().to_string(),
            address: self.address.text().to_string(),
            content: self.content.text().to_string(),
        }
    }
}

impl FormSpec for Intake {
    type Key = Field;

    fn title(&self, t: &Texts) -> String {
        match self.kind() {
            Kind::Opinion => t.ui(Ui::FormIntake).to_string(),
            Kind::Wish => t.ui(Ui::FormIntakeWish).to_string(),
        }
    }

    /// The kind first; then a case's fields, or a wish's (no source, no deputy).
    fn fields(&self) -> Vec<Declared<Field>> {
        let mut fields = vec![
            Declared::new(Field::Kind, Ui::FieldKind).hint(Ui::KindHint),
            Declared::new(Field::Name, Ui::FieldName),
            Declared::new(Field::Phone, Ui::FieldPhone),
            Declared::new(Field::Address, Ui::FieldAddress),
        ];
        match self.kind() {
            Kind::Opinion => fields.extend([
                Declared::new(Field::Source, Ui::FieldSource).hint(Ui::DigitsHint),
                Declared::new(Field::Content, Ui::FieldContent)
                    .grow(2, 6)
                    .required(Ui::ContentRequired),
                Declared::new(Field::Deputy, Ui::FieldDeputy).hint(Ui::DeputyPickHint),
            ]),
            Kind::Wish => fields.extend([
                Declared::new(Field::Content, Ui::FieldWishContent)
                    .grow(2, 6)
                    .required(Ui::WishContentRequired),
                Declared::new(Field::Public, Ui::FieldWishPublic).hint(Ui::WishPublicHint),
            ]),
        }
        fields
    }

    /// The resident's name, as before the kind was added.
    fn start(&self) -> Field {
        Field::Name
    }

    /// A case's field hidden by switching to a wish: on to the content.
    fn refocus(&self, _hidden: Field) -> Field {
        Field::Content
    }

    fn input(&self, key: Field) -> &dyn FieldInput {
        match key {
            Field::Kind => &self.kind,
            Field::Public => &self.public,
            Field::Name => &self.name,
            Field::Phone => &self.phone,
            Field::Address => &self.address,
            Field::Source => &self.source,
            Field::Content => &self.content,
            Field::Deputy => &self.deputy,
        }
    }

    fn input_mut(&mut self, key: Field) -> &mut dyn FieldInput {
        match key {
            Field::Kind => &mut self.kind,
            Field::Public => &mut self.public,
            Field::Name => &mut self.name,
            Field::Phone => &mut self.phone,
            Field::Address => &mut self.address,
            Field::Source => &mut self.source,
            Field::Content => &mut self.content,
            Field::Deputy => &mut self.deputy,
        }
    }

    /// The intake rules; an empty content is said by the kit, on Ctrl-S only. A wording for
    /// the wall with a phone or an ID number in it is refused here as the store refuses it.
    fn check(&self, key: Field) -> Option<Problem> {
        if key == Field::Public {
            return (!fit_for_the_wall(self.public.text()))
                .then(|| Problem::new(Ui::WishPublicNumbers));
        }
        let rule = key.rule()?;
        let text = self.input(key).text()?.text();
        match intake::check(rule, text) {
            Err(Rule::Required) | Ok(_) => None,
            Err(problem) => Some(Problem::intake(&problem)),
        }
    }

    fn left(&mut self, key: Field) -> Vec<Effect> {
        match key {
            // A wish is no case: no duplicate case is looked up for it.
            _ if self.kind() == Kind::Wish => Vec::new(),
            Field::Phone | Field::Address | Field::Content => vec![self.lookup()],
            _ => Vec::new(),
        }
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Field, Problem)> {
        Ok(vec![match self.kind() {
            Kind::Opinion => Effect::Register(self.new_case()),
            Kind::Wish => Effect::AddWish(self.new_wish()),
        }])
    }

    /// A deputy picked who is not on today's roster, or not checked in: a yes adds and
    /// checks them in (recorded), registers the case and calls it to them at once.
    fn ask_first(&self, t: &Texts) -> Option<(Ui, String, Vec<Effect>)> {
        if self.kind() == Kind::Wish {
            return None;
        }
        let member = self.deputy.chosen()?;
        let (question, detail) = match self.roster.iter().find(|(id, _)| *id == member.id) {
            Some((_, true)) => return None,
            Some((_, false)) => (Ui::ConfirmCheckIn, Ui::CheckInDetail),
            None => (Ui::ConfirmBringIn, Ui::BringInDetail),
        };
        let detail = crate::fill!(t, detail, deputy = member.name);
        Some((
            question,
            detail,
            vec![Effect::RegisterAndCall(self.new_case())],
        ))
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        match (self.kind(), done) {
            (Kind::Opinion, _) => registered(done),
            (Kind::Wish, Done::WishAdded(r)) => Some(r.as_ref().map(|_| ())),
            (Kind::Wish, _) => None,
        }
    }

    fn failure_field(&self) -> Field {
        Field::Content
    }

    fn is_dirty(&self) -> bool {
        !(self.name.is_empty()
            && self.phone.is_empty()
            && self.address.is_empty()
            && self.content.is_empty()
            && self.public.is_empty())
    }

    fn command(&mut self, command: Command) -> Option<Outcome> {
        match command {
            Command::SwitchKind => {
                self.switch_kind();
                Some(Outcome::Stay)
            }
            Command::MarkDuplicate if self.kind() == Kind::Wish => Some(Outcome::Stay),
            Command::MarkDuplicate => {
                // None → first → second → … → none.
                let n = self.suggestions.len();
                self.duplicate = match self.duplicate {
                    _ if n == 0 => None,
                    None => Some(0),
                    Some(i) if i + 1 < n => Some(i + 1),
                    Some(_) => None,
                };
                Some(Outcome::Stay)
            }
            Command::MovePhone if self.move_phone() => match self.kind() {
                Kind::Opinion => Some(Outcome::Run(vec![self.lookup()])),
                Kind::Wish => Some(Outcome::Stay),
            },
            Command::MovePhone => Some(Outcome::Say(Ui::NoPhoneInContent)),
            _ => None,
        }
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::Intake, Context::Text, Context::Form, Context::App]
    }

    fn hints(&self) -> Vec<Hint> {
        let mut hints = form_hints();
        // A wish is no case: it has no duplicates to mark.
        if self.kind() == Kind::Opinion {
            hints.insert(
                2,
                Hint::new(Command::MarkDuplicate, 3).when(!self.suggestions.is_empty()),
            );
        }
        hints.insert(2, Hint::new(Command::SwitchKind, 1));
        if self.phone_in_content().is_some() {
            hints.insert(2, Hint::new(Command::MovePhone, 1));
        }
        hints
    }

    fn note(&self, key: Field, view: &View) -> Option<String> {
        if key != Field::Content {
            return None;
        }
        let found = self.phone_in_content()?;
        let key = view.key(Command::MovePhone, &self.contexts());
        Some(crate::fill!(
            view.texts,
            Ui::PhoneInContent,
            phone = crate::domain::phone::mask(&found.digits),
            key = key
        ))
    }

    /// The heading and a row for each possible duplicate.
    fn foot_rows(&self) -> u16 {
        match self.suggestions.len() {
            _ if self.kind() == Kind::Wish => 0,
            0 => 0,
            n => u16::try_from(n + 1).unwrap_or(u16::MAX),
        }
    }

    /// Possible duplicates under the fields; the one chosen with Ctrl-D is marked.
    fn foot(&self, view: &View, area: Rect, buf: &mut Buffer) {
        let t = view.texts;
        let theme = view.theme;
        if self.kind() == Kind::Wish || self.suggestions.is_empty() || area.height < 2 {
            return;
        }
        let w = area.width as usize;
        let fit = crate::display::fit;
        let head = match self.duplicate.and_then(|i| self.suggestions.get(i)) {
            Some(c) => format!("{} {}", t.ui(Ui::DuplicateOf), c.record.case.number),
            None => t.ui(Ui::Duplicates).to_string(),
        };
        buf.set_stringn(area.x, area.y, fit(&head, w), w, theme.warn);
        for (i, c) in self
            .suggestions
            .iter()
            .enumerate()
            .take(area.height as usize - 1)
        {
            let reasons: Vec<String> = c
                .reasons
                .iter()
                .map(|r| match r {
                    Reason::SamePhone => t.ui(Ui::SamePhone).to_string(),
                    Reason::SameAddress => t.ui(Ui::SameAddress).to_string(),
                    Reason::SimilarContent { score } => {
                        format!("{} {:.0}%", t.ui(Ui::SimilarContent), score * 100.0)
                    }
                })
                .collect();
            let chosen = self.duplicate == Some(i);
            let line = format!(
                "{} {}  {}  {}  {}",
                if chosen { ">" } else { " " },
                c.record.case.number,
                t.name(c.record.case.status),
                reasons.join("/"),
                crate::domain::numbers_in_text::mask_numbers(&c.record.case.content)
            );
            let style = if chosen { theme.selected } else { theme.plain };
            buf.set_stringn(area.x, area.y + 1 + i as u16, fit(&line, w), w, style);
        }
    }

    fn receive(&mut self, done: &Done) {
        if let Done::Duplicates(found) = done {
            self.set_suggestions(found.clone());
        }
    }
}

#[cfg(test)]
mod tests;
