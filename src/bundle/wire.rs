//! The lines of a bundle's files.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;

use super::BundleError;

/// An event as it travels: the stored row, with its payload as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireEvent {
    pub id: Uuid,
    pub case_id: Uuid,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub payload: serde_json::Value,
    pub origin: String,
    pub origin_seq: i64,
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

/// The text of a JSON Lines file.
pub fn lines<T: Serialize>(items: &[T]) -> String {
    let mut out = String::new();
    for item in items {
        out.push_str(&serde_json::to_string(item).expect("wire types always serialise"));
        out.push('\n');
    }
    out
}

/// Parses a JSON Lines file, naming the line of any mistake.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<Vec<T>, BundleError> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| BundleError::Line {
                file: file.to_string(),
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}
