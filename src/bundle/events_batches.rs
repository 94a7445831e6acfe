//! A station desk's bundle imported at the home in batches, from the stick: the second pass of
//! an import reads `events.jsonl` a batch at a time (its checksum taken again as it goes),
//! checks each batch line by line against the file as the batches before left it, and merges
//! it, all in one transaction that is committed only once every file was read whole and found
//! as the first pass found it. What stays in memory is a batch, and per case of the bundle its
//! id and the number it ends with.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;

use super::BundleError;
use super::authority::{
    EventsState, check_created, check_events_from, check_file_names, check_gaps, check_manifest,
    check_ranges, check_resident, check_sequence_from, check_total, events_header,
    roster_and_activities,
};
use super::files::Verified;
use super::wire::{WireEvent, WireResident};
use crate::store::{BatchesDone, Store, StoreError};

/// How many events are checked and merged at a time.
const BATCH: usize = 2_000;

/// How an import in batches ended.
pub(super) enum Done {
    Applied(crate::store::Applied),
    /// Every event was here already: nothing was written.
    AllHere,
    /// A case's number clashed with another's: nothing was written, and the bundle is to be
    /// applied whole, where a case is judged by the number it ends with.
    Clashed,
}

pub(super) fn gap(e: StoreError) -> BundleError {
    match e {
        StoreError::BundleGap {
            desk,
            range,
            missing,
        } => BundleError::Gap {
            desk,
            range,
            missing,
        },
        other => BundleError::Store(other),
    }
}

/// Imports a verified events bundle in batches (see the module's comment).
pub(super) fn import(
    store: &mut Store,
    v: &Verified,
    now: NaiveDateTime,
) -> Result<Done, BundleError> {
    let m = &v.manifest;
    check_manifest(store, m)?;
    check_file_names(m)?;
    let created = check_created(m, now)?;
    let ranges = check_ranges(m)?;
    let count = m.counts.get("events.jsonl").copied().unwrap_or(0);
    check_total(m, &ranges, count)?;
    check_gaps(store, m, &ranges)?;
    let (roster, activities, wishes) = roster_and_activities(store, v)?;

    if count > 0 && all_here(store, v)? {
        return Ok(Done::AllHere);
    }

    let header = events_header(v, &ranges, roster, activities, wishes);
    let store_ref: &Store = store;
    let mut batches = store_ref
        .begin_events_batches(&header, count, now)
        .map_err(gap)?;
    let mut expected = ranges
        .iter()
        .flat_map(|r| (r.from..=r.to).map(move |seq| (r.epoch, seq)));
    let mut state = EventsState::default();
    v.batches("events.jsonl", BATCH, |events: Vec<WireEvent>, first| {
        check_sequence_from(m, &mut expected, &events, first)?;
        check_events_from(store_ref, m, &events, first, created, &mut state)?;
        super::powers::check_trust_lines(store_ref, m, &v.key, &events, first)?;
        batches.merge(&events).map_err(gap)?;
        Ok(!batches.clashed())
    })?;
    if batches.clashed() {
        return Ok(Done::Clashed);
    }
    let touched = state.end(m)?;
    let mut seen = BTreeSet::new();
    v.batches(
        "residents.jsonl",
        BATCH,
        |residents: Vec<WireResident>, first| {
            for (i, r) in residents.iter().enumerate() {
                let resident = check_resident(store_ref, m, first + i, r, &touched, &mut seen)?;
                if touched.registered.contains(&r.case_id) {
                    batches.resident(r.case_id, &resident)?;
                }
            }
            Ok(true)
        },
    )?;
    match batches.finish(&header)? {
        BatchesDone::Applied(applied) => Ok(Done::Applied(applied)),
        BatchesDone::AllHere { .. } => Ok(Done::AllHere),
        BatchesDone::Clashed => Ok(Done::Clashed),
    }
}

/// Whether every event of the bundle is here already (a copy left on the stick, one from
/// before the desk was renumbered): read until the first that is not. Events here already
/// are still judged by what trust asks of them now (a desk retired since).
fn all_here(store: &Store, v: &Verified) -> Result<bool, BundleError> {
    let mut here = true;
    let read_whole = v.batches("events.jsonl", BATCH, |events: Vec<WireEvent>, first| {
        for w in &events {
            if !store.holds_event(w)? {
                here = false;
                return Ok(false);
            }
        }
        super::powers::check_trust_lines(store, &v.manifest, &v.key, &events, first)?;
        Ok(true)
    })?;
    Ok(here && read_whole)
}
