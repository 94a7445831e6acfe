//! Trust between desks, as this file keeps it: at the home, which desks it approved (by the
//! fingerprint each desk shows), which it refused or retired; at a station, the fingerprint
//! of its home its operator typed. Every decision is one transaction that also appends to
//! `trust_log`. The bundles that wait for a decision are in [`super::waiting`].

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::Store;
use super::bundle::{DESK_COLUMNS, KnownDesk, SignerDesk, known_desk_from_row};
use super::error::{Result, StoreError};
use super::origin::origin;
use super::rows::datetime_text;
use crate::domain::desk::MAX_DESK_NUMBER;
use crate::domain::fingerprint::Fingerprint;
use crate::domain::station::StationKind;
use crate::domain::trust::{DeskName, DeskTrust, Place, Refusal, TrustEvent, Waiting};

/// What the home makes of the desk that signed an events bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// Approved: the bundle is checked and applied. A retired desk's events count up to its
    /// last place only.
    Trusted { retired_after: Option<Place> },
    /// Not (yet) trusted: the bundle waits aside, for this reason.
    Wait(Waiting),
}

/// A fingerprint approved (or refused) before any bundle of its desk arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDecision {
    pub fingerprint: String,
    pub station: String,
    pub number: u32,
    pub approved: bool,
    pub at: String,
}

pub(super) fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub(super) fn trust_of(conn: &Connection, row: i64) -> Result<(DeskTrust, Option<Place>)> {
    let (trust, epoch, seq): (String, Option<u32>, Option<i64>) = conn.query_row(
        "SELECT trust, retired_epoch, retired_seq FROM desks WHERE id = ?1",
        [row],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let trust = trust
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("desk {row}: trust `{trust}`")))?;
    let after = epoch.zip(seq).map(|(epoch, seq)| Place { epoch, seq });
    Ok((trust, after))
}

pub(super) fn desk_by_uuid(conn: &Connection, uuid: Uuid) -> Result<Option<KnownDesk>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {DESK_COLUMNS} FROM desks WHERE uuid = ?1"))?
        .query_row([uuid], known_desk_from_row)
        .optional()?)
}

pub(super) fn desks_of_station(conn: &Connection, station: &str) -> Result<Vec<KnownDesk>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {DESK_COLUMNS} FROM desks WHERE station = ?1 ORDER BY number, id"
    ))?;
    let rows = stmt.query_map([station], known_desk_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The desk of this file that holds a key with this fingerprint, if any.
pub(super) fn desk_with_fingerprint(
    conn: &Connection,
    fp: &Fingerprint,
) -> Result<Option<KnownDesk>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {DESK_COLUMNS} FROM desks WHERE public_key IS NOT NULL"
    ))?;
    let rows = stmt.query_map([], known_desk_from_row)?;
    for row in rows {
        let d = row?;
        if d.key.is_some_and(|k| Fingerprint::of(&k) == *fp) {
            return Ok(Some(d));
        }
    }
    Ok(None)
}

pub(super) fn decision(conn: &Connection, fp: &Fingerprint) -> Result<Option<KeyDecision>> {
    Ok(conn
        .prepare_cached(
            "SELECT fingerprint, station, number, decision, at FROM key_decisions WHERE fingerprint = ?1",
        )?
        .query_row([fp.digits()], key_decision_from_row)
        .optional()?)
}

pub(super) fn key_decision_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KeyDecision> {
    let decision: String = r.get(3)?;
    Ok(KeyDecision {
        fingerprint: r.get(0)?,
        station: r.get(1)?,
        number: r.get(2)?,
        approved: decision == "approved",
        at: r.get(4)?,
    })
}

/// A desk's fingerprint as operators read it, or `from before desks` when it has no key yet.
pub(super) fn shown(key: Option<[u8; 32]>) -> String {
    key.map(|k| Fingerprint::of(&k).to_string())
        .unwrap_or_else(|| "—".into())
}

