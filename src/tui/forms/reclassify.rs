//! 改分类 (Ctrl-K in a case's details): the operator's own fix of category and nature on any
//! classified case, and of level and unit while the unit has not replied — not the unit's
//! return (退回). Prefilled with what the case holds; Ctrl-S records what changed.

use std::sync::Arc;

use ratatui::style::Style;

use crate::domain::case::{Level, Nature, Status};
use crate::domain::category::{Category, Unit};
use crate::domain::reclassify::AskedClass;
use crate::i18n::{Texts, Ui};
use crate::refusal::Refusal;
use crate::store::CaseRecord;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::kit::form::{Field as Declared, FormSpec, recorded};
use crate::tui::kit::{FieldInput, Form, Problem, View};
use crate::tui::snapshot::Refs;
use crate::tui::widgets::choice::Choice;
use crate::tui::widgets::picker::Picker;

/// The levels a case with a unit can move between.
const WITH_UNIT: &[Level] = &[Level::Street, Level::District, Level::Proposal];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Category,
    Nature,
    Level,
    Unit,
}

#[derive(Debug)]
pub struct Reclassify {
    pub record: CaseRecord,
    pub category: Picker<Category>,
    pub nature: Choice<Nature>,
    pub level: Choice<Level>,
    pub unit: Picker<Unit>,
}

pub type ReclassifyForm = Form<Reclassify>;

/// Whether the form can open: the case has a category.
pub fn reclassifiable(record: &CaseRecord) -> bool {
    record.case.category.is_some()
}

impl Reclassify {
    pub fn new(record: CaseRecord, refs: Arc<Refs>, t: &Texts) -> Reclassify {
        let mut category = Picker::new(refs.taxonomy.categories.clone());
        if let Some(code) = &record.case.category {
            category.choose_code(code);
        }
        let mut unit = Picker::new(refs.taxonomy.units.clone());
        if let Some(code) = &record.case.unit {
            unit.choose_code(code);
        }
        let level = record.case.level.filter(|l| WITH_UNIT.contains(l));
        Reclassify {
            nature: Choice::new(Nature::ALL, record.case.nature).labelled(|n| t.name(n).into()),
            level: Choice::new(WITH_UNIT, level).labelled(|l| t.name(l).into()),
            category,
            unit,
            record,
        }
    }

    /// Level and unit change only while the case is with its unit, not yet replied.
    fn with_unit(&self) -> bool {
        matches!(
            self.record.case.status,
            Status::Assigned | Status::Forwarded
        )
    }

    fn asked(&self) -> AskedClass {
        let c = &self.record.case;
        let category = self.category.chosen().map(|k| k.code.clone());
        let unit = self.unit.chosen().map(|u| u.code.clone());
        AskedClass {
            category: category.filter(|k| Some(k) != c.category.as_ref()),
            nature: self.nature.value().filter(|n| Some(*n) != c.nature),
            level: self
                .level
                .value()
                .filter(|l| self.with_unit() && Some(*l) != c.level),
            unit: unit.filter(|u| self.with_unit() && Some(u) != c.unit.as_ref()),
        }
    }
}

impl FormSpec for Reclassify {
    type Key = Field;

    fn title(&self, t: &Texts) -> String {
        format!("{}  {}", t.ui(Ui::FormReclassify), self.record.case.number)
    }

    fn fields(&self) -> Vec<Declared<Field>> {
        let mut fields = vec![
            Declared::new(Field::Category, Ui::FieldCategory).hint(Ui::PickHint),
            Declared::new(Field::Nature, Ui::FieldNature).hint(Ui::DigitsHint),
        ];
        if self.with_unit() {
            fields.extend([
                Declared::new(Field::Level, Ui::FieldLevel).hint(Ui::DigitsHint),
                Declared::new(Field::Unit, Ui::FieldUnit).hint(Ui::PickHint),
            ]);
        }
        fields
    }

