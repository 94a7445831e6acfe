//! How an event body is kept in a log row: its kind in a column of its own, its other fields
//! as a JSON object beside it. Cases' and wishes' logs store their bodies the same way.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The payload stored beside the kind: the body's fields as a JSON object, without `kind`.
pub fn payload_json<T: Serialize>(body: &T) -> String {
    let mut value = serde_json::to_value(body).expect("event bodies always serialise");
    if let Some(map) = value.as_object_mut() {
        map.remove("kind");
    }
    value.to_string()
}

/// Rebuilds a body from its stored kind and payload.
pub fn from_stored<T: DeserializeOwned>(kind: &str, payload: &str) -> serde_json::Result<T> {
    let mut value: serde_json::Value = serde_json::from_str(payload)?;
    let Some(map) = value.as_object_mut() else {
        return Err(serde::de::Error::custom("payload is not a JSON object"));
    };
    map.insert("kind".into(), serde_json::Value::String(kind.into()));
    serde_json::from_value(value)
}