/// Refuses a desk number of the station that another desk holds here: numbers go into case
/// numbers, so even a retired desk's number is never given again.
pub(super) fn refuse_taken_number(
    conn: &Connection,
    station: &str,
    number: u32,
    fp: &Fingerprint,
    except: Option<i64>,
    approving: bool,
) -> Result<()> {
    let desks = desks_of_station(conn, station)?;
    let Some(holder) = desks
        .iter()
        .find(|d| d.number == number && Some(d.row) != except && d.key.is_some())
    else {
        return Ok(());
    };
    let (trust, _) = trust_of(conn, holder.row)?;
    if trust == DeskTrust::Refused {
        return Ok(());
    }
    let desk = DeskName::new(station, number);
    if approving && trust == DeskTrust::Approved {
        return Err(Refusal::ApprovedWithOther {
            desk,
            fingerprint: shown(holder.key),
        }
        .into());
    }
    let free = (1..=MAX_DESK_NUMBER)
        .find(|n| !desks.iter().any(|d| d.number == *n))
        .unwrap_or(MAX_DESK_NUMBER);
    Err(Refusal::NumberTaken {
        desk,
        holder_fingerprint: shown(holder.key),
        fingerprint: fp.to_string(),
        free,
    }
    .into())
}

/// Judges the desk that signed a bundle (see [`Store::judge_desk`]).
fn judge(
    conn: &Connection,
    own: i64,
    s: &SignerDesk,
    announced: &dyn Fn(&[u8; 32]) -> bool,
) -> Result<Judgement> {
    let fp = Fingerprint::of(&s.key);
    let claims = DeskName::new(&s.station, s.number);
    if let Some(known) = desk_by_uuid(conn, s.uuid)? {
        if known.row == own {
            return Err(StoreError::Invalid(
                "this bundle was written by this desk itself; nothing was changed".into(),
            ));
        }
        if known.station != s.station {
            return Err(StoreError::Invalid(format!(
                "desk {} is known here for station {}, but the bundle says {}; nothing was changed",
                s.uuid, known.station, s.station
            )));
        }
        let (trust, after) = trust_of(conn, known.row)?;
        let desk = DeskName::new(&known.station, known.number);
        return match known.key {
            Some(k) if k == s.key => match trust {
                DeskTrust::Approved => Ok(Judgement::Trusted {
                    retired_after: None,
                }),
                DeskTrust::Retired => Ok(Judgement::Trusted {
                    retired_after: Some(after.unwrap_or(Place { epoch: 1, seq: 0 })),
                }),
                DeskTrust::ToConfirm => Ok(Judgement::Wait(Waiting::ToConfirm {
                    desk,
                    fingerprint: fp.to_string(),
                })),
                DeskTrust::Refused => Err(Refusal::RefusedKey {
                    desk,
                    fingerprint: fp.to_string(),
                }
                .into()),
                DeskTrust::Known => Ok(Judgement::Wait(Waiting::NewDesk {
                    desk: claims,
                    fingerprint: fp.to_string(),
                })),
            },
            Some(k) if announced(&k) => match trust {
                DeskTrust::Retired => Err(Refusal::Retired { desk }.into()),
                DeskTrust::Refused => Err(Refusal::RefusedKey {
                    desk,
                    fingerprint: fp.to_string(),
                }
                .into()),
                _ => Ok(Judgement::Wait(Waiting::Rekey {
                    desk: claims,
                    fingerprint: fp.to_string(),
                    previous: Fingerprint::of(&k).to_string(),
                })),
            },
            Some(k) => Err(Refusal::ForeignKey {
                desk,
                approved: Fingerprint::of(&k).to_string(),
                found: fp.to_string(),
            }
            .into()),
            None => Ok(Judgement::Wait(Waiting::ToConfirm {
                desk,
                fingerprint: fp.to_string(),
            })),
        };
    }
    if let Some(d) = decision(conn, &fp)? {
        let approved_as = DeskName::new(&d.station, d.number);
        if !d.approved {
            return Err(Refusal::RefusedKey {
                desk: claims,
                fingerprint: fp.to_string(),
            }
            .into());
        }
        if approved_as != claims {
            return Err(Refusal::ApprovedAsOther {
                fingerprint: fp.to_string(),
                approved: approved_as,
                claims,
            }
            .into());
        }
        if legacy_desk(conn, &s.station, s.number)?.is_none() {
            refuse_taken_number(conn, &s.station, s.number, &fp, None, false)?;
        }
        return Ok(Judgement::Trusted {
            retired_after: None,
        });
    }
    if legacy_desk(conn, &s.station, s.number)?.is_some() {
        return Ok(Judgement::Wait(Waiting::ToConfirm {
            desk: claims,
            fingerprint: fp.to_string(),
        }));
    }
    refuse_taken_number(conn, &s.station, s.number, &fp, None, false)?;
    Ok(Judgement::Wait(Waiting::NewDesk {
        desk: claims,
        fingerprint: fp.to_string(),
    }))
}

