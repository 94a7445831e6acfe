//! The desks as the home sees them, for `desk list` and the desks view: their standing,
//! the fingerprints decided on ahead of any bundle, the trust log.

use super::Store;
use super::bundle::{DESK_COLUMNS, known_desk_from_row};
use super::error::Result;
use super::origin::origin;
use super::trust::{KeyDecision, key_decision_from_row};
use crate::domain::fingerprint::Fingerprint;
use crate::domain::trust::{DeskName, DeskTrust, Place};

/// A desk as `desk list` shows it at the home.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskStanding {
    pub station: String,
    pub number: u32,
    pub trust: DeskTrust,
    /// `None` for a desk from before desks, whose key the home has not seen.
    pub fingerprint: Option<String>,
    pub retired_after: Option<Place>,
    /// The last sequence applied of each epoch.
    pub applied: Vec<Place>,
}

/// One line of the trust log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustLogLine {
    pub at: String,
    pub actor: String,
    pub what: String,
    pub desk: DeskName,
    pub fingerprint: String,
    pub detail: String,
}

impl Store {
    /// The desks the home knows, with their standing, for `desk list` and the desks view.
    pub fn desk_standings(&self) -> Result<Vec<DeskStanding>> {
        let own = origin(&self.conn, &self.path)?.desk;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DESK_COLUMNS}, trust, retired_epoch, retired_seq FROM desks \
             WHERE id != ?1 AND trust != 'known' ORDER BY station, number, id"
        ))?;
        let rows = stmt.query_map([own], |r| {
            let desk = known_desk_from_row(r)?;
            let trust: String = r.get(5)?;
            let after: Option<(u32, i64)> = match (r.get(6)?, r.get(7)?) {
                (Some(e), Some(s)) => Some((e, s)),
                _ => None,
            };
            Ok((desk, trust, after))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (desk, trust, after) = row?;
            let applied = self
                .applied_of(desk.row)?
                .into_iter()
                .map(|(epoch, seq)| Place { epoch, seq })
                .collect();
            out.push(DeskStanding {
                station: desk.station,
                number: desk.number,
                trust: trust.parse().unwrap_or(DeskTrust::Known),
                fingerprint: desk.key.map(|k| Fingerprint::of(&k).to_string()),
                retired_after: after.map(|(epoch, seq)| Place { epoch, seq }),
                applied,
            });
        }
        Ok(out)
    }

    /// Fingerprints approved or refused before any bundle of theirs arrived.
    pub fn key_decisions(&self) -> Result<Vec<KeyDecision>> {
        let mut stmt = self.conn.prepare(
            "SELECT fingerprint, station, number, decision, at FROM key_decisions \
             ORDER BY station, number, at",
        )?;
        let rows = stmt.query_map([], key_decision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The trust log, newest first: (at, actor, what, station, number, fingerprint, detail).
    pub fn trust_log(&self) -> Result<Vec<TrustLogLine>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, actor, what, station, number, fingerprint, detail FROM trust_log \
             ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TrustLogLine {
                at: r.get(0)?,
                actor: r.get(1)?,
                what: r.get(2)?,
                desk: DeskName::new(&r.get::<_, String>(3)?, r.get(4)?),
                fingerprint: r.get(5)?,
                detail: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
