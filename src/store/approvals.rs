//! The home's decisions on desks, each one transaction recorded in `trust_log`: approving a
//! desk by the fingerprint it shows (before or after its first bundle, confirming one an
//! older liaison enrolled on sight, taking an announced new key), refusing one, retiring a
//! lost one.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::Store;
use super::error::Result;
use super::origin::origin;
use super::rows::datetime_text;
use super::trust::{
    desk_by_uuid, desk_with_fingerprint, desks_of_station, enrol, legacy_desk, log_trust,
    refuse_taken_number, shown, trust_of,
};
use crate::domain::fingerprint::Fingerprint;
use crate::domain::station::StationKind;
use crate::domain::trust::{DeskName, DeskTrust, Place, Refusal, TrustEvent};

/// What an approval did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approval {
    /// Approved before its first bundle: its bundles apply as they come.
    Ahead,
    /// A desk whose bundles waited, now approved.
    Approved,
    /// A desk an older liaison had enrolled on sight, now confirmed.
    Confirmed,
    /// An approved desk's new key.
    Rekeyed { previous: String },
    /// Approved already, with this fingerprint: nothing changed.
    Already,
}

impl Store {
    fn home_only(&self) -> Result<()> {
        if self.is_home()? {
            Ok(())
        } else {
            Err(Refusal::OnlyAtHome.into())
        }
    }

    fn check_station(&self, station: &str) -> Result<()> {
        match self.station(station)? {
            Some(s) if s.kind != StationKind::Home => Ok(()),
            _ => Err(Refusal::NotAStation {
                code: station.to_string(),
            }
            .into()),
        }
    }

