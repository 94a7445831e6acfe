//! Whose bundles count, around the import: the home judges the desk that signed a station's
//! bundle, a station judges the key that signed its home's. A bundle whose signer is not
//! trusted yet waits aside (kept whole, checked again when its turn comes); approving its
//! desk at the home, or trusting the home at a station, applies what waited.

use std::path::Path;

use chrono::NaiveDateTime;

use super::exchange::{
    Imported, apply_verified, check_from_home, check_recovery_station, check_reference_station,
};
use super::files::{self, Verified};
use super::{BundleError, BundleKind, Manifest};
use crate::domain::fingerprint::Fingerprint;
use crate::domain::rekey::{announced_from, announced_from_fingerprint};
use crate::domain::station::{Station, StationKind};
use crate::domain::trust::{Refusal, Waiting};
use crate::store::{Approval, Judgement, Kept, SignerDesk, Store, ToKeep};

/// The desk that signed a manifest, as the store knows desks.
pub fn signer(m: &Manifest, key: &[u8; 32]) -> SignerDesk {
    SignerDesk {
        uuid: m.signer.desk,
        station: m.signer.station.clone(),
        number: m.signer.number,
        key: *key,
    }
}

/// What this desk makes of a bundle's signer, from its verified manifest alone: whether the
/// bundle is for this desk at all, then whether its signer is trusted.
pub fn judge(
    store: &Store,
    desk: &Station,
    m: &Manifest,
    key: &[u8; 32],
) -> Result<Judgement, BundleError> {
    match m.kind {
        BundleKind::Events => {
            if desk.kind != StationKind::Home {
                return Err(BundleError::WrongDesk {
                    kind: m.kind,
                    station: m.station.clone(),
                    why: format!(
                        "events go to the home; this desk is the station {}",
                        desk.code
                    ),
                });
            }
            super::authority::check_manifest(store, m)?;
            let announced =
                |trusted: &[u8; 32]| announced_from(m.signer.desk, &m.rekeys, trusted, key);
            Ok(store.judge_desk(&signer(m, key), &announced)?)
        }
        BundleKind::Reference | BundleKind::Recovery => {
            let home = check_from_home(store, desk, m)?;
            if m.kind == BundleKind::Recovery {
                check_recovery_station(desk, m)?;
            } else {
                check_reference_station(desk, m)?;
            }
            let announced = |trusted: &Fingerprint| {
                announced_from_fingerprint(m.signer.desk, &m.rekeys, trusted, key)
            };
            Ok(store.judge_home(&home, key, &announced)?)
        }
    }
}

/// Reads a waiting bundle whole, checked as any other, and keeps it aside. A bundle larger
/// than the room left is not read at all.
pub fn keep(
    store: &mut Store,
    path: &Path,
    manifest: Manifest,
    key: [u8; 32],
    waiting: Waiting,
    now: NaiveDateTime,
) -> Result<Imported, BundleError> {
    let room = crate::store::WAITING_MAX_BYTES;
    // Signed, but by anyone: sizes that add up past 2^64 are simply too large.
    let declared = manifest
        .sizes
        .values()
        .fold(0u64, |sum, size| sum.saturating_add(*size));
    let full = |count: usize, bytes: u64, waiting: Waiting| -> BundleError {
        Refusal::WaitingFull {
            waiting,
            count,
            bytes,
        }
        .into()
    };
    let used: u64 = store.waiting_bundles()?.iter().map(|b| b.bytes).sum();
    if used.saturating_add(declared) > room {
        return Err(full(store.waiting_bundles()?.len(), used, waiting));
    }
    let v = files::read_files_within(path, manifest, key, room - used)?;
    let files::Contents::Kept(texts) = &v.contents else {
        unreachable!("a bundle read within a limit is read whole");
    };
    keep_verified(store, &v, texts, waiting, now)
}

fn keep_verified(
    store: &mut Store,
    v: &Verified,
    texts: &std::collections::BTreeMap<String, String>,
    waiting: Waiting,
    now: NaiveDateTime,
) -> Result<Imported, BundleError> {
    let m = &v.manifest;
    let text = serde_json::to_string(m).expect("a manifest serialises");
    let first = m
        .ranges
        .first()
        .map_or((0, m.version), |r| (r.epoch, r.from));
    let kept = store.keep_waiting(
        &ToKeep {
            kind: m.kind.as_str(),
            signer: &signer(m, &v.key),
            name: &m.name(),
            ranges: &super::describe_ranges(&m.ranges),
            first,
            manifest: &text,
            files: texts,
        },
        now,
    )?;
    match kept {
        Kept::Kept => Ok(Imported::Waiting {
            waiting,
            already: false,
        }),
        Kept::Already => Ok(Imported::Waiting {
            waiting,
            already: true,
        }),
        Kept::Full { count, bytes } => Err(Refusal::WaitingFull {
            waiting,
            count,
            bytes,
        }
        .into()),
    }
}

/// What became of a bundle that waited, when its turn came.
pub struct FromWaiting {
    pub name: String,
    pub result: Result<Imported, BundleError>,
}

/// Applies the waiting bundles whose signers are trusted now, a desk's in the order of its
/// sequences, as long as any goes in: applied or refused, a bundle leaves the store; one
/// that must wait for another (a gap) stays.
pub fn apply_waiting(
    store: &mut Store,
    now: NaiveDateTime,
) -> Result<Vec<FromWaiting>, BundleError> {
    let desk = store.desk()?;
    let mut out = Vec::new();
    loop {
        let mut progressed = false;
        for b in store.waiting_bundles()? {
            let Some((manifest, files)) = store.waiting_contents(b.id)? else {
                continue;
            };
            let v = match files::verify_kept(&manifest, files) {
                Ok(v) => v,
                Err(e) => {
                    store.drop_waiting(b.id)?;
                    out.push(FromWaiting {
                        name: b.name,
                        result: Err(e),
                    });
                    continue;
                }
            };
            let judged = judge(store, &desk, &v.manifest, &v.key);
            let result = match judged {
                Ok(Judgement::Wait(_)) => continue,
                Ok(Judgement::Trusted { .. }) => apply_verified(store, &desk, v, now),
                Err(e) => Err(e),
            };
            if matches!(&result, Err(e) if e.is_waiting()) {
                continue;
            }
            store.drop_waiting(b.id)?;
            progressed |= result.is_ok();
            out.push(FromWaiting {
                name: b.name,
                result,
            });
        }
        if !progressed {
            return Ok(out);
        }
    }
}

/// Approves a desk at the home, then applies what it sent that waited.
pub fn approve(
    store: &mut Store,
    station: &str,
    number: u32,
    fp: &Fingerprint,
    actor: &str,
    now: NaiveDateTime,
) -> Result<(Approval, Vec<FromWaiting>), BundleError> {
    let approval = store.approve_desk(station, number, fp, actor, now)?;
    let applied = apply_waiting(store, now)?;
    Ok((approval, applied))
}

/// Trusts the home at a station by the fingerprint typed, then applies its bundles that
/// waited. How many bundles of other keys were deleted, and what became of the others.
pub fn trust_home(
    store: &mut Store,
    fp: &Fingerprint,
    actor: &str,
    now: NaiveDateTime,
) -> Result<(usize, Vec<FromWaiting>), BundleError> {
    let dropped = store.trust_home(fp, actor, now)?;
    Ok((dropped, apply_waiting(store, now)?))
}
