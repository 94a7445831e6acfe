//! Retention for wishes: a wish fulfilled or withdrawn before the cut-off loses its personal
//! data (the resident's name and phone, the address beyond its compound, the volunteer's
//! name, personal numbers typed into its texts, in the row and in the log), as a case does;
//! the wish, its events and every figure stay. A `purged` event records it.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::error::Result;
use super::origin::origin;
use super::rows::{date_text, whole_seconds};
use super::wish_rows::{wish_by_id, wish_log_in, write_wish_row};
use super::wishes::append_wish_event;
use super::write::clean_actor;
use crate::domain::case::Resident;
use crate::domain::numbers_in_text::erase_numbers;
use crate::domain::retention::anonymise;
use crate::domain::wish::{WishBody, WishEvent, WishId, apply, replay};

impl Store {
    /// The wishes ended (fulfilled or withdrawn) before `before` that this desk registered
    /// (the home: of every station, its copies), that still hold personal data or numbers. A
    /// sister desk's wish is erased here by its owner's purge, which comes from the home.
    pub fn wish_purge_candidates(&self, before: NaiveDate) -> Result<Vec<WishId>> {
        let scope = self.scope()?;
        let desk: Option<String> = self.meta("desk")?;
        let mut stmt = self.conn.prepare(
            "SELECT w.id, p.name, p.phone, p.address, p.volunteer FROM wishes w \
             LEFT JOIN wish_people p ON p.wish_id = w.id \
             WHERE ((w.state = 'fulfilled' AND w.fulfilled_on < ?1) \
                 OR (w.state = 'withdrawn' AND w.withdrawn_at < ?1)) \
               AND (?2 IS NULL OR (w.station = ?2 AND EXISTS (SELECT 1 FROM wish_events e \
                    WHERE e.wish_id = w.id AND e.kind = 'registered' AND e.desk = ?3))) \
             ORDER BY w.registered_at",
        )?;
        let rows = stmt.query_map(params![date_text(before), scope, desk], |r| {
            Ok((
                r.get::<_, WishId>(0)?,
                Resident {
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    address: r.get(3)?,
                },
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, resident, volunteer) = row?;
            let personal =
                crate::domain::retention::holds_personal_data(&resident) || volunteer.is_some();
            if personal || self.wish_texts_hold_numbers(id)? {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    fn wish_texts_hold_numbers(&self, id: WishId) -> Result<bool> {
        Ok(wish_log_in(&self.conn, id)?
            .into_iter()
            .any(|mut e| e.body.map_texts(erase_numbers)))
    }

    /// Erases the personal data of `ids` in one transaction, each with a `purged` event;
    /// lists the file's rewrite as left to do, so that nothing erased stays in a free page.
    pub(super) fn purge_wishes(
        &mut self,
        ids: &[WishId],
        before: NaiveDate,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let actor = clean_actor(actor);
        let now = whole_seconds(now);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let origin = origin(&tx, &self.path)?;
        for &id in ids {
            erase_wish(&tx, id)?;
            let current = wish_by_id(&tx, id)?
                .ok_or_else(|| super::wish_rows::unknown_wish(&id.to_string()))?;
            let event = WishEvent {
                id: Uuid::now_v7(),
                wish_id: id,
                at: now,
                actor: actor.clone(),
                body: WishBody::Purged { before },
            };
            let next = apply(Some(&current.wish), &event)?;
            write_wish_row(&tx, &next)?;
            append_wish_event(&tx, &event, origin)?;
        }
        super::erasure::note_rewrite_and_copies(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// In a copy of the desk's file (a backup, a file kept aside): erases the people and
    /// numbers of those of `ids` it holds that still have them, as [`Store::purge_wishes`] did
    /// in the desk's file (no event: a copy's log stays as it was written), then rewrites the
    /// copy if any was found. Returns how many were erased.
    pub fn erase_wishes(&mut self, ids: &[WishId]) -> Result<usize> {
        if ids.is_empty() || !self.has_wishes_table()? {
            return Ok(0);
        }
        let found = self.erasing(|store| {
            let tx = store
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut found = 0;
            for &id in ids {
                if wish_holds_personal_data(&tx, id)? {
                    erase_wish(&tx, id)?;
                    found += 1;
                }
            }
            tx.commit()?;
            Ok(found)
        })?;
        if found > 0 {
            self.scrub()?;
        }
        Ok(found)
    }

    /// A copy made before wishes (schema 14 and older) has none to erase.
    fn has_wishes_table(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'wish_people')",
            [],
            |r| r.get(0),
        )?)
    }
}

/// Whether the wish is in this file with a name, phone, volunteer, an address beyond its
/// compound, or a personal number in its log.
fn wish_holds_personal_data(tx: &Transaction<'_>, id: WishId) -> Result<bool> {
    use rusqlite::OptionalExtension;
    let people: Option<(Resident, Option<String>)> = tx
        .prepare_cached(
            "SELECT name, phone, address, volunteer FROM wish_people WHERE wish_id = ?1",
        )?
        .query_row([id], |r| {
            let resident = Resident {
                name: r.get(0)?,
                phone: r.get(1)?,
                address: r.get(2)?,
            };
            Ok((resident, r.get(3)?))
        })
        .optional()?;
    if let Some((resident, volunteer)) = people
        && (volunteer.is_some() || crate::domain::retention::holds_personal_data(&resident))
    {
        return Ok(true);
    }
    Ok(wish_log_in(tx, id)?
        .into_iter()
        .any(|mut e| e.body.map_texts(erase_numbers)))
}

/// Erases one wish's people and the numbers in its log, then rebuilds its row from the
/// erased log, so that the two still agree.
pub(super) fn erase_wish(tx: &Transaction<'_>, id: WishId) -> Result<()> {
    let people: Option<(Option<String>, Option<String>, Option<String>)> = {
        use rusqlite::OptionalExtension;
        tx.prepare_cached("SELECT name, phone, address FROM wish_people WHERE wish_id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
    };
    if let Some((name, phone, address)) = people {
        let kept = anonymise(&Resident {
            name,
            phone,
            address,
        });
        tx.prepare_cached(
            "UPDATE wish_people SET name = NULL, phone = NULL, address = ?2, volunteer = NULL \
             WHERE wish_id = ?1",
        )?
        .execute(params![id, kept.address])?;
    }
    tx.prepare_cached("INSERT OR IGNORE INTO wish_erasing (wish_id) VALUES (?1)")?
        .execute([id])?;
    let mut log = wish_log_in(tx, id)?;
    for e in &mut log {
        if e.body.map_texts(erase_numbers) {
            tx.prepare_cached("UPDATE wish_events SET payload = ?2 WHERE id = ?1")?
                .execute(params![e.id, e.body.payload_json()])?;
        }
    }
    tx.prepare_cached("DELETE FROM wish_erasing WHERE wish_id = ?1")?
        .execute([id])?;
    if let Some(row) = replay(&log)? {
        write_wish_row(tx, &row)?;
    }
    Ok(())
}
