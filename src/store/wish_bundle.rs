//! Wishes in bundles. Up: a desk sends every wish it wrote on, whole (log and personal data),
//! with each bundle. Down: the home sends a station's open wishes and those changed lately
//! with its reference data, and all of them in a recovery bundle, each event naming its desk
//! (so that every desk of the station sees and claims them, as with cases). Either way the
//! file takes the events it does not have yet, in order, through the same transition
//! function. A purge at the owning desk reaches the home, and the sister desks, this way.

use std::collections::{HashMap, HashSet};

use rusqlite::{Transaction, params};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::datetime_text;
use super::wish_rows::{wish_by_id, wish_log_in, write_wish_row};
use crate::domain::wish::{WishBody, apply};
use crate::domain::wish_wire::{WireWish, WireWishEvent};

impl Store {
    /// The wishes of its station this desk wrote on (registered, or claimed or fulfilled a
    /// sister desk's), each with its whole log and its personal data, for its bundle.
    pub fn own_wishes(&self) -> Result<Vec<WireWish>> {
        let desk: Option<String> = self.meta("desk")?;
        let mut out = Vec::new();
        each_wish(
            &self.conn,
            "EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.desk = ?1)",
            (desk,),
            None,
            &mut |w| {
                out.push(w);
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// The desk that registered a wish here, by its id; `None` for a wish this file lacks.
    pub fn wish_owner(&self, id: uuid::Uuid) -> Result<Option<uuid::Uuid>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT d.uuid FROM wish_events e JOIN desks d ON d.id = e.desk \
                 WHERE e.wish_id = ?1 AND e.kind = 'registered'",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// At the home: `station`'s wishes as they go down, one at a time to `f` (never the whole
    /// list at once): those open or claimed and those changed since `since`, or every one
    /// (`None`, a recovery bundle). Each event names its desk; the home's own go only where
    /// it had the power (a claim, a fulfilment: see `domain::wish_power`).
    pub fn each_station_wish(
        &self,
        station: &str,
        since: Option<chrono::NaiveDate>,
        f: &mut dyn FnMut(WireWish) -> Result<()>,
    ) -> Result<()> {
        let home = self.desk()?.code;
        each_wish(
            &self.conn,
            "w.station = ?1 AND (?2 IS NULL OR w.state IN ('open', 'claimed') OR w.updated_at >= ?2)",
            (station, since.map(super::rows::date_text)),
            Some(&home),
            f,
        )
    }
}

/// The wishes `filter` picks (its parameters `params`), in the order they were registered,
/// each with its log read as it is given to `f`. With `home`, each event names its desk, and
/// the home's own events other than claims and fulfilments stay out.
fn each_wish(
    conn: &rusqlite::Connection,
    filter: &str,
    params: impl rusqlite::Params,
    home: Option<&str>,
    f: &mut dyn FnMut(WireWish) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT w.id, w.number, w.station, p.name, p.phone, p.address, p.volunteer \
         FROM wishes w LEFT JOIN wish_people p ON p.wish_id = w.id \
         WHERE {filter} ORDER BY w.registered_at, w.number"
    ))?;
    let mut events = conn.prepare_cached(
        "SELECT e.id, e.at, e.actor, e.kind, e.payload, e.epoch, d.uuid, d.station \
         FROM wish_events e JOIN desks d ON d.id = e.desk WHERE e.wish_id = ?1 ORDER BY e.seq",
    )?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let mut w = WireWish {
            id: r.get(0)?,
            number: r.get(1)?,
            station: r.get(2)?,
            events: Vec::new(),
            name: r.get(3)?,
            phone: r.get(4)?,
            address: r.get(5)?,
            volunteer: r.get(6)?,
        };
        let log = events.query_map([w.id], |r| {
            Ok((
                WireWishEvent {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    kind: r.get(3)?,
                    payload: r.get(4)?,
                    epoch: r.get(5)?,
                    desk: home.map(|_| r.get(6)).transpose()?,
                },
                r.get::<_, String>(7)?,
            ))
        })?;
        for row in log {
            let (e, station) = row?;
            let by_home = home.is_some_and(|h| h == station);
            if !by_home || e.kind == "claimed" || e.kind == "fulfilled" {
                w.events.push(e);
            }
        }
        f(w)?;
    }
    Ok(())
}

