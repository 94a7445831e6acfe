//! Wishes in a desk's bundle: the desk sends every wish it registered, whole (log and
//! personal data), with each bundle; the home takes the events it does not have yet, in
//! order, through the same transition function, and keeps the personal data as the desk
//! has it. A purge at the desk reaches the home this way.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, Transaction, params};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::datetime_text;
use super::wish_rows::{wish_by_id, wish_log_in, write_wish_row};
use crate::domain::wish::{WishBody, apply};
use crate::domain::wish_wire::{WireWish, WireWishEvent};

impl Store {
    /// The wishes this desk registered (of its station), each with its whole log and its
    /// personal data, for its bundle.
    pub fn own_wishes(&self) -> Result<Vec<WireWish>> {
        let desk: Option<String> = self.meta("desk")?;
        let mut stmt = self.conn.prepare(
            "SELECT w.id, w.number, w.station, p.name, p.phone, p.address, p.volunteer \
             FROM wishes w LEFT JOIN wish_people p ON p.wish_id = w.id \
             WHERE EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id \
                           AND e.kind = 'registered' AND e.desk = ?1) \
             ORDER BY w.registered_at, w.number",
        )?;
        let rows = stmt.query_map([desk], |r| {
            Ok(WireWish {
                id: r.get(0)?,
                number: r.get(1)?,
                station: r.get(2)?,
                events: Vec::new(),
                name: r.get(3)?,
                phone: r.get(4)?,
                address: r.get(5)?,
                volunteer: r.get(6)?,
            })
        })?;
        let mut out: Vec<WireWish> = rows.collect::<rusqlite::Result<_>>()?;
        let mut events = self.conn.prepare_cached(
            "SELECT id, at, actor, kind, payload, epoch FROM wish_events \
             WHERE wish_id = ?1 ORDER BY seq",
        )?;
        for w in &mut out {
            w.events = events
                .query_map([w.id], |r| {
                    Ok(WireWishEvent {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        actor: r.get(2)?,
                        kind: r.get(3)?,
                        payload: r.get(4)?,
                        epoch: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(out)
    }
}

impl Store {
    /// The desk (its row here) that registered a wish, or whose bundle brought its
    /// registration to the home; `None` when this file does not have the wish.
    pub fn wish_owner(&self, id: uuid::Uuid) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT desk FROM wish_events WHERE wish_id = ?1 AND kind = 'registered' \
                 ORDER BY seq LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// How far this desk's wish events go now: the mark [`Store::mark_wishes_sent`] keeps
    /// once a bundle carried them.
    pub fn wishes_mark(&self) -> Result<i64> {
        let desk: Option<String> = self.meta("desk")?;
        Ok(self.conn.query_row(
            "SELECT coalesce(max(seq), 0) FROM wish_events WHERE desk = ?1",
            [desk],
            |r| r.get(0),
        )?)
    }

    /// Whether this desk wrote wish events no bundle carried yet: then an export writes a
    /// bundle even with no new case event, so that wishes do not wait for one.
    pub fn wishes_unsent(&self) -> Result<bool> {
        let sent: i64 = self
            .meta("wishes_sent")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        Ok(self.wishes_mark()? > sent)
    }

    /// Notes that a bundle carried this desk's wish events up to `mark` (read before the
    /// wishes were: one written meanwhile goes with the next bundle too).
    pub fn mark_wishes_sent(&mut self, mark: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('wishes_sent', ?1) \
             ON CONFLICT (key) DO UPDATE SET value = \
               max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            [mark.to_string()],
        )?;
        Ok(())
    }
}

/// Takes a desk's wishes (checked by the bundle layer) into this file, inside the bundle's
/// transaction; `desk` is the sending desk's row. An event that does not fit the wish as it
/// stands here refuses the bundle, naming the wish.
pub(super) fn apply_wishes(tx: &Transaction<'_>, wishes: &[WireWish], desk: i64) -> Result<()> {
    for w in wishes {
        let here: HashSet<uuid::Uuid> = wish_log_in(tx, w.id)?.iter().map(|e| e.id).collect();
        let mut current = wish_by_id(tx, w.id)?.map(|r| r.wish);
        let mut purged = false;
        for wire in w.events.iter().filter(|e| !here.contains(&e.id)) {
            let event = wire
                .to_event(w.id)
                .map_err(|e| StoreError::Invalid(format!("wish {}: {e}", w.number)))?;
            let next = apply(current.as_ref(), &event)
                .map_err(|e| StoreError::Invalid(format!("wish {}: {e}", w.number)))?;
            write_wish_row(tx, &next)?;
            tx.prepare_cached(
                "INSERT INTO wish_events (id, wish_id, at, actor, kind, payload, desk, epoch) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                event.id,
                event.wish_id,
                datetime_text(event.at),
                event.actor,
                wire.kind,
                wire.payload,
                desk,
                wire.epoch,
            ])?;
            purged |= matches!(event.body, WishBody::Purged { .. });
            current = Some(next);
        }
        if purged {
            super::wish_purge::erase_wish(tx, w.id)?;
            super::erasure::note_rewrite_and_copies(tx)?;
            continue;
        }
        // The home's own purge of its copy stays: what it erased does not come back.
        let erased_here = current.as_ref().is_some_and(|c| c.purged_before.is_some());
        let exists = tx
            .prepare_cached("SELECT 1 FROM wishes WHERE id = ?1")?
            .query_row([w.id], |_| Ok(()))
            .optional()?
            .is_some();
        if exists && !erased_here {
            tx.prepare_cached(
                "INSERT INTO wish_people (wish_id, name, phone, address, volunteer) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (wish_id) DO UPDATE SET \
                 name = excluded.name, phone = excluded.phone, address = excluded.address, \
                 volunteer = excluded.volunteer",
            )?
            .execute(params![w.id, w.name, w.phone, w.address, w.volunteer])?;
        }
    }
    Ok(())
}
