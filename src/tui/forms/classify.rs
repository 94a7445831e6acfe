//! Quick classification (F3): category, nature, level, handling unit, time limit and a note.
//! The unit and the due date are suggested from the category and level; accepting them
//! takes a digit for the nature and Ctrl-S. A digit picks a choice and leaves the focus
//! where it is, as everywhere: Tab moves on.

use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::style::Style;

use crate::domain::calendar::Reckoned;
use crate::domain::case::{Level, Nature, Status};
use crate::domain::category::{Category, Unit};
use crate::domain::handling::{Disposition, HandlingError, LIMIT_DAYS, dispose};
use crate::domain::text::limits;
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::store::CaseRecord;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::kit::form::{Field as Declared, FormSpec, recorded};
use crate::tui::kit::input::Digits;
use crate::tui::kit::{FieldInput, Form, Problem, View};
use crate::tui::snapshot::Refs;
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Category,
    Nature,
    Level,
    Unit,
    Limit,
    Note,
}

#[derive(Debug)]
pub struct Classify {
    pub record: CaseRecord,
    pub category: Picker<Category>,
    pub nature: Choice<Nature>,
    pub level: Choice<Level>,
    pub unit: Picker<Unit>,
    pub limit: Digits,
    pub note: TextField,
    /// The due date for the current category, level and limit.
    pub due: Option<Reckoned>,
    refs: Arc<Refs>,
    today: NaiveDate,
}

pub type ClassifyForm = Form<Classify>;

/// Whether the classification form can open on a case in this status.
pub fn classifiable(status: Status) -> bool {
    matches!(
        status,
        Status::Queued | Status::Receiving | Status::Returned
    )
}

impl Classify {
    pub fn new(record: CaseRecord, refs: Arc<Refs>, today: NaiveDate, t: &Texts) -> Classify {
        let mut category = Picker::new(refs.taxonomy.categories.clone());
        if let Some(code) = &record.case.category {
            category.choose_code(code);
        }
        let mut form = Classify {
            nature: Choice::new(Nature::ALL, record.case.nature).labelled(|n| t.name(n).into()),
            level: Choice::new(Level::ALL, Some(Level::Street)).labelled(|l| t.name(l).into()),
            unit: Picker::new(refs.taxonomy.units.clone()),
            limit: Digits::new(3, ""),
            note: TextField::new(limits::NOTE, false),
            due: None,
            category,
            record,
            refs,
            today,
        };
        form.suggest();
        form
    }

    pub fn needs_unit(&self) -> bool {
        !matches!(self.level.value(), Some(Level::OnSite | Level::Decline))
    }

    /// The key of the note field's label, which depends on the level.
    pub fn note_label(&self) -> Ui {
        match self.level.value() {
            Some(Level::OnSite) => Ui::FieldAnswer,
            Some(Level::Decline) => Ui::FieldGuidance,
            _ => Ui::FieldNote,
        }
    }

    /// Fills the unit, limit and due date from the category and level.
    fn suggest(&mut self) {
        let (Some(category), Some(level)) = (self.category.chosen(), self.level.value()) else {
            self.due = None;
            return;
        };
        if let Some(route) = self.refs.taxonomy.route(category, level) {
            let unit = route.unit.to_string();
            self.limit = Digits::new(3, "").with_text(&route.limit_days.to_string());
            self.unit.choose_code(&unit);
        }
        self.recompute_due();
    }

    fn recompute_due(&mut self) {
        self.due = self
            .limit
            .text()
            .parse::<u32>()
            .ok()
            .filter(|d| LIMIT_DAYS.contains(d))
            .filter(|_| self.needs_unit())
            .map(|days| {
                self.refs
                    .calendar
                    .holidays
                    .add_working_days(self.today, days)
            });
    }
}

