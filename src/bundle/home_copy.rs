//! The home's copy of a station's cases as it travels down (in a recovery bundle, and with
//! every reference bundle): what the home leaves out of it, and what a station's desk
//! checks of it before anything is written.

use std::collections::HashMap;

use uuid::Uuid;

use super::BundleError;
use super::powers::{Desk, Desks, check_powers};
use super::wire::{WireDesk, WireEvent, WireHeld, WireResident};
use crate::domain::case::CaseId;
use crate::domain::event::EventBody;
use crate::domain::trust::{DeskName, Writer, may_write};
use crate::store::{StationCases, Store};

/// The events of the home's copy that go down: every desk's, and the home's own only where
/// the home had the power (supervision, notes; as owner for a retired desk). A purge the
/// home made of its own copy under its retention rule stays at the home: the owner's purge
/// erases the desks' copies.
pub fn down_going(events: Vec<WireEvent>, desks: &[WireDesk], home: &str) -> Vec<WireEvent> {
    let by_uuid: HashMap<Uuid, &WireDesk> = desks.iter().map(|d| (d.uuid, d)).collect();
    let mut owners: HashMap<CaseId, Uuid> = HashMap::new();
    events
        .into_iter()
        .filter(|w| {
            let body = w.to_event().map(|e| e.body);
            if let Ok(EventBody::Registered { .. }) = &body {
                owners.entry(w.case_id).or_insert(w.desk);
            }
            let by_home = by_uuid.get(&w.desk).is_some_and(|d| d.station == home);
            let keep = !by_home
                || body.as_ref().is_ok_and(|b| {
                    let retired = owners
                        .get(&w.case_id)
                        .and_then(|o| by_uuid.get(o))
                        .is_some_and(|d| d.retired);
                    may_write(Writer::Home, b.kind(), retired).is_ok()
                });
            if keep && let Ok(EventBody::Transferred { desk, .. }) = &body {
                owners.insert(w.case_id, *desk);
            }
            keep
        })
        .collect()
}

/// The desks a home's copy lists.
struct Listed<'a> {
    desks: HashMap<Uuid, &'a WireDesk>,
    home: &'a str,
}

impl Listed<'_> {
    fn desk_of(&self, d: &WireDesk) -> Desk {
        Desk {
            uuid: d.uuid,
            name: Some(DeskName::new(&d.station, d.number)),
            home: d.station == self.home,
            retired: d.retired,
        }
    }
}

impl Desks for Listed<'_> {
    fn author(&self, w: &WireEvent) -> Option<Desk> {
        self.desks.get(&w.desk).map(|d| self.desk_of(d))
    }

    fn desk(&self, store: &Store, uuid: Uuid) -> Result<Option<Desk>, BundleError> {
        if let Some(d) = self.desks.get(&uuid) {
            return Ok(Some(self.desk_of(d)));
        }
        Ok(store.desk_named(uuid)?.map(|(name, trust)| Desk {
            uuid,
            home: name.station == self.home,
            name: Some(name),
            retired: trust == crate::domain::trust::DeskTrust::Retired,
        }))
    }

    fn may_receive(&self, _store: &Store, desk: &Desk, station: &str) -> Result<bool, BundleError> {
        Ok(!desk.retired && desk.name.as_ref().is_some_and(|d| d.station == station))
    }
}

