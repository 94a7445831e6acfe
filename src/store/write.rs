//! The two ways a case changes: registering it, and recording events on it. Each is one
//! IMMEDIATE transaction; the domain's transition function decides, the store appends the
//! events and rewrites the row.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::cases::{CaseRecord, count_overdue_in, load_case, record_by_id};
use super::error::{Result, StoreError};
use super::origin::{Origin, origin};
use super::rows::{
    INSERT_CASE, UPDATE_CASE, datetime_text, execute_with_case, update_changed, whole_seconds,
};
use crate::domain::case::{Case, CaseId, Resident, Source};
use crate::domain::desk::DeskTag;
use crate::domain::event::{Event, EventBody, LinkKind};
use crate::domain::follow::{catch_up, follow};
use crate::domain::intake::{Intake, Problem};
use crate::domain::number::{case_number, day_prefix};
use crate::domain::phone::tail;
use crate::domain::text::TooLong;
use crate::domain::text::{clean_optional, limits};
use crate::domain::transition::{TransitionError, apply};

/// What the intake form or `case add` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewCase {
    pub content: String,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub source: Option<Source>,
    /// The member receiving the resident, if one is chosen already.
    pub deputy: Option<String>,
    /// An open case this one repeats: it is linked as its duplicate in the same transaction.
    pub duplicate_of: Option<CaseId>,
    /// Typed by the resident on their own phone (扫码登记): flagged until they are called.
    pub self_registered: bool,
}

/// A new case's fields, cleaned and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedIntake {
    pub content: String,
    pub resident: Resident,
    pub source: Source,
    pub deputy: Option<String>,
}

impl NewCase {
    /// Cleans and checks every field by the intake rules; the first problem is returned,
    /// naming the field.
    pub fn check(&self) -> Result<CheckedIntake> {
        let intake = Intake {
            name: &self.name,
            phone: &self.phone,
            address: &self.address,
            content: &self.content,
        };
        let checked = intake.checked().map_err(|(field, problem)| match problem {
            Problem::TooLong { limit, n } => StoreError::TooLong(TooLong {
                field: field.name(),
                len: n,
                limit,
            }),
            Problem::Required => StoreError::Transition(TransitionError::Empty {
                field: field.name(),
            }),
            Problem::BadPhone(bad) => StoreError::Phone(bad),
        })?;
        Ok(CheckedIntake {
            content: checked.content,
            resident: Resident {
                name: checked.name,
                phone: checked.phone,
                address: checked.address,
            },
            source: self.source.unwrap_or(Source::WalkIn),
            deputy: self.deputy.clone().filter(|d| !d.trim().is_empty()),
        })
    }
}

/// A case as a write left it, read in the write's own transaction, with the overdue count of
/// a desk's view at that moment: what the screen shows after a save or a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterWrite {
    pub record: CaseRecord,
    pub overdue: u64,
}

