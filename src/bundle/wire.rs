//! The lines of a bundle's files.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;

use super::BundleError;
use crate::domain::case::Resident;
use crate::domain::phone::normalize_phone;
use crate::domain::text::{clean_optional, limits};

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
