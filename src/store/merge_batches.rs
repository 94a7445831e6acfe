//! A station desk's bundle applied at the home a batch of events at a time, in one
//! transaction: what stays in memory is a batch, not the bundle. The bundle layer checks each
//! batch against the file as it stands (earlier batches written) before it is merged; any
//! refusal drops the transaction, and nothing is written.
//!
//! A case held because its number is another case's is decided on the number it ends with
//! only when the whole bundle is decided at once: if any batch meets such a clash, the batches
//! are rolled back and the caller applies the bundle whole ([`Store::apply_events_bundle`]).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::{Transaction, TransactionBehavior, params};

use super::Store;
use super::bundle::{Applied, Enrolment, EventsBundle};
use super::error::Result;
use super::merge::{Incoming, finish_events_bundle, merge_reporting, refuse_gaps, to_event};
use super::origin::origin;
use crate::domain::case::{CaseId, Resident};
use crate::domain::wire::WireEvent;
use crate::progress::Stage;

/// A bundle being applied in batches; dropped unfinished, it writes nothing.
pub struct Batches<'a> {
    store: &'a Store,
    tx: Transaction<'a>,
    desk: i64,
    enrolled: Option<Enrolment>,
    now: NaiveDateTime,
    applied: u64,
    skipped: u64,
    held: u64,
    new_cases: u64,
    purged: Vec<CaseId>,
    clashed: bool,
}

/// How a bundle applied in batches ended.
pub enum BatchesDone {
    Applied(Applied),
    /// Every event was here already: nothing was written.
    AllHere {
        skipped: u64,
    },
    /// A case's number clashed: nothing was written; apply the bundle whole.
    Clashed,
}

impl Store {
    /// Starts applying a station desk's bundle (its `events` left empty, to come in
    /// batches): enrols the desk (or checks its key) and refuses a gap, in a transaction the
    /// batches share. Checks made through `self` meanwhile see what the batches wrote.
    pub fn begin_events_batches(
        &self,
        b: &EventsBundle,
        events: u64,
        now: NaiveDateTime,
    ) -> Result<Batches<'_>> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let own = origin(&tx, &self.path)?;
        let (desk, enrolled) = super::trust::trusted_desk(&tx, own.desk, &b.signer, now)?;
        refuse_gaps(&tx, desk, b)?;
        self.progress.stage(Stage::Applying, events);
        Ok(Batches {
            store: self,
            tx,
            desk,
            enrolled,
            now,
            applied: 0,
            skipped: 0,
            held: 0,
            new_cases: 0,
            purged: Vec::new(),
            clashed: false,
        })
    }
}

impl Batches<'_> {
    /// Merges the next events of the bundle (checked by the caller). After a number clash
    /// the rest is not merged: see [`Batches::clashed`].
    pub fn merge(&mut self, events: &[WireEvent]) -> Result<()> {
        if self.clashed {
            return Ok(());
        }
        let incoming = events
            .iter()
            .map(|w| {
                Ok(Incoming {
                    wire: w,
                    event: to_event(w)?,
                    desk: self.desk,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let progress = &*self.store.progress;
        // New cases get their residents after the last batch (see `resident`).
        let merged = merge_reporting(
            &self.tx,
            incoming,
            &HashMap::new(),
            self.now,
            progress,
            false,
        )?;
        self.clashed = merged.clashes > 0;
        self.applied += merged.applied;
        self.skipped += merged.skipped;
        self.held += merged.held;
        self.new_cases += merged.new_cases.len() as u64;
        self.purged.extend(merged.purged);
        Ok(())
    }

    /// Whether a case's number clashed: the bundle must be applied whole instead.
    pub fn clashed(&self) -> bool {
        self.clashed
    }

    /// The resident of a case this bundle registered, if the case was written.
    pub fn resident(&self, case: CaseId, r: &Resident) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE residents SET name = ?2, phone = ?3, phone_tail = ?4, address = ?5 \
                 WHERE case_id = ?1",
            )?
            .execute(params![
                case,
                r.name,
                r.phone,
                r.phone.as_deref().map(crate::domain::phone::tail),
                r.address
            ])?;
        Ok(())
    }

    /// Writes the rest (roster, activities, progress, the log) and commits; erases what the
    /// bundle's `purged` events erase. `b` is the bundle begun with, with its roster and
    /// activities.
    pub fn finish(self, b: &EventsBundle) -> Result<BatchesDone> {
        let Batches {
            store,
            tx,
            desk,
            enrolled,
            now,
            applied,
            skipped,
            held,
            new_cases,
            purged,
            clashed,
        } = self;
        store.progress.finish();
        if clashed {
            return Ok(BatchesDone::Clashed);
        }
        let mut wishes = None;
        if applied == 0 && held == 0 && enrolled.is_none() {
            // Nothing new but wish events, perhaps (a desk sends them with no case event).
            let taken = super::wish_bundle::apply_wishes(
                &tx,
                &b.wishes,
                &super::wish_bundle::Writers::Sender(desk),
            )?;
            if taken.events == 0 {
                return Ok(BatchesDone::AllHere { skipped });
            }
            wishes = Some(taken);
        }
        for id in &purged {
            super::purge::erase_case(&tx, *id)?;
        }
        let finished = finish_events_bundle(&tx, b, desk, (applied, skipped, held), now)?;
        tx.commit()?;
        if !purged.is_empty() {
            // What the purge erased must leave the file, not only the tables.
            store.scrub()?;
        }
        Ok(BatchesDone::Applied(Applied {
            events: applied,
            skipped,
            new_cases,
            held,
            enrolled,
            purged,
            wishes: wishes.unwrap_or(finished),
        }))
    }
}
