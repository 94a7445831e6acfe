//! The rows bundles carry between desks: one JSON object per line of a bundle's files.
//! They are read models of the store's tables, kept here so that the store and the bundle
//! layer share them without either importing the other.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::case::Resident;
use super::event::{Event, EventBody};
use super::phone::normalize_phone;
use super::text::{clean_optional, limits};

/// An event as it travels: the stored row with its payload as JSON, the desk that wrote it
/// and its place in that desk's epoch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireEvent {
    pub id: Uuid,
    pub case_id: Uuid,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub payload: serde_json::Value,
    /// The desk that wrote it.
    pub desk: Uuid,
    pub epoch: u32,
    pub seq: i64,
    /// The digest of the event as first written, hex (see [`super::digest::event_digest`]):
    /// it stays what it was after a purge erased personal numbers from the payload. Absent
    /// from the bundles of older desks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

/// A new key announced under the previous one: `signature` is the previous key's over the
/// desk's id and the new key (hex, all three).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rekey {
    pub previous: String,
    pub key: String,
    pub signature: String,
}

/// A desk named by the events of a recovery bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireDesk {
    pub uuid: Uuid,
    pub station: String,
    pub number: u32,
    /// Retired at the home: the home may then purge, renumber or transfer its cases.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retired: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An event the home holds aside (it did not fit its case when it arrived), as the home
/// reports it to the desks of the case's station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireHeld {
    pub id: Uuid,
    pub case_id: Uuid,
    pub number: Option<String>,
    pub station: String,
    pub kind: String,
    pub at: String,
    /// The number of the desk that wrote it.
    pub desk: u32,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireResident {
    pub case_id: Uuid,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireRoster {
    pub date: String,
    pub station: String,
    pub member: String,
    pub checked_in_at: Option<String>,
    pub checked_out_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireActivity {
    pub id: Uuid,
    pub date: String,
    pub kind: String,
    pub title: String,
    pub place: Option<String>,
    pub station: Option<String>,
    pub note: Option<String>,
    pub members: Vec<String>,
}

/// One year's holiday notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireNotice {
    pub year: i32,
    pub title: String,
    /// (date, kind, name)
    pub days: Vec<(String, String, String)>,
}

impl WireResident {
    /// The resident as a desk stores it, refused unless every field is as a liaison desk
    /// writes it: cleaned, within its limit, a valid phone. The bundle's checksum proves
    /// only that the files arrived whole, not who wrote them.
    pub fn to_resident(&self) -> Result<Resident, String> {
        let clean = |value: &Option<String>, field: &'static str, limit: usize| {
            let Some(v) = value else { return Ok(None) };
            match clean_optional(v, field, limit, false) {
                Ok(Some(c)) if c == *v => Ok(Some(c)),
                Ok(_) => Err(format!(
                    "the resident's {field} of case {} is not clean text",
                    self.case_id
                )),
                Err(e) => Err(format!("case {}: {e}", self.case_id)),
            }
        };
        let phone = match &self.phone {
            None => None,
            Some(p) => match normalize_phone(p) {
                Ok(n) if n == *p => Some(n),
                _ => {
                    return Err(format!(
                        "the resident's phone of case {} is not a phone number",
                        self.case_id
                    ));
                }
            },
        };
        Ok(Resident {
            name: clean(&self.name, "name", limits::NAME)?,
            phone,
            address: clean(&self.address, "address", limits::ADDRESS)?,
        })
    }
}

/// The form stored times take: `2026-11-17T09:30:00`.
const DATETIME: &str = "%Y-%m-%dT%H:%M:%S";

impl WireEvent {
    /// The digest of the event as it is on this line.
    pub fn content_digest(&self) -> [u8; 32] {
        super::digest::event_digest(
            self.id,
            self.case_id,
            &self.at,
            &self.actor,
            &self.kind,
            &self.payload,
        )
    }

    /// The digest the event was first written with: as the line gives it, or of the line.
    pub fn first_digest(&self) -> Option<[u8; 32]> {
        match &self.digest {
            Some(hex) => super::digest::unhex::<32>(hex),
            None => Some(self.content_digest()),
        }
    }

    /// The event as a desk wrote it; refused unless it is: a known kind with its fields,
    /// cleaned text within its limits, a trimmed actor, a time. The bundle's signature proves
    /// which desk wrote the files, not that the desk was a liaison desk.
    pub fn to_event(&self) -> Result<Event, String> {
        let body = EventBody::from_stored(&self.kind, &self.payload.to_string())
            .map_err(|e| format!("event {} ({}): {e}", self.id, self.kind))?;
        let clean = body
            .clone()
            .normalized()
            .map_err(|e| format!("event {} ({}): {e}", self.id, self.kind))?;
        let actor_clean = clean_optional(&self.actor, "actor", limits::NAME, false)
            .ok()
            .flatten();
        if clean != body || actor_clean.as_deref() != Some(self.actor.as_str()) {
            return Err(format!(
                "event {} ({}) carries control characters or untrimmed text: a liaison desk \
                 never writes that",
                self.id, self.kind
            ));
        }
        let at = chrono::NaiveDateTime::parse_from_str(&self.at, DATETIME)
            .ok()
            .filter(|t| self.at.len() == 19 && t.format(DATETIME).to_string() == self.at)
            .ok_or_else(|| format!("event {}: `{}` is not a time", self.id, self.at))?;
        Ok(Event {
            id: self.id,
            case_id: self.case_id,
            at,
            actor: self.actor.clone(),
            body,
        })
    }
}
