//! What a station desk may send the home, checked line by line before anything is written.
//!
//! A station desk's bundle carries only its own station's cases (new ones with numbers of its
//! own desk pattern), the residents of those cases, its roster and its members' activities.
//! Reference data (units, categories, members, holidays, the network) flows only from the
//! home down. Event times cannot be later than the bundle (plus a little clock drift), nor the
//! bundle later than the home's day. The first line that breaks a rule refuses the bundle
//! whole, named by file and line.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Duration, NaiveDateTime};

use super::files::Verified;
use super::wire::{WireActivity, WireEvent, WireResident, WireRoster};
use super::{BundleError, EpochRange, Manifest};
use crate::domain::case::{CaseId, Resident};
use crate::domain::desk::{MAX_DESK_NUMBER, MAX_EPOCH, epoch_letters};
use crate::domain::event::{Event, EventBody};
use crate::domain::member::Member;
use crate::domain::number::parse_case_number;
use crate::domain::station::StationKind;
use crate::domain::trust::Refusal;
use crate::domain::wish_wire::WireWish;
use crate::store::{EventsBundle, SeqRange, SignerDesk, Store, datetime_text};

/// The files a station desk's bundle holds; anything else is refused.
pub const EVENTS_FILES: [&str; 5] = [
    "events.jsonl",
    "residents.jsonl",
    "roster.jsonl",
    "activities.jsonl",
    // Since schema 18; older desks' bundles have none.
    "wishes.jsonl",
];

/// How far a desk's clock may run ahead of the home's, or an event's time ahead of the
/// moment the bundle was written.
pub const CLOCK_TOLERANCE_MINUTES: i64 = 10;