impl Store {
    /// Registers a new case at this desk's station; it is committed when this returns.
    pub fn register(
        &mut self,
        new: &NewCase,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<CaseRecord> {
        self.register_then(new, actor, now, |_, record| Ok(record))
    }

    /// [`Store::register`], answering with the new case and the overdue count of the view
    /// `scope` on `today`, both read before the transaction commits.
    pub fn register_and_read(
        &mut self,
        new: &NewCase,
        actor: &str,
        now: NaiveDateTime,
        scope: Option<&str>,
        today: NaiveDate,
    ) -> Result<AfterWrite> {
        self.register_then(new, actor, now, |tx, record| {
            Ok(AfterWrite {
                overdue: count_overdue_in(tx, scope, today)?,
                record,
            })
        })
    }

    fn register_then<T>(
        &mut self,
        new: &NewCase,
        actor: &str,
        now: NaiveDateTime,
        then: impl FnOnce(&Transaction<'_>, CaseRecord) -> Result<T>,
    ) -> Result<T> {
        let intake = new.check()?;
        let now = whole_seconds(now);
        let actor = clean_actor(actor);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let station = desk_code(&tx, &self.path)?;
        let origin = origin(&tx, &self.path)?;
        if let Some(deputy) = &intake.deputy {
            ensure_exists(&tx, "members", "id", deputy, "member")?;
        }
        let seq = next_day_seq(&tx, &station, origin.tag, now)?;
        let event = Event {
            id: Uuid::now_v7(),
            case_id: Uuid::now_v7(),
            at: now,
            actor,
            body: EventBody::Registered {
                number: case_number(&station, now.date(), origin.tag, seq),
                station: station.clone(),
                source: intake.source,
                content: intake.content,
                deputy: intake.deputy,
                self_registered: new.self_registered,
            },
        };
        let mut case = apply(None, &event)?;
        execute_with_case(&mut *tx.prepare_cached(&INSERT_CASE)?, &case)?;
        insert_resident(&tx, case.id, &intake.resident)?;
        append_event(&tx, &event, origin)?;
        if let Some(master) = new.duplicate_of {
            let writer = Writer {
                tx: &tx,
                origin,
                station: &station,
                actor: &event.actor,
                now,
            };
            let link = EventBody::Linked {
                other: master,
                relation: LinkKind::Duplicate,
            };
            case = writer.record(case.id, vec![link])?;
        }
        super::search_index::catch_up(&tx)?;
        let answer = then(
            &tx,
            CaseRecord {
                case,
                resident: intake.resident,
            },
        )?;
        tx.commit()?;
        Ok(answer)
    }

    /// Records events on a case, in order, in one transaction. Either all apply or nothing
    /// is written.
    pub fn record(
        &mut self,
        case_id: CaseId,
        bodies: Vec<EventBody>,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<Case> {
        let mut cases = self.record_each(vec![(case_id, bodies)], actor, now)?;
        Ok(cases.pop().expect("one case in, one case out"))
    }

    /// [`Store::record`], answering with the case (and its resident) and the overdue count
    /// of the view `scope` on `today`, read before the transaction commits: another
    /// terminal's write cannot come between.
    #[allow(clippy::too_many_arguments)]
    pub fn record_and_read(
        &mut self,
        case_id: CaseId,
        bodies: Vec<EventBody>,
        actor: &str,
        now: NaiveDateTime,
        scope: Option<&str>,
        today: NaiveDate,
    ) -> Result<AfterWrite> {
        self.record_each_then(vec![(case_id, bodies)], actor, now, |tx, _| {
            let record = record_by_id(tx, case_id)?
                .ok_or_else(|| StoreError::UnknownCase(case_id.to_string()))?;
            Ok(AfterWrite {
                record,
                overdue: count_overdue_in(tx, scope, today)?,
            })
        })
    }

    /// Records events on several cases in one transaction (a bulk urge, a list revealed at
    /// once). Either every event applies or nothing is written.
    pub fn record_each(
        &mut self,
        batch: Vec<(CaseId, Vec<EventBody>)>,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<Vec<Case>> {
        self.record_each_then(batch, actor, now, |_, cases| Ok(cases.to_vec()))
    }

    fn record_each_then<T>(
        &mut self,
        batch: Vec<(CaseId, Vec<EventBody>)>,
        actor: &str,
        now: NaiveDateTime,
        then: impl FnOnce(&Transaction<'_>, &[Case]) -> Result<T>,
    ) -> Result<T> {
        let now = whole_seconds(now);
        let actor = clean_actor(actor);
        let batch = batch
            .into_iter()
            .map(|(id, bodies)| {
                let bodies = bodies
                    .into_iter()
                    .map(EventBody::normalized)
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((id, bodies))
            })
            .collect::<Result<Vec<_>>>()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let station = desk_code(&tx, &self.path)?;
        let origin = origin(&tx, &self.path)?;
        let mut out = Vec::with_capacity(batch.len());
        {
            let writer = Writer {
                tx: &tx,
                origin,
                station: &station,
                actor: &actor,
                now,
            };
            for (case_id, bodies) in batch {
                out.push(writer.record(case_id, bodies)?);
            }
        }
        super::search_index::catch_up(&tx)?;
        let answer = then(&tx, &out)?;
        tx.commit()?;
        Ok(answer)
    }
}

/// Records events on a case inside a transaction the caller holds (the deadlines recomputed
/// when a holiday notice is loaded); its duplicates follow, as with [`Store::record`].
pub(super) fn record_in_transaction(
    tx: &Transaction<'_>,
    station: &str,
    actor: &str,
    now: NaiveDateTime,
    case_id: CaseId,
    bodies: Vec<EventBody>,
) -> Result<Case> {
    let actor = clean_actor(actor);
    let writer = Writer {
        tx,
        origin: origin(tx, std::path::Path::new("this database"))?,
        station,
        actor: &actor,
        now: whole_seconds(now),
    };
    writer.record(case_id, bodies)
}

/// Appends events inside one open transaction.
pub(super) struct Writer<'t> {
    pub tx: &'t Transaction<'t>,
    pub origin: Origin,
    pub station: &'t str,
    pub actor: &'t str,
    pub now: NaiveDateTime,
}

impl Writer<'_> {
    /// Applies events to a case and saves its row; its duplicates follow.
    pub fn record(&self, case_id: CaseId, bodies: Vec<EventBody>) -> Result<Case> {
        let mut case = load_case(self.tx, case_id)?
            .ok_or_else(|| StoreError::UnknownCase(case_id.to_string()))?;
        for body in &bodies {
            check_references(self.tx, body)?;
            check_writer(self.station, &case, body)?;
            check_owner(self.tx, self.origin, self.station, &case, body)?;
            if let EventBody::Linked {
                other,
                relation: LinkKind::Duplicate,
            } = body
            {
                check_duplicate_link(self.tx, &case, *other)?;
            }
            case = self.append(&case, body.clone())?;
            if let EventBody::Corrected { correction } = body {
                super::correct::apply_to_resident(self.tx, case.id, correction)?;
            }
            if let EventBody::Linked {
                other,
                relation: LinkKind::Duplicate,
            } = body
            {
                // A new duplicate catches up with where its master stands.
                let master = load_case(self.tx, *other)?
                    .ok_or_else(|| StoreError::UnknownCase(other.to_string()))?;
                for step in catch_up(&master) {
                    if let Ok(next) = self.append(&case, step) {
                        case = next;
                    }
                }
            }
        }
        execute_with_case(&mut *self.tx.prepare_cached(&UPDATE_CASE)?, &case)?;
        if bodies.iter().any(|b| matches!(b, EventBody::Purged { .. })) {
            super::purge::erase_case(self.tx, case.id)?;
            case = load_case(self.tx, case.id)?
                .ok_or_else(|| StoreError::UnknownCase(case.id.to_string()))?;
        }
        self.follow(&case, &bodies)?;
        Ok(case)
    }

    /// Records a purge on a case and saves its row, leaving the erasure itself to the caller,
    /// which erases a whole batch at once (see [`super::erase_set`]).
    pub(super) fn record_purged(&self, case: &Case, before: NaiveDate) -> Result<Case> {
        let body = EventBody::Purged { before };
        check_writer(self.station, case, &body)?;
        let purged = self.append(case, body)?;
        update_changed(self.tx, case, &purged)?;
        Ok(purged)
    }

    /// Checks one event with the transition function and appends it.
    fn append(&self, case: &Case, body: EventBody) -> Result<Case> {
        let event = Event {
            id: Uuid::now_v7(),
            case_id: case.id,
            at: self.now,
            actor: self.actor.to_string(),
            body,
        };
        let next = apply(Some(case), &event)?;
        append_event(self.tx, &event, self.origin)?;
        Ok(next)
    }

    /// Records on each duplicate of `master` what it must follow of `bodies`. An event the
    /// duplicate cannot take (it was handled on its own meanwhile) is left out.
    fn follow(&self, master: &Case, bodies: &[EventBody]) -> Result<()> {
        let followed: Vec<EventBody> = bodies
            .iter()
            .filter_map(|b| follow(b, &master.number))
            .collect();
        if followed.is_empty() {
            return Ok(());
        }
        let ids: Vec<CaseId> = self
            .tx
            .prepare_cached("SELECT id FROM cases WHERE duplicate_of = ?1")?
            .query_map([master.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            let Some(mut duplicate) = load_case(self.tx, id)? else {
                continue;
            };
            let before = duplicate.events;
            for body in &followed {
                if let Ok(next) = self.append(&duplicate, body.clone()) {
                    duplicate = next;
                }
            }
            if duplicate.events != before {
                execute_with_case(&mut *self.tx.prepare_cached(&UPDATE_CASE)?, &duplicate)?;
            }
        }
        Ok(())
    }
}

/// One writer per case: a station's desk handles its cases. The home, which receives them in
/// bundles, may only supervise them (提醒, 催办, 通报), annotate them, reveal a phone, and
/// hand a retired desk's case over.
fn check_writer(desk: &str, case: &Case, body: &EventBody) -> Result<()> {
    let supervision = matches!(
        body,
        EventBody::Reminded { .. }
            | EventBody::Urged { .. }
            | EventBody::Escalated { .. }
            | EventBody::Note { .. }
            | EventBody::Revealed {}
            // The home erases its own copy of residents' data under its retention rule.
            | EventBody::Purged { .. }
            // The home hands a retired desk's case to another desk (see `check_owner`).
            | EventBody::Transferred { .. }
    );
    if case.station == desk || supervision {
        return Ok(());
    }
    Err(crate::refusal!(
        crate::i18n::Error::OtherStationsCase,
        number = case.number,
        station = case.station
    )
    .into())
}

/// Purging, renumbering and transferring a case are its owner's (the desk that registered
/// it, or that it was transferred to); the home acts for a retired owner, and erases its own
/// copy of any case under its retention rule (a purge there does not travel).
fn check_owner(
    tx: &Transaction<'_>,
    origin: Origin,
    desk_station: &str,
    case: &Case,
    body: &EventBody,
) -> Result<()> {
    let kind = body.kind();
    if crate::domain::trust::power(kind) != crate::domain::trust::Power::Own {
        return Ok(());
    }
    let Some(owner) = super::owner::case_owner(tx, case.id)? else {
        return Ok(());
    };
    if owner.row == Some(origin.desk) {
        return Ok(());
    }
    let home: bool = tx
        .prepare_cached("SELECT kind = 'home' FROM stations WHERE code = ?1")?
        .query_row([desk_station], |r| r.get(0))
        .optional()?
        .unwrap_or(false);
    let allowed = home
        && match body {
            EventBody::Purged { .. } => true,
            _ => owner.retired(),
        };
    if allowed {
        return Ok(());
    }
    Err(crate::domain::trust::Refusal::NotOwner {
        number: case.number.clone(),
        kind,
        owner: owner.name(),
    }
    .into())
}

/// A duplicate points at a master that is not itself a duplicate, and has none of its own:
/// outcomes flow one level, from the master to its duplicates.
fn check_duplicate_link(tx: &Transaction<'_>, case: &Case, master: CaseId) -> Result<()> {
    if master == case.id {
        // The transition function names this one.
        return Ok(());
    }
    check_not_withdrawn(tx, master)?;
    let master_row =
        load_case(tx, master)?.ok_or_else(|| StoreError::UnknownCase(master.to_string()))?;
    if let Some(root) = master_row.duplicate_of {
        let root = load_case(tx, root)?.map(|c| c.number).unwrap_or_default();
        return Err(crate::refusal!(
            crate::i18n::Error::DuplicateOfDuplicate,
            number = master_row.number,
            root = root
        )
        .into());
    }
    let has_own: i64 = tx
        .prepare_cached("SELECT count(*) FROM cases WHERE duplicate_of = ?1")?
        .query_row([case.id], |r| r.get(0))?;
    if has_own > 0 {
        return Err(
            crate::refusal!(crate::i18n::Error::HasDuplicates, number = case.number).into(),
        );
    }
    Ok(())
}

/// The original a duplicate is linked to still stands: a withdrawn one received nobody, so
/// nothing would ever follow from it, and the duplicate could never be withdrawn. Local writes
/// only (a bundle's events are taken as the desk wrote them).
fn check_not_withdrawn(tx: &Transaction<'_>, other: CaseId) -> Result<()> {
    let other = load_case(tx, other)?.ok_or_else(|| StoreError::UnknownCase(other.to_string()))?;
    if other.status == crate::domain::case::Status::Withdrawn {
        return Err(
            crate::refusal!(crate::i18n::Error::OriginalWithdrawn, number = other.number).into(),
        );
    }
    Ok(())
}

pub(super) fn clean_actor(actor: &str) -> String {
    clean_optional(actor, "actor", limits::NAME, false)
        .ok()
        .flatten()
        .unwrap_or_else(|| "operator".to_string())
}

pub(super) fn desk_code(tx: &Transaction<'_>, path: &std::path::Path) -> Result<String> {
    tx.query_row("SELECT value FROM meta WHERE key = 'station'", [], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| StoreError::NotInitialised(path.to_path_buf()))
}

/// The next counter of this desk's day, read inside the write lock so that two terminals
/// never draw the same one.
fn next_day_seq(
    tx: &Transaction<'_>,
    station: &str,
    tag: DeskTag,
    now: NaiveDateTime,
) -> Result<u32> {
    Ok(last_day_seq(tx, station, tag, now.date())? + 1)
}

/// The highest counter a desk (in one epoch) gave so far on a day (0 for none). Numbers of
/// other desks of the station share the day's prefix (`HF-20261117-` is also the start of
/// `HF-20261117-2A001`): only numbers whose rest is all digits are this tag's.
pub(super) fn last_day_seq(
    conn: &rusqlite::Connection,
    station: &str,
    tag: DeskTag,
    day: chrono::NaiveDate,
) -> Result<u32> {
    let prefix = day_prefix(station, day, tag);
    let start = format!("{}T00:00:00", day.format("%Y-%m-%d"));
    let end = format!(
        "{}T00:00:00",
        (day + chrono::Days::new(1)).format("%Y-%m-%d")
    );
    let max: Option<u32> = conn
        .prepare_cached(
            "SELECT max(CAST(substr(number, ?4) AS INTEGER)) FROM cases \
             WHERE station = ?1 AND received_at >= ?2 AND received_at < ?3 \
               AND substr(number, 1, ?5) = ?6 AND substr(number, ?4) NOT GLOB '*[^0-9]*'",
        )?
        .query_row(
            params![
                station,
                start,
                end,
                prefix.len() as i64 + 1,
                prefix.len() as i64,
                prefix
            ],
            |r| r.get(0),
        )?;
    Ok(max.unwrap_or(0))
}

pub(super) fn insert_resident(tx: &Transaction<'_>, case: CaseId, r: &Resident) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO residents (case_id, name, phone, phone_tail, address) VALUES (?1, ?2, ?3, ?4, ?5)",
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

/// Appends an event of this desk: the next sequence of its epoch.
pub(super) fn append_event(tx: &Transaction<'_>, event: &Event, origin: Origin) -> Result<()> {
    let at = datetime_text(event.at);
    let kind = event.body.kind().as_str();
    let payload = event.body.payload_json();
    let digest = crate::domain::digest::event_digest_of_text(
        event.id,
        event.case_id,
        &at,
        &event.actor,
        kind,
        &payload,
    );
    // `+?7`, `+?8`: the same seek of the desk's sequence index, but SQLite no longer marks the
    // statement to be planned again each time it is reused (it did, for an equality before a
    // `max()`, at about 10 µs per event written).
    tx.prepare_cached(
        "INSERT INTO case_events (id, case_id, at, actor, kind, payload, desk, epoch, desk_seq, digest) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, \
                 (SELECT coalesce(max(desk_seq), 0) + 1 FROM case_events \
                  WHERE desk = +?7 AND epoch = +?8), ?9)",
    )?
    .execute(params![
        event.id,
        event.case_id,
        at,
        event.actor,
        kind,
        payload,
        origin.desk,
        origin.epoch,
        digest.as_slice(),
    ])?;
    Ok(())
}

/// Names an unknown category, unit or member before the foreign keys would reject it less
/// clearly.
fn check_references(tx: &Transaction<'_>, body: &EventBody) -> Result<()> {
    let category = match body {
        EventBody::Classified { category, .. } => Some(category),
        EventBody::Answered { class, .. }
        | EventBody::Assigned { class, .. }
        | EventBody::Forwarded { class, .. }
        | EventBody::Declined { class, .. } => class.category.as_ref(),
        _ => None,
    };
    if let Some(code) = category {
        ensure_exists(tx, "categories", "code", code, "category")?;
    }
    if let EventBody::Reclassified { change } = body {
        if let Some(code) = &change.category {
            ensure_exists(tx, "categories", "code", code, "category")?;
        }
        if let Some(handling) = &change.handling {
            ensure_unit(tx, &handling.unit)?;
        }
    }
    match body {
        EventBody::Assigned { handling, .. }
        | EventBody::Forwarded { handling, .. }
        | EventBody::Reopened { handling, .. } => {
            ensure_exists(tx, "units", "code", &handling.unit, "unit")?
        }
        EventBody::Called { deputy } => ensure_exists(tx, "members", "id", deputy, "member")?,
        EventBody::Linked { other, .. }
        | EventBody::Withdrawn {
            of: Some(other), ..
        } => {
            let found = tx
                .prepare_cached("SELECT 1 FROM cases WHERE id = ?1")?
                .query_row([other], |_| Ok(()))
                .optional()?;
            found.ok_or_else(|| StoreError::UnknownCase(other.to_string()))?
        }
        _ => {}
    }
    Ok(())
}

/// Names an unknown unit.
pub(super) fn ensure_unit(tx: &Transaction<'_>, code: &str) -> Result<()> {
    ensure_exists(tx, "units", "code", code, "unit")
}

fn ensure_exists(
    tx: &Transaction<'_>,
    table: &'static str,
    column: &'static str,
    value: &str,
    what: &'static str,
) -> Result<()> {
    let sql = format!("SELECT 1 FROM {table} WHERE {column} = ?1");
    let found = tx
        .prepare_cached(&sql)?
        .query_row([value], |_| Ok(()))
        .optional()?;
    found.ok_or_else(|| StoreError::UnknownReference {
        what,
        code: value.to_string(),
    })
}
