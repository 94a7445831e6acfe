//! Bundles: how desks and the street home exchange their data on USB sticks.
//!
//! Every database file is a *desk* (see [`crate::domain::desk`]). A station desk's **events
//! bundle** carries the events that desk wrote (its outbox, numbered per desk and epoch), the
//! residents of those cases, its roster and its members' activities. The home imports it:
//! verified whole, its signature checked against the desk's enrolled key, every line checked
//! against what a station desk may send, applied in one transaction, skipping events it has,
//! refusing a gap. The home's **reference bundle** carries the holiday table, the taxonomy, the
//! network and the rosters down; a **recovery bundle** carries a station's own cases back to a
//! desk that lost them.
//!
//! A bundle is a directory: JSON Lines files plus `manifest.json` with the counts and SHA-256
//! of every file, signed with the writing desk's Ed25519 key. It is written under a temporary
//! name and renamed when complete.

pub mod authority;
mod events_batches;
pub mod exchange;
pub mod files;
pub mod folder;
pub mod home_copy;
pub mod powers;
pub mod reference;
pub mod sign;
pub mod stream;
pub mod trust;
pub mod wire;
mod wish_authority;
pub mod wording;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::desk::epoch_letters;
pub use crate::domain::wire::Rekey;
use crate::machine_names;

/// What `manifest.json` says of the format.
pub const FORMAT: &str = "liaison-bundle";
/// The bundle layout this program writes: 2 since desks and signatures, 3 since every file's
/// size is declared in the signed manifest (and events carry the digest they were first
/// written with).
pub const BUNDLE_VERSION: u32 = 3;
/// The oldest layout this program reads: a desk not yet upgraded still reaches the home.
pub const OLDEST_BUNDLE_VERSION: u32 = 2;

machine_names! {
    pub enum BundleKind: "bundle kind" {
        /// A station desk's outbox, going up to the home.
        Events = "events",
        /// The home's reference data, going down to the stations.
        Reference = "reference",
        /// The home's copy of one station's cases, going back to a desk that lost some.
        Recovery = "recovery",
    }
}

/// The desk that wrote and signed a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub desk: Uuid,
    pub station: String,
    pub number: u32,
    /// The Ed25519 public key, hex.
    pub key: String,
}

/// One epoch's part of an events bundle: the desk's sequences `from..=to` in that epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochRange {
    pub epoch: u32,
    pub from: i64,
    pub to: i64,
}

impl std::fmt::Display for EpochRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = epoch_letters(self.epoch);
        write!(f, "{e}{}–{e}{}", self.from, self.to)
    }
}

