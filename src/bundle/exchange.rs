//! Exporting and importing bundles: the steps around the database calls, with every check
//! made before anything is written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::files::{self, Verified};
use super::wire::{self, WireActivity, WireEvent, WireNotice, WireResident, WireRoster};
use super::{BUNDLE_VERSION, BundleError, BundleKind, FORMAT, Manifest};
use crate::domain::case::CaseId;
use crate::domain::category::{Category, Unit};
use crate::domain::event::EventBody;
use crate::domain::member::Member;
use crate::domain::station::{Station, StationKind};
use crate::store::datetime_text;
use crate::store::{Applied, EventsBundle, ReferenceBundle, SCHEMA_VERSION, Store};

/// What an import did, for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    Events {
        station: String,
        from: i64,
        to: i64,
        applied: Applied,
    },
    Reference {
        version: i64,
    },
    /// Nothing new: the bundle had been imported before.
    AlreadyHad {
        station: String,
        kind: BundleKind,
        to: i64,
    },
}

fn manifest(kind: BundleKind, station: &str, from: i64, to: i64, now: NaiveDateTime) -> Manifest {
    Manifest {
        format: FORMAT.into(),
        bundle_version: BUNDLE_VERSION,
        schema: SCHEMA_VERSION,
        kind,
        station: station.into(),
        from_seq: from,
        to_seq: to,
        created_at: datetime_text(now),
        counts: Default::default(),
        files: Default::default(),
    }
}

/// Writes this station's outbox after `since` (after the last export when `None`) into `dir`.
/// `Ok(None)` when there is nothing new to send.
pub fn export_events(
    store: &mut Store,
    dir: &Path,
    since: Option<i64>,
    now: NaiveDateTime,
) -> Result<Option<PathBuf>, BundleError> {
    let desk = store.desk()?;
    if desk.kind == StationKind::Home {
        return Err(BundleError::WrongDesk {
            kind: BundleKind::Events,
            station: desk.code,
            why: "the home sends reference bundles down (`bundle export` at a station sends its events up)".into(),
        });
    }
    let since = match since {
        Some(s) => s,
        None => store.last_exported()?,
    };
    let events = store.outbox(since)?;
    let Some(last) = events.last().map(|e| e.origin_seq) else {
        return Ok(None);
    };
    let cases: Vec<CaseId> = events
        .iter()
        .map(|e| e.case_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let taxonomy = store.taxonomy()?;
    let files = vec![
        ("events.jsonl", wire::lines(&events)),
        ("residents.jsonl", wire::lines(&store.residents_of(&cases)?)),
        ("units.jsonl", wire::lines(&taxonomy.units)),
        ("categories.jsonl", wire::lines(&taxonomy.categories)),
        ("members.jsonl", wire::lines(&store.members()?)),
        (
            "roster.jsonl",
            wire::lines(&store.roster_entries(Some(&desk.code))?),
        ),
        (
            "activities.jsonl",
            wire::lines(&store.station_activities(&desk.code)?),
        ),
    ];
    let m = manifest(BundleKind::Events, &desk.code, since + 1, last, now);
    let path = files::write(dir, m.clone(), &files)?;
    store.log_export(&m, events.len() as u64, now)?;
    Ok(Some(path))
}

/// Writes the home's reference data (a complete snapshot with a new version) into `dir`.
pub fn export_reference(
    store: &mut Store,
    dir: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf, BundleError> {
    let desk = store.desk()?;
    if desk.kind != StationKind::Home {
        return Err(BundleError::WrongDesk {
            kind: BundleKind::Reference,
            station: desk.code,
            why: "only the home sends reference data down".into(),
        });
    }
    let version = store.reference_version("export")? + 1;
    let taxonomy = store.taxonomy()?;
    let files = vec![
        ("stations.jsonl", wire::lines(&store.stations()?)),
        ("members.jsonl", wire::lines(&store.members()?)),
        ("units.jsonl", wire::lines(&taxonomy.units)),
        ("categories.jsonl", wire::lines(&taxonomy.categories)),
        ("settings.jsonl", wire::lines(&store.reference_settings()?)),
        ("holidays.jsonl", wire::lines(&store.wire_notices()?)),
        ("roster.jsonl", wire::lines(&store.roster_entries(None)?)),
    ];
    let m = manifest(BundleKind::Reference, &desk.code, version, version, now);
    let path = files::write(dir, m.clone(), &files)?;
    store.log_export(&m, 1, now)?;
    Ok(path)
}

/// Verifies and applies a bundle; on any refusal nothing is written.
pub fn import(store: &mut Store, path: &Path, now: NaiveDateTime) -> Result<Imported, BundleError> {
    let verified = files::read(path)?;
    let desk = store.desk()?;
    match verified.manifest.kind {
        BundleKind::Events => import_events(store, &desk, verified, now),
        BundleKind::Reference => import_reference(store, &desk, verified, now),
    }
}

fn file<'a>(v: &'a Verified, name: &str) -> Result<&'a str, BundleError> {
    v.files
        .get(name)
        .map(String::as_str)
        .ok_or_else(|| BundleError::MissingFile(name.to_string()))
}

