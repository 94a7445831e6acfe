//! Exporting and importing bundles: the steps around the database calls, with every check
//! made before anything is written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::authority::{check_created, check_events_bundle};
use super::events_batches;
use super::files::{self, Verified};
use super::wire::{self, WireDesk, WireEvent, WireResident};
use super::{BUNDLE_VERSION, BundleError, BundleKind, EpochRange, FORMAT, Manifest, Signer};
use crate::domain::case::CaseId;
use crate::domain::digest::hex;
use crate::domain::member::Member;
use crate::domain::station::{Station, StationKind};
use crate::domain::wish_wire::WireWish;
use crate::store::{
    Applied, ExportLog, Judgement, Recovered, RecoveryBundle, ReferenceBundle, SCHEMA_VERSION,
    Store, datetime_text,
};

/// What an import did, for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    Events {
        /// `HF desk 2`
        desk: String,
        /// The desk's key fingerprint.
        key: String,
        ranges: String,
        applied: Applied,
    },
    Reference {
        version: i64,
        /// Deadlines recomputed, the station's cases brought, events held at the home.
        applied: crate::store::ReferenceApplied,
    },
    Recovery {
        station: String,
        recovered: Recovered,
    },
    /// Nothing new: every event (or the version) was here before.
    AlreadyHad { what: AlreadyHere },
    /// Its signer is not trusted here yet: kept aside (unless it was already), waiting.
    Waiting {
        waiting: crate::domain::trust::Waiting,
        already: bool,
    },
    /// A bundle in a folder that is not for this desk (this desk's own outgoing bundle, a
    /// station's events at a station): left alone.
    NotForThisDesk { why: String },
}

/// What a bundle applied before brought, for "nothing to do" to name in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlreadyHere {
    /// A desk's first bundle, with no events: its introduction.
    Introduction {
        station: String,
        number: u32,
    },
    Events {
        station: String,
        number: u32,
        ranges: String,
    },
    Reference {
        version: i64,
    },
    Recovery {
        station: String,
    },
}

fn manifest(
    kind: BundleKind,
    station: &str,
    store: &Store,
    now: NaiveDateTime,
) -> Result<Manifest, BundleError> {
    let me = store.desk_identity()?;
    Ok(Manifest {
        format: FORMAT.into(),
        bundle_version: BUNDLE_VERSION,
        schema: SCHEMA_VERSION,
        kind,
        station: station.into(),
        signer: Signer {
            desk: me.uuid,
            station: me.station,
            number: me.number,
            key: hex(&me.public_key),
        },
        ranges: Vec::new(),
        version: 0,
        for_station: String::new(),
        created_at: datetime_text(now),
        counts: Default::default(),
        files: Default::default(),
        sizes: Default::default(),
        rekeys: store.rekeys()?,
        signature: String::new(),
    })
}

/// The size a part of an export stays within unless told otherwise: well under FAT32's
/// 4 GiB per file, the file system of most USB sticks.
pub const DEFAULT_PART_BYTES: u64 = 1024 * 1024 * 1024;
/// The smallest part size accepted.
pub const MIN_PART_BYTES: u64 = 4 * 1024;

/// Writes this desk's events not yet exported (or all of them) into `dir`, creating it when
/// missing, as one bundle. `Ok(None)` when there is nothing new to send.
pub fn export_events(
    store: &mut Store,
    dir: &Path,
    all: bool,
    now: NaiveDateTime,
) -> Result<Option<PathBuf>, BundleError> {
    Ok(export_events_in_parts(store, dir, all, u64::MAX, now)?.pop())
}

