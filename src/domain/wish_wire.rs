//! A wish as it travels in a bundle (`wishes.jsonl`): its number, its whole log, and its
//! personal data as the sender holds it (erased there, erased here too). Up from a desk, and
//! down from the home with the reference data and in a recovery bundle.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::wish::{WishBody, WishEvent};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireWish {
    pub id: Uuid,
    pub number: String,
    pub station: String,
    pub events: Vec<WireWishEvent>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub volunteer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireWishEvent {
    pub id: Uuid,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub payload: String,
    /// The epoch of the desk that wrote it.
    pub epoch: u32,
    /// The desk that wrote it: named when the home sends a station's wishes down (an event
    /// going up is the sending desk's own, or one the home has).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<Uuid>,
}

impl WireWishEvent {
    /// The event, or what is wrong with it.
    pub fn to_event(&self, wish: Uuid) -> Result<WishEvent, String> {
        let at = NaiveDateTime::parse_from_str(&self.at, "%Y-%m-%dT%H:%M:%S")
            .map_err(|_| format!("the time `{}` is not as a desk writes it", self.at))?;
        let body = WishBody::from_stored(&self.kind, &self.payload)
            .map_err(|e| format!("the event `{}` cannot be read: {e}", self.kind))?;
        Ok(WishEvent {
            id: self.id,
            wish_id: wish,
            at,
            actor: self.actor.clone(),
            body,
        })
    }
}
