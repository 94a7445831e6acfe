//! What a bundle may carry of wishes (`wishes.jsonl`), checked before anything is written;
//! the first line that breaks a rule refuses the bundle whole.
//!
//! Up, from a station desk: its own station's wishes, numbered as a desk numbers them, each
//! log starting with its registration and replaying through the transition function, claims
//! by members of the station, no time after the bundle was written, and every event the home
//! does not have yet within the sending desk's power (`domain::wish_power`: a sister desk
//! claims and fulfils a wish, only the desk that registered it withdraws, purges or words it
//! for the wall), and no wording for the wall with a personal number in it.
//!
//! Down, from the home (reference and recovery bundles): the station's wishes only, each
//! event naming a desk the bundle lists (of the station or its home), within that desk's
//! power, the rest as above.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use uuid::Uuid;

use super::authority::CLOCK_TOLERANCE_MINUTES;
use super::wire::WireDesk;
use super::{BundleError, Manifest};
use crate::domain::member::Member;
use crate::domain::trust::Writer;
use crate::domain::wish::{WishBody, fit_for_the_wall, parse_wish_number, replay};
use crate::domain::wish_power::may_write_wish;
use crate::domain::wish_wire::WireWish;
use crate::store::Store;

const FILE: &str = "wishes.jsonl";

/// Who wrote the events of a bundle's wishes.
enum Authors<'a> {
    /// A desk's bundle: the events the home lacks are the signer's.
    Signer(Uuid),
    /// The home's copy: each event names its desk, among these.
    Listed {
        desks: &'a [WireDesk],
        home: &'a str,
    },
}

/// A station desk's wishes, at the home.
pub(super) fn check_wishes(
    store: &Store,
    m: &Manifest,
    wishes: &[WireWish],
    members: &HashMap<String, Member>,
) -> Result<(), BundleError> {
    check(
        store,
        m,
        &m.station,
        wishes,
        members,
        &Authors::Signer(m.signer.desk),
    )
}

/// The home's copy of `station`'s wishes, at a desk of that station.
pub(super) fn check_home_wishes(
    store: &Store,
    m: &Manifest,
    station: &str,
    home: &str,
    wishes: &[WireWish],
    desks: &[WireDesk],
    members: &HashMap<String, Member>,
) -> Result<(), BundleError> {
    check(
        store,
        m,
        station,
        wishes,
        members,
        &Authors::Listed { desks, home },
    )
}

