//! Events from other desks joining this file's logs: a station's bundle at the home, the
//! home's recovery bundle at a desk.
//!
//! Each event joins its case's log if the transition function accepts it there. One that does
//! not (the case was handled differently meanwhile, by another desk or in a timeline a restore
//! cut off), or whose place in its desk's sequence another event already holds, is *held*:
//! kept whole in `held_events`, counted as received, listed by `bundle status`, and never
//! dropped. Nothing about a case is written until every event of the bundle has been decided,
//! so a case registered under one number and renumbered in the same bundle is checked by the
//! number it ends with.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::bundle::{Applied, EventsBundle, ExportLog, RecoveryBundle, SeqRange, write_log};
use super::cases::load_case;
use super::error::{Result, StoreError};
use super::home_copy::{HomeMerge, home_is_trusted, merge_home_copy};
use super::origin::origin;
use super::rows::{INSERT_CASE, UPDATE_CASE, datetime_text, execute_with_case};
use super::same_event::stored_event;
use crate::domain::case::{Case, CaseId, Resident};
use crate::domain::desk::epoch_letters;
use crate::domain::event::{Event, EventBody};
use crate::domain::transition::apply;
use crate::domain::trust::Refusal;
use crate::domain::wire::{WireEvent, WireResident};
use crate::progress::{Progress, Stage};

/// What a recovery did at a desk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovered {
    pub events: u64,
    pub skipped: u64,
    pub held: u64,
    pub new_cases: Vec<String>,
    /// The home had events of this desk in the epoch it is in: a timeline a restore cut off
    /// used it. The desk moved on to this epoch.
    pub new_epoch: Option<u32>,
    /// The station's wishes: what of them joined this desk's logs.
    pub wishes: super::WishesTaken,
}

/// One event to merge, with the desk row it goes under.
pub(super) struct Incoming<'a> {
    pub wire: &'a WireEvent,
    pub event: Event,
    pub desk: i64,
}

enum Outcome {
    /// Already here, in a log or held.
    Skip,
    Hold(String),
    Apply,
}

/// Where a case stands during a merge.
enum Slot {
    Loaded {
        original: Option<Box<Case>>,
        current: Option<Box<Case>>,
    },
    Held(String),
}

#[derive(Default)]
pub(super) struct Merged {
    pub applied: u64,
    pub skipped: u64,
    pub held: u64,
    pub new_cases: Vec<String>,
    /// Cases whose personal data a `purged` event of the bundle erased.
    pub purged: Vec<CaseId>,
    /// Cases held because their number is another case's here.
    pub clashes: usize,
}

