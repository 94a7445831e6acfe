//! A wish as it travels in a desk's bundle (`wishes.jsonl`): its number, its whole log, and
//! its personal data as the desk holds it (erased there, erased here too).

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