fn import_events(
    store: &mut Store,
    desk: &Station,
    v: Verified,
    now: NaiveDateTime,
) -> Result<Imported, BundleError> {
    let m = &v.manifest;
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
    match store.station(&m.station)? {
        Some(s) if s.kind != StationKind::Home => {}
        _ => {
            return Err(BundleError::Inconsistent(format!(
                "`{}` is not one of this home's stations",
                m.station
            )));
        }
    }
    let events: Vec<WireEvent> = wire::parse("events.jsonl", file(&v, "events.jsonl")?)?;
    // The outbox range must be exactly the events carried, in order. Compared event by event:
    // a manifest's range is not to be trusted with an allocation (4e12 would abort).
    let in_order = events
        .iter()
        .zip(m.from_seq..)
        .all(|(e, seq)| e.origin_seq == seq && e.origin == m.station);
    let count_matches = m
        .to_seq
        .checked_sub(m.from_seq)
        .and_then(|span| span.checked_add(1))
        == Some(events.len() as i64);
    if m.from_seq < 1 || !in_order || !count_matches {
        return Err(BundleError::Inconsistent(format!(
            "the events do not match the range {}–{} of {} in the manifest",
            m.from_seq, m.to_seq, m.station
        )));
    }
    for (i, e) in events.iter().enumerate() {
        EventBody::from_stored(&e.kind, &e.payload.to_string()).map_err(|err| {
            BundleError::Line {
                file: "events.jsonl".into(),
                line: i + 1,
                message: err.to_string(),
            }
        })?;
    }
    let last = store.applied_seq(&m.station)?;
    if m.to_seq <= last {
        return Ok(Imported::AlreadyHad {
            station: m.station.clone(),
            kind: m.kind,
            to: m.to_seq,
        });
    }
    if m.from_seq > last + 1 {
        return Err(BundleError::Gap {
            station: m.station.clone(),
            from: m.from_seq,
            to: m.to_seq,
            missing_from: last + 1,
            missing_to: m.from_seq - 1,
        });
    }
    let bundle = EventsBundle {
        station: m.station.clone(),
        from_seq: m.from_seq,
        to_seq: m.to_seq,
        name: m.name(),
        residents: wire::parse::<WireResident>("residents.jsonl", file(&v, "residents.jsonl")?)?,
        units: wire::parse::<Unit>("units.jsonl", file(&v, "units.jsonl")?)?,
        categories: wire::parse::<Category>("categories.jsonl", file(&v, "categories.jsonl")?)?,
        members: wire::parse::<Member>("members.jsonl", file(&v, "members.jsonl")?)?,
        roster: wire::parse::<WireRoster>("roster.jsonl", file(&v, "roster.jsonl")?)?,
        activities: wire::parse::<WireActivity>("activities.jsonl", file(&v, "activities.jsonl")?)?,
        events,
    };
    let applied = store.apply_events_bundle(&bundle, now)?;
    Ok(Imported::Events {
        station: bundle.station,
        from: bundle.from_seq,
        to: bundle.to_seq,
        applied,
    })
}

fn import_reference(
    store: &mut Store,
    desk: &Station,
    v: Verified,
    now: NaiveDateTime,
) -> Result<Imported, BundleError> {
    let m = &v.manifest;
    let home = store
        .stations()?
        .into_iter()
        .find(|s| s.kind == StationKind::Home)
        .map(|s| s.code);
    if desk.kind == StationKind::Home || home.as_deref() != Some(m.station.as_str()) {
        return Err(BundleError::WrongDesk {
            kind: m.kind,
            station: m.station.clone(),
            why: "reference data comes from this station's own home, to a station's desk".into(),
        });
    }
    if m.to_seq <= store.reference_version("import")? {
        return Ok(Imported::AlreadyHad {
            station: m.station.clone(),
            kind: m.kind,
            to: m.to_seq,
        });
    }
    let notices: Vec<WireNotice> = wire::parse("holidays.jsonl", file(&v, "holidays.jsonl")?)?;
    // The holiday days must be a valid table before they replace the one in use.
    for n in &notices {
        for (date, kind, _) in &n.days {
            let ok = date.parse::<chrono::NaiveDate>().is_ok()
                && kind.parse::<crate::domain::calendar::DayKind>().is_ok();
            if !ok {
                return Err(BundleError::Inconsistent(format!(
                    "holidays of {}: `{date}` `{kind}` is not a day of the table",
                    n.year
                )));
            }
        }
    }
    let bundle = ReferenceBundle {
        version: m.to_seq,
        name: m.name(),
        stations: wire::parse("stations.jsonl", file(&v, "stations.jsonl")?)?,
        members: wire::parse("members.jsonl", file(&v, "members.jsonl")?)?,
        units: wire::parse("units.jsonl", file(&v, "units.jsonl")?)?,
        categories: wire::parse("categories.jsonl", file(&v, "categories.jsonl")?)?,
        settings: wire::parse("settings.jsonl", file(&v, "settings.jsonl")?)?,
        notices,
        roster: wire::parse("roster.jsonl", file(&v, "roster.jsonl")?)?,
    };
    store.apply_reference_bundle(&bundle, &m.station, now)?;
    Ok(Imported::Reference {
        version: bundle.version,
    })
}
