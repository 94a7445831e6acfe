//! The home's key as a station keeps it (the fingerprint its operator typed, read out by the
//! home over the phone), and a desk's new key announced under its old one.

use chrono::NaiveDateTime;
use rusqlite::{Connection, Transaction, TransactionBehavior, params};

use super::Store;
use super::error::{Result, StoreError};
use super::trust::{Judgement, log_trust, meta};
use crate::domain::fingerprint::Fingerprint;
use crate::domain::station::StationKind;
use crate::domain::trust::{DeskName, Refusal, TrustEvent, Waiting};

/// Where a station stands with its home's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeTrust {
    /// The operator typed this fingerprint.
    Trusted(String),
    /// An older liaison pinned the key it first saw; not confirmed yet.
    Unconfirmed(String),
    /// Nothing typed yet.
    None,
}

/// What a restore keeps of the file it replaces, beyond the desk's id and key: the home's
/// fingerprint its operator typed last, and the chain of keys the desk had (a backup from
/// before `desk rekey` or `desk trust-home` must not undo them).
#[derive(Debug, Clone, Default)]
pub struct CarriedTrust {
    home_fingerprint: Option<String>,
    rekeys: Option<String>,
}

impl Store {
    /// The trust a restore carries over (see [`CarriedTrust`]).
    pub(super) fn carried_trust(&self) -> Result<CarriedTrust> {
        Ok(CarriedTrust {
            home_fingerprint: meta(&self.conn, "home_fingerprint")?,
            rekeys: meta(&self.conn, "rekeys")?,
        })
    }

    /// Puts back, in a restored file, the trust of the file it replaced.
    pub(super) fn carry_trust(&mut self, carried: &CarriedTrust) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (key, value) in [
            ("home_fingerprint", &carried.home_fingerprint),
            ("rekeys", &carried.rekeys),
        ] {
            if let Some(value) = value {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
        }
        if carried.home_fingerprint.is_some() {
            tx.execute("DELETE FROM meta WHERE key = 'home_key_unconfirmed'", [])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Where this station stands with its home's key.
    pub fn home_trust(&self) -> Result<HomeTrust> {
        if let Some(fp) =
            meta(&self.conn, "home_fingerprint")?.and_then(|f| Fingerprint::from_digits(&f))
        {
            return Ok(HomeTrust::Trusted(fp.to_string()));
        }
        match meta(&self.conn, "home_key_unconfirmed")?
            .and_then(|k| crate::domain::digest::unhex::<32>(&k))
        {
            Some(k) => Ok(HomeTrust::Unconfirmed(Fingerprint::of(&k).to_string())),
            None => Ok(HomeTrust::None),
        }
    }

    /// What this station makes of a reference or recovery bundle signed by `key` as its
    /// home: trusted when its fingerprint is the one the operator typed; waiting when none
    /// was typed, or when the key was announced under the trusted one; refused otherwise,
    /// naming the remedy. Nothing is written.
    pub fn judge_home(
        &self,
        home: &str,
        key: &[u8; 32],
        announced: &dyn Fn(&Fingerprint) -> bool,
    ) -> Result<Judgement> {
        judge_home(&self.conn, home, key, announced)
    }

    /// The fingerprint of the home this station trusts, if its operator typed one.
    pub fn trusted_home(&self) -> Result<Option<Fingerprint>> {
        Ok(meta(&self.conn, "home_fingerprint")?.and_then(|f| Fingerprint::from_digits(&f)))
    }

    /// Trusts, at a station, the home whose fingerprint the operator typed (read out by
    /// the home over the phone): at set-up, or later for a reinstalled home. Recorded in
    /// `trust_log`. The waiting bundles of other keys are deleted (their count is returned);
    /// those of this one are applied by the caller.
    pub fn trust_home(
        &mut self,
        fp: &Fingerprint,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<usize> {
        if self.is_home()? {
            return Err(Refusal::OnlyAtStation.into());
        }
        let home = self
            .stations()?
            .into_iter()
            .find(|s| s.kind == StationKind::Home)
            .map(|s| s.code)
            .unwrap_or_default();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let dropped = trust_home_in(&tx, &home, fp, actor, now)?;
        tx.commit()?;
        Ok(dropped)
    }

    /// The chain of keys this desk had before its current one, each announced under the one
    /// before: carried in every bundle it writes.
    pub fn rekeys(&self) -> Result<Vec<crate::domain::rekey::Rekey>> {
        Ok(match meta(&self.conn, "rekeys")? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("the desk's former keys: {e}")))?,
            None => Vec::new(),
        })
    }

