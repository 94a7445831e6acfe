//! The home enrols the desks that send it bundles: trust on first use, then the same key
//! every time; one number per desk within its station.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};

use super::bundle::{DESK_COLUMNS, Enrolment, EventsBundle, KnownDesk, known_desk_from_row};
use super::desk::log;
use super::error::{Result, StoreError};
use super::rows::datetime_text;
use crate::domain::desk::key_fingerprint;

/// The desk row a station bundle's events go under, enrolling the desk first if it is new.
/// A desk that claims a number another enrolled desk of its station holds is refused, with
/// what to do on the desk that wrote the bundle.
pub(super) fn enrol(
    tx: &Transaction<'_>,
    own_desk: i64,
    b: &EventsBundle,
    now: NaiveDateTime,
) -> Result<(i64, Option<Enrolment>)> {
    let s = &b.signer;
    let fp = key_fingerprint(&s.key);
    let by_uuid: Option<KnownDesk> = tx
        .prepare_cached(&format!("SELECT {DESK_COLUMNS} FROM desks WHERE uuid = ?1"))?
        .query_row([s.uuid], known_desk_from_row)
        .optional()?;
    if let Some(known) = by_uuid {
        if known.row == own_desk {
            return Err(StoreError::Invalid(
                "this bundle was written by this desk itself; nothing was changed".into(),
            ));
        }
        if known.station != s.station {
            return Err(StoreError::Invalid(format!(
                "desk {} is enrolled here for station {}, but the bundle says {}; nothing was changed",
                s.uuid, known.station, s.station
            )));
        }
        match known.key {
            Some(k) if k != s.key => {
                return Err(StoreError::Invalid(format!(
                    "the bundle is signed by a key other than the one enrolled for {} desk {} \
                     ({}): enrolled key {}, bundle's key {fp}; it was not written by that desk, \
                     nothing was changed",
                    known.station,
                    known.number,
                    s.uuid,
                    key_fingerprint(&k)
                )));
            }
            Some(_) => {}
            None => {
                tx.execute(
                    "UPDATE desks SET public_key = ?1, enrolled_at = ?2 WHERE id = ?3",
                    params![s.key.as_slice(), datetime_text(now), known.row],
                )?;
            }
        }
        if known.number == s.number {
            return Ok((known.row, None));
        }
        refuse_taken_number(tx, b, Some(known.row))?;
        tx.execute(
            "UPDATE desks SET number = ?1 WHERE id = ?2",
            params![s.number, known.row],
        )?;
        log(
            tx,
            known.row,
            "renumbered",
            &format!("desk {} → desk {}", known.number, s.number),
            now,
        )?;
        return Ok((
            known.row,
            Some(Enrolment::Renumbered { from: known.number }),
        ));
    }
    // A desk from before desks, not yet enrolled, whose outbox this bundle continues.
    if let Some(legacy) = upgraded_desk(tx, b)? {
        tx.execute(
            "UPDATE desks SET uuid = ?1, public_key = ?2, enrolled_at = ?3 WHERE id = ?4",
            params![s.uuid, s.key.as_slice(), datetime_text(now), legacy],
        )?;
        log(
            tx,
            legacy,
            "enrolled",
            &format!("{} desk {} (upgraded), key {fp}", s.station, s.number),
            now,
        )?;
        return Ok((legacy, Some(Enrolment::Upgraded)));
    }
    refuse_taken_number(tx, b, None)?;
    tx.execute(
        "INSERT INTO desks (uuid, station, number, public_key, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![s.uuid, s.station, s.number, s.key.as_slice(), datetime_text(now)],
    )?;
    let row = tx.last_insert_rowid();
    log(
        tx,
        row,
        "enrolled",
        &format!("{} desk {}, key {fp}", s.station, s.number),
        now,
    )?;
    Ok((row, Some(Enrolment::New)))
}

/// The unenrolled desk 1 of the station, when the bundle continues its outbox: it starts
/// right after what the home applied of it, or repeats events the home has from it.
fn upgraded_desk(tx: &Transaction<'_>, b: &EventsBundle) -> Result<Option<i64>> {
    let legacy: Option<i64> = tx
        .query_row(
            "SELECT id FROM desks WHERE station = ?1 AND number = ?2 AND public_key IS NULL \
             ORDER BY id LIMIT 1",
            params![b.signer.station, b.signer.number],
            |r| r.get(0),
        )
        .optional()?;
    let Some(row) = legacy else {
        return Ok(None);
    };
    let applied: i64 = tx
        .query_row(
            "SELECT coalesce(max(applied), 0) FROM desk_progress WHERE desk = ?1 AND epoch = 1",
            [row],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    if applied == 0 {
        return Ok(Some(row));
    }
    let Some(first) = b.events.iter().find(|e| e.epoch == 1) else {
        return Ok(None);
    };
    if first.seq == applied + 1 {
        return Ok(Some(row));
    }
    let same: Option<uuid::Uuid> = tx
        .query_row(
            "SELECT id FROM case_events WHERE desk = ?1 AND epoch = 1 AND desk_seq = ?2",
            params![row, first.seq],
            |r| r.get(0),
        )
        .optional()?;
    Ok((same == Some(first.id)).then_some(row))
}

/// Refuses a desk number that another desk of the station holds here, naming both desks and
/// the remedy with the next free number.
fn refuse_taken_number(tx: &Transaction<'_>, b: &EventsBundle, except: Option<i64>) -> Result<()> {
    let s = &b.signer;
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {DESK_COLUMNS} FROM desks WHERE station = ?1"
    ))?;
    let desks: Vec<KnownDesk> = stmt
        .query_map([&s.station], known_desk_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let Some(holder) = desks
        .iter()
        .find(|d| d.number == s.number && Some(d.row) != except)
    else {
        return Ok(());
    };
    let free = (1..=crate::domain::desk::MAX_DESK_NUMBER)
        .find(|n| !desks.iter().any(|d| d.number == *n))
        .unwrap_or(crate::domain::desk::MAX_DESK_NUMBER);
    let holder_key = holder
        .key
        .map(|k| key_fingerprint(&k))
        .unwrap_or_else(|| "from before desks".into());
    Err(StoreError::Invalid(format!(
        "{station} desk {number} is enrolled here as {held} (key {holder_key}); this bundle comes \
         from another desk, {uuid} (key {fp}), that also calls itself {station} desk {number}: \
         a reinstalled PC, or a second desk set up without --desk. Nothing was imported.\n  \
         On the desk that wrote it, run `liaison desk renumber --desk {free}` ({free} is the \
         next free number of {station} here; its cases take desk {free}'s numbers and their \
         receipts are listed for reprinting), then `liaison bundle export --all --out DIR` and \
         import that bundle here.",
        station = s.station,
        number = s.number,
        held = holder.uuid,
        uuid = s.uuid,
        fp = key_fingerprint(&s.key),
    )))
}