impl Store {
    /// Applies a station desk's bundle at the home, all or nothing: enrols the desk (or checks
    /// its key), refuses a gap in any of its epochs, then merges the events.
    pub fn apply_events_bundle(&mut self, b: &EventsBundle, now: NaiveDateTime) -> Result<Applied> {
        let progress = self.progress.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // A bundle whose every event is here already (a copy left on the stick, one from
        // before the desk was renumbered) changes nothing, whatever it says of its desk.
        // The same events, that is: an id here with other content is refused below.
        // A desk's introduction (no events) is never "all here": it makes the desk known.
        let mut all_here = !b.events.is_empty();
        for w in &b.events {
            let digest = w.first_digest().unwrap_or_else(|| w.content_digest());
            if !stored_event(&tx, w.id)?.is_some_and(|here| here.same_as(w, &digest)) {
                all_here = false;
                break;
            }
        }
        if all_here {
            return Ok(Applied {
                skipped: b.events.len() as u64,
                ..Applied::default()
            });
        }
        let own = origin(&tx, &self.path)?;
        let (desk, enrolled) = super::trust::trusted_desk(&tx, own.desk, &b.signer, now)?;
        refuse_gaps(&tx, desk, b)?;
        let residents = residents_by_case(&b.residents)?;
        let incoming = b
            .events
            .iter()
            .map(|w| {
                Ok(Incoming {
                    wire: w,
                    event: to_event(w)?,
                    desk,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let merged = merge(&tx, incoming, &residents, now, &*progress)?;
        let mut wishes = None;
        if merged.applied == 0 && merged.held == 0 && enrolled.is_none() {
            // Every event is here already: nothing is written, not even the log line, unless
            // the bundle brings wish events (a desk sends them with no new case event).
            let taken = super::wish_bundle::apply_wishes(
                &tx,
                &b.wishes,
                &super::wish_bundle::Writers::Sender(desk),
            )?;
            if taken.events == 0 {
                drop(tx);
                return Ok(Applied {
                    skipped: merged.skipped,
                    ..Applied::default()
                });
            }
            wishes = Some(taken);
        }
        let finished = finish_events_bundle(
            &tx,
            b,
            desk,
            (merged.applied, merged.skipped, merged.held),
            now,
        )?;
        tx.commit()?;
        if !merged.purged.is_empty() {
            // What the purge erased must leave the file, not only the tables.
            self.scrub()?;
        }
        Ok(Applied {
            events: merged.applied,
            skipped: merged.skipped,
            new_cases: merged.new_cases.len() as u64,
            held: merged.held,
            enrolled,
            purged: merged.purged,
            wishes: wishes.unwrap_or(finished),
        })
    }

    /// Applies the home's copy of this desk's station's cases: what the desk lacks joins its
    /// logs (conflicts held), cases it lost come back.
    pub fn apply_recovery_bundle(
        &mut self,
        b: &RecoveryBundle,
        now: NaiveDateTime,
    ) -> Result<Recovered> {
        let me = self.desk_identity()?;
        let progress = self.progress.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        home_is_trusted(&tx, &b.home, &b.key)?;
        let wishes = super::wish_bundle::take_home_wishes(&tx, &b.desks, &b.wishes)?;
        let (merged, new_epoch) =
            match merge_home_copy(&tx, &me, &b.desks, &b.events, &b.residents, now, &*progress)? {
                Some(HomeMerge { merged, new_epoch }) => (merged, new_epoch),
                None => (Default::default(), None),
            };
        if merged.applied == 0 && merged.held == 0 && wishes.events == 0 {
            drop(tx);
            return Ok(Recovered {
                skipped: merged.skipped,
                wishes,
                ..Recovered::default()
            });
        }
        super::applied_manifests::note_applied(&tx, &b.manifest, "recovery", &b.name, now)?;
        write_log(
            &tx,
            "import",
            &ExportLog {
                kind: "recovery",
                station: &b.station,
                desk: None,
                ranges: "",
                from: 0,
                to: 0,
                count: merged.applied,
                skipped: merged.skipped,
                held: merged.held,
                at: now,
                name: &b.name,
            },
        )?;
        super::search_index::catch_up(&tx)?;
        tx.commit()?;
        if !merged.purged.is_empty() {
            self.scrub()?;
        }
        Ok(Recovered {
            events: merged.applied,
            skipped: merged.skipped,
            held: merged.held,
            new_cases: merged.new_cases,
            new_epoch,
            wishes,
        })
    }
}

pub(super) fn describe(ranges: &[SeqRange]) -> String {
    ranges
        .iter()
        .map(|r| {
            let e = epoch_letters(r.epoch);
            format!("{e}{}–{e}{}", r.from, r.to)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses a bundle that skips events of one of the desk's epochs.
pub(super) fn refuse_gaps(tx: &Transaction<'_>, desk: i64, b: &EventsBundle) -> Result<()> {
    for r in &b.ranges {
        let applied: i64 = tx
            .query_row(
                "SELECT applied FROM desk_progress WHERE desk = ?1 AND epoch = ?2",
                params![desk, r.epoch],
                |row| row.get(0),
            )
            .optional()?
            .unwrap_or(0);
        if r.from > applied + 1 {
            let e = epoch_letters(r.epoch);
            return Err(StoreError::BundleGap {
                desk: format!("{} desk {}", b.signer.station, b.signer.number),
                range: describe(&b.ranges),
                missing: format!("{e}{}–{e}{}", applied + 1, r.from - 1),
            });
        }
    }
    Ok(())
}

pub(super) fn residents_by_case(residents: &[WireResident]) -> Result<HashMap<CaseId, Resident>> {
    residents
        .iter()
        .map(|r| Ok((r.case_id, r.to_resident().map_err(StoreError::Invalid)?)))
        .collect()
}

/// Decides every event, then writes: events into their logs or held, case rows once each.
/// Merges the incoming events, reporting each to `progress` (a stage of its own, finished
/// whether the merge succeeds or not).
pub(super) fn merge(
    tx: &Transaction<'_>,
    incoming: Vec<Incoming<'_>>,
    residents: &HashMap<CaseId, Resident>,
    now: NaiveDateTime,
    progress: &dyn Progress,
) -> Result<Merged> {
    progress.stage(Stage::Applying, incoming.len() as u64);
    let merged = merge_reporting(tx, incoming, residents, now, progress, true);
    progress.finish();
    merged
}

/// Decides and writes one batch of a bundle applied in batches (see `merge_batches`): the
/// cases a `purged` event erases are returned, to be erased after the last batch.
pub(super) fn merge_reporting(
    tx: &Transaction<'_>,
    incoming: Vec<Incoming<'_>>,
    residents: &HashMap<CaseId, Resident>,
    now: NaiveDateTime,
    progress: &dyn Progress,
    erase: bool,
) -> Result<Merged> {
    let mut slots: HashMap<CaseId, Slot> = HashMap::new();
    let mut order: Vec<CaseId> = Vec::new();
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(incoming.len());
    let mut seen_ids: HashMap<Uuid, (usize, [u8; 32])> = HashMap::new();
    let mut seen_places = HashSet::new();
    for (i, inc) in incoming.iter().enumerate() {
        progress.advance(1);
        let w = inc.wire;
        let line = i + 1;
        let digest = w.first_digest().unwrap_or_else(|| w.content_digest());
        if let Some(&(first, first_digest)) = seen_ids.get(&w.id) {
            if first_digest != digest {
                return Err(Refusal::ReusedIdInBundle {
                    first,
                    second: line,
                    id: w.id.to_string(),
                }
                .into());
            }
            outcomes.push(Outcome::Skip);
            continue;
        }
        seen_ids.insert(w.id, (line, digest));
        if let Some(here) = stored_event(tx, w.id)? {
            if !here.same_as(w, &digest) {
                return Err(Refusal::ReusedId {
                    line,
                    id: w.id.to_string(),
                    here: here.describe(),
                }
                .into());
            }
            outcomes.push(Outcome::Skip);
            continue;
        }
        if !seen_places.insert((inc.desk, w.epoch, w.seq)) || place_is_taken(tx, inc, w)? {
            outcomes.push(Outcome::Hold(format!(
                "another event holds place {}{} of its desk here: the desk's timeline was cut \
                 by a restore and the place used twice",
                epoch_letters(w.epoch),
                w.seq
            )));
            continue;
        }
        let slot = match slots.entry(w.case_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                order.push(w.case_id);
                e.insert(load_slot(tx, w.case_id)?)
            }
        };
        outcomes.push(match slot {
            Slot::Held(why) => Outcome::Hold(format!("its case is held here: {why}")),
            Slot::Loaded { current, .. } => match apply(current.as_deref(), &inc.event) {
                Ok(next) => {
                    *current = Some(Box::new(next));
                    Outcome::Apply
                }
                Err(e) => {
                    Outcome::Hold(format!("does not apply to the case as it stands here: {e}"))
                }
            },
        });
    }
    let clashes = hold_number_clashes(tx, &incoming, &mut slots, &order, &mut outcomes)?;
    let mut merged = write(
        tx, &incoming, &outcomes, &slots, &order, residents, now, erase,
    )?;
    merged.clashes = clashes;
    Ok(merged)
}

/// A case as this file has it: its row, or held (its registration is), or none yet.
fn load_slot(tx: &Transaction<'_>, id: CaseId) -> Result<Slot> {
    Ok(match load_case(tx, id)? {
        Some(case) => Slot::Loaded {
            original: Some(Box::new(case.clone())),
            current: Some(Box::new(case)),
        },
        None => match held_registration(tx, id)? {
            Some(why) => Slot::Held(why),
            None => Slot::Loaded {
                original: None,
                current: None,
            },
        },
    })
}

fn place_is_taken(tx: &Transaction<'_>, inc: &Incoming<'_>, w: &WireEvent) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM case_events WHERE desk = ?1 AND epoch = ?2 AND desk_seq = ?3 \
             UNION ALL SELECT 1 FROM held_events WHERE desk = ?1 AND epoch = ?2 AND desk_seq = ?3",
        )?
        .query_row(params![inc.desk, w.epoch, w.seq], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Why a case is held here, when its registration is.
fn held_registration(tx: &Transaction<'_>, case: CaseId) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached(
            "SELECT reason FROM held_events WHERE case_id = ?1 AND kind = 'registered' LIMIT 1",
        )?
        .query_row([case], |r| r.get(0))
        .optional()?)
}

/// A case whose number (after the bundle's events) another case holds here is held whole:
/// two cases never share a number.
fn hold_number_clashes(
    tx: &Transaction<'_>,
    incoming: &[Incoming<'_>],
    slots: &mut HashMap<CaseId, Slot>,
    order: &[CaseId],
    outcomes: &mut [Outcome],
) -> Result<usize> {
    let mut taken: HashMap<String, CaseId> = HashMap::new();
    let mut clashes: Vec<(CaseId, String)> = Vec::new();
    for id in order {
        let Some(Slot::Loaded {
            original,
            current: Some(case),
        }) = slots.get(id)
        else {
            continue;
        };
        if original.as_ref().map(|o| &o.number) == Some(&case.number) {
            continue;
        }
        let other: Option<String> = tx
            .prepare_cached("SELECT number FROM cases WHERE number = ?1 AND id != ?2")?
            .query_row(params![case.number, id], |r| r.get(0))
            .optional()?;
        if other.is_some() || taken.contains_key(&case.number) {
            clashes.push((
                *id,
                format!(
                    "its number {} is another case's here (two desks issued it: a reinstalled \
                     desk or a reused epoch)",
                    case.number
                ),
            ));
        } else {
            taken.insert(case.number.clone(), *id);
        }
    }
    let count = clashes.len();
    for (id, why) in clashes {
        for (inc, outcome) in incoming.iter().zip(outcomes.iter_mut()) {
            if inc.wire.case_id == id && matches!(outcome, Outcome::Apply) {
                *outcome = Outcome::Hold(why.clone());
            }
        }
        slots.insert(id, Slot::Held(why));
    }
    Ok(count)
}

#[allow(clippy::too_many_arguments)]
fn write(
    tx: &Transaction<'_>,
    incoming: &[Incoming<'_>],
    outcomes: &[Outcome],
    slots: &HashMap<CaseId, Slot>,
    order: &[CaseId],
    residents: &HashMap<CaseId, Resident>,
    now: NaiveDateTime,
    erase: bool,
) -> Result<Merged> {
    // Case rows are written after their events; links between cases of the bundle may point
    // forward. Checked at commit.
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    let mut merged = Merged::default();
    let mut purged = Vec::new();
    let mut corrected = Vec::new();
    for (inc, outcome) in incoming.iter().zip(outcomes) {
        let w = inc.wire;
        match outcome {
            Outcome::Skip => merged.skipped += 1,
            Outcome::Apply => {
                let digest = w.first_digest().unwrap_or_else(|| w.content_digest());
                tx.prepare_cached(
                    "INSERT INTO case_events (id, case_id, at, actor, kind, payload, desk, epoch, desk_seq, digest) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![w.id, w.case_id, w.at, w.actor, w.kind, w.payload.to_string(), inc.desk, w.epoch, w.seq, digest.as_slice()])?;
                if let EventBody::Purged { .. } = inc.event.body {
                    purged.push(w.case_id);
                }
                if let EventBody::Corrected { correction } = &inc.event.body {
                    corrected.push((w.case_id, correction));
                }
                merged.applied += 1;
            }
            Outcome::Hold(reason) => {
                let digest = w.first_digest().unwrap_or_else(|| w.content_digest());
                tx.prepare_cached(
                    "INSERT INTO held_events (id, case_id, at, actor, kind, payload, desk, epoch, desk_seq, reason, held_at, digest) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )?
                .execute(params![
                    w.id, w.case_id, w.at, w.actor, w.kind, w.payload.to_string(), inc.desk, w.epoch, w.seq,
                    reason, datetime_text(now), digest.as_slice()
                ])?;
                merged.held += 1;
            }
        }
    }
    for id in order {
        let Some(Slot::Loaded {
            original,
            current: Some(case),
        }) = slots.get(id)
        else {
            continue;
        };
        match original {
            None => {
                execute_with_case(&mut *tx.prepare_cached(&INSERT_CASE)?, case)?;
                let resident = residents.get(id).cloned().unwrap_or_default();
                super::write::insert_resident(tx, *id, &resident)?;
                merged.new_cases.push(case.number.clone());
            }
            Some(o) if o != case => {
                execute_with_case(&mut *tx.prepare_cached(&UPDATE_CASE)?, case)?;
            }
            Some(_) => {}
        }
    }
    // The residents of known cases follow their corrections, in order (a new case's came
    // with the bundle as they stand, which the corrections only confirm).
    for (id, correction) in corrected {
        super::correct::apply_to_resident(tx, id, correction)?;
    }
    if erase {
        for id in &purged {
            super::purge::erase_case(tx, *id)?;
        }
    }
    merged.purged = purged;
    Ok(merged)
}

/// What an events bundle leaves besides its events, in the transaction that applied them
/// (whole or batch by batch): the roster and activities, how far the desk's numbers are
/// applied, the manifest's digest, the import's line in the log and the search index.
pub(super) fn finish_events_bundle(
    tx: &Transaction<'_>,
    b: &EventsBundle,
    desk: i64,
    (applied, skipped, held): (u64, u64, u64),
    now: NaiveDateTime,
) -> Result<super::WishesTaken> {
    apply_roster_and_activities(tx, b)?;
    // A race between two desks' claims is left out here and kept in the later one's log.
    let wishes = super::wish_bundle::apply_wishes(
        tx,
        &b.wishes,
        &super::wish_bundle::Writers::Sender(desk),
    )?;
    for r in &b.ranges {
        tx.execute(
            "INSERT INTO desk_progress (desk, epoch, applied) VALUES (?1, ?2, ?3) \
             ON CONFLICT (desk, epoch) DO UPDATE SET applied = max(applied, excluded.applied)",
            params![desk, r.epoch, r.to],
        )?;
    }
    super::applied_manifests::note_applied(tx, &b.manifest, "events", &b.name, now)?;
    write_log(
        tx,
        "import",
        &ExportLog {
            kind: "events",
            station: &b.station,
            desk: Some(b.signer.uuid),
            ranges: &describe(&b.ranges),
            from: b.ranges.first().map_or(0, |r| r.from),
            to: b.ranges.last().map_or(0, |r| r.to),
            count: applied,
            skipped,
            held,
            at: now,
            name: &b.name,
        },
    )?;
    super::search_index::catch_up(tx)?;
    Ok(wishes)
}

pub(super) fn apply_roster_and_activities(tx: &Transaction<'_>, b: &EventsBundle) -> Result<()> {
    for r in &b.roster {
        // The station's desk is the one that checks its members in and out.
        tx.prepare_cached(
            "INSERT INTO roster (date, station, member, checked_in_at, checked_out_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (date, station, member) DO UPDATE SET checked_in_at = excluded.checked_in_at, \
               checked_out_at = excluded.checked_out_at",
        )?
        .execute(params![r.date, r.station, r.member, r.checked_in_at, r.checked_out_at])?;
    }
    for a in &b.activities {
        let new = tx
            .prepare_cached("INSERT OR IGNORE INTO activities (id, date, kind, title, place, station, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(params![a.id, a.date, a.kind, a.title, a.place, a.station, a.note])?;
        if new > 0 {
            for m in &a.members {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO activity_members (activity, member) VALUES (?1, ?2)",
                )?
                .execute(params![a.id, m])?;
            }
        }
    }
    Ok(())
}

/// An event as a desk writes it, or refused.
pub(super) fn to_event(w: &WireEvent) -> Result<Event> {
    w.to_event().map_err(StoreError::Invalid)
}
