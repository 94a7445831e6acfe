//! Who owns a case: the desk that registered it (whatever its epoch), or the desk it was
//! last transferred to. Read from the case's log, so every desk that holds the log agrees,
//! and nothing in the case row needs to say it.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::Store;
use super::error::Result;
use crate::domain::case::CaseId;
use crate::domain::event::EventBody;
use crate::domain::trust::{DeskName, DeskRef, DeskTrust, Refusal};

/// The desk a case belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseOwner {
    pub uuid: Uuid,
    /// Its row here, when this file knows the desk.
    pub row: Option<i64>,
    pub desk: Option<DeskName>,
    pub trust: Option<DeskTrust>,
}

impl CaseOwner {
    pub fn retired(&self) -> bool {
        self.trust == Some(DeskTrust::Retired)
    }

    /// The desk by station and number, or by its id when this file does not know it.
    pub fn name(&self) -> DeskRef {
        match &self.desk {
            Some(d) => DeskRef::Named(d.clone()),
            None => DeskRef::Id(self.uuid.to_string()),
        }
    }
}

/// A desk of this file by its id: its row, name and standing.
pub(super) fn desk_by_uuid(
    conn: &Connection,
    uuid: Uuid,
) -> Result<Option<(i64, DeskName, DeskTrust)>> {
    Ok(conn
        .prepare_cached("SELECT id, station, number, trust FROM desks WHERE uuid = ?1")?
        .query_row([uuid], |r| {
            let trust: String = r.get(3)?;
            Ok((
                r.get(0)?,
                DeskName::new(&r.get::<_, String>(1)?, r.get(2)?),
                trust.parse().unwrap_or(DeskTrust::Known),
            ))
        })
        .optional()?)
}

/// The owner of a case, from its log (its held registration, for a case held whole).
pub(super) fn case_owner(conn: &Connection, case: CaseId) -> Result<Option<CaseOwner>> {
    let transferred: Option<String> = conn
        .prepare_cached(
            "SELECT payload FROM case_events WHERE case_id = ?1 AND kind = 'transferred' \
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([case], |r| r.get(0))
        .optional()?;
    let uuid = match transferred.and_then(|p| EventBody::from_stored("transferred", &p).ok()) {
        Some(EventBody::Transferred { desk, .. }) => Some(desk),
        _ => conn
            .prepare_cached(
                // By the case's log, not by the desk's (a home's statistics may date from
                // before its first bundle: a desk's whole log for each case is quadratic).
                "SELECT d.uuid FROM case_events e INDEXED BY case_events_case \
                 JOIN desks d ON d.id = e.desk \
                 WHERE e.case_id = ?1 AND e.kind = 'registered' \
                 UNION ALL SELECT d.uuid FROM held_events h JOIN desks d ON d.id = h.desk \
                 WHERE h.case_id = ?1 AND h.kind = 'registered' LIMIT 1",
            )?
            .query_row(params![case], |r| r.get(0))
            .optional()?,
    };
    let Some(uuid) = uuid else {
        return Ok(None);
    };
    let known = desk_by_uuid(conn, uuid)?;
    Ok(Some(CaseOwner {
        uuid,
        row: known.as_ref().map(|k| k.0),
        desk: known.as_ref().map(|k| k.1.clone()),
        trust: known.map(|k| k.2),
    }))
}

impl Store {
    /// The desk a case belongs to (see [`CaseOwner`]).
    pub fn case_owner(&self, case: CaseId) -> Result<Option<CaseOwner>> {
        case_owner(&self.conn, case)
    }

    /// A desk this file knows, by its id: its name and standing.
    pub fn desk_named(&self, uuid: Uuid) -> Result<Option<(DeskName, DeskTrust)>> {
        Ok(desk_by_uuid(&self.conn, uuid)?.map(|(_, name, trust)| (name, trust)))
    }

    /// The desk a case may be transferred to: desk `number` of its station, approved at the
    /// home (known and not retired at a station), and not its owner already.
    pub fn transfer_target(&self, case: &crate::domain::case::Case, number: u32) -> Result<Uuid> {
        let home = self.is_home()?;
        let found: Option<(Uuid, String)> = self
            .conn
            .prepare_cached(
                "SELECT uuid, trust FROM desks WHERE station = ?1 AND number = ?2 \
                 AND trust IN ('approved', 'known') ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![case.station, number], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let target = match found {
            Some((uuid, trust)) if !home || trust == "approved" => uuid,
            None if home && approved_ahead(&self.conn, &case.station, number)? => {
                return Err(Refusal::TransferUnknown {
                    number: case.number.clone(),
                    desk: DeskName::new(&case.station, number),
                }
                .into());
            }
            _ => {
                return Err(Refusal::TransferTarget {
                    number: case.number.clone(),
                    desk: DeskName::new(&case.station, number),
                }
                .into());
            }
        };
        if case_owner(&self.conn, case.id)?.is_some_and(|o| o.uuid == target) {
            return Err(Refusal::TransferToSelf {
                number: case.number.clone(),
            }
            .into());
        }
        Ok(target)
    }

    /// Whether this desk owns a case (the cases it may purge, renumber or transfer).
    pub fn owns(&self, case: CaseId) -> Result<bool> {
        let me = super::origin::origin(&self.conn, &self.path)?;
        Ok(case_owner(&self.conn, case)?.is_some_and(|o| o.row == Some(me.desk)))
    }
}

/// Whether the home approved a fingerprint for this desk ahead of any bundle of it.
fn approved_ahead(conn: &rusqlite::Connection, station: &str, number: u32) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM key_decisions \
           WHERE station = ?1 AND number = ?2 AND decision = 'approved')",
        params![station, number],
        |r| r.get(0),
    )?)
}