/// Ranges as operators read them: `A1–A57, B1–B3`.
pub fn describe_ranges(ranges: &[EpochRange]) -> String {
    ranges
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub bundle_version: u32,
    /// The schema version of the database that wrote it.
    pub schema: i64,
    pub kind: BundleKind,
    /// Whose data it is: the desk's station (events), the home (reference), the station whose
    /// cases are recovered (recovery).
    pub station: String,
    pub signer: Signer,
    /// Events: the outbox ranges, per epoch, in order.
    #[serde(default)]
    pub ranges: Vec<EpochRange>,
    /// Reference: the reference version.
    #[serde(default)]
    pub version: i64,
    /// Reference: the station it is for, whose open cases it carries (each station's
    /// residents travel only on its own stick).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub for_station: String,
    pub created_at: String,
    /// Lines per file.
    pub counts: BTreeMap<String, u64>,
    /// SHA-256 (hex) per file.
    pub files: BTreeMap<String, String>,
    /// Bytes per file: a file is read no further (layout 3; absent from layout 2).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sizes: BTreeMap<String, u64>,
    /// The keys this desk had before its current one, each new key announced under the one
    /// before (see [`sign::announce`]), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rekeys: Vec<Rekey>,
    /// Ed25519 signature (hex) of the manifest without this field; see [`sign`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

impl Manifest {
    /// The directory name of the bundle, e.g. `liaison-HF-2-c3d9-events-A000001-A000057`:
    /// station, desk number and the end of the desk's id (two desks that claim one number
    /// still write different names), then the ranges.
    pub fn name(&self) -> String {
        let desk = self.signer.desk.simple().to_string();
        let short = &desk[desk.len() - 4..];
        match self.kind {
            BundleKind::Events if self.ranges.is_empty() => format!(
                "liaison-{}-{}-{short}-introduction",
                self.station, self.signer.number
            ),
            BundleKind::Events => {
                let first = self.ranges.first();
                let last = self.ranges.last();
                format!(
                    "liaison-{}-{}-{short}-events-{}{:06}-{}{:06}",
                    self.station,
                    self.signer.number,
                    first.map_or(String::new(), |r| epoch_letters(r.epoch)),
                    first.map_or(0, |r| r.from),
                    last.map_or(String::new(), |r| epoch_letters(r.epoch)),
                    last.map_or(0, |r| r.to),
                )
            }
            BundleKind::Reference if !self.for_station.is_empty() => format!(
                "liaison-{}-reference-{:06}-{}",
                self.station, self.version, self.for_station
            ),
            BundleKind::Reference => {
                format!("liaison-{}-reference-{:06}", self.station, self.version)
            }
            BundleKind::Recovery => format!(
                "liaison-{}-recovery-{}-{}",
                self.signer.station,
                self.station,
                self.created_at.replace(['-', ':'], "")
            ),
        }
    }

    /// Who wrote it, as the operator reads it: `HF desk 2 (3f2a 9c01 77be 0d4e)`.
    pub fn signer_label(&self) -> String {
        format!(
            "{} desk {} ({})",
            self.signer.station,
            self.signer.number,
            sign::key_fingerprint_hex(&self.signer.key)
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
    #[error("{}", too_new(*found, *schema, *known, *to_home))]
    TooNew {
        found: u32,
        schema: i64,
        known: i64,
        /// An events bundle, at the home (else the home's bundle, at a station).
        to_home: bool,
    },
    #[error(
        "the bundle was written by an older liaison without desks and signatures (layout \
         {found}): update liaison on the desk that wrote it and export again there (`liaison \
         bundle export --all --out DIR`)"
    )]
    TooOld { found: u32 },
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
    #[error(
        "the bundle's signature does not verify: it was altered after {0} wrote it, or not \
         written by a liaison desk"
    )]
    BadSignature(String),
    #[error("{file}, line {line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Inconsistent(String),
    #[error(transparent)]
    Trust(#[from] crate::domain::trust::Refusal),
    #[error("{0}")]
    Refused(String),
    #[error(
        "bundle {desk} {range} cannot be applied yet: events {missing} of {desk} have not been \
         imported (import the earlier bundle first, or write them again on that desk with \
         `liaison bundle export --all --out DIR`)"
    )]
    Gap {
        desk: String,
        range: String,
        missing: String,
    },
    #[error(
        "bundle {desk} {range} cannot be applied yet: its events name case {case}, which the \
         home does not have yet (import first the bundle that registers it, from this desk or \
         another desk of the station)"
    )]
    UnknownCase {
        desk: String,
        range: String,
        case: String,
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

/// A bundle from a newer liaison is refused whole, saying who updates: stations update one
/// at a time, so the home goes first and takes older desks' bundles meanwhile; a station that
/// gets the newer home's bundle catches up.
fn too_new(found: u32, schema: i64, known: i64, to_home: bool) -> String {
    let what = format!(
        "the bundle was written by a newer liaison (bundle layout {found}, schema {schema}; this \
         program reads layout {BUNDLE_VERSION} and schema up to {known}), nothing was imported"
    );
    if to_home {
        format!(
            "{what}: update the home first (the street home's liaison; the stations follow, one \
             at a time), then import it again"
        )
    } else {
        format!("{what}: update liaison on this desk to the home's version, then import it again")
    }
}

impl BundleError {
    /// A refusal that may go away once other bundles are in (a folder import retries it).
    pub fn is_waiting(&self) -> bool {
        matches!(
            self,
            BundleError::Gap { .. } | BundleError::UnknownCase { .. }
        )
    }
}
