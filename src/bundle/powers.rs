//! Who may write what on which case, checked line by line on a bundle's events before
//! anything is written: a station desk's bundle at the home, the home's copy of a station's
//! cases at a desk. A case's owner (the desk that registered it, or the desk it was
//! transferred to) may do anything to it; another desk of its station may follow it through;
//! the home supervises and annotates, and acts as owner only for a retired desk (see
//! [`crate::domain::trust`]). The first line that breaks the rule refuses the bundle whole.

use std::collections::HashMap;

use uuid::Uuid;

use super::wire::WireEvent;
use super::{BundleError, Manifest};
use crate::domain::case::CaseId;
use crate::domain::digest::unhex;
use crate::domain::event::{EventBody, EventKind};
use crate::domain::station::StationKind;
use crate::domain::trust::{
    DeskName, DeskRef, DeskTrust, NotAllowed, Place, Refusal, Writer, may_write,
};
use crate::store::Judgement;
use crate::store::Store;

/// A desk as a bundle's check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    pub uuid: Uuid,
    pub name: Option<DeskName>,
    /// The home's desk.
    pub home: bool,
    pub retired: bool,
}

impl Desk {
    fn name(&self) -> DeskRef {
        match &self.name {
            Some(d) => DeskRef::Named(d.clone()),
            None => DeskRef::Id(self.uuid.to_string()),
        }
    }
}

/// What the check needs to know of the desks a bundle's events name.
pub trait Desks {
    /// The desk that wrote an event.
    fn author(&self, w: &WireEvent) -> Option<Desk>;
    /// A desk by its id: a case's owner, a transfer's target.
    fn desk(&self, store: &Store, uuid: Uuid) -> Result<Option<Desk>, BundleError>;
    /// Whether a case may go to this desk: an approved (not retired) desk of its station.
    fn may_receive(&self, store: &Store, desk: &Desk, station: &str) -> Result<bool, BundleError>;
}

/// A case's station and number, from the bundle or the file (`None`: neither has it yet).
pub type StationOf<'a> = dyn Fn(&WireEvent) -> Result<Option<(String, String)>, BundleError> + 'a;

/// Checks every event's power over its case. `stations` gives each case's station (its
/// registration in the bundle, or the case here).
pub fn check_powers(
    store: &Store,
    file: &str,
    events: &[WireEvent],
    desks: &dyn Desks,
    station_of: &StationOf<'_>,
    first_line: usize,
) -> Result<(), BundleError> {
    let mut owners: HashMap<CaseId, Option<Desk>> = HashMap::new();
    for (i, w) in events.iter().enumerate() {
        let line = first_line + i;
        let event = w.to_event().map_err(|message| BundleError::Line {
            file: file.into(),
            line,
            message,
        })?;
        let kind = event.body.kind();
        if store.holds_event(w)? {
            // Applied here already, in its turn: the case may have changed hands since (a
            // transfer), which does not make its earlier events wrong.
            if let EventBody::Transferred { desk, .. } = &event.body
                && owners.contains_key(&w.case_id)
            {
                owners.insert(w.case_id, desks.desk(store, *desk)?);
            }
            continue;
        }
        let Some(author) = desks.author(w) else {
            return Err(BundleError::Line {
                file: file.into(),
                line,
                message: format!("desk {} is not listed in the bundle", w.desk),
            });
        };
        let owner = match owners.get(&w.case_id) {
            Some(o) => o.clone(),
            None => {
                let o = match store.case_owner(w.case_id)? {
                    Some(o) => {
                        let retired = o.retired();
                        desks.desk(store, o.uuid)?.or(Some(Desk {
                            uuid: o.uuid,
                            name: o.desk,
                            home: false,
                            retired,
                        }))
                    }
                    None if kind == EventKind::Registered => Some(author.clone()),
                    None => None,
                };
                owners.insert(w.case_id, o.clone());
                o
            }
        };
        let Some((station, number)) = station_of(w)? else {
            // A case neither registered in the bundle nor here: the merge holds it.
            continue;
        };
        let writer = if author.home {
            Writer::Home
        } else if author.name.as_ref().is_some_and(|d| d.station != station) {
            Writer::OtherStation
        } else if owner.as_ref().is_some_and(|o| o.uuid == author.uuid) {
            Writer::Owner
        } else {
            Writer::SameStation
        };
        let retired = owner.as_ref().is_some_and(|o| o.retired);
        if let Err(denied) = may_write(writer, kind, retired) {
            return Err(Refusal::NotAllowed(Box::new(NotAllowed {
                file: file.into(),
                line,
                writer: author.name(),
                kind,
                number,
                owner: owner.as_ref().map_or(DeskRef::Unknown, Desk::name),
                denied,
            }))
            .into());
        }
        if let EventBody::Transferred { desk, number: n } = &event.body {
            let target = desks.desk(store, *desk)?;
            let fits = match &target {
                Some(t) => desks.may_receive(store, t, &station)?,
                None => false,
            };
            if !fits {
                return Err(Refusal::TransferTarget {
                    number,
                    desk: DeskName::new(&station, *n),
                }
                .into());
            }
            owners.insert(w.case_id, target);
        }
    }
    Ok(())
}

