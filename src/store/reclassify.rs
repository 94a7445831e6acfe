//! 改分类: a re-classification decided against the case as it stands inside the write's own
//! transaction, recorded as a `reclassified` event.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::TransactionBehavior;

use super::Store;
use super::cases::{count_overdue_in, load_case, record_by_id};
use super::error::{Result, StoreError};
use super::origin::origin;
use super::rows::whole_seconds;
use super::write::{AfterWrite, Writer, clean_actor, desk_code};
use crate::domain::case::CaseId;
use crate::domain::event::EventBody;
use crate::domain::reclassify::{AskedClass, Refused, reclassify};
use crate::i18n::Error;
use crate::refusal::Refusal;

impl Store {
    /// Re-classifies a case as `asked` on `today`; answers with the case as it now stands
    /// and the overdue count of the view `scope`. Refused, with nothing written, when nothing
    /// is asked or would change, the case is not classified, or the transition refuses (a
    /// level or unit once the unit replied).
    #[allow(clippy::too_many_arguments)]
    pub fn reclassify(
        &mut self,
        case_id: CaseId,
        asked: &AskedClass,
        actor: &str,
        now: NaiveDateTime,
        scope: Option<&str>,
        today: NaiveDate,
    ) -> Result<AfterWrite> {
        let taxonomy = self.taxonomy()?;
        let holidays = self.holiday_table()?;
        let now = whole_seconds(now);
        let actor = clean_actor(actor);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let case =
            load_case(&tx, case_id)?.ok_or_else(|| StoreError::UnknownCase(case_id.to_string()))?;
        if let Some(unit) = &asked.unit {
            super::write::ensure_unit(&tx, unit)?;
        }
        let change =
            reclassify(&case, asked, &taxonomy, &holidays, now.date()).map_err(
                |why| match why {
                    Refused::NothingAsked => crate::refusal!(Error::ReclassifyNothingAsked).into(),
                    Refused::NotClassified => StoreError::Transition(
                        crate::domain::transition::TransitionError::NotClassified {
                            number: case.number.clone(),
                        },
                    ),
                    Refused::LevelWithoutUnit(level) => StoreError::from(
                        Refusal::new(Error::ReclassifyLevelWithoutUnit).word("level", level),
                    ),
                    Refused::NothingChanged => {
                        crate::refusal!(Error::ReclassifyChangesNothing, number = case.number)
                            .into()
                    }
                    Refused::Handling(e) => Refusal::from(&e).into(),
                },
            )?;
        let station = desk_code(&tx, &self.path)?;
        let writer = Writer {
            tx: &tx,
            origin: origin(&tx, &self.path)?,
            station: &station,
            actor: &actor,
            now,
        };
        writer.record(case_id, vec![EventBody::Reclassified { change }])?;
        let record = record_by_id(&tx, case_id)?
            .ok_or_else(|| StoreError::UnknownCase(case_id.to_string()))?;
        let overdue = count_overdue_in(&tx, scope, today)?;
        tx.commit()?;
        Ok(AfterWrite { record, overdue })
    }
}
