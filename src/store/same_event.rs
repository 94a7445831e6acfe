//! An event id seen again: the same event (skipped) or another one under a reused id
//! (refused). "The same" is judged on the digest of the event as first written, kept
//! through purges; for an event stored or sent before digests were kept, on the event as a
//! purge leaves it.

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::error::Result;
use crate::domain::case::CaseId;
use crate::domain::desk::epoch_letters;
use crate::domain::event::EventBody;
use crate::domain::wire::WireEvent;

/// An event this file holds (in a log or held), as first written.
pub(super) struct StoredEvent {
    case_id: CaseId,
    number: Option<String>,
    at: String,
    actor: String,
    kind: String,
    payload: String,
    digest: Option<[u8; 32]>,
    desk: String,
    place: String,
}

impl StoredEvent {
    fn digest(&self, id: Uuid) -> [u8; 32] {
        self.digest.unwrap_or_else(|| {
            let payload = serde_json::from_str(&self.payload).unwrap_or(serde_json::Value::Null);
            crate::domain::digest::event_digest(
                id,
                self.case_id,
                &self.at,
                &self.actor,
                &self.kind,
                &payload,
            )
        })
    }

    /// The same event as `w`: the same digest as first written; or, for an event stored
    /// (or sent) before digests were kept, the same event but for what a purge erased from
    /// one side's copy.
    pub(super) fn same_as(&self, w: &WireEvent, digest: &[u8; 32]) -> bool {
        if self.digest(w.id) == *digest {
            return true;
        }
        let envelope = self.case_id == w.case_id
            && self.at == w.at
            && self.actor == w.actor
            && self.kind == w.kind;
        envelope
            && (self.digest.is_none() || w.digest.is_none())
            && erased(&self.kind, &self.payload) == erased(&w.kind, &w.payload.to_string())
    }

    pub(super) fn describe(&self) -> String {
        format!(
            "{} `{}` at {} by {}, from {} {}",
            self.number.as_deref().unwrap_or("?"),
            self.kind,
            self.at.replace('T', " "),
            self.actor,
            self.desk,
            self.place
        )
    }
}

/// An event's payload as a purge leaves it: personal numbers erased from its texts.
fn erased(kind: &str, payload: &str) -> Option<String> {
    let mut body = EventBody::from_stored(kind, payload).ok()?;
    body.map_texts(crate::domain::numbers_in_text::erase_numbers);
    Some(body.payload_json())
}

pub(super) fn stored_event(tx: &Connection, id: Uuid) -> Result<Option<StoredEvent>> {
    for table in ["case_events", "held_events"] {
        let sql = format!(
            "SELECT e.case_id, c.number, e.at, e.actor, e.kind, e.payload, e.digest, \
               d.station || ' desk ' || d.number, e.epoch, e.desk_seq \
             FROM {table} e JOIN desks d ON d.id = e.desk LEFT JOIN cases c ON c.id = e.case_id \
             WHERE e.id = ?1"
        );
        let found = tx
            .prepare_cached(&sql)?
            .query_row([id], |r| {
                let digest: Option<Vec<u8>> = r.get(6)?;
                let epoch: u32 = r.get(8)?;
                let seq: i64 = r.get(9)?;
                Ok(StoredEvent {
                    case_id: r.get(0)?,
                    number: r.get(1)?,
                    at: r.get(2)?,
                    actor: r.get(3)?,
                    kind: r.get(4)?,
                    payload: r.get(5)?,
                    digest: digest.and_then(|d| <[u8; 32]>::try_from(d.as_slice()).ok()),
                    desk: r.get(7)?,
                    place: format!("{}{seq}", epoch_letters(epoch)),
                })
            })
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

impl super::Store {
    /// Whether this file holds `w` already (in a case's log or held aside), as the same event:
    /// checked once when it came, it is not judged again (its case may have changed hands
    /// since).
    pub fn holds_event(&self, w: &WireEvent) -> Result<bool> {
        let digest = w.first_digest().unwrap_or_else(|| w.content_digest());
        Ok(stored_event(&self.conn, w.id)?.is_some_and(|here| here.same_as(w, &digest)))
    }
}