    /// Approves, at the home, the desk `number` of `station` by the fingerprint it shows,
    /// before or after its first bundle: a desk whose bundles wait, a desk to confirm, a new
    /// key announced by an approved desk. Recorded in `trust_log`. The bundles that waited
    /// are applied by the caller (see `bundle::trust`).
    pub fn approve_desk(
        &mut self,
        station: &str,
        number: u32,
        fp: &Fingerprint,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<Approval> {
        self.home_only()?;
        self.check_station(station)?;
        let named = DeskName::new(station, number);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let own = origin(&tx, &self.path)?.desk;
        let outcome = approve_in(&tx, own, &named, fp, actor, now)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Refuses, at the home, the desk with this fingerprint: its waiting bundles are deleted
    /// (their residents with them) and its later bundles refused. An approved desk is
    /// retired instead. Returns how many waiting bundles were deleted.
    pub fn refuse_desk(
        &mut self,
        station: &str,
        number: u32,
        fp: &Fingerprint,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<usize> {
        self.home_only()?;
        self.check_station(station)?;
        let named = DeskName::new(station, number);
        let result: Result<usize> = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(d) = desk_with_fingerprint(&tx, fp)? {
                let desk = DeskName::new(&d.station, d.number);
                if desk != named {
                    return Err(Refusal::FingerprintOfOther {
                        fingerprint: fp.to_string(),
                        desk,
                        named,
                    }
                    .into());
                }
                match trust_of(&tx, d.row)?.0 {
                    DeskTrust::Approved | DeskTrust::Retired => {
                        return Err(Refusal::RefuseApproved { desk }.into());
                    }
                    _ => {
                        tx.execute("UPDATE desks SET trust = 'refused' WHERE id = ?1", [d.row])?;
                    }
                }
            }
            if let Some(claim) = super::waiting::claim_of(&tx, fp)?
                && claim != named
            {
                return Err(Refusal::FingerprintOfOther {
                    fingerprint: fp.to_string(),
                    desk: claim,
                    named,
                }
                .into());
            }
            tx.execute(
                "INSERT INTO key_decisions (fingerprint, station, number, decision, at) \
                 VALUES (?1, ?2, ?3, 'refused', ?4) \
                 ON CONFLICT (fingerprint) DO UPDATE SET station = excluded.station, \
                   number = excluded.number, decision = 'refused', at = excluded.at",
                params![fp.digits(), station, number, datetime_text(now)],
            )?;
            let deleted = tx.execute(
                "DELETE FROM waiting_bundles WHERE fingerprint = ?1",
                [fp.digits()],
            )?;
            log_trust(
                &tx,
                TrustEvent::Refused,
                &named,
                fp.digits(),
                &format!("{deleted} waiting bundles deleted"),
                actor,
                now,
            )?;
            tx.commit()?;
            Ok(deleted)
        })();
        let deleted = result?;
        if deleted > 0 {
            // The waiting bundles held residents' data: it must leave the file too.
            self.scrub()?;
        }
        Ok(deleted)
    }

    /// Retires, at the home, a desk that was lost, stolen or broken: its events up to `after`
    /// (an epoch and sequence; without an epoch, in the latest one applied here; by default,
    /// the last one applied here) still count; later ones are refused. Moving
    /// the limit later is allowed (a stick with its genuine last bundles turned up). Returns
    /// the limit.
    pub fn retire_desk(
        &mut self,
        station: &str,
        number: u32,
        after: Option<(Option<u32>, i64)>,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<Place> {
        self.home_only()?;
        self.check_station(station)?;
        let named = DeskName::new(station, number);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let own = origin(&tx, &self.path)?.desk;
        let desk = desks_of_station(&tx, station)?
            .into_iter()
            .filter(|d| d.number == number && d.row != own)
            .find(|d| {
                trust_of(&tx, d.row).is_ok_and(|(t, _)| {
                    matches!(
                        t,
                        DeskTrust::Approved | DeskTrust::ToConfirm | DeskTrust::Retired
                    )
                })
            })
            .ok_or_else(|| Refusal::UnknownDesk {
                desk: named.clone(),
            })?;
        let applied: Option<(u32, i64)> = tx
            .query_row(
                "SELECT epoch, applied FROM desk_progress WHERE desk = ?1 \
                 ORDER BY epoch DESC LIMIT 1",
                [desk.row],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let latest = applied.map_or(1, |(epoch, _)| epoch);
        let limit = match (after, applied) {
            (Some((epoch, seq)), _) => Place {
                epoch: epoch.unwrap_or(latest),
                seq,
            },
            (None, Some((epoch, seq))) => Place { epoch, seq },
            (None, None) => Place { epoch: 1, seq: 0 },
        };
        // Applied events are never taken back: a limit before them would be a false record.
        if let Some((epoch, seq)) = applied
            && limit < (Place { epoch, seq })
        {
            return Err(Refusal::RetireBeforeApplied {
                desk: named,
                after: limit,
                applied: Place { epoch, seq },
            }
            .into());
        }
        tx.execute(
            "UPDATE desks SET trust = 'retired', retired_epoch = ?1, retired_seq = ?2 WHERE id = ?3",
            params![limit.epoch, limit.seq, desk.row],
        )?;
        log_trust(
            &tx,
            TrustEvent::Retired,
            &named,
            desk.key
                .map(|k| Fingerprint::of(&k).digits().to_string())
                .unwrap_or_default()
                .as_str(),
            &format!("after {limit}"),
            actor,
            now,
        )?;
        tx.commit()?;
        Ok(limit)
    }
}

fn approve_in(
    tx: &Transaction<'_>,
    own: i64,
    named: &DeskName,
    fp: &Fingerprint,
    actor: &str,
    now: NaiveDateTime,
) -> Result<Approval> {
    let log = |what: TrustEvent, detail: &str| {
        log_trust(tx, what, named, fp.digits(), detail, actor, now)
    };
    // A desk this file knows with that key.
    if let Some(d) = desk_with_fingerprint(tx, fp)? {
        let desk = DeskName::new(&d.station, d.number);
        if d.row == own || desk != *named {
            return Err(Refusal::FingerprintOfOther {
                fingerprint: fp.to_string(),
                desk,
                named: named.clone(),
            }
            .into());
        }
        return match trust_of(tx, d.row)?.0 {
            DeskTrust::Approved => Ok(Approval::Already),
            DeskTrust::Retired => Err(Refusal::RetiredForGood { desk }.into()),
            DeskTrust::ToConfirm => {
                tx.execute("UPDATE desks SET trust = 'approved' WHERE id = ?1", [d.row])?;
                log(
                    TrustEvent::Confirmed,
                    "enrolled on sight by an older liaison",
                )?;
                Ok(Approval::Confirmed)
            }
            DeskTrust::Refused | DeskTrust::Known => {
                tx.execute("UPDATE desks SET trust = 'approved' WHERE id = ?1", [d.row])?;
                tx.execute(
                    "DELETE FROM key_decisions WHERE fingerprint = ?1",
                    [fp.digits()],
                )?;
                log(TrustEvent::Approved, "")?;
                Ok(Approval::Approved)
            }
        };
    }
    // A desk whose bundles wait.
    if let Some(claim) = super::waiting::signer_of(tx, fp)? {
        let desk = DeskName::new(&claim.station, claim.number);
        if desk != *named {
            return Err(Refusal::FingerprintOfOther {
                fingerprint: fp.to_string(),
                desk,
                named: named.clone(),
            }
            .into());
        }
        if let Some(known) = desk_by_uuid(tx, claim.uuid)? {
            // A new key of a desk known here: announced under the old one (the import made
            // sure of that before keeping the bundle).
            let (trust, _) = trust_of(tx, known.row)?;
            if trust == DeskTrust::Retired {
                return Err(Refusal::RetiredForGood { desk }.into());
            }
            let previous = shown(known.key);
            tx.execute(
                "UPDATE desks SET public_key = ?1, trust = 'approved' WHERE id = ?2",
                params![claim.key.as_slice(), known.row],
            )?;
            log(TrustEvent::Rekeyed, &format!("previous key {previous}"))?;
            return Ok(Approval::Rekeyed { previous });
        }
        if legacy_desk(tx, &claim.station, claim.number)?.is_none() {
            refuse_taken_number(tx, &claim.station, claim.number, fp, None, true)?;
        }
        enrol(tx, &claim, now)?;
        tx.execute(
            "DELETE FROM key_decisions WHERE fingerprint = ?1",
            [fp.digits()],
        )?;
        log(TrustEvent::Approved, "after its first bundle")?;
        return Ok(Approval::Approved);
    }
    // Nothing of it seen yet: approved ahead.
    if legacy_desk(tx, &named.station, named.number)?.is_none() {
        refuse_taken_number(tx, &named.station, named.number, fp, None, true)?;
    }
    // An approval typed again for the same desk (the first one mistyped) replaces it.
    tx.execute(
        "DELETE FROM key_decisions WHERE station = ?1 AND number = ?2 AND decision = 'approved'",
        params![named.station, named.number],
    )?;
    tx.execute(
        "INSERT INTO key_decisions (fingerprint, station, number, decision, at) \
         VALUES (?1, ?2, ?3, 'approved', ?4) \
         ON CONFLICT (fingerprint) DO UPDATE SET station = excluded.station, \
           number = excluded.number, decision = 'approved', at = excluded.at",
        params![fp.digits(), named.station, named.number, datetime_text(now)],
    )?;
    log(TrustEvent::Approved, "before its first bundle")?;
    Ok(Approval::Ahead)
}
