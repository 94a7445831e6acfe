//! A USB stick as operators hold it: one folder with the bundles of many desks, in any order.
//! The home's reference data goes first, then each desk's events in the order of their epochs
//! and sequences; a bundle that cannot go in yet (a gap, a case or a desk another bundle
//! brings) is tried again after the rest, and whatever still cannot is named with the reason.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::exchange::{Imported, import};
use super::{BundleError, BundleKind};
use crate::domain::station::StationKind;
use crate::store::Store;

/// One bundle's outcome.
pub struct Outcome {
    pub path: PathBuf,
    pub result: Result<Imported, BundleError>,
}

/// Whether `path` is one bundle (rather than a folder of them).
pub fn is_bundle(path: &Path) -> bool {
    path.join("manifest.json").is_file()
}

/// The bundles in `dir`, in the order they should be applied.
pub fn bundles_in(dir: &Path) -> Result<Vec<PathBuf>, BundleError> {
    let entries = std::fs::read_dir(dir).map_err(|source| BundleError::Io {
        context: format!("cannot read {}", dir.display()),
        source,
    })?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| BundleError::Io {
            context: format!("cannot list {}", dir.display()),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Bundles being written (or left half-written by a crash) start with a dot. A link
        // is not followed: it could point anywhere on this PC.
        let is_dir = entry
            .file_type()
            .is_ok_and(|t| t.is_dir() && !t.is_symlink());
        if name.starts_with('.') || !is_dir || !is_bundle(&entry.path()) {
            continue;
        }
        found.push(entry.path());
    }
    if found.is_empty() {
        return Err(BundleError::NoManifest(format!(
            "{} (nor any folder in it)",
            dir.display()
        )));
    }
    found.sort_by_key(|p| order_key(p));
    Ok(found)
}

/// Reference data first (by version), then events by desk, epoch and sequence, then
/// recoveries; a manifest that cannot be read sorts last and is refused when its turn comes.
fn order_key(path: &Path) -> (u8, String, i64, i64, String) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let manifest = super::files::read_manifest(path).ok().map(|(m, _)| m);
    match manifest {
        Some(m) => {
            let first = m.ranges.first();
            let rank = match m.kind {
                BundleKind::Reference => 0,
                BundleKind::Events => 1,
                BundleKind::Recovery => 2,
            };
            (
                rank,
                format!("{}-{}", m.station, m.signer.desk),
                first.map_or(m.version, |r| i64::from(r.epoch)),
                first.map_or(0, |r| r.from),
                name,
            )
        }
        None => (3, String::new(), 0, 0, name),
    }
}

/// Why a bundle on the stick is not for this desk, if it is not: the same stick carries the
/// home's bundles down and the stations' up. Read from the manifest's plain fields; whether
/// the bundle is sound is checked only if it is imported.
fn not_for_this_desk(store: &Store, path: &Path) -> Result<Option<String>, BundleError> {
    let Some((m, _)) = super::files::read_manifest(path).ok() else {
        return Ok(None);
    };
    let me = store.desk_identity()?;
    let home = store.desk()?.kind == StationKind::Home;
    Ok(if m.signer.desk == me.uuid {
        Some("written by this desk".into())
    } else if home && m.kind != BundleKind::Events {
        Some(format!("a {} bundle, for the stations", m.kind))
    } else if !home && m.kind == BundleKind::Events {
        Some(format!("{}'s events, for the home", m.station))
    } else if !home && m.kind == BundleKind::Recovery && m.station != me.station {
        Some(format!(
            "the home's copy of {}'s cases, for that station",
            m.station
        ))
    } else if !home
        && m.kind == BundleKind::Reference
        && !m.for_station.is_empty()
        && m.for_station != me.station
    {
        Some(format!(
            "the home's reference data for {}, for that station",
            m.for_station
        ))
    } else {
        None
    })
}

/// Imports every bundle of `dir`, calling `report` with each outcome as it is final. Bundles
/// that wait on others are retried until a round brings nothing new.
pub fn import_folder(
    store: &mut Store,
    dir: &Path,
    now: NaiveDateTime,
    mut report: impl FnMut(&Outcome),
) -> Result<Vec<Outcome>, BundleError> {
    let mut pending = bundles_in(dir)?;
    let mut done = Vec::new();
    loop {
        // What could not go in this round: it is tried again after the round if anything
        // went in meanwhile (a bundle may wait for another, or name a desk that a later
        // bundle enrols), and said at the end otherwise.
        let mut again = Vec::new();
        let mut progressed = false;
        for path in pending {
            if let Some(why) = not_for_this_desk(store, &path)? {
                let outcome = Outcome {
                    path,
                    result: Ok(Imported::NotForThisDesk { why }),
                };
                report(&outcome);
                done.push(outcome);
                continue;
            }
            match import(store, &path, now) {
                Err(e) => again.push((path, e)),
                result => {
                    progressed |= matches!(
                        result,
                        Ok(Imported::Events { .. })
                            | Ok(Imported::Reference { .. })
                            | Ok(Imported::Recovery { .. })
                    );
                    let outcome = Outcome { path, result };
                    report(&outcome);
                    done.push(outcome);
                }
            }
        }
        if again.is_empty() || !progressed {
            for (path, e) in again {
                let outcome = Outcome {
                    path,
                    result: Err(e),
                };
                report(&outcome);
                done.push(outcome);
            }
            return Ok(done);
        }
        pending = again.into_iter().map(|(p, _)| p).collect();
    }
}
