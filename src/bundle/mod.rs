//! Bundles: how stations and the street home exchange their data on USB sticks.
//!
//! A station's **events bundle** carries the events its desk wrote (its outbox, numbered per
//! station), the residents of those cases and the reference data they point at. The home
//! imports it: verified whole, applied in one transaction, skipping events it already has, and
//! refusing a gap. The home's **reference bundle** carries the holiday table, the taxonomy, the
//! network and the rosters back down; each is a complete snapshot with a version number.
//!
//! A bundle is a directory: JSON Lines files plus `manifest.json` with the counts and the
//! SHA-256 of every file. It is written under a temporary name and renamed when complete.

pub mod exchange;
pub mod files;
pub mod wire;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::machine_names;

/// What `manifest.json` says of the format.
pub const FORMAT: &str = "liaison-bundle";
/// The bundle layout this program writes and reads.
pub const BUNDLE_VERSION: u32 = 1;

machine_names! {
    pub enum BundleKind: "bundle kind" {
        /// A station's outbox, going up to the home.
        Events = "events",
        /// The home's reference data, going down to the stations.
        Reference = "reference",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub bundle_version: u32,
    /// The schema version of the database that wrote it.
    pub schema: i64,
    pub kind: BundleKind,
    /// The station whose data it is.
    pub station: String,
    /// Events: the outbox sequence range. Reference: the reference version (from = to).
    pub from_seq: i64,
    pub to_seq: i64,
    pub created_at: String,
    /// Lines per file.
    pub counts: BTreeMap<String, u64>,
    /// SHA-256 (hex) per file.
    pub files: BTreeMap<String, String>,
}

impl Manifest {
    /// The directory name of the bundle: `liaison-HF-events-000001-000057`.
    pub fn name(&self) -> String {
        format!(
            "liaison-{}-{}-{:06}-{:06}",
            self.station, self.kind, self.from_seq, self.to_seq
        )
    }
}

/// Why a bundle was refused. Nothing is written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{0} is not a bundle: it has no manifest.json")]
    NoManifest(String),
    #[error("the manifest is not valid: {0}")]
    BadManifest(String),
    #[error("not a liaison bundle (format `{0}`)")]
    Foreign(String),
    #[error(
        "the bundle was written by a newer liaison (bundle layout {found}, schema {schema}; this \
         program reads layout {BUNDLE_VERSION} and schema up to {known}): update liaison first"
    )]
    TooNew { found: u32, schema: i64, known: i64 },
    #[error("the file {0} listed in the manifest is missing: the bundle is incomplete")]
    MissingFile(String),
    #[error("the file {0} is not listed in the manifest")]
    UnlistedFile(String),
    #[error("the file {file} does not match its checksum: the bundle was altered or cut short")]
    Checksum { file: String },
    #[error("the file {file} has {found} lines where the manifest says {expected}")]
    Count {
        file: String,
        found: u64,
        expected: u64,
    },
    #[error("{file}, line {line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Inconsistent(String),
    #[error(
        "bundle {station} {from}–{to} cannot be applied yet: events {missing_from}–{missing_to} \
         of {station} have not been imported (import the earlier bundle first)"
    )]
    Gap {
        station: String,
        from: i64,
        to: i64,
        missing_from: i64,
        missing_to: i64,
    },
    #[error("this desk cannot import a {kind} bundle from {station}: {why}")]
    WrongDesk {
        kind: BundleKind,
        station: String,
        why: String,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}