/// What trust asks of each line: a retired desk's events up to its limit only, digests as a
/// desk writes them, and every event within its writer's power over its case. `events` are
/// the bundle's from line `first_line` on (a batch of them, checked against the file with
/// the batches before written).
pub fn check_trust_lines(
    store: &Store,
    m: &Manifest,
    key: &[u8; 32],
    events: &[WireEvent],
    first_line: usize,
) -> Result<(), BundleError> {
    let signer = super::trust::signer(m, key);
    let retired_after = match store.judge_desk(&signer, &|_| false)? {
        Judgement::Trusted { retired_after } => retired_after,
        Judgement::Wait(w) => {
            return Err(BundleError::Inconsistent(format!(
                "{w}; nothing was imported"
            )));
        }
    };
    let desk = DeskName::new(&m.signer.station, m.signer.number);
    let mut registered: HashMap<CaseId, (String, String)> = HashMap::new();
    for (i, w) in events.iter().enumerate() {
        let place = Place {
            epoch: w.epoch,
            seq: w.seq,
        };
        if let Some(after) = retired_after
            && place > after
        {
            return Err(Refusal::RetiredAfter {
                desk,
                after,
                line: first_line + i,
                found: place,
            }
            .into());
        }
        if w.digest
            .as_deref()
            .is_some_and(|d| unhex::<32>(d).is_none())
        {
            return Err(BundleError::Line {
                file: "events.jsonl".into(),
                line: first_line + i,
                message: "the event's digest is not 64 hex digits".into(),
            });
        }
        if let Ok(crate::domain::event::Event {
            body: EventBody::Registered {
                number, station, ..
            },
            ..
        }) = w.to_event()
        {
            registered
                .entry(w.case_id)
                .or_insert((station.clone(), number.clone()));
        }
    }
    let desks = SignerOnly {
        signer: Desk {
            uuid: m.signer.desk,
            name: Some(desk.clone()),
            home: false,
            retired: retired_after.is_some(),
        },
    };
    let station_of = |w: &WireEvent| -> Result<Option<(String, String)>, BundleError> {
        Ok(match store.case_station(w.case_id)? {
            Some(found) => Some(found),
            None => registered.get(&w.case_id).cloned(),
        })
    };
    check_powers(
        store,
        "events.jsonl",
        events,
        &desks,
        &station_of,
        first_line,
    )
}

/// At the home, every event of a station's bundle is its signer's.
struct SignerOnly {
    signer: Desk,
}

impl Desks for SignerOnly {
    fn author(&self, w: &WireEvent) -> Option<Desk> {
        (w.desk == self.signer.uuid).then(|| self.signer.clone())
    }

    fn desk(&self, store: &Store, uuid: uuid::Uuid) -> Result<Option<Desk>, BundleError> {
        Ok(store.desk_named(uuid)?.map(|(name, trust)| Desk {
            uuid,
            home: store
                .station(&name.station)
                .ok()
                .flatten()
                .is_some_and(|s| s.kind == StationKind::Home),
            name: Some(name),
            retired: trust == DeskTrust::Retired,
        }))
    }

    fn may_receive(&self, store: &Store, desk: &Desk, station: &str) -> Result<bool, BundleError> {
        Ok(match store.desk_named(desk.uuid)? {
            Some((name, trust)) => name.station == station && trust == DeskTrust::Approved,
            None => false,
        })
    }
}
