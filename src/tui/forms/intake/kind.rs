//! What the intake form registers (登记类别): an opinion (意见) is a case, a small wish
//! (微心愿) is a wish, saved by the store's [`add_wish`](crate::store::Store::add_wish) as
//! `wish add` saves it, with the same checks. A wish takes the resident's fields and the
//! content by the intake rules, as a case does, and an optional wording for the wall; the
//! fields only a case has (source, receiving deputy) are not shown, and no duplicate is
//! looked up. Switching keeps everything typed.

use crate::i18n::Ui;
use crate::store::NewWish;

use super::Intake;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Opinion,
    Wish,
}

impl Kind {
    /// In the choice's order: digit 1 is an opinion, 2 a wish.
    pub const ALL: &'static [Kind] = &[Kind::Opinion, Kind::Wish];

    pub fn label(self) -> Ui {
        match self {
            Kind::Opinion => Ui::KindOpinion,
            Kind::Wish => Ui::KindWish,
        }
    }

    pub fn other(self) -> Kind {
        match self {
            Kind::Opinion => Kind::Wish,
            Kind::Wish => Kind::Opinion,
        }
    }
}

impl Intake {
    /// What the form registers now.
    pub fn kind(&self) -> Kind {
        self.kind.value().unwrap_or(Kind::Opinion)
    }

    /// The other kind (the switch key).
    pub(super) fn switch_kind(&mut self) {
        let other = self.kind().other();
        self.kind.set(other);
    }

    /// The wish the form would register.
    pub(super) fn new_wish(&self) -> NewWish {
        NewWish {
            content: self.content.text().to_string(),
            public: self.public.text().to_string(),
            name: self.name.text().to_string(),
            phone: self.phone.text().to_string(),
            address: self.address.text().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::super::{Field, IntakeForm};
    use super::*;
    use crate::i18n::{Lang, Texts};
    use crate::tui::action::Command;
    use crate::tui::effect::Effect;
    use crate::tui::kit::form::FormSpec;
    use crate::tui::kit::{Form, Input, Layer, Outcome};

    fn form() -> IntakeForm {
        Form::new(
            Intake::new(vec![], Texts::of(Lang::Zh)),
            Rect::new(0, 0, 80, 24),
        )
    }

    fn key(f: &mut IntakeForm, input: Input) -> Outcome {
        crate::tui::kit::view::with_test_view(Lang::Zh, |v| f.handle(&input, v))
    }

    fn type_str(f: &mut IntakeForm, s: &str) {
        for c in s.chars() {
            key(f, Input::Insert(c));
        }
    }

    fn keys(f: &IntakeForm) -> Vec<Field> {
        f.spec.fields().iter().map(|d| d.key).collect()
    }

    #[test]
    fn the_switch_changes_the_fields_and_keeps_the_text_and_a_shown_focus() {
        let mut f = form();
        assert_eq!(f.focus, Field::Name, "opens on the name, the kind above it");
        assert_eq!(
            keys(&f),
            [
                Field::Kind,
                Field::Name,
                Field::Phone,
                Field::Address,
                Field::Source,
                Field::Content,
                Field::Deputy
            ]
        );
        f.focus = Field::Content;
        type_str(&mut f, "要个书包");
        f.focus = Field::Deputy;
        assert!(matches!(
            key(&mut f, Input::Command(Command::SwitchKind)),
            Outcome::Stay
        ));
        assert_eq!(f.spec.kind(), Kind::Wish);
        assert_eq!(
            keys(&f),
            [
                Field::Kind,
                Field::Name,
                Field::Phone,
                Field::Address,
                Field::Content,
                Field::Public
            ]
        );
        assert_eq!(f.focus, Field::Content, "the deputy is hidden");
        assert_eq!(f.spec.content.text(), "要个书包");
        // The public wording is kept while an opinion is registered, and not saved with it.
        f.focus = Field::Public;
        type_str(&mut f, "书包");
        key(&mut f, Input::Command(Command::SwitchKind));
        assert_eq!(f.spec.kind(), Kind::Opinion);
        assert_eq!(f.focus, Field::Content);
        assert_eq!(f.spec.public.text(), "书包");
        let Outcome::Run(effects) = key(&mut f, Input::Command(Command::Save)) else {
            panic!("saved as a case")
        };
        assert!(matches!(effects.as_slice(), [Effect::Register(c)] if c.content == "要个书包"));
    }

    #[test]
    fn a_wish_saves_as_wish_add_and_looks_up_no_duplicate() {
        let mut f = form();
        key(&mut f, Input::Command(Command::SwitchKind));
        type_str(&mut f, "李明");
        key(&mut f, Input::Command(Command::NextField));
        type_str(&mut f, "13812345678");
        let Outcome::Run(looked) = key(&mut f, Input::Command(Command::NextField)) else {
            panic!()
        };
        assert!(looked.is_empty(), "a wish is no case: {looked:?}");
        f.focus = Field::Content;
        type_str(&mut f, "需要一个书包");
        key(&mut f, Input::Command(Command::NextField));
        type_str(&mut f, "小学生需要书包");
        match key(&mut f, Input::Command(Command::Save)) {
            Outcome::Run(effects) => assert_eq!(
                effects,
                vec![Effect::AddWish(NewWish {
                    content: "需要一个书包".into(),
                    public: "小学生需要书包".into(),
                    name: "李明".into(),
                    phone: "13812345678".into(),
                    address: String::new(),
                })]
            ),
            other => panic!("{other:?}"),
        }
        assert!(f.saving);
    }

    #[test]
    fn a_number_for_the_wall_is_refused_as_the_field_is_left() {
        let mut f = form();
        key(&mut f, Input::Command(Command::SwitchKind));
        f.focus = Field::Public;
        type_str(&mut f, "电话１３８１２３４５６７８");
        key(&mut f, Input::Command(Command::NextField));
        assert_eq!(
            f.problem(Field::Public).map(|p| p.key),
            Some(Ui::WishPublicNumbers)
        );
        // Switched to an opinion, the wording is not saved: its problem stops nothing.
        key(&mut f, Input::Command(Command::SwitchKind));
        f.focus = Field::Content;
        type_str(&mut f, "路灯坏了");
        assert!(matches!(
            key(&mut f, Input::Command(Command::Save)),
            Outcome::Run(_)
        ));
    }
}