fn check(
    store: &Store,
    m: &Manifest,
    station: &str,
    wishes: &[WireWish],
    members: &HashMap<String, Member>,
    authors: &Authors<'_>,
) -> Result<(), BundleError> {
    let created = NaiveDateTime::parse_from_str(&m.created_at, crate::store::DATETIME_FORMAT)
        .map_err(|_| BundleError::BadManifest(format!("created_at `{}`", m.created_at)))?;
    let latest = created + Duration::minutes(CLOCK_TOLERANCE_MINUTES);
    for (i, w) in wishes.iter().enumerate() {
        let at_line = |message: String| BundleError::Line {
            file: FILE.to_string(),
            line: i + 1,
            message,
        };
        if w.station != station {
            return Err(at_line(match authors {
                Authors::Signer(_) => format!(
                    "wish {} of {}: a desk sends only its own station's wishes",
                    w.number, w.station
                ),
                Authors::Listed { .. } => format!(
                    "wish {} of {}: the home's copy of {station}'s wishes carries only theirs",
                    w.number, w.station
                ),
            }));
        }
        if parse_wish_number(&w.number).is_none_or(|(s, ..)| s != station) {
            return Err(at_line(format!(
                "`{}` is not a wish number of {station}",
                w.number
            )));
        }
        // A number here under another wish is that wish's: it is never taken over.
        if let Ok(here) = store.find_wish(&w.number)
            && here.wish.id != w.id
        {
            return Err(at_line(format!("wish {} is another wish here", w.number)));
        }
        let here: std::collections::HashSet<Uuid> = match store.find_wish(&w.number) {
            Ok(r) => store
                .wish_log(r.wish.id)?
                .into_iter()
                .map(|e| e.id)
                .collect(),
            Err(_) => Default::default(),
        };
        // The desk that registered it: from this file, or from the bundle's registration.
        let mut owner = store.wish_owner(w.id)?;
        let mut log = Vec::with_capacity(w.events.len());
        for e in &w.events {
            let event = e.to_event(w.id).map_err(&at_line)?;
            if event.at > latest {
                return Err(at_line(format!(
                    "wish {}: an event at {} is later than the bundle",
                    w.number, e.at
                )));
            }
            let author = match authors {
                Authors::Signer(signer) if !here.contains(&e.id) => Some(*signer),
                Authors::Signer(_) => None,
                Authors::Listed { desks, .. } => {
                    let listed = e
                        .desk
                        .and_then(|d| desks.iter().find(|listed| listed.uuid == d));
                    match listed {
                        Some(d) => Some(d.uuid),
                        None => {
                            return Err(at_line(format!(
                                "wish {}: event {} names no desk that desks.jsonl lists",
                                w.number, e.id
                            )));
                        }
                    }
                }
            };
            // The wall is public: a wording with a personal number is refused here as at the
            // desk, whoever forged it.
            if let WishBody::Registered {
                public: Some(public),
                ..
            }
            | WishBody::Published {
                public: Some(public),
            } = &event.body
                && !fit_for_the_wall(public)
            {
                return Err(at_line(format!(
                    "wish {}: its wording for the wall holds a personal number",
                    w.number
                )));
            }
            match &event.body {
                WishBody::Registered {
                    number, station: s, ..
                } => {
                    if number != &w.number || s != &w.station {
                        return Err(at_line(format!(
                            "wish {}: its registration names another wish",
                            w.number
                        )));
                    }
                    // A desk registers under its own numbers: a sister desk cannot bring
                    // another desk's wish to the home first and so become its owner.
                    if let Authors::Signer(signer) = authors
                        && author == Some(*signer)
                        && parse_wish_number(number)
                            .is_none_or(|(_, _, tag, _)| tag.desk != m.signer.number)
                    {
                        return Err(at_line(format!(
                            "wish {} was registered by desk {} of {station}, not by desk {} \
                             that signed the bundle",
                            w.number,
                            parse_wish_number(number).map_or(0, |(_, _, tag, _)| tag.desk),
                            m.signer.number
                        )));
                    }
                    if owner.is_none() {
                        owner = author;
                    }
                }
                WishBody::Claimed { member: Some(id) } => match members.get(id) {
                    Some(member) if member.station == station => {}
                    _ => {
                        return Err(at_line(format!(
                            "wish {}: {id} is not a member of {station}",
                            w.number
                        )));
                    }
                },
                _ => {}
            }
            if let Some(author) = author {
                let writer = match authors {
                    Authors::Listed { desks, home } => {
                        let d = desks.iter().find(|d| d.uuid == author);
                        match d.map(|d| d.station.as_str()) {
                            Some(s) if s == *home => Writer::Home,
                            Some(s) if s == station && owner == Some(author) => Writer::Owner,
                            Some(s) if s == station => Writer::SameStation,
                            _ => Writer::OtherStation,
                        }
                    }
                    Authors::Signer(_) if owner == Some(author) => Writer::Owner,
                    Authors::Signer(_) => Writer::SameStation,
                };
                if let Err(denied) = may_write_wish(writer, event.body.kind()) {
                    return Err(at_line(format!(
                        "wish {}: desk {author} may not write `{}` on it ({denied:?}: only the \
                         desk that registered a wish withdraws, purges or words it for the wall; \
                         any desk of its station, or the home, claims and fulfils it)",
                        w.number,
                        event.body.kind()
                    )));
                }
            }
            log.push(event);
        }
        match replay(&log) {
            Ok(Some(_)) => {}
            Ok(None) => return Err(at_line(format!("wish {} has no events", w.number))),
            Err(e) => return Err(at_line(format!("wish {}: {e}", w.number))),
        }
    }
    Ok(())
}
