//! This file's desk: its id, number, epoch and signing key, and the desks it has heard of.
//!
//! The private key lives in the file (`meta`), which is private to its owner: it leaves the
//! file's directory only inside backups of the file. Bundles carry the public key and a
//! signature, never the private key.

use chrono::NaiveDateTime;
use ed25519_dalek::SigningKey;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::error::{Result, StoreError};
use super::origin::origin;
use super::rows::datetime_text;
use super::write::Writer;
use crate::domain::case::CaseId;
use crate::domain::desk::{DeskTag, MAX_DESK_NUMBER, MAX_EPOCH, key_fingerprint};
use crate::domain::digest::{hex, unhex};
use crate::domain::event::EventBody;
use crate::domain::number::{case_number, parse_case_number};

/// Who this desk is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskIdentity {
    /// The row in `desks` that this desk's events point at.
    pub row: i64,
    pub uuid: Uuid,
    pub station: String,
    pub number: u32,
    pub epoch: u32,
    pub public_key: [u8; 32],
}

impl DeskIdentity {
    pub fn tag(&self) -> DeskTag {
        DeskTag {
            desk: self.number,
            epoch: self.epoch,
        }
    }

    pub fn fingerprint(&self) -> String {
        key_fingerprint(&self.public_key)
    }
}

/// A case given a new number when its desk was renumbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenumberedCase {
    pub previous: String,
    pub number: String,
}

/// A new key's secret half, from the operating system's random numbers.
pub(super) fn new_secret() -> Result<[u8; 32]> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| StoreError::Io {
        context: "cannot draw random numbers for the desk's key".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(secret)
}

fn meta_value(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The id a desk from before desks takes: derived from what its file and every copy of it
/// share (the station and the moment the file was set up).
fn legacy_desk_id(station: &str, created_at: &str) -> Uuid {
    let digest = crate::domain::digest::sha256_hex(
        format!("liaison desk from before desks\n{station}\n{created_at}").as_bytes(),
    );
    let bytes = unhex::<16>(&digest[..32]).expect("hex digits");
    Uuid::new_v8(bytes)
}

/// Makes this file's desk: a new id and key pair, number `number` of `station`, epoch 1.
pub(super) fn create_desk(
    tx: &Transaction<'_>,
    station: &str,
    number: u32,
    now: NaiveDateTime,
) -> Result<i64> {
    check_number(number)?;
    let secret = new_secret()?;
    let public = SigningKey::from_bytes(&secret).verifying_key().to_bytes();
    tx.execute(
        "INSERT INTO desks (uuid, station, number, public_key, enrolled_at, trust) \
         VALUES (?1, ?2, ?3, ?4, ?5, 'approved')",
        params![
            Uuid::now_v7(),
            station,
            number,
            public.as_slice(),
            datetime_text(now)
        ],
    )?;
    let row = tx.last_insert_rowid();
    set_meta(tx, "desk", &row.to_string())?;
    set_meta(tx, "epoch", "1")?;
    set_meta(tx, "desk_secret", &hex(&secret))?;
    log(
        tx,
        row,
        "created",
        &format!("desk {number} of {station}"),
        now,
    )?;
    Ok(row)
}

fn check_number(number: u32) -> Result<()> {
    if (1..=MAX_DESK_NUMBER).contains(&number) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "desk numbers run from 1 to {MAX_DESK_NUMBER}, not {number}"
        )))
    }
}

pub(super) fn log(
    conn: &Connection,
    desk: i64,
    what: &str,
    detail: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.execute(
        "INSERT INTO desk_log (at, desk, what, detail) VALUES (?1, ?2, ?3, ?4)",
        params![datetime_text(now), desk, what, detail],
    )?;
    Ok(())
}

