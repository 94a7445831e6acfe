//! 更正: a correction of a case's resident fields or content, checked against what the case
//! holds inside the write's own transaction, recorded as a `corrected` event; the resident's
//! row follows the event here and wherever a bundle brings it.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, TransactionBehavior, params};

use super::Store;
use super::cases::{count_overdue_in, record_by_id};
use super::error::{Result, StoreError};
use super::origin::origin;
use super::rows::whole_seconds;
use super::write::{AfterWrite, Writer, clean_actor, desk_code};
use crate::domain::case::{CaseId, Resident};
use crate::domain::correction::{Asked, Correction, Refused, correct};
use crate::domain::event::EventBody;
use crate::domain::intake::Problem;
use crate::domain::phone::tail;
use crate::domain::text::TooLong;
use crate::domain::transition::TransitionError;
use crate::i18n::Error;

impl Store {
    /// Corrects a case's fields as `asked`; answers with the case as it now stands and the
    /// overdue count of the view `scope` on `today`. Refused, with nothing written, when no
    /// field is given, a field breaks the intake rules, nothing would change, or the case's
    /// personal data was purged.
    #[allow(clippy::too_many_arguments)]
    pub fn correct(
        &mut self,
        case_id: CaseId,
        asked: &Asked,
        actor: &str,
        now: NaiveDateTime,
        scope: Option<&str>,
        today: NaiveDate,
    ) -> Result<AfterWrite> {
        let now = whole_seconds(now);
        let actor = clean_actor(actor);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let record = record_by_id(&tx, case_id)?
            .ok_or_else(|| StoreError::UnknownCase(case_id.to_string()))?;
        let number = &record.case.number;
        let purged: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM case_events WHERE case_id = ?1 AND kind = 'purged')",
            )?
            .query_row([case_id], |r| r.get(0))?;
        if purged {
            return Err(crate::refusal!(Error::CorrectionAfterPurge, number = number).into());
        }
        let correction = correct(&record.case.content, &record.resident, asked)
            .map_err(|why| refused(why, number))?;
        let station = desk_code(&tx, &self.path)?;
        let writer = Writer {
            tx: &tx,
            origin: origin(&tx, &self.path)?,
            station: &station,
            actor: &actor,
            now,
        };
        writer.record(case_id, vec![EventBody::Corrected { correction }])?;
        super::search_index::catch_up(&tx)?;
        let record = record_by_id(&tx, case_id)?
            .ok_or_else(|| StoreError::UnknownCase(case_id.to_string()))?;
        let overdue = count_overdue_in(&tx, scope, today)?;
        tx.commit()?;
        Ok(AfterWrite { record, overdue })
    }
}

fn refused(why: Refused, number: &str) -> StoreError {
    match why {
        Refused::NothingAsked => crate::refusal!(Error::CorrectionNothingAsked).into(),
        Refused::NothingChanged => {
            crate::refusal!(Error::CorrectionChangesNothing, number = number).into()
        }
        Refused::Field(field, Problem::TooLong { limit, n }) => StoreError::TooLong(TooLong {
            field: field.name(),
            len: n,
            limit,
        }),
        Refused::Field(field, Problem::Required) => {
            StoreError::Transition(TransitionError::Empty {
                field: field.name(),
            })
        }
        Refused::Field(_, Problem::BadPhone(bad)) => StoreError::Phone(bad),
    }
}

/// The resident's row as a correction leaves it (a case whose resident row is missing gets
/// none: a bundle's new case brings its resident as it stands).
pub(super) fn apply_to_resident(
    conn: &Connection,
    case: CaseId,
    correction: &Correction,
) -> Result<()> {
    if correction.name.is_none() && correction.phone.is_none() && correction.address.is_none() {
        return Ok(());
    }
    let current: Option<Resident> = {
        use rusqlite::OptionalExtension;
        conn.prepare_cached("SELECT name, phone, address FROM residents WHERE case_id = ?1")?
            .query_row([case], |r| {
                Ok(Resident {
                    name: r.get(0)?,
                    phone: r.get(1)?,
                    address: r.get(2)?,
                })
            })
            .optional()?
    };
    let Some(current) = current else {
        return Ok(());
    };
    let r = correction.applied_to(&current);
    conn.prepare_cached(
        "UPDATE residents SET name = ?2, phone = ?3, phone_tail = ?4, address = ?5 WHERE case_id = ?1",
    )?
    .execute(params![
        case,
        r.name,
        r.phone,
        r.phone.as_deref().map(tail),
        r.address
    ])?;
    Ok(())
}
