//! A handling unit's contact person and phone (Enter on the units list, F9).

use ratatui::layout::Rect;

use crate::domain::category::Unit;
use crate::domain::intake::{self, Problem as Rule};
use crate::domain::text::limits;
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::tui::effect::{Done, Effect};
use crate::tui::kit::form::{Field as Declared, FormSpec};
use crate::tui::kit::{FieldInput, Form, Problem};
use crate::tui::layout;
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Contact,
    Phone,
}

#[derive(Debug)]
pub struct UnitContact {
    pub code: String,
    pub contact: TextField,
    pub phone: TextField,
}

pub type UnitContactForm = Form<UnitContact>;

impl UnitContact {
    pub fn new(unit: &Unit) -> UnitContact {
        UnitContact {
            code: unit.code.clone(),
            contact: TextField::new(limits::NAME, false)
                .with_text(unit.contact.as_deref().unwrap_or("")),
            phone: TextField::strict(limits::PHONE, false)
                .with_text(unit.phone.as_deref().unwrap_or("")),
        }
    }
}

impl FormSpec for UnitContact {
    type Key = Field;

    fn title(&self, t: &Texts) -> String {
        format!("{} {}", t.ui(Ui::FormUnit), self.code)
    }

    fn area(&self, screen: Rect) -> Rect {
        layout::popup(screen, 64, 7)
    }

    fn fields(&self) -> Vec<Declared<Field>> {
        vec![
            Declared::new(Field::Contact, Ui::FieldContact),
            Declared::new(Field::Phone, Ui::FieldPhone),
        ]
    }

    fn input(&self, key: Field) -> &dyn FieldInput {
        match key {
            Field::Contact => &self.contact,
            Field::Phone => &self.phone,
        }
    }

    fn input_mut(&mut self, key: Field) -> &mut dyn FieldInput {
        match key {
            Field::Contact => &mut self.contact,
            Field::Phone => &mut self.phone,
        }
    }

    /// A unit's phone is checked as a resident's is.
    fn check(&self, key: Field) -> Option<Problem> {
        match (key, intake::check(intake::Field::Phone, self.phone.text())) {
            (Field::Phone, Err(Rule::BadPhone(_))) => Some(Problem::new(Ui::PhoneInvalid)),
            _ => None,
        }
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Field, Problem)> {
        let phone = intake::check(intake::Field::Phone, self.phone.text())
            .map_err(|_| (Field::Phone, Problem::new(Ui::PhoneInvalid)))?;
        let contact = Some(self.contact.text().trim().to_string()).filter(|c| !c.is_empty());
        Ok(vec![Effect::SaveUnit {
            code: self.code.clone(),
            contact,
            phone,
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        match done {
            Done::UnitSaved(r) => Some(r.as_ref().map(|_| ())),
            _ => None,
        }
    }

    /// Esc leaves the editor (nothing was saved), not the list.
    fn is_dirty(&self) -> bool {
        false
    }
}