/// Writes this desk's events not yet exported (or all of them) into `dir`, in bundles whose
/// events and residents stay within `part` bytes each (a single event larger than that goes
/// alone), each one marked exported once written: a stick that fills up half-way keeps the
/// parts written, and the next export goes on after them. Empty when there is nothing new.
pub fn export_events_in_parts(
    store: &mut Store,
    dir: &Path,
    all: bool,
    part: u64,
    now: NaiveDateTime,
) -> Result<Vec<PathBuf>, BundleError> {
    let desk = store.desk()?;
    if desk.kind == StationKind::Home {
        return Err(BundleError::WrongDesk {
            kind: BundleKind::Events,
            station: desk.code,
            why: "the home sends reference bundles down (`bundle export` at a station sends its events up)".into(),
        });
    }
    let mut written = Vec::new();
    let mut current: Option<Part> = None;
    let mut after = (0u32, 0i64);
    loop {
        // A batch at a time: no cursor stays open while a part is marked exported.
        let batch = store.outbox_after(all, after, OUTBOX_BATCH)?;
        let Some(last) = batch.last() else { break };
        after = (last.epoch, last.seq);
        for e in batch {
            let line = serde_json::to_string(&e).map_or(0, |l| l.len() as u64 + 1);
            let known = current
                .as_ref()
                .is_some_and(|p| p.cases.contains(&e.case_id));
            let mut residents = if known {
                None
            } else {
                Some(residents_of(store, e.case_id)?)
            };
            if let Some(p) = current.take() {
                let bytes = line + residents.as_ref().map_or(0, |(_, b)| *b);
                if p.size + bytes > part {
                    written.push(p.finish(store, &desk, false, now)?);
                    if residents.is_none() {
                        residents = Some(residents_of(store, e.case_id)?);
                    }
                } else {
                    current = Some(p);
                }
            }
            let p = match current.as_mut() {
                Some(p) => p,
                None => current.insert(Part::new(dir)?),
            };
            p.push(&e, line, residents.as_ref())?;
        }
    }
    let last = match current {
        Some(p) => Some(p),
        // A desk that wrote nothing yet introduces itself: the home learns which desk the
        // fingerprint it approved is, and can hand it cases (a new laptop taking over).
        None if written.is_empty() && !store.has_written_events()? => Some(Part::new(dir)?),
        // Wishes written since the last bundle go up even with no new case event.
        None if written.is_empty() && store.wishes_unsent()? => Some(Part::new(dir)?),
        None => None,
    };
    if let Some(p) = last {
        // Roster and activities are whole-table snapshots: the last part carries them.
        written.push(p.finish(store, &desk, true, now)?);
    }
    Ok(written)
}

/// A case's residents, with the bytes of their lines.
fn residents_of(store: &Store, case: CaseId) -> Result<(Vec<WireResident>, u64), BundleError> {
    let residents = store.residents_of(&[case])?;
    let bytes = wire::lines(&residents).len() as u64;
    Ok((residents, bytes))
}

/// How many events of the outbox are read at a time.
const OUTBOX_BATCH: i64 = 2_000;

/// One part of an export being written: its events and residents go to disk as they are
/// read; what stays in memory is its ranges and the cases it has (for their residents).
struct Part {
    draft: files::Draft,
    events: files::DraftFile,
    residents: files::DraftFile,
    ranges: Vec<EpochRange>,
    cases: BTreeSet<CaseId>,
    count: u64,
    size: u64,
}

impl Part {
    fn new(dir: &Path) -> Result<Self, BundleError> {
        let mut draft = files::Draft::new(dir)?;
        let events = draft.file("events.jsonl")?;
        let residents = draft.file("residents.jsonl")?;
        Ok(Self {
            draft,
            events,
            residents,
            ranges: Vec::new(),
            cases: BTreeSet::new(),
            count: 0,
            size: 0,
        })
    }

    /// Adds an event, and its case's residents the first time the case is seen.
    fn push(
        &mut self,
        e: &WireEvent,
        line: u64,
        residents: Option<&(Vec<WireResident>, u64)>,
    ) -> Result<(), BundleError> {
        self.events.line(e)?;
        self.size += line;
        if self.cases.insert(e.case_id)
            && let Some((residents, bytes)) = residents
        {
            for r in residents {
                self.residents.line(r)?;
            }
            self.size += bytes;
        }
        // The outbox of an epoch has no holes (sequences are given one after the other and
        // never removed); one that had would be refused at the home.
        match self.ranges.last_mut() {
            Some(r) if r.epoch == e.epoch && r.to + 1 == e.seq => r.to = e.seq,
            _ => self.ranges.push(EpochRange {
                epoch: e.epoch,
                from: e.seq,
                to: e.seq,
            }),
        }
        self.count += 1;
        Ok(())
    }