impl Store {
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

/// Who wrote the events a bundle brings that this file lacks.
pub(super) enum Writers<'a> {
    /// A desk's bundle at the home: every new event is the sending desk's (this row).
    Sender(i64),
    /// The home's copy at a station: each event names its desk, by these rows.
    Listed(&'a HashMap<uuid::Uuid, i64>),
}

/// What taking a bundle's wishes did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct WishesTaken {
    /// Events that joined this file's logs.
    pub events: u64,
    /// Events that did not fit the wish as it stands here (two desks claimed it at once):
    /// left out here, with the rest of that wish's new events, and kept in their writer's log.
    pub conflicts: u64,
}

/// Takes wishes (checked by the bundle layer) into this file, inside the bundle's
/// transaction: each event this file lacks joins the log in order through the transition
/// function. One that does not fit (a sister desk claimed the wish first) is left out with
/// the rest of that wish's new events: the first claim to reach a file stands, and no bundle
/// is refused for a race between desks.
pub(super) fn apply_wishes(
    tx: &Transaction<'_>,
    wishes: &[WireWish],
    writers: &Writers<'_>,
) -> Result<WishesTaken> {
    let mut taken = WishesTaken::default();
    for w in wishes {
        let here: HashSet<uuid::Uuid> = wish_log_in(tx, w.id)?.iter().map(|e| e.id).collect();
        let mut current = wish_by_id(tx, w.id)?.map(|r| r.wish);
        let mut purged = false;
        let new: Vec<&WireWishEvent> = w.events.iter().filter(|e| !here.contains(&e.id)).collect();
        for (i, wire) in new.iter().enumerate() {
            let event = wire
                .to_event(w.id)
                .map_err(|e| StoreError::Invalid(format!("wish {}: {e}", w.number)))?;
            let Ok(next) = apply(current.as_ref(), &event) else {
                taken.conflicts += (new.len() - i) as u64;
                break;
            };
            let desk = match writers {
                Writers::Sender(row) => *row,
                Writers::Listed(rows) => {
                    *wire.desk.and_then(|d| rows.get(&d)).ok_or_else(|| {
                        StoreError::Invalid(format!(
                            "wish {}: event {} names no desk the bundle lists",
                            w.number, wire.id
                        ))
                    })?
                }
            };
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
            taken.events += 1;
            purged |= matches!(event.body, WishBody::Purged { .. });
            current = Some(next);
        }
        if purged {
            super::wish_purge::erase_wish(tx, w.id)?;
            super::erasure::note_rewrite_and_copies(tx)?;
            continue;
        }
        // What this file erased of its copy does not come back.
        let Some(wish) = current.filter(|c| c.purged_before.is_none()) else {
            continue;
        };
        // The people fill what this file lacks and never erase (only a purge does): each
        // desk's copy may be behind another's. A volunteer goes with a volunteer's claim.
        let volunteer = w.volunteer.as_ref().filter(|_| wish.by_volunteer);
        if w.name.is_none() && w.phone.is_none() && w.address.is_none() && volunteer.is_none() {
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO wish_people (wish_id, name, phone, address, volunteer) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (wish_id) DO UPDATE SET \
             name = coalesce(name, excluded.name), phone = coalesce(phone, excluded.phone), \
             address = coalesce(address, excluded.address), \
             volunteer = coalesce(volunteer, excluded.volunteer)",
        )?
        .execute(params![w.id, w.name, w.phone, w.address, volunteer])?;
    }
    Ok(taken)
}

/// At a station: takes the home's copy of the station's wishes (from a reference or a
/// recovery bundle, checked by the bundle layer), each event under the desk it names.
pub(super) fn take_home_wishes(
    tx: &Transaction<'_>,
    desks: &[crate::domain::wire::WireDesk],
    wishes: &[WireWish],
) -> Result<WishesTaken> {
    if wishes.is_empty() {
        return Ok(WishesTaken::default());
    }
    let mut rows = HashMap::new();
    for d in desks {
        rows.insert(d.uuid, super::home_copy::desk_row(tx, d)?);
    }
    apply_wishes(tx, wishes, &Writers::Listed(&rows))
}
