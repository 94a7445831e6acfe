//! The lines of a bundle's files: the rows (see [`crate::domain::wire`]) as JSON Lines.

use serde::{Serialize, de::DeserializeOwned};

pub use crate::domain::wire::{
    WireActivity, WireDesk, WireEvent, WireHeld, WireNotice, WireResident, WireRoster,
};

use super::BundleError;

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