fn line(file: &str, line: usize, message: impl Into<String>) -> BundleError {
    BundleError::Line {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

fn refused(message: impl Into<String>) -> BundleError {
    BundleError::Refused(message.into())
}

/// A station desk's bundle carries its own files only: one naming another is refused from
/// its manifest, before any file is read.
pub(super) fn check_file_names(m: &Manifest) -> Result<(), BundleError> {
    match m
        .files
        .keys()
        .find(|name| !EVENTS_FILES.contains(&name.as_str()))
    {
        Some(name) => Err(refused(format!(
            "{name}: a station desk's bundle carries no reference data (units, categories, \
             members, holidays, the network): they come from the home; nothing was imported"
        ))),
        None => Ok(()),
    }
}

/// Checks a station desk's events bundle at the home and returns it ready to apply.
pub fn check_events_bundle(
    store: &Store,
    v: &Verified,
    now: NaiveDateTime,
) -> Result<EventsBundle, BundleError> {
    let m = &v.manifest;
    check_manifest(store, m)?;
    check_file_names(m)?;
    let created = check_created(m, now)?;
    let ranges = check_ranges(m)?;
    let events: Vec<WireEvent> = v.parse("events.jsonl")?;
    check_sequence(m, &ranges, &events)?;
    // A bundle that must wait for an earlier one says so before its lines are judged: they
    // may name cases the earlier bundle brings.
    check_gaps(store, m, &ranges)?;
    let cases = check_events(store, m, &events, created)?;
    super::powers::check_trust_lines(store, m, &v.key, &events, 1)?;
    let residents: Vec<WireResident> = v.parse("residents.jsonl")?;
    check_residents(store, m, &residents, &cases)?;
    let (roster, activities, wishes) = roster_and_activities(store, v)?;
    Ok(EventsBundle {
        events,
        residents,
        ..events_header(v, &ranges, roster, activities, wishes)
    })
}

/// What a desk sends whole with every bundle: its roster, activities and wishes.
pub(super) type Snapshots = (Vec<WireRoster>, Vec<WireActivity>, Vec<WireWish>);

/// A desk's bundle's roster, activities and wishes, checked against the members this file
/// knows.
pub(super) fn roster_and_activities(store: &Store, v: &Verified) -> Result<Snapshots, BundleError> {
    let m = &v.manifest;
    let members: HashMap<String, Member> = store
        .members()?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    let roster: Vec<WireRoster> = v.parse("roster.jsonl")?;
    check_roster(m, &roster, &members)?;
    let activities: Vec<WireActivity> = v.parse("activities.jsonl")?;
    check_activities(m, &activities, &members)?;
    let wishes: Vec<WireWish> = v.parse_optional("wishes.jsonl")?;
    super::wish_authority::check_wishes(store, m, &wishes, &members)?;
    Ok((roster, activities, wishes))
}

/// The bundle as the store applies it, its events and residents not yet in.
pub(super) fn events_header(
    v: &Verified,
    ranges: &[EpochRange],
    roster: Vec<WireRoster>,
    activities: Vec<WireActivity>,
    wishes: Vec<WireWish>,
) -> EventsBundle {
    let m = &v.manifest;
    EventsBundle {
        name: m.name(),
        manifest: super::sign::manifest_digest(m),
        station: m.station.clone(),
        signer: SignerDesk {
            uuid: m.signer.desk,
            station: m.signer.station.clone(),
            number: m.signer.number,
            key: v.key,
        },
        ranges: seq_ranges(ranges),
        events: Vec::new(),
        residents: Vec::new(),
        roster,
        activities,
        wishes,
    }
}

/// A manifest's ranges as the store keeps them.
pub(super) fn seq_ranges(ranges: &[EpochRange]) -> Vec<SeqRange> {
    ranges
        .iter()
        .map(|r| SeqRange {
            epoch: r.epoch,
            from: r.from,
            to: r.to,
        })
        .collect()
}

/// What the manifest of a station desk's bundle says of its desk: its own station's, a
/// number a desk takes, a station of this home.
pub fn check_manifest(store: &Store, m: &Manifest) -> Result<(), BundleError> {
    if m.signer.station != m.station {
        return Err(refused(format!(
            "the bundle carries {}'s events but was signed by a desk of {}; nothing was imported",
            m.station, m.signer.station
        )));
    }
    if !(1..=MAX_DESK_NUMBER).contains(&m.signer.number) {
        return Err(refused(format!(
            "desk number {} is not one a desk takes (1–{MAX_DESK_NUMBER})",
            m.signer.number
        )));
    }
    match store.station(&m.station)? {
        Some(s) if s.kind != StationKind::Home => Ok(()),
        _ => Err(BundleError::Inconsistent(format!(
            "`{}` is not one of this home's stations",
            m.station
        ))),
    }
}

/// When the bundle was written; refused when after this desk's business day (a few minutes
/// past its midnight are a clock's drift).
pub fn check_created(m: &Manifest, now: NaiveDateTime) -> Result<NaiveDateTime, BundleError> {
    let created = NaiveDateTime::parse_from_str(&m.created_at, crate::store::DATETIME_FORMAT)
        .map_err(|_| BundleError::BadManifest(format!("created_at `{}`", m.created_at)))?;
    let end_of_today = (now.date() + chrono::Days::new(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists");
    if created > end_of_today + Duration::minutes(CLOCK_TOLERANCE_MINUTES) {
        return Err(Refusal::DatedAfterToday {
            written: m.created_at.replace('T', " "),
            today: now.date(),
        }
        .into());
    }
    Ok(created)
}

/// The manifest's ranges, in order and well formed. None at all is a new desk's
/// introduction, which must then hold no event (see `check_sequence`).
pub(super) fn check_ranges(m: &Manifest) -> Result<Vec<EpochRange>, BundleError> {
    let mut last_epoch = 0;
    for r in &m.ranges {
        if r.epoch <= last_epoch || r.epoch > MAX_EPOCH || r.from < 1 || r.to < r.from {
            return Err(BundleError::BadManifest(format!(
                "the range {} {}–{} is not one a desk writes",
                r.epoch, r.from, r.to
            )));
        }
        last_epoch = r.epoch;
    }
    Ok(m.ranges.clone())
}

/// The events must be exactly the desk's sequences the manifest names, in order. Compared
/// event by event: a manifest's range is not to be trusted with an allocation.
fn check_sequence(
    m: &Manifest,
    ranges: &[EpochRange],
    events: &[WireEvent],
) -> Result<(), BundleError> {
    check_total(m, ranges, events.len() as u64)?;
    let mut expected = ranges
        .iter()
        .flat_map(|r| (r.from..=r.to).map(move |seq| (r.epoch, seq)));
    check_sequence_from(m, &mut expected, events, 1)
}

/// The ranges hold as many events as the bundle has.
pub(super) fn check_total(
    m: &Manifest,
    ranges: &[EpochRange],
    events: u64,
) -> Result<(), BundleError> {
    let total = ranges.iter().try_fold(0i64, |sum, r| {
        sum.checked_add(r.to.checked_sub(r.from)?.checked_add(1)?)
    });
    if total != i64::try_from(events).ok() {
        return Err(BundleError::Inconsistent(format!(
            "the events do not match the ranges {} of {} in the manifest",
            super::describe_ranges(ranges),
            m.signer_label()
        )));
    }
    Ok(())
}

/// The events from line `first_line` on are the next places `expected` gives.
pub(super) fn check_sequence_from(
    m: &Manifest,
    expected: &mut dyn Iterator<Item = (u32, i64)>,
    events: &[WireEvent],
    first_line: usize,
) -> Result<(), BundleError> {
    for (i, (e, (epoch, seq))) in events.iter().zip(expected).enumerate() {
        let i = first_line - 1 + i;
        if e.desk != m.signer.desk {
            return Err(line(
                "events.jsonl",
                i + 1,
                format!(
                    "the event was written by desk {}, not by the desk that signed the bundle",
                    e.desk
                ),
            ));
        }
        if (e.epoch, e.seq) != (epoch, seq) {
            return Err(line(
                "events.jsonl",
                i + 1,
                format!(
                    "the event is {}{} of its desk where the manifest says {}{}",
                    epoch_letters(e.epoch),
                    e.seq,
                    epoch_letters(epoch),
                    seq
                ),
            ));
        }
    }
    Ok(())
}

/// The same gap check the import makes in its transaction, made early.
pub(super) fn check_gaps(
    store: &Store,
    m: &Manifest,
    ranges: &[EpochRange],
) -> Result<(), BundleError> {
    let row = match store.known_desk(m.signer.desk)? {
        Some(d) => Some(d.row),
        None => store
            .desks_of(&m.station)?
            .into_iter()
            .find(|d| d.number == m.signer.number && d.key.is_none())
            .map(|d| d.row),
    };
    let applied = match row {
        Some(row) => store.applied_of(row)?,
        None => Vec::new(),
    };
    for r in ranges {
        let done = applied
            .iter()
            .find(|(epoch, _)| *epoch == r.epoch)
            .map_or(0, |(_, seq)| *seq);
        if r.from > done + 1 {
            let e = epoch_letters(r.epoch);
            return Err(BundleError::Gap {
                desk: format!("{} desk {}", m.signer.station, m.signer.number),
                range: super::describe_ranges(ranges),
                missing: format!("{e}{}–{e}{}", done + 1, r.from - 1),
            });
        }
    }
    Ok(())
}

/// The cases a bundle touches: those it registers (with the line that gives each its final
/// number), and the ones the home has.
#[derive(Default)]
pub(super) struct Touched {
    pub(super) registered: HashSet<CaseId>,
    existing: HashSet<CaseId>,
}

/// What the check of a bundle's events carries from one line to the next: the cases touched,
/// the numbers they end with, the cases held from earlier bundles.
#[derive(Default)]
pub(super) struct EventsState {
    touched: Touched,
    numbers: FinalNumbers,
    held: HashSet<CaseId>,
}

impl EventsState {
    /// After the last line: every number a case ends with is the signing desk's.
    pub(super) fn end(self, m: &Manifest) -> Result<Touched, BundleError> {
        check_desk_numbers(m, &self.numbers)?;
        let mut touched = self.touched;
        touched.existing.extend(self.held);
        Ok(touched)
    }
}

/// The number a case ends with in a bundle, with the line and epoch that gave it, for the
/// cases whose number so far is not the signing desk's.
type FinalNumbers = HashMap<CaseId, (String, usize, u32)>;

fn check_events(
    store: &Store,
    m: &Manifest,
    events: &[WireEvent],
    created: NaiveDateTime,
) -> Result<Touched, BundleError> {
    let mut state = EventsState::default();
    check_events_from(store, m, events, 1, created, &mut state)?;
    state.end(m)
}

/// Checks the bundle's events from line `first_line` on, carrying `state` along.
pub(super) fn check_events_from(
    store: &Store,
    m: &Manifest,
    events: &[WireEvent],
    first_line: usize,
    created: NaiveDateTime,
    state: &mut EventsState,
) -> Result<(), BundleError> {
    let latest = created + Duration::minutes(CLOCK_TOLERANCE_MINUTES);
    let earliest =
        NaiveDateTime::parse_from_str("1990-01-01T00:00:00", crate::store::DATETIME_FORMAT)
            .expect("a valid time");
    let EventsState {
        touched,
        numbers,
        held,
    } = state;
    for (i, w) in events.iter().enumerate() {
        let line_no = first_line + i;
        let at_line = |message: String| line("events.jsonl", line_no, message);
        let event = w.to_event().map_err(&at_line)?;
        if event.at > latest || event.at < earliest {
            return Err(at_line(format!(
                "the event is dated {}, after the bundle was written ({}): a desk never writes that",
                w.at.replace('T', " "),
                datetime_text(created).replace('T', " ")
            )));
        }
        let known =
            touched.registered.contains(&w.case_id) || touched.existing.contains(&w.case_id);
        if !known {
            place_case(store, m, w, &event, touched, held).map_err(|e| match e {
                Placed::Refused(message) => at_line(message),
                Placed::Error(e) => e,
            })?;
        }
        check_numbering(m, w, &event, line_no, touched, numbers).map_err(&at_line)?;
    }
    Ok(())
}

/// Why a case could not be placed: a refusal of the line, or an error of the store.
enum Placed {
    Refused(String),
    Error(BundleError),
}

impl<E: Into<BundleError>> From<E> for Placed {
    fn from(e: E) -> Placed {
        Placed::Error(e.into())
    }
}

/// The first event of a case in the bundle: a case of this station the home has, one the
/// bundle registers, one held from an earlier bundle, or one that must wait for its
/// registration to arrive.
fn place_case(
    store: &Store,
    m: &Manifest,
    w: &WireEvent,
    event: &Event,
    touched: &mut Touched,
    held: &mut HashSet<CaseId>,
) -> Result<(), Placed> {
    match store.case_station(w.case_id)? {
        Some((station, number)) if station != m.station => Err(Placed::Refused(format!(
            "the event touches {number}, a case of station {station}: one station's bundle \
             never writes another's cases"
        ))),
        Some(_) => {
            touched.existing.insert(w.case_id);
            Ok(())
        }
        None if matches!(event.body, EventBody::Registered { .. }) => Ok(()),
        None if store.case_is_held(w.case_id)? => {
            held.insert(w.case_id);
            Ok(())
        }
        None if held.contains(&w.case_id) => Ok(()),
        // Registered in a bundle that has not arrived yet (an earlier epoch of this desk, or
        // another desk of the station): the bundle waits for it.
        None => Err(Placed::Error(BundleError::UnknownCase {
            desk: format!("{} desk {}", m.signer.station, m.signer.number),
            range: super::describe_ranges(&m.ranges),
            case: w.case_id.to_string(),
        })),
    }
}

/// A registration or renumbering gives the case a number of this station (and, registered,
/// of the day it was registered on); the number is kept to check the desk's tag at the end.
fn check_numbering(
    m: &Manifest,
    w: &WireEvent,
    event: &Event,
    line_no: usize,
    touched: &mut Touched,
    numbers: &mut FinalNumbers,
) -> Result<(), String> {
    let number = match &event.body {
        EventBody::Registered {
            number, station, ..
        } => {
            if *station != m.station {
                return Err(format!(
                    "the case is registered at {station}, not at {}",
                    m.station
                ));
            }
            let p = parse_case_number(number)
                .ok_or_else(|| format!("`{number}` is not a case number a desk issues"))?;
            if p.station != m.station || p.day != event.at.date() {
                return Err(format!(
                    "case number {number} is not one of {} for a case registered on {}",
                    m.station,
                    event.at.date()
                ));
            }
            if !touched.existing.contains(&w.case_id) {
                touched.registered.insert(w.case_id);
            }
            number
        }
        EventBody::Renumbered { number, .. } => {
            let p = parse_case_number(number)
                .ok_or_else(|| format!("`{number}` is not a case number a desk issues"))?;
            if p.station != m.station {
                return Err(format!("case number {number} is not one of {}", m.station));
            }
            number
        }
        _ => return Ok(()),
    };
    // Only a number that is not the desk's is kept: the case may still end with another.
    if is_desks_number(m, number, w.epoch) {
        numbers.remove(&w.case_id);
    } else {
        numbers.insert(w.case_id, (number.clone(), line_no, w.epoch));
    }
    Ok(())
}

/// A number carrying the signing desk's tag, of an epoch no later than `epoch`.
fn is_desks_number(m: &Manifest, number: &str, epoch: u32) -> bool {
    parse_case_number(number).is_some_and(|p| p.tag.desk == m.signer.number && p.tag.epoch <= epoch)
}

/// Every number a case ends with carries the signing desk's tag, of an epoch no later than
/// the event's: a desk cannot issue another desk's numbers.
fn check_desk_numbers(m: &Manifest, numbers: &FinalNumbers) -> Result<(), BundleError> {
    for (number, at, epoch) in numbers.values() {
        let p = parse_case_number(number).expect("checked line by line");
        if p.tag.desk != m.signer.number || p.tag.epoch > *epoch {
            return Err(line(
                "events.jsonl",
                *at,
                format!(
                    "case number {number} is not one of {} desk {}'s numbers ({}-YYYYMMDD-{}NNN)",
                    m.signer.station,
                    m.signer.number,
                    m.station,
                    crate::domain::desk::DeskTag {
                        desk: m.signer.number,
                        epoch: *epoch
                    }
                    .infix()
                ),
            ));
        }
    }
    Ok(())
}

fn check_residents(
    store: &Store,
    m: &Manifest,
    residents: &[WireResident],
    cases: &Touched,
) -> Result<(), BundleError> {
    let mut seen = BTreeSet::new();
    for (i, r) in residents.iter().enumerate() {
        check_resident(store, m, i + 1, r, cases, &mut seen)?;
    }
    Ok(())
}

/// One line of `residents.jsonl`: one resident a case, of a case the bundle carries.
pub(super) fn check_resident(
    store: &Store,
    m: &Manifest,
    line_no: usize,
    r: &WireResident,
    cases: &Touched,
    seen: &mut BTreeSet<CaseId>,
) -> Result<Resident, BundleError> {
    let at_line = |message: String| line("residents.jsonl", line_no, message);
    if !seen.insert(r.case_id) {
        return Err(at_line(format!("case {} has two residents", r.case_id)));
    }
    let ours = cases.registered.contains(&r.case_id)
        || (cases.existing.contains(&r.case_id)
            && store
                .case_station(r.case_id)?
                .is_none_or(|(station, _)| station == m.station));
    if !ours {
        return Err(at_line(format!(
            "the resident of case {} is not of a case this bundle carries",
            r.case_id
        )));
    }
    r.to_resident().map_err(at_line)
}

pub(super) fn check_roster(
    m: &Manifest,
    roster: &[WireRoster],
    members: &HashMap<String, Member>,
) -> Result<(), BundleError> {
    for (i, r) in roster.iter().enumerate() {
        let at_line = |message: String| line("roster.jsonl", i + 1, message);
        if r.station != m.station {
            return Err(at_line(format!(
                "a roster entry of station {}: a desk sends only its own station's roster",
                r.station
            )));
        }
        if !members.contains_key(&r.member) {
            return Err(at_line(format!(
                "member `{}` is not known here (members come from the home's reference data)",
                r.member
            )));
        }
        let times_ok = [&r.checked_in_at, &r.checked_out_at]
            .into_iter()
            .flatten()
            .all(|t| NaiveDateTime::parse_from_str(t, crate::store::DATETIME_FORMAT).is_ok());
        if r.date.parse::<chrono::NaiveDate>().is_err() || !times_ok {
            return Err(at_line(
                "the roster entry's date or times are not dates".into(),
            ));
        }
    }
    Ok(())
}

pub(super) fn check_activities(
    m: &Manifest,
    activities: &[WireActivity],
    members: &HashMap<String, Member>,
) -> Result<(), BundleError> {
    for (i, a) in activities.iter().enumerate() {
        let at_line = |message: String| line("activities.jsonl", i + 1, message);
        if a.station.as_deref() != Some(m.station.as_str()) {
            return Err(at_line(format!(
                "an activity of {}: a desk sends only its own station's activities",
                a.station.as_deref().unwrap_or("no station")
            )));
        }
        for id in &a.members {
            match members.get(id) {
                Some(member) if member.station == m.station => {}
                Some(member) => {
                    return Err(at_line(format!(
                        "member {id} belongs to {}: a desk sends only its own members' activities",
                        member.station
                    )));
                }
                None => {
                    return Err(at_line(format!("member `{id}` is not known here")));
                }
            }
        }
        let clean = |s: &str| crate::domain::text::normalize(s, false) == s;
        let fields_ok = a
            .kind
            .parse::<crate::domain::activity::ActivityKind>()
            .is_ok()
            && a.date.parse::<chrono::NaiveDate>().is_ok()
            && clean(&a.title)
            && !a.title.is_empty()
            && a.place.as_deref().is_none_or(clean)
            && a.note
                .as_deref()
                .is_none_or(|n| crate::domain::text::normalize(n, true) == n);
        if !fields_ok {
            return Err(at_line(
                "the activity's kind, date or text is not as a desk writes it".into(),
            ));
        }
    }
    Ok(())
}