    /// Gives this desk a new key (its backup stick with the key was lost): the new key is
    /// announced under the old one in every bundle from now on, and the old secret is
    /// forgotten. The home (or, for the home's key, each station) still approves the new
    /// key by its fingerprint. Returns the old and new fingerprints.
    pub fn new_desk_key(&mut self, actor: &str, now: NaiveDateTime) -> Result<(String, String)> {
        let me = self.desk_identity()?;
        let old = self.signing_key()?;
        let secret = super::desk::new_secret()?;
        let new = ed25519_dalek::SigningKey::from_bytes(&secret);
        let public = new.verifying_key().to_bytes();
        let mut chain = self.rekeys()?;
        chain.push(crate::domain::rekey::announce(me.uuid, &old, &public));
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'desk_secret'",
            [crate::domain::digest::hex(&secret)],
        )?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('rekeys', ?1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [serde_json::to_string(&chain).expect("rekeys serialise")],
        )?;
        tx.execute(
            "UPDATE desks SET public_key = ?1 WHERE id = ?2",
            params![public.as_slice(), me.row],
        )?;
        let (previous, next) = (
            Fingerprint::of(&me.public_key).to_string(),
            Fingerprint::of(&public).to_string(),
        );
        log_trust(
            &tx,
            TrustEvent::NewKey,
            &DeskName::new(&me.station, me.number),
            Fingerprint::of(&public).digits(),
            &format!("previous key {previous}"),
            actor,
            now,
        )?;
        tx.commit()?;
        Ok((previous, next))
    }
}

pub(super) fn judge_home(
    conn: &Connection,
    home: &str,
    key: &[u8; 32],
    announced: &dyn Fn(&Fingerprint) -> bool,
) -> Result<Judgement> {
    let fp = Fingerprint::of(key);
    let trusted = meta(conn, "home_fingerprint")?.and_then(|f| Fingerprint::from_digits(&f));
    match trusted {
        Some(t) if t == fp => Ok(Judgement::Trusted {
            retired_after: None,
        }),
        Some(t) => {
            // A new key announced under the trusted one waits for the operator.
            if announced(&t) {
                return Ok(Judgement::Wait(Waiting::HomeRekey {
                    home: home.to_string(),
                    fingerprint: fp.to_string(),
                    previous: t.to_string(),
                }));
            }
            Err(Refusal::OtherHomeKey {
                home: home.to_string(),
                trusted: t.to_string(),
                found: fp.to_string(),
            }
            .into())
        }
        None => Ok(Judgement::Wait(Waiting::HomeUnconfirmed {
            home: home.to_string(),
            fingerprint: fp.to_string(),
        })),
    }
}

fn trust_home_in(
    tx: &Transaction<'_>,
    home: &str,
    fp: &Fingerprint,
    actor: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('home_fingerprint', ?1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [fp.digits()],
    )?;
    tx.execute("DELETE FROM meta WHERE key = 'home_key_unconfirmed'", [])?;
    let dropped = tx.execute(
        "DELETE FROM waiting_bundles WHERE kind != 'events' AND fingerprint != ?1",
        [fp.digits()],
    )?;
    log_trust(
        tx,
        TrustEvent::TrustedHome,
        &DeskName::new(home, 1),
        fp.digits(),
        &format!("{dropped} waiting bundles of other keys deleted"),
        actor,
        now,
    )?;
    Ok(dropped)
}