    /// Writes the rest of the part, signs it, moves it into place, and marks its events
    /// exported.
    fn finish(
        self,
        store: &mut Store,
        desk: &Station,
        last: bool,
        now: NaiveDateTime,
    ) -> Result<PathBuf, BundleError> {
        let Part {
            mut draft,
            events,
            residents,
            ranges,
            count,
            ..
        } = self;
        draft.close(events)?;
        draft.close(residents)?;
        let wishes_mark = store.wishes_mark()?;
        let (roster, activities, wishes) = if last {
            (
                store.roster_entries(Some(&desk.code))?,
                store.station_activities(&desk.code)?,
                store.own_wishes()?,
            )
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        let mut f = draft.file("roster.jsonl")?;
        for r in &roster {
            f.line(r)?;
        }
        draft.close(f)?;
        let mut f = draft.file("activities.jsonl")?;
        for a in &activities {
            f.line(a)?;
        }
        draft.close(f)?;
        let mut f = draft.file("wishes.jsonl")?;
        for w in &wishes {
            f.line(w)?;
        }
        draft.close(f)?;
        let mut m = manifest(BundleKind::Events, &desk.code, store, now)?;
        m.ranges = ranges.clone();
        let name = m.name();
        let signer = m.signer.desk;
        let path = draft.finish(m, &store.signing_key()?)?;
        if last {
            store.mark_wishes_sent(wishes_mark)?;
        }
        let seq_ranges = super::authority::seq_ranges(&ranges);
        store.mark_exported(
            &ExportLog {
                kind: "events",
                station: &desk.code,
                desk: Some(signer),
                ranges: &super::describe_ranges(&ranges),
                from: ranges.first().map_or(0, |r| r.from),
                to: ranges.last().map_or(0, |r| r.to),
                count,
                skipped: 0,
                held: 0,
                at: now,
                name: &name,
            },
            &seq_ranges,
        )?;
        Ok(path)
    }
}

/// This desk, if it is the home: what only the home writes is refused elsewhere.
fn home_desk(store: &Store, kind: BundleKind, why: &str) -> Result<Station, BundleError> {
    let desk = store.desk()?;
    if desk.kind != StationKind::Home {
        return Err(BundleError::WrongDesk {
            kind,
            station: desk.code,
            why: why.into(),
        });
    }
    Ok(desk)
}

/// Writes the home's reference data (a complete snapshot with a new version) into `dir`.
/// At the home: writes the reference data into `dir`, one bundle per station (all of one
/// version; each with its station's code): the same reference data, and that station's open cases and those changed
/// lately, so that every desk of a station follows up its sister desks' cases. A station's
/// residents travel only in its own bundle, never on another station's stick.
pub fn export_reference(
    store: &mut Store,
    dir: &Path,
    now: NaiveDateTime,
) -> Result<Vec<(String, PathBuf)>, BundleError> {
    let desk = home_desk(
        store,
        BundleKind::Reference,
        "only the home sends reference data down",
    )?;
    let version = store.reference_version("export")? + 1;
    let taxonomy = store.taxonomy()?;
    let stations = store.stations()?;
    let reference = vec![
        ("stations.jsonl", wire::lines(&stations)),
        ("members.jsonl", wire::lines(&store.members()?)),
        ("units.jsonl", wire::lines(&taxonomy.units)),
        ("categories.jsonl", wire::lines(&taxonomy.categories)),
        ("settings.jsonl", wire::lines(&store.reference_settings()?)),
        ("holidays.jsonl", wire::lines(&store.wire_notices()?)),
        ("roster.jsonl", wire::lines(&store.roster_entries(None)?)),
    ];
    let since = now.date() - chrono::Days::new(crate::store::RECENT_DAYS);
    let key = store.signing_key()?;
    let mut written = Vec::new();
    for station in stations.iter().filter(|s| s.kind != StationKind::Home) {
        let copy = store.home_copy(since, &station.code)?;
        let events = super::home_copy::down_going(copy.events, &copy.desks, &desk.code);
        let mut files = reference.clone();
        files.extend([
            ("cases.jsonl", wire::lines(&events)),
            ("desks.jsonl", wire::lines(&copy.desks)),
            ("residents.jsonl", wire::lines(&copy.residents)),
            ("held.jsonl", wire::lines(&copy.held)),
            (
                "wishes.jsonl",
                station_wishes(store, &station.code, Some(since))?,
            ),
        ]);
        let mut m = manifest(BundleKind::Reference, &desk.code, store, now)?;
        m.version = version;
        m.for_station = station.code.clone();
        written.push((
            station.code.clone(),
            files::write(dir, m.clone(), &files, &key)?,
        ));
        store.log_export(&ExportLog {
            kind: "reference",
            station: &station.code,
            desk: Some(m.signer.desk),
            ranges: "",
            from: version,
            to: version,
            count: 1,
            skipped: 0,
            held: 0,
            at: now,
            name: &m.name(),
        })?;
    }
    Ok(written)
}

/// The lines of `station`'s wishes as they go down (see [`Store::each_station_wish`]), written
/// one wish at a time.
fn station_wishes(
    store: &Store,
    station: &str,
    since: Option<chrono::NaiveDate>,
) -> Result<String, BundleError> {
    let mut text = String::new();
    store.each_station_wish(station, since, &mut |w| {
        text.push_str(&serde_json::to_string(&w).expect("wire types always serialise"));
        text.push('\n');
        Ok(())
    })?;
    Ok(text)
}

/// At the home: writes the home's copy of `station`'s cases (every event, the desks that
/// wrote them, the residents) for a desk of that station that lost some.
pub fn export_recovery(
    store: &mut Store,
    station: &str,
    dir: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf, BundleError> {
    home_desk(
        store,
        BundleKind::Recovery,
        "recovery bundles are written at the home, which holds every station's cases",
    )?;
    let station = station.trim().to_ascii_uppercase();
    match store.station(&station)? {
        Some(s) if s.kind != StationKind::Home => {}
        _ => {
            return Err(BundleError::Refused(format!(
                "`{station}` is not one of this home's stations (see `liaison stations`)"
            )));
        }
    }
    let (events, writers) = store.station_log(&station)?;
    let home = store.desk()?.code;
    // Every desk of the station and the home's: a transfer names a desk that may have
    // written nothing on these cases yet.
    let mut desks: Vec<WireDesk> = store
        .desks_for_stations()?
        .into_iter()
        .filter(|d| d.station == station || d.station == home)
        .collect();
    for w in writers {
        if !desks.iter().any(|d| d.uuid == w.uuid) {
            desks.push(w);
        }
    }
    let events = super::home_copy::down_going(events, &desks, &home);
    let cases: Vec<CaseId> = events
        .iter()
        .map(|e| e.case_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let files = vec![
        ("events.jsonl", wire::lines(&events)),
        ("desks.jsonl", wire::lines(&desks)),
        ("residents.jsonl", wire::lines(&store.residents_of(&cases)?)),
        ("wishes.jsonl", station_wishes(store, &station, None)?),
    ];
    let m = manifest(BundleKind::Recovery, &station, store, now)?;
    let path = files::write(dir, m.clone(), &files, &store.signing_key()?)?;
    store.log_export(&ExportLog {
        kind: "recovery",
        station: &station,
        desk: Some(m.signer.desk),
        ranges: "",
        from: 0,
        to: 0,
        count: events.len() as u64,
        skipped: 0,
        held: 0,
        at: now,
        name: &m.name(),
    })?;
    Ok(path)
}

/// Verifies and applies a bundle; on any refusal nothing is written. A bundle whose signer
/// is not trusted here yet is read whole, checked, and kept aside to wait (see
/// [`super::trust`]); nothing of it reaches the case data.
pub fn import(store: &mut Store, path: &Path, now: NaiveDateTime) -> Result<Imported, BundleError> {
    let (manifest, key) = files::read_manifest(path)?;
    check_created(&manifest, now)?;
    let desk = store.desk()?;
    match super::trust::judge(store, &desk, &manifest, &key)? {
        Judgement::Trusted { .. } => {
            // Applied before: the signed manifest names every file's checksum, so its
            // files are the ones applied, and need not be read.
            if store.manifest_applied(&super::sign::manifest_digest(&manifest))? {
                return Ok(Imported::AlreadyHad {
                    what: already_had(&manifest),
                });
            }
            // A station's bundle that names a file it may not carry: refused unread.
            if manifest.kind == BundleKind::Events {
                super::authority::check_file_names(&manifest)?;
            }
            let verified = files::read_files(path, manifest, key)?;
            apply_verified(store, &desk, verified, now)
        }
        Judgement::Wait(waiting) => super::trust::keep(store, path, manifest, key, waiting, now),
    }
}

/// What a bundle applied before brought, as "nothing to do" names it.
fn already_had(m: &Manifest) -> AlreadyHere {
    let (station, number) = (m.signer.station.clone(), m.signer.number);
    match m.kind {
        BundleKind::Events if m.ranges.is_empty() => AlreadyHere::Introduction { station, number },
        BundleKind::Events => AlreadyHere::Events {
            station,
            number,
            ranges: super::describe_ranges(&m.ranges),
        },
        BundleKind::Reference => AlreadyHere::Reference { version: m.version },
        BundleKind::Recovery => AlreadyHere::Recovery {
            station: m.station.clone(),
        },
    }
}

/// Applies a verified bundle (the second pass of an import, once its signer is trusted): its
/// files are parsed (from a folder, read and checked again) and applied in one transaction;
/// on any refusal nothing is written.
pub fn apply_verified(
    store: &mut Store,
    desk: &Station,
    verified: Verified,
    now: NaiveDateTime,
) -> Result<Imported, BundleError> {
    match verified.manifest.kind {
        BundleKind::Events => import_events(store, desk, verified, now),
        BundleKind::Reference => import_reference(store, desk, verified, now),
        BundleKind::Recovery => import_recovery(store, desk, verified, now),
    }
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
    let label = format!("{} desk {}", m.signer.station, m.signer.number);
    let key = super::sign::key_fingerprint_hex(&m.signer.key);
    let ranges = super::describe_ranges(&m.ranges);
    // From the stick, in batches; kept aside (or after a number clash), whole.
    let applied = match &v.contents {
        files::Contents::Folder(_) => match events_batches::import(store, &v, now)? {
            events_batches::Done::Applied(applied) => Some(applied),
            events_batches::Done::AllHere => None,
            events_batches::Done::Clashed => Some(import_events_whole(store, &v, now)?),
        },
        files::Contents::Kept(_) => Some(import_events_whole(store, &v, now)?),
    };
    let Some(applied) = applied else {
        return Ok(Imported::AlreadyHad {
            what: already_had(m),
        });
    };
    if applied.events == 0
        && applied.held == 0
        && applied.enrolled.is_none()
        && applied.wishes.events == 0
    {
        return Ok(Imported::AlreadyHad {
            what: already_had(m),
        });
    }
    Ok(Imported::Events {
        desk: label,
        key,
        ranges,
        applied,
    })
}

/// Checks a station desk's bundle whole, then applies it whole.
fn import_events_whole(
    store: &mut Store,
    v: &Verified,
    now: NaiveDateTime,
) -> Result<crate::store::Applied, BundleError> {
    let bundle = check_events_bundle(store, v, now)?;
    store
        .apply_events_bundle(&bundle, now)
        .map_err(events_batches::gap)
}

/// The home of this desk's network: the only desk reference and recovery bundles come from.
pub(super) fn check_from_home(
    store: &Store,
    desk: &Station,
    m: &Manifest,
) -> Result<String, BundleError> {
    let home = store
        .stations()?
        .into_iter()
        .find(|s| s.kind == StationKind::Home)
        .map(|s| s.code);
    if desk.kind == StationKind::Home || home.as_deref() != Some(m.signer.station.as_str()) {
        return Err(BundleError::WrongDesk {
            kind: m.kind,
            station: m.signer.station.clone(),
            why:
                "reference and recovery data come from this station's own home, to a station's desk"
                    .into(),
        });
    }
    Ok(home.expect("checked above"))
}

fn import_reference(
    store: &mut Store,
    desk: &Station,
    v: Verified,
    now: NaiveDateTime,
) -> Result<Imported, BundleError> {
    let m = &v.manifest;
    let home = check_from_home(store, desk, m)?;
    if m.station != home {
        return Err(BundleError::Refused(format!(
            "a reference bundle of {} signed by the home {home}: nothing was changed",
            m.station
        )));
    }
    if m.version <= store.reference_version_from(m.signer.desk)? {
        return Ok(Imported::AlreadyHad {
            what: AlreadyHere::Reference { version: m.version },
        });
    }
    let members: Vec<Member> = v.parse("members.jsonl")?;
    let cases = station_cases(store, desk, &home, &v, &members)?;
    let bundle = ReferenceBundle {
        version: m.version,
        name: m.name(),
        manifest: super::sign::manifest_digest(m),
        home_desk: m.signer.desk,
        home,
        key: v.key,
        stations: v.parse("stations.jsonl")?,
        members,
        units: v.parse("units.jsonl")?,
        categories: v.parse("categories.jsonl")?,
        settings: v.parse("settings.jsonl")?,
        notices: v.parse("holidays.jsonl")?,
        roster: v.parse("roster.jsonl")?,
        cases,
    };
    super::reference::check(&bundle)?;
    let applied = store.apply_reference_bundle(&bundle, now)?;
    Ok(Imported::Reference {
        version: bundle.version,
        applied,
    })
}

/// This station's part of the cases a reference bundle carries (none from an older home).
fn station_cases(
    store: &Store,
    desk: &Station,
    home: &str,
    v: &Verified,
    members: &[Member],
) -> Result<Option<crate::store::StationCases>, BundleError> {
    if !v.has("cases.jsonl") {
        return Ok(None);
    }
    let mut part = super::home_copy::station_part(
        store,
        &desk.code,
        home,
        v.parse("cases.jsonl")?,
        v.parse_optional("desks.jsonl")?,
        v.parse_optional("residents.jsonl")?,
        v.parse_optional("held.jsonl")?,
    )?;
    // The station's wishes (none from an older home), claimed by members this bundle or this
    // file knows.
    let wishes: Vec<WireWish> = v.parse_optional("wishes.jsonl")?;
    super::wish_authority::check_home_wishes(
        store,
        &v.manifest,
        &desk.code,
        home,
        &wishes,
        &part.desks,
        &members_here(store, members.to_vec())?,
    )?;
    part.wishes = wishes;
    Ok(Some(part))
}

/// The members a claim may name: this file's, and those a reference bundle brings (which
/// replace this file's).
fn members_here(
    store: &Store,
    brought: Vec<Member>,
) -> Result<std::collections::HashMap<String, Member>, BundleError> {
    let mut members: std::collections::HashMap<String, Member> = store
        .members()?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    members.extend(brought.into_iter().map(|m| (m.id.clone(), m)));
    Ok(members)
}

fn import_recovery(
    store: &mut Store,
    desk: &Station,
    v: Verified,
    now: NaiveDateTime,
) -> Result<Imported, BundleError> {
    let m = &v.manifest;
    let home = check_from_home(store, desk, m)?;
    check_recovery_station(desk, m)?;
    let events: Vec<WireEvent> = v.parse("events.jsonl")?;
    let desks: Vec<WireDesk> = v.parse("desks.jsonl")?;
    let residents: Vec<WireResident> = v.parse("residents.jsonl")?;
    let wishes: Vec<WireWish> = v.parse_optional("wishes.jsonl")?;
    super::wish_authority::check_home_wishes(
        store,
        m,
        &m.station,
        &home,
        &wishes,
        &desks,
        &members_here(store, Vec::new())?,
    )?;
    let lines: Vec<(usize, WireEvent)> = events
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, w)| (i + 1, w))
        .collect();
    super::home_copy::check_station_copy(
        store,
        "events.jsonl",
        &m.station,
        &home,
        &lines,
        &desks,
        &residents,
    )?;
    let bundle = RecoveryBundle {
        name: m.name(),
        manifest: super::sign::manifest_digest(m),
        station: m.station.clone(),
        home,
        key: v.key,
        desks,
        events,
        residents,
        wishes,
    };
    let recovered = store.apply_recovery_bundle(&bundle, now)?;
    if recovered.events == 0 && recovered.held == 0 && recovered.wishes.events == 0 {
        return Ok(Imported::AlreadyHad {
            what: AlreadyHere::Recovery {
                station: m.station.clone(),
            },
        });
    }
    Ok(Imported::Recovery {
        station: m.station.clone(),
        recovered,
    })
}

/// A recovery bundle is for this desk's station.
/// A reference bundle is for the station it names (a bundle for every station, from before
/// they were one per station, is for any).
pub(super) fn check_reference_station(desk: &Station, m: &Manifest) -> Result<(), BundleError> {
    if !m.for_station.is_empty() && m.for_station != desk.code {
        return Err(BundleError::WrongDesk {
            kind: m.kind,
            station: m.for_station.clone(),
            why: format!(
                "it is the reference data for {}, with that station's cases, and this desk is of {}",
                m.for_station, desk.code
            ),
        });
    }
    Ok(())
}

pub(super) fn check_recovery_station(desk: &Station, m: &Manifest) -> Result<(), BundleError> {
    if m.station != desk.code {
        return Err(BundleError::WrongDesk {
            kind: m.kind,
            station: m.station.clone(),
            why: format!(
                "it holds the cases of {}, and this desk is of {}",
                m.station, desk.code
            ),
        });
    }
    Ok(())
}