impl FormSpec for Classify {
    type Key = Field;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormClassify), self.record.case.number)
    }

    /// The fields that take input at the current level.
    fn fields(&self) -> Vec<Declared<Field>> {
        let mut fields = vec![
            Declared::new(Field::Category, Ui::FieldCategory).hint(Ui::PickHint),
            Declared::new(Field::Nature, Ui::FieldNature).hint(Ui::DigitsHint),
            Declared::new(Field::Level, Ui::FieldLevel).hint(Ui::DigitsHint),
        ];
        if self.needs_unit() {
            fields.extend([
                Declared::new(Field::Unit, Ui::FieldUnit).hint(Ui::PickHint),
                Declared::new(Field::Limit, Ui::FieldLimit).width(5),
            ]);
        }
        fields.push(Declared::new(Field::Note, self.note_label()));
        fields
    }

    fn input(&self, key: Field) -> &dyn FieldInput {
        match key {
            Field::Category => &self.category,
            Field::Nature => &self.nature,
            Field::Level => &self.level,
            Field::Unit => &self.unit,
            Field::Limit => &self.limit,
            Field::Note => &self.note,
        }
    }

    fn input_mut(&mut self, key: Field) -> &mut dyn FieldInput {
        match key {
            Field::Category => &mut self.category,
            Field::Nature => &mut self.nature,
            Field::Level => &mut self.level,
            Field::Unit => &mut self.unit,
            Field::Limit => &mut self.limit,
            Field::Note => &mut self.note,
        }
    }

    fn changed(&mut self, key: Field) {
        match key {
            Field::Category | Field::Level => self.suggest(),
            Field::Limit => self.recompute_due(),
            _ => {}
        }
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Field, Problem)> {
        let Some(category) = self.category.chosen() else {
            return Err((Field::Category, Problem::new(Ui::CategoryRequired)));
        };
        let Some(nature) = self.nature.value() else {
            return Err((Field::Nature, Problem::new(Ui::NatureRequired)));
        };
        let level = self.level.value().unwrap_or(Level::Street);
        let decision = Disposition {
            category: category.code.clone(),
            nature: Some(nature),
            level,
            unit: self.unit.chosen().map(|u| u.code.clone()),
            limit_days: Some(self.limit.text().parse().unwrap_or(0)),
            note: self.note.text().to_string(),
        };
        let refs = &self.refs;
        let body = dispose(
            &decision,
            &refs.taxonomy,
            &refs.calendar.holidays,
            self.today,
        )
        .map_err(|e| match e {
            HandlingError::AnswerRequired => (Field::Note, Problem::new(Ui::AnswerRequired)),
            HandlingError::GuidanceRequired => (Field::Note, Problem::new(Ui::GuidanceRequired)),
            HandlingError::UnitRequired(_) | HandlingError::UnknownCategory(_) => {
                (Field::Unit, Problem::new(Ui::UnitRequired))
            }
            HandlingError::LimitInvalid(_) => (Field::Limit, Problem::new(Ui::LimitInvalid)),
        })?;
        Ok(vec![Effect::Record {
            case: self.record.case.id,
            bodies: vec![body],
            purpose: Purpose::Classify,
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        recorded(done, Purpose::Classify)
    }

    fn failure_field(&self) -> Field {
        Field::Note
    }

    fn is_dirty(&self) -> bool {
        self.category.chosen().is_some() && self.record.case.category.is_none()
            || self.nature.value().is_some() && self.record.case.nature.is_none()
            || !self.note.is_empty()
    }

    /// What the resident said, for reference.
    fn head(&self, view: &View) -> Vec<(String, Style)> {
        vec![(
            crate::domain::numbers_in_text::mask_numbers(&self.record.case.content).into_owned(),
            view.theme.dim,
        )]
    }

    /// The due date the limit gives, beside it (待核 when it runs into a year without a
    /// notice).
    fn beside(&self, key: Field, view: &View) -> Option<(String, Style)> {
        if key != Field::Limit {
            return None;
        }
        let t = view.texts;
        Some(match self.due {
            Some(d) if d.uncertain => (
                format!(
                    "{} {} {}",
                    t.ui(Ui::FieldDue),
                    d.date,
                    t.ui(Ui::DueUncertain)
                ),
                view.theme.warn,
            ),
            Some(d) => (format!("{} {}", t.ui(Ui::FieldDue), d.date), view.theme.key),
            None if self.category.chosen().is_none() => (String::new(), view.theme.key),
            None => (t.ui(Ui::LimitInvalid).to_string(), view.theme.key),
        })
    }
}
