//! What a station desk may send of wishes (`wishes.jsonl`): its own station's, numbered as
//! a desk numbers them and by the signing desk itself, wordings for the wall free of
//! personal numbers, each log starting with its registration and replaying through the
//! transition function, claims by members of the station, no time after the bundle was
//! written. The first line that breaks a rule refuses the bundle whole.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};

use super::authority::CLOCK_TOLERANCE_MINUTES;
use super::{BundleError, Manifest};
use crate::domain::member::Member;
use crate::domain::numbers_in_text::mask_numbers;
use crate::domain::wish::{WishBody, parse_wish_number, replay};
use crate::domain::wish_wire::WireWish;
use crate::store::Store;

const FILE: &str = "wishes.jsonl";

pub(super) fn check_wishes(
    store: &Store,
    m: &Manifest,
    wishes: &[WireWish],
    members: &HashMap<String, Member>,
) -> Result<(), BundleError> {
    let created = NaiveDateTime::parse_from_str(&m.created_at, crate::store::DATETIME_FORMAT)
        .map_err(|_| BundleError::BadManifest(format!("created_at `{}`", m.created_at)))?;
    let latest = created + Duration::minutes(CLOCK_TOLERANCE_MINUTES);
    let sender = store.known_desk(m.signer.desk)?.map(|d| d.row);
    for (i, w) in wishes.iter().enumerate() {
        let at_line = |message: String| BundleError::Line {
            file: FILE.to_string(),
            line: i + 1,
            message,
        };
        if w.station != m.station {
            return Err(at_line(format!(
                "wish {} of {}: a desk sends only its own station's wishes",
                w.number, w.station
            )));
        }
        let Some((_, _, tag, _)) =
            parse_wish_number(&w.number).filter(|(station, ..)| *station == m.station)
        else {
            return Err(at_line(format!(
                "`{}` is not a wish number of {}",
                w.number, m.station
            )));
        };
        // A wish is its desk's: another desk of the station neither sends it nor changes it
        // (its wording for the wall included).
        if tag.desk != m.signer.number {
            return Err(at_line(format!(
                "wish {} was registered by desk {} of {}, not by desk {} that signed the bundle",
                w.number, tag.desk, m.station, m.signer.number
            )));
        }
        // A number here under another wish is that wish's: it is never taken over.
        if let Ok(here) = store.find_wish(&w.number)
            && here.wish.id != w.id
        {
            return Err(at_line(format!("wish {} is another wish here", w.number)));
        }
        // A wish the home has is the desk's that brought it: no other desk adds to its log.
        if let Some(owner) = store.wish_owner(w.id)?
            && Some(owner) != sender
        {
            return Err(at_line(format!(
                "wish {} came here from another desk of {}: this desk cannot change it",
                w.number, m.station
            )));
        }
        let mut log = Vec::with_capacity(w.events.len());
        for e in &w.events {
            let event = e.to_event(w.id).map_err(&at_line)?;
            if event.at > latest {
                return Err(at_line(format!(
                    "wish {}: an event at {} is later than the bundle",
                    w.number, e.at
                )));
            }
            match &event.body {
                WishBody::Registered {
                    number, station, ..
                } if number != &w.number || station != &w.station => {
                    return Err(at_line(format!(
                        "wish {}: its registration names another wish",
                        w.number
                    )));
                }
                // The wall is public: a wording with a personal number is refused here as
                // at the desk, whoever forged it.
                WishBody::Registered {
                    public: Some(public),
                    ..
                }
                | WishBody::Published {
                    public: Some(public),
                } if mask_numbers(public) != public.as_str() => {
                    return Err(at_line(format!(
                        "wish {}: its wording for the wall holds a personal number",
                        w.number
                    )));
                }
                WishBody::Claimed { member: Some(id) } => match members.get(id) {
                    Some(member) if member.station == m.station => {}
                    _ => {
                        return Err(at_line(format!(
                            "wish {}: {id} is not a member of {}",
                            w.number, m.station
                        )));
                    }
                },
                _ => {}
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
