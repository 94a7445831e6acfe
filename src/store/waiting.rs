//! Bundles that wait for trust: a desk's bundle the home has not approved yet, a home's
//! bundle a station has not confirmed. Kept as read from the stick (the manifest's text and
//! every file's), aside from the case data, in a store with a cap on how many and how much:
//! a stranger can fill it, never the case data, and never past the cap. A waiting bundle is
//! checked again in full when its turn comes, and deleted once applied or refused.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::bundle::SignerDesk;
use super::error::Result;
use super::rows::datetime_text;
use crate::domain::fingerprint::Fingerprint;
use crate::domain::trust::DeskName;

/// At most this many bundles wait at once.
pub const WAITING_MAX_BUNDLES: usize = 64;
/// At most this many bytes of bundles wait at once.
pub const WAITING_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// A bundle to keep until its signer is trusted.
pub struct ToKeep<'a> {
    /// `events`, `reference` or `recovery`.
    pub kind: &'a str,
    pub signer: &'a SignerDesk,
    pub name: &'a str,
    pub ranges: &'a str,
    /// Where its events start (epoch, sequence), to apply a desk's bundles in order.
    pub first: (u32, i64),
    pub manifest: &'a str,
    pub files: &'a BTreeMap<String, String>,
}

/// What keeping a bundle did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Kept,
    /// The same bundle was waiting already.
    Already,
    /// The store is full: it was not kept.
    Full {
        count: usize,
        bytes: u64,
    },
}

/// A waiting bundle, as `desk list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingBundle {
    pub id: i64,
    pub kind: String,
    pub fingerprint: String,
    pub desk: Uuid,
    pub station: String,
    pub number: u32,
    pub name: String,
    pub ranges: String,
    pub bytes: u64,
    pub received_at: String,
}

fn size(b: &ToKeep<'_>) -> u64 {
    (b.manifest.len() + b.files.values().map(String::len).sum::<usize>()) as u64
}

/// The desk the waiting bundles of a fingerprint say they come from.
pub(super) fn claim_of(conn: &Connection, fp: &Fingerprint) -> Result<Option<DeskName>> {
    Ok(signer_of(conn, fp)?.map(|s| DeskName::new(&s.station, s.number)))
}

/// The signer of the waiting events bundles of a fingerprint (the first one kept).
pub(super) fn signer_of(conn: &Connection, fp: &Fingerprint) -> Result<Option<SignerDesk>> {
    Ok(conn
        .prepare_cached(
            "SELECT desk, station, number, key FROM waiting_bundles \
             WHERE fingerprint = ?1 AND kind = 'events' ORDER BY id LIMIT 1",
        )?
        .query_row([fp.digits()], |r| {
            let key: Vec<u8> = r.get(3)?;
            Ok(SignerDesk {
                uuid: r.get(0)?,
                station: r.get(1)?,
                number: r.get(2)?,
                key: <[u8; 32]>::try_from(key.as_slice()).unwrap_or([0; 32]),
            })
        })
        .optional()?)
}

impl Store {
    /// Keeps a bundle until its signer is trusted, unless the store is full.
    pub fn keep_waiting(&mut self, b: &ToKeep<'_>, now: NaiveDateTime) -> Result<Kept> {
        let bytes = size(b);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let here: Option<i64> = tx
            .query_row(
                "SELECT id FROM waiting_bundles WHERE manifest = ?1",
                [b.manifest],
                |r| r.get(0),
            )
            .optional()?;
        if here.is_some() {
            return Ok(Kept::Already);
        }
        let (count, total): (i64, i64) = tx.query_row(
            "SELECT count(*), coalesce(sum(bytes), 0) FROM waiting_bundles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if count as usize >= WAITING_MAX_BUNDLES || total as u64 + bytes > WAITING_MAX_BYTES {
            return Ok(Kept::Full {
                count: count as usize,
                bytes: total as u64,
            });
        }
        let fp = Fingerprint::of(&b.signer.key);
        tx.execute(
            "INSERT INTO waiting_bundles (kind, fingerprint, key, desk, station, number, name, \
               ranges, first_epoch, first_seq, manifest, bytes, received_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                b.kind,
                fp.digits(),
                b.signer.key.as_slice(),
                b.signer.uuid,
                b.signer.station,
                b.signer.number,
                b.name,
                b.ranges,
                b.first.0,
                b.first.1,
                b.manifest,
                bytes as i64,
                datetime_text(now)
            ],
        )?;
        let id = tx.last_insert_rowid();
        for (name, content) in b.files {
            tx.execute(
                "INSERT INTO waiting_files (bundle, name, content) VALUES (?1, ?2, ?3)",
                params![id, name, content],
            )?;
        }
        tx.commit()?;
        Ok(Kept::Kept)
    }

    /// Every waiting bundle, a desk's in the order of its sequences.
    pub fn waiting_bundles(&self) -> Result<Vec<WaitingBundle>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, fingerprint, desk, station, number, name, ranges, bytes, received_at \
             FROM waiting_bundles ORDER BY station, number, fingerprint, first_epoch, first_seq, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(WaitingBundle {
                id: r.get(0)?,
                kind: r.get(1)?,
                fingerprint: r.get(2)?,
                desk: r.get(3)?,
                station: r.get(4)?,
                number: r.get(5)?,
                name: r.get(6)?,
                ranges: r.get(7)?,
                bytes: r.get::<_, i64>(8)? as u64,
                received_at: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A waiting bundle's manifest text and files, to check and apply it.
    pub fn waiting_contents(&self, id: i64) -> Result<Option<(String, BTreeMap<String, String>)>> {
        let manifest: Option<String> = self
            .conn
            .query_row(
                "SELECT manifest FROM waiting_bundles WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(manifest) = manifest else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare("SELECT name, content FROM waiting_files WHERE bundle = ?1")?;
        let files = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some((manifest, files)))
    }

    /// Deletes a waiting bundle (applied, or refused when its turn came).
    pub fn drop_waiting(&mut self, id: i64) -> Result<()> {
        // Its residents' data is overwritten with zeros (`secure_delete`, always on).
        self.conn
            .execute("DELETE FROM waiting_bundles WHERE id = ?1", [id])?;
        Ok(())
    }
}