/// Checks the home's copy of `station`'s cases line by line: the station's cases only, by
/// desks it lists (of the station or its home), residents as a desk keeps them, and every
/// event within its writer's power. `lines` gives each event's line in `file`.
pub fn check_station_copy(
    store: &Store,
    file: &str,
    station: &str,
    home: &str,
    events: &[(usize, WireEvent)],
    desks: &[WireDesk],
    residents: &[WireResident],
) -> Result<(), BundleError> {
    let at = |file: &str, line: usize, message: String| BundleError::Line {
        file: file.into(),
        line,
        message,
    };
    for (i, d) in desks.iter().enumerate() {
        let ok = d.station == station || d.station == home;
        if !ok || !(1..=crate::domain::desk::MAX_DESK_NUMBER).contains(&d.number) {
            return Err(at(
                "desks.jsonl",
                i + 1,
                format!(
                    "desk {} of {} is not of {station} or its home",
                    d.uuid, d.station
                ),
            ));
        }
        crate::domain::station::check_station_code(&d.station)
            .map_err(|e| at("desks.jsonl", i + 1, e.to_string()))?;
    }
    let mut registered: HashMap<CaseId, (String, String)> = HashMap::new();
    for (line, w) in events {
        let event = w.to_event().map_err(|m| at(file, *line, m))?;
        if let EventBody::Registered {
            station: s, number, ..
        } = &event.body
        {
            if s != station {
                return Err(at(
                    file,
                    *line,
                    format!("a case of {s} in the home's copy of {station}'s cases"),
                ));
            }
            registered
                .entry(w.case_id)
                .or_insert((s.clone(), number.clone()));
        }
        if !desks.iter().any(|d| d.uuid == w.desk) {
            return Err(at(
                file,
                *line,
                format!("desk {} is not listed in desks.jsonl", w.desk),
            ));
        }
    }
    for (i, r) in residents.iter().enumerate() {
        r.to_resident()
            .map_err(|m| at("residents.jsonl", i + 1, m))?;
    }
    let listed = Listed {
        desks: desks.iter().map(|d| (d.uuid, d)).collect(),
        home,
    };
    let station_of = |w: &WireEvent| -> Result<Option<(String, String)>, BundleError> {
        Ok(match store.case_station(w.case_id)? {
            Some(found) => Some(found),
            None => registered.get(&w.case_id).cloned(),
        })
    };
    // Lines may not be contiguous (a reference bundle carries every station's cases):
    // checked one run at a time, so that each refusal names its own line.
    let plain: Vec<WireEvent> = events.iter().map(|(_, w)| w.clone()).collect();
    check_powers(store, file, &plain, &listed, &station_of, 1)
        .map_err(|e| renumber_line(e, |n| events.get(n - 1).map_or(n, |(line, _)| *line)))
}

/// A refusal's line, given as a position in the checked list, put back as a line of the file.
fn renumber_line(e: BundleError, line_of: impl Fn(usize) -> usize) -> BundleError {
    use crate::domain::trust::Refusal;
    match e {
        BundleError::Line {
            file,
            line,
            message,
        } => BundleError::Line {
            file,
            line: line_of(line),
            message,
        },
        BundleError::Trust(Refusal::NotAllowed(mut refused)) => {
            refused.line = line_of(refused.line);
            BundleError::Trust(Refusal::NotAllowed(refused))
        }
        other => other,
    }
}

/// This station's part of the cases a reference bundle carries for every station, checked.
pub fn station_part(
    store: &Store,
    station: &str,
    home: &str,
    events: Vec<WireEvent>,
    desks: Vec<WireDesk>,
    residents: Vec<WireResident>,
    held: Vec<WireHeld>,
) -> Result<StationCases, BundleError> {
    let mut stations: HashMap<CaseId, String> = HashMap::new();
    for w in &events {
        if let Ok(crate::domain::event::Event {
            body: EventBody::Registered { station: s, .. },
            ..
        }) = w.to_event()
        {
            stations.entry(w.case_id).or_insert(s);
        }
    }
    let ours: Vec<(usize, WireEvent)> = events
        .into_iter()
        .enumerate()
        .filter(|(_, w)| stations.get(&w.case_id).is_some_and(|s| s == station))
        .map(|(i, w)| (i + 1, w))
        .collect();
    let desks: Vec<WireDesk> = desks
        .into_iter()
        .filter(|d| d.station == station || d.station == home)
        .collect();
    let residents: Vec<WireResident> = residents
        .into_iter()
        .filter(|r| stations.get(&r.case_id).is_some_and(|s| s == station))
        .collect();
    check_station_copy(
        store,
        "cases.jsonl",
        station,
        home,
        &ours,
        &desks,
        &residents,
    )?;
    Ok(StationCases {
        desks,
        events: ours.into_iter().map(|(_, w)| w).collect(),
        residents,
        held: held.into_iter().filter(|h| h.station == station).collect(),
        wishes: Vec::new(),
    })
}