    fn input(&self, key: Field) -> &dyn FieldInput {
        match key {
            Field::Category => &self.category,
            Field::Nature => &self.nature,
            Field::Level => &self.level,
            Field::Unit => &self.unit,
        }
    }

    fn input_mut(&mut self, key: Field) -> &mut dyn FieldInput {
        match key {
            Field::Category => &mut self.category,
            Field::Nature => &mut self.nature,
            Field::Level => &mut self.level,
            Field::Unit => &mut self.unit,
        }
    }

    fn submit(&mut self) -> Result<Vec<Effect>, (Field, Problem)> {
        let asked = self.asked();
        if asked.is_empty() {
            return Err((Field::Category, Problem::new(Ui::ReclassifyUnchanged)));
        }
        Ok(vec![Effect::Reclassify {
            case: self.record.case.id,
            asked,
        }])
    }

    fn saved<'d>(&self, done: &'d Done) -> Option<Result<(), &'d Refusal>> {
        recorded(done, Purpose::Reclassify)
    }

    fn is_dirty(&self) -> bool {
        !self.asked().is_empty()
    }

    fn head(&self, view: &View) -> Vec<(String, Style)> {
        let key = if self.with_unit() {
            Ui::ReclassifyHead
        } else {
            Ui::ReclassifyHeadReplied
        };
        vec![(view.texts.ui(key).to_string(), view.theme.dim)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{Classification, Event, EventBody, Handling};
    use crate::i18n::Lang;
    use crate::tui::action::Command;
    use crate::tui::kit::view::with_test_view;
    use crate::tui::kit::{Input, Layer, Outcome};
    use ratatui::layout::Rect;

    /// A case handed to 街道市政设施管理所 (SZ) under 03.
    fn handed() -> CaseRecord {
        let id = uuid::Uuid::now_v7();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 17)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap();
        let event = |body| Event {
            id: uuid::Uuid::now_v7(),
            case_id: id,
            at,
            actor: "小王".into(),
            body,
        };
        let log = [
            event(EventBody::Registered {
                number: "HF-20261117-001".into(),
                station: "HF".into(),
                source: crate::domain::case::Source::WalkIn,
                content: "占道经营".into(),
                deputy: None,
                self_registered: false,
            }),
            event(EventBody::Assigned {
                class: Classification {
                    category: Some("03".into()),
                    nature: Some(Nature::Help),
                },
                handling: Handling {
                    unit: "SZ".into(),
                    due_date: at.date() + chrono::Days::new(14),
                    due_uncertain: false,
                    limit_days: Some(10),
                    note: None,
                },
            }),
        ];
        CaseRecord {
            case: crate::domain::transition::replay(&log).unwrap().unwrap(),
            resident: Default::default(),
        }
    }

    #[test]
    fn prefilled_and_only_what_changed_is_asked() {
        with_test_view(Lang::Zh, |v| {
            let spec = Reclassify::new(handed(), std::sync::Arc::clone(&v.data.refs), v.texts);
            let mut form = ReclassifyForm::new(spec, Rect::new(0, 0, 80, 24));
            assert_eq!(form.spec.unit.chosen().map(|u| u.code.as_str()), Some("SZ"));
            let out = form.handle(&Input::Command(Command::Save), v);
            assert!(matches!(out, Outcome::Refused { .. }), "{out:?}");
            // Tab to the nature, 3 picks 投诉.
            form.handle(&Input::Command(Command::NextField), v);
            form.handle(&Input::Insert('3'), v);
            match form.handle(&Input::Command(Command::Save), v) {
                Outcome::Run(effects) => assert_eq!(
                    effects,
                    vec![Effect::Reclassify {
                        case: form.spec.record.case.id,
                        asked: AskedClass {
                            nature: Some(Nature::Complaint),
                            ..AskedClass::default()
                        },
                    }]
                ),
                other => panic!("{other:?}"),
            }
        });
    }
}
