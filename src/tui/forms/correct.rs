//! 更正 (Ctrl-E in a case's details and on the queue): the resident's name, phone and address
//! and what they said, prefilled with what the case holds; Ctrl-S records the fields changed.
//! The phone is prefilled masked, as it shows everywhere: left as it is, it is not changed;
//! cleared and typed again, it is.

use ratatui::style::Style;

use crate::domain::correction::Asked;
use crate::domain::intake;
use crate::domain::phone::mask;
use crate::domain::text::limits;
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::store::CaseRecord;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::kit::form::{Field as Declared, FormSpec, recorded};
use crate::tui::kit::{FieldInput, Form, Problem, View};
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Phone,
    Address,
    Content,
}

impl Field {
    fn rule(self) -> intake::Field {
        match self {
            Field::Name => intake::Field::Name,
            Field::Phone => intake::Field::Phone,
            Field::Address => intake::Field::Address,
            Field::Content => intake::Field::Content,
        }
    }
}

#[derive(Debug)]
pub struct Correct {
    pub record: CaseRecord,
    pub name: TextField,
    pub phone: TextField,
    pub address: TextField,
    pub content: TextField,
    /// What the phone field was prefilled with (the masked number, or empty).
    phone_shown: String,
}

pub type CorrectForm = Form<Correct>;

impl Correct {
    pub fn new(record: CaseRecord) -> Correct {
        let r = &record.resident;
        let phone_shown = r.phone.as_deref().map(mask).unwrap_or_default();
        Correct {
            name: TextField::new(limits::NAME, false).with_text(r.name.as_deref().unwrap_or("")),
            phone: TextField::new(limits::PHONE, false).with_text(&phone_shown),
            address: TextField::new(limits::ADDRESS, false)
                .with_text(r.address.as_deref().unwrap_or("")),
            content: TextField::new(limits::CONTENT, true).with_text(&record.case.content),
            phone_shown,
            record,
        }
    }

    /// The fields whose text differs from what they were prefilled with.
    fn asked(&self) -> Asked {
        let r = &self.record.resident;
        let changed =
            |field: &TextField, was: &str| (field.text() != was).then(|| field.text().to_string());
        Asked {
            name: changed(&self.name, r.name.as_deref().unwrap_or("")),
            phone: changed(&self.phone, &self.phone_shown),
            address: changed(&self.address, r.address.as_deref().unwrap_or("")),
            content: changed(&self.content, &self.record.case.content),
        }
    }
}

impl FormSpec for Correct {
    type Key = Field;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormCorrect), self.record.case.number)
    }

    fn fields(&self) -> Vec<Declared<Field>> {
        vec![
            Declared::new(Field::Name, Ui::FieldName),
            Declared::new(Field::Phone, Ui::FieldPhone),
            Declared::new(Field::Address, Ui::FieldAddress),
            Declared::new(Field::Content, Ui::FieldContent)
                .grow(2, 6)
                .required(Ui::ContentRequired),
        ]
    }

    fn input(&self, key: Field) -> &dyn FieldInput {
        match key {
            Field::Name => &self.name,
            Field::Phone => &self.phone,
            Field::Address => &self.address,
            Field::Content => &self.content,
        }
    }

    fn input_mut(&mut self, key: Field) -> &mut dyn FieldInput {
        match key {
            Field::Name => &mut self.name,
            Field::Phone => &mut self.phone,
            Field::Address => &mut self.address,
            Field::Content => &mut self.content,
        }
    }

    /// The intake rules, as at registration; the masked phone left as it is is no phone to
    /// check.
    fn check(&self, key: Field) -> Option<Problem> {
        if key == Field::Phone && self.phone.text() == self.phone_shown {
            return None;
        }
        let text = self.input(key).text()?.text();
        match intake::check(key.rule(), text) {
            Err(intake::Problem::Required) | Ok(_) => None,
            Err(problem) => Some(Problem::intake(&problem)),
        }
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Field, Problem)> {
        let asked = self.asked();
        if asked.is_empty() {
            return Err((Field::Name, Problem::new(Ui::CorrectionUnchanged)));
        }
        Ok(vec![Effect::Correct {
            case: self.record.case.id,
            asked,
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        recorded(done, Purpose::Correct)
    }

    fn is_dirty(&self) -> bool {
        !self.asked().is_empty()
    }

    /// What the correction is for: the timeline keeps the values before.
    fn head(&self, view: &View) -> Vec<(String, Style)> {
        vec![(
            view.texts.ui(Ui::CorrectionHead).to_string(),
            view.theme.dim,
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Resident;
    use crate::domain::event::EventBody;
    use crate::i18n::Lang;
    use crate::tui::action::Command;
    use crate::tui::kit::view::with_test_view;
    use crate::tui::kit::{Input, Layer, Outcome};
    use ratatui::layout::Rect;

    fn record() -> CaseRecord {
        let event = crate::domain::event::Event {
            id: uuid::Uuid::now_v7(),
            case_id: uuid::Uuid::now_v7(),
            at: chrono::NaiveDate::from_ymd_opt(2026, 11, 17)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .unwrap(),
            actor: "小王".into(),
            body: EventBody::Registered {
                number: "HF-20261117-001".into(),
                station: "HF".into(),
                source: crate::domain::case::Source::WalkIn,
                content: "路灯坏了".into(),
                deputy: None,
                self_registered: false,
            },
        };
        CaseRecord {
            case: crate::domain::transition::apply(None, &event).unwrap(),
            resident: Resident {
                name: Some("张三".into()),
                phone: Some("13812345678".into()),
                address: None,
            },
        }
    }

    #[test]
    fn prefilled_with_the_phone_masked_and_only_changes_are_asked() {
        with_test_view(Lang::Zh, |v| {
            let mut form = CorrectForm::new(Correct::new(record()), Rect::new(0, 0, 80, 24));
            assert_eq!(form.spec.phone.text(), "138****5678");
            assert_eq!(form.spec.name.text(), "张三");
            // Unchanged: refused on the form, nothing run.
            let out = form.handle(&Input::Command(Command::Save), v);
            assert!(matches!(out, Outcome::Refused { .. }), "{out:?}");
            // The name's last character typed again.
            form.handle(&Input::Command(Command::LineEnd), v);
            form.handle(&Input::Command(Command::DeleteBack), v);
            form.handle(&Input::Insert('珊'), v);
            match form.handle(&Input::Command(Command::Save), v) {
                Outcome::Run(effects) => assert_eq!(
                    effects,
                    vec![Effect::Correct {
                        case: form.spec.record.case.id,
                        asked: Asked {
                            name: Some("张珊".into()),
                            ..Asked::default()
                        },
                    }]
                ),
                other => panic!("{other:?}"),
            }
        });
    }
}