/// The station's desk from before desks, whose key the home has not seen yet.
pub(super) fn legacy_desk(conn: &Connection, station: &str, number: u32) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM desks WHERE station = ?1 AND number = ?2 AND public_key IS NULL \
             AND trust IN ('to_confirm', 'known') ORDER BY id LIMIT 1",
        )?
        .query_row(params![station, number], |r| r.get(0))
        .optional()?)
}

pub(super) fn log_trust(
    conn: &Connection,
    what: TrustEvent,
    desk: &DeskName,
    fp: &str,
    detail: &str,
    actor: &str,
    now: NaiveDateTime,
) -> Result<()> {
    conn.execute(
        "INSERT INTO trust_log (at, actor, what, station, number, fingerprint, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            datetime_text(now),
            super::write::clean_actor(actor),
            what.as_str(),
            desk.station,
            desk.number,
            fp,
            detail
        ],
    )?;
    Ok(())
}

/// The desk row an approved desk's bundle goes under, inside the import's transaction: the
/// desk approved by its id, or enrolled now from an approval given before its first bundle
/// (binding a desk from before desks to its key). A desk that changed its number (`desk
/// renumber`) keeps its row under the new number.
pub(super) fn trusted_desk(
    tx: &Transaction<'_>,
    own: i64,
    s: &SignerDesk,
    now: NaiveDateTime,
) -> Result<(i64, Option<super::Enrolment>)> {
    let no = |_: &[u8; 32]| false;
    match judge(tx, own, s, &no)? {
        Judgement::Trusted { .. } => {}
        Judgement::Wait(w) => {
            return Err(StoreError::Invalid(format!(
                "the desk's standing changed meanwhile ({w}); import the bundle again"
            )));
        }
    }
    let fp = Fingerprint::of(&s.key);
    if let Some(known) = desk_by_uuid(tx, s.uuid)? {
        if known.number == s.number {
            return Ok((known.row, None));
        }
        refuse_taken_number(tx, &s.station, s.number, &fp, Some(known.row), false)?;
        tx.execute(
            "UPDATE desks SET number = ?1 WHERE id = ?2",
            params![s.number, known.row],
        )?;
        super::desk::log(
            tx,
            known.row,
            "renumbered",
            &format!("desk {} → desk {}", known.number, s.number),
            now,
        )?;
        return Ok((
            known.row,
            Some(super::Enrolment::Renumbered { from: known.number }),
        ));
    }
    let row = enrol(tx, s, now)?;
    tx.execute(
        "DELETE FROM key_decisions WHERE fingerprint = ?1",
        [fp.digits()],
    )?;
    Ok((row, Some(super::Enrolment::Approved)))
}

/// Gives an approved desk its row: the station's desk from before desks if there is one
/// (its outbox goes on), else a new one.
pub(super) fn enrol(tx: &Transaction<'_>, s: &SignerDesk, now: NaiveDateTime) -> Result<i64> {
    let fp = Fingerprint::of(&s.key);
    let detail = format!("{} desk {}, key {fp}", s.station, s.number);
    if let Some(legacy) = legacy_desk(tx, &s.station, s.number)? {
        tx.execute(
            "UPDATE desks SET uuid = ?1, public_key = ?2, enrolled_at = ?3, trust = 'approved' \
             WHERE id = ?4",
            params![s.uuid, s.key.as_slice(), datetime_text(now), legacy],
        )?;
        super::desk::log(
            tx,
            legacy,
            "enrolled",
            &format!("{detail} (from before desks)"),
            now,
        )?;
        return Ok(legacy);
    }
    tx.execute(
        "INSERT INTO desks (uuid, station, number, public_key, enrolled_at, trust) \
         VALUES (?1, ?2, ?3, ?4, ?5, 'approved')",
        params![
            s.uuid,
            s.station,
            s.number,
            s.key.as_slice(),
            datetime_text(now)
        ],
    )?;
    let row = tx.last_insert_rowid();
    super::desk::log(tx, row, "enrolled", &detail, now)?;
    Ok(row)
}

impl Store {
    /// Whether this file is the home's.
    pub fn is_home(&self) -> Result<bool> {
        Ok(self.desk()?.kind == StationKind::Home)
    }

    /// What the home makes of the desk that signed a bundle: trusted, waiting (and why), or
    /// refused. `announced` says whether the bundle's signing key was announced under a given
    /// key (a rekey). Nothing is written.
    pub fn judge_desk(
        &self,
        s: &SignerDesk,
        announced: &dyn Fn(&[u8; 32]) -> bool,
    ) -> Result<Judgement> {
        let own = origin(&self.conn, &self.path)?;
        judge(&self.conn, own.desk, s, announced)
    }
}