impl Store {
    /// This desk: id, station, number, epoch and public key.
    pub fn desk_identity(&self) -> Result<DeskIdentity> {
        let origin = origin(&self.conn, &self.path)?;
        let (uuid, station, key): (Uuid, String, Option<Vec<u8>>) = self.conn.query_row(
            "SELECT uuid, station, public_key FROM desks WHERE id = ?1",
            [origin.desk],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let public_key = key
            .and_then(|k| <[u8; 32]>::try_from(k.as_slice()).ok())
            .ok_or_else(|| StoreError::Corrupt("the desk's public key is missing".into()))?;
        Ok(DeskIdentity {
            row: origin.desk,
            uuid,
            station,
            number: origin.tag.desk,
            epoch: origin.epoch,
            public_key,
        })
    }

    /// The desk's signing key, for bundles. Never written anywhere else.
    pub fn signing_key(&self) -> Result<SigningKey> {
        let secret = meta_value(&self.conn, "desk_secret")?
            .and_then(|s| unhex::<32>(&s))
            .ok_or_else(|| StoreError::Corrupt("the desk's signing key is missing".into()))?;
        Ok(SigningKey::from_bytes(&secret))
    }

    /// Gives a desk from before desks its key pair, once, when the upgraded file is first
    /// opened. A file without a desk (not initialised) is left alone.
    pub(super) fn ensure_desk_key(&mut self) -> Result<()> {
        if meta_value(&self.conn, "desk")?.is_none()
            || meta_value(&self.conn, "desk_secret")?.is_some()
        {
            return Ok(());
        }
        let secret = new_secret()?;
        let public = SigningKey::from_bytes(&secret).verifying_key().to_bytes();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have made it meanwhile.
        if meta_value(&tx, "desk_secret")?.is_none() {
            let desk: i64 = meta_value(&tx, "desk")?
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| StoreError::Corrupt("the desk's row is not a number".into()))?;
            set_meta(&tx, "desk_secret", &hex(&secret))?;
            tx.execute(
                "UPDATE desks SET public_key = ?1 WHERE id = ?2",
                params![public.as_slice(), desk],
            )?;
            // The file and every backup of it upgrade to the same desk id, so that a backup
            // from before desks is recognised as this desk's past when it is restored.
            let station = meta_value(&tx, "station")?.unwrap_or_default();
            let created = meta_value(&tx, "created_at")?.unwrap_or_default();
            tx.execute(
                "UPDATE desks SET uuid = ?1 WHERE id = ?2",
                params![legacy_desk_id(&station, &created), desk],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes `identity` (id, number and key) as this file's desk: a backup from before desks,
    /// just restored and upgraded, is the past of the desk it was restored into.
    pub(super) fn adopt_identity(
        &mut self,
        identity: &DeskIdentity,
        secret: &[u8; 32],
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let me = origin(&tx, &self.path)?;
        tx.execute(
            "UPDATE desks SET uuid = ?1, number = ?2, public_key = ?3 WHERE id = ?4",
            params![
                identity.uuid,
                identity.number,
                identity.public_key.as_slice(),
                me.desk
            ],
        )?;
        set_meta(&tx, "desk_secret", &hex(secret))?;
        tx.commit()?;
        Ok(())
    }

    /// The highest epoch this desk's events carry (0 for none).
    pub fn highest_own_epoch(&self) -> Result<u32> {
        let desk = origin(&self.conn, &self.path)?;
        let found: Option<u32> = self.conn.query_row(
            "SELECT max(epoch) FROM case_events WHERE desk = ?1",
            [desk.desk],
            |r| r.get(0),
        )?;
        Ok(found.unwrap_or(0).max(desk.epoch))
    }

    /// Starts a new epoch: numbers and outbox sequences continue in a range no earlier
    /// timeline of this desk used.
    pub fn start_epoch(&mut self, epoch: u32, why: &str, now: NaiveDateTime) -> Result<()> {
        if !(1..=MAX_EPOCH).contains(&epoch) {
            return Err(StoreError::Invalid(format!(
                "this desk has used all {MAX_EPOCH} epochs; set up a new desk with `liaison init --desk N`"
            )));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = origin(&tx, &self.path)?;
        set_meta(&tx, "epoch", &epoch.to_string())?;
        log(
            &tx,
            current.desk,
            "epoch",
            &format!(
                "epoch {} after {}",
                crate::domain::desk::epoch_letters(epoch),
                why
            ),
            now,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Gives this desk another number within its station (a reinstalled PC or a second desk
    /// set up without `--desk`, as the home's refusal says). The cases it registered under
    /// its old number take numbers of the new one, each by a `renumbered` event (the old
    /// number stays in the log and still finds the case), and the next export sends the
    /// whole outbox again, since the home refused it under the old number.
    pub fn renumber_desk(
        &mut self,
        number: u32,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<Vec<RenumberedCase>> {
        check_number(number)?;
        let me = self.desk_identity()?;
        if number == me.number {
            return Err(StoreError::Invalid(format!(
                "this desk is number {number} already; nothing was changed"
            )));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE desks SET number = ?1 WHERE id = ?2",
            params![number, me.row],
        )?;
        tx.execute(
            "UPDATE desk_progress SET exported = 0 WHERE desk = ?1",
            [me.row],
        )?;
        log(
            &tx,
            me.row,
            "renumbered",
            &format!("desk {} → desk {number}", me.number),
            now,
        )?;
        let moved = cases_to_renumber(&tx, me.row, me.number)?
            .into_iter()
            .filter_map(|(id, previous)| {
                let p = parse_case_number(&previous)?;
                let tag = DeskTag::new(number, p.tag.epoch)?;
                let next = case_number(p.station, p.day, tag, p.counter);
                Some((
                    id,
                    RenumberedCase {
                        previous,
                        number: next,
                    },
                ))
            })
            .collect::<Vec<_>>();
        {
            let origin = origin(&tx, &self.path)?;
            let actor = super::write::clean_actor(actor);
            let writer = Writer {
                tx: &tx,
                origin,
                station: &me.station,
                actor: &actor,
                now: super::rows::whole_seconds(now),
            };
            for (id, r) in &moved {
                writer.record(
                    *id,
                    vec![EventBody::Renumbered {
                        number: r.number.clone(),
                        previous: r.previous.clone(),
                    }],
                )?;
            }
        }
        tx.commit()?;
        Ok(moved.into_iter().map(|(_, r)| r).collect())
    }

    /// A case by a number it had before a renumbering.
    pub(super) fn case_by_former_number(&self, number: &str) -> Result<Option<CaseId>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT case_id FROM case_events WHERE kind = 'renumbered' \
                 AND payload ->> '$.previous' = ?1 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([number], |r| r.get(0))
            .optional()?)
    }
}

/// Cases this desk registered and still owns whose number carries its old desk number.
fn cases_to_renumber(tx: &Transaction<'_>, desk: i64, old: u32) -> Result<Vec<(CaseId, String)>> {
    let mut stmt = tx.prepare(
        "SELECT c.id, c.number FROM case_events e JOIN cases c ON c.id = e.case_id \
         WHERE e.desk = ?1 AND e.kind = 'registered' ORDER BY e.seq",
    )?;
    let rows = stmt
        .query_map([desk], |r| {
            Ok((r.get::<_, CaseId>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for (id, number) in rows {
        let owned = super::owner::case_owner(tx, id)?.is_none_or(|o| o.row == Some(desk));
        if owned && parse_case_number(&number).is_some_and(|p| p.tag.desk == old) {
            out.push((id, number));
        }
    }
    Ok(out)
}
