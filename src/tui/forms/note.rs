//! A note on a case (备注, Ctrl-N in its details): what was said on the phone, what a unit
//! promised, anything the timeline should keep. Any desk that sees the case may add one,
//! the home too.

use ratatui::style::Style;

use crate::domain::event::EventBody;
use crate::domain::text::limits;
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::store::CaseRecord;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::kit::form::{Field as Declared, FormSpec, recorded};
use crate::tui::kit::{FieldInput, Form, Problem, View};
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text;

#[derive(Debug)]
pub struct Note {
    pub record: CaseRecord,
    pub text: TextField,
}

pub type NoteForm = Form<Note>;

impl Note {
    pub fn new(record: CaseRecord) -> Note {
        Note {
            record,
            text: TextField::new(limits::NOTE, true),
        }
    }
}

impl FormSpec for Note {
    type Key = Text;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormNote), self.record.case.number)
    }

    fn fields(&self) -> Vec<Declared<Text>> {
        vec![
            Declared::new(Text, Ui::FieldNote)
                .grow(3, 8)
                .required(Ui::NoteRequired),
        ]
    }

    fn input(&self, _: Text) -> &dyn FieldInput {
        &self.text
    }

    fn input_mut(&mut self, _: Text) -> &mut dyn FieldInput {
        &mut self.text
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Text, Problem)> {
        Ok(vec![Effect::Record {
            case: self.record.case.id,
            bodies: vec![EventBody::Note {
                text: self.text.text().trim().to_string(),
            }],
            purpose: Purpose::Note,
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        recorded(done, Purpose::Note)
    }

    fn is_dirty(&self) -> bool {
        !self.text.is_empty()
    }

    /// What the resident said, for reference.
    fn head(&self, view: &View) -> Vec<(String, Style)> {
        let said = crate::domain::numbers_in_text::mask_numbers(&self.record.case.content);
        vec![(said.into_owned(), view.theme.dim)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            resident: Default::default(),
        }
    }

    #[test]
    fn an_empty_note_is_refused_and_a_note_is_recorded() {
        with_test_view(Lang::Zh, |v| {
            let mut form = NoteForm::new(Note::new(record()), Rect::new(0, 0, 80, 24));
            let out = form.handle(&Input::Command(Command::Save), v);
            assert!(matches!(out, Outcome::Refused { .. }), "{out:?}");
            for c in "已电话告知物业".chars() {
                form.handle(&Input::Insert(c), v);
            }
            match form.handle(&Input::Command(Command::Save), v) {
                Outcome::Run(effects) => assert!(matches!(
                    &effects[0],
                    Effect::Record { bodies, purpose: Purpose::Note, .. }
                        if bodies == &[EventBody::Note { text: "已电话告知物业".into() }]
                )),
                other => panic!("{other:?}"),
            }
        });
    }
}
