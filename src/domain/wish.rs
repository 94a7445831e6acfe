//! 微心愿: a resident's small, concrete wish (a walking frame, a school bag, a tap fixed) that
//! a deputy, a 议政代表 or a volunteer takes up and fulfils.
//!
//! A wish is not a case: numbers of its own (`HF-W-20261117-001`), no unit, no deadline
//! ladder, outside every case figure. Its row is a projection of its own append-only log, as
//! a case's is; [`apply`] is the one function that decides every change. The resident's data
//! and a volunteer's name are personal data and never enter the log (the store keeps them
//! apart, so that a purge erases them).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::desk::DeskTag;
use super::number::{day_prefix, parse_case_number};
use crate::machine_names;

pub type WishId = Uuid;

machine_names! {
    /// Where a wish stands.
    pub enum WishState: "wish state" {
        Open = "open",
        Claimed = "claimed",
        Fulfilled = "fulfilled",
        Withdrawn = "withdrawn",
    }
}

machine_names! {
    /// The kind of a wish's event, as stored in `wish_events.kind`.
    pub enum WishEventKind: "wish event" {
        Registered = "registered",
        Claimed = "claimed",
        Fulfilled = "fulfilled",
        Withdrawn = "withdrawn",
        Purged = "purged",
        Published = "published",
    }
}

/// `HF-W-20261117-001`: the station, `W`, the day, the desk's tag as in case numbers and a
/// counter of the desk's wishes that day.
pub fn wish_number(station: &str, day: NaiveDate, tag: DeskTag, counter: u32) -> String {
    format!("{}{counter:03}", wish_day_prefix(station, day, tag))
}

/// Everything before the counter: `HF-W-20261117-` (or `HF-W-20261117-2A`).
pub fn wish_day_prefix(station: &str, day: NaiveDate, tag: DeskTag) -> String {
    let case_prefix = day_prefix(station, day, tag);
    format!("{station}-W{}", &case_prefix[station.len()..])
}

/// A wish number taken apart: station, day, desk tag, counter; `None` for anything a desk
/// does not issue.
pub fn parse_wish_number(number: &str) -> Option<(&str, NaiveDate, DeskTag, u32)> {
    let (station, rest) = number.split_once("-W-")?;
    if station.is_empty() || station.contains('-') {
        return None;
    }
    let as_case = format!("{station}-{rest}");
    let p = parse_case_number(&as_case)?;
    Some((station, p.day, p.tag, p.counter))
}

/// What happened to a wish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WishBody {
    Registered {
        number: String,
        station: String,
        content: String,
        /// The wording the operator wrote or approved for the wall (`/wishes`); a wish
        /// without one is never on the wall.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        public: Option<String>,
    },
    /// Taken up (认领) by a member of the station, or (with `member` empty) by a volunteer
    /// whose name is kept apart with the resident's data.
    Claimed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        member: Option<String>,
    },
    /// 圆梦: done on `on`, with a note of what was done.
    Fulfilled {
        on: NaiveDate,
        note: String,
    },
    Withdrawn {
        reason: String,
    },
    /// The resident's data and the volunteer's name were erased under the retention rule.
    Purged {
        before: NaiveDate,
    },
    /// The wording for the wall written or approved after registration (a wish from the
    /// phone has none), replacing any earlier one; `None` takes the wish off the wall. Only
    /// an open wish is on the wall, so only an open wish takes one.
    Published {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        public: Option<String>,
    },
}

impl WishBody {
    pub fn kind(&self) -> WishEventKind {
        match self {
            WishBody::Registered { .. } => WishEventKind::Registered,
            WishBody::Claimed { .. } => WishEventKind::Claimed,
            WishBody::Fulfilled { .. } => WishEventKind::Fulfilled,
            WishBody::Withdrawn { .. } => WishEventKind::Withdrawn,
            WishBody::Purged { .. } => WishEventKind::Purged,
            WishBody::Published { .. } => WishEventKind::Published,
        }
    }

    /// The payload stored beside the kind: the body's fields as a JSON object.
    pub fn payload_json(&self) -> String {
        super::stored_body::payload_json(self)
    }

    /// Rebuilds a body from its stored kind and payload.
    pub fn from_stored(kind: &str, payload: &str) -> Result<WishBody, serde_json::Error> {
        super::stored_body::from_stored(kind, payload)
    }

    /// Rewrites every free-text field with `f` (masking and the purge's erasure of personal
    /// numbers); returns whether anything changed.
    pub fn map_texts(&mut self, f: impl Fn(&str) -> std::borrow::Cow<'_, str>) -> bool {
        let mut changed = false;
        let mut one = |s: &mut String| {
            if let std::borrow::Cow::Owned(new) = f(s)
                && new != *s
            {
                *s = new;
                changed = true;
            }
        };
        match self {
            WishBody::Registered {
                content, public, ..
            } => {
                one(content);
                public.iter_mut().for_each(&mut one);
            }
            WishBody::Published { public } => public.iter_mut().for_each(&mut one),
            WishBody::Fulfilled { note, .. } => one(note),
            WishBody::Withdrawn { reason } => one(reason),
            WishBody::Claimed { .. } | WishBody::Purged { .. } => {}
        }
        changed
    }
}

/// One entry of a wish's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WishEvent {
    pub id: Uuid,
    pub wish_id: WishId,
    pub at: NaiveDateTime,
    pub actor: String,
    pub body: WishBody,
}

/// A wish as its log leaves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wish {
    pub id: WishId,
    pub number: String,
    pub station: String,
    pub registered_at: NaiveDateTime,
    pub content: String,
    pub public: Option<String>,
    pub state: WishState,
    pub claimed_at: Option<NaiveDateTime>,
    /// The member who claimed it; `None` with `by_volunteer` for a volunteer.
    pub member: Option<String>,
    pub by_volunteer: bool,
    pub fulfilled_on: Option<NaiveDate>,
    pub note: Option<String>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub reason: Option<String>,
    /// The day its personal data was erased under (purge's `before`).
    pub purged_before: Option<NaiveDate>,
    pub events: u32,
    pub updated_at: NaiveDateTime,
}

impl Wish {
    /// Whole days from registration to fulfilment, for a fulfilled wish.
    pub fn days_to_fulfil(&self) -> Option<i64> {
        self.fulfilled_on
            .map(|on| (on - self.registered_at.date()).num_days())
    }

    /// On the wall (`/wishes`): open, with a public wording.
    pub fn on_the_wall(&self) -> bool {
        self.state == WishState::Open && self.public.is_some()
    }
}

/// A wording for the wall holds no phone, ID or other personal number: the wall is public.
/// The store refuses such a wording; the desk's form says so as the field is left.
pub fn fit_for_the_wall(public: &str) -> bool {
    super::numbers_in_text::mask_numbers(public) == public
}

/// Why an event cannot be applied to a wish.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WishError {
    #[error("wish {number} is `{state}`: `{event}` is not allowed")]
    NotAllowed {
        number: String,
        state: WishState,
        event: WishEventKind,
    },
    #[error("wish {0}: claim it (by a member or a volunteer) before it is fulfilled")]
    NotClaimed(String),
    #[error("a wish's log must start with `registered`, not `{0}`")]
    NotRegistered(WishEventKind),
    #[error("the event belongs to another wish")]
    WrongWish,
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("the date {on} is after the day it is recorded ({recorded})")]
    InFuture { on: NaiveDate, recorded: NaiveDate },
    #[error(
        "wish {number} is `{state}`: only an open wish is on the wall, so it takes no wording for it"
    )]
    PublicNotOpen { number: String, state: WishState },
    #[error("the date {on} is before the wish was registered ({registered})")]
    BeforeRegistered {
        on: NaiveDate,
        registered: NaiveDate,
    },
}

fn non_empty(text: &str, field: &'static str) -> Result<(), WishError> {
    if text.trim().is_empty() {
        Err(WishError::Empty { field })
    } else {
        Ok(())
    }
}

/// The one function that decides every change of a wish: the new row, or why not. Never
/// half-applies.
pub fn apply(current: Option<&Wish>, event: &WishEvent) -> Result<Wish, WishError> {
    let Some(current) = current else {
        return register(event);
    };
    if event.wish_id != current.id {
        return Err(WishError::WrongWish);
    }
    let mut next = current.clone();
    let refuse = || WishError::NotAllowed {
        number: current.number.clone(),
        state: current.state,
        event: event.body.kind(),
    };
    match &event.body {
        WishBody::Registered { .. } => return Err(refuse()),
        WishBody::Claimed { member } => {
            if current.state != WishState::Open {
                return Err(refuse());
            }
            if let Some(m) = member {
                non_empty(m, "member")?;
            }
            next.state = WishState::Claimed;
            next.claimed_at = Some(event.at);
            next.member = member.clone();
            next.by_volunteer = member.is_none();
        }
        WishBody::Fulfilled { on, note } => {
            match current.state {
                WishState::Claimed => {}
                WishState::Open => return Err(WishError::NotClaimed(current.number.clone())),
                _ => return Err(refuse()),
            }
            non_empty(note, "note")?;
            let recorded = event.at.date();
            if *on > recorded {
                return Err(WishError::InFuture { on: *on, recorded });
            }
            let registered = current.registered_at.date();
            if *on < registered {
                return Err(WishError::BeforeRegistered {
                    on: *on,
                    registered,
                });
            }
            next.state = WishState::Fulfilled;
            next.fulfilled_on = Some(*on);
            next.note = Some(note.clone());
        }
        WishBody::Withdrawn { reason } => {
            if !matches!(current.state, WishState::Open | WishState::Claimed) {
                return Err(refuse());
            }
            non_empty(reason, "reason")?;
            next.state = WishState::Withdrawn;
            next.withdrawn_at = Some(event.at);
            next.reason = Some(reason.clone());
        }
        WishBody::Published { public } => {
            if current.state != WishState::Open {
                return Err(WishError::PublicNotOpen {
                    number: current.number.clone(),
                    state: current.state,
                });
            }
            if let Some(p) = public {
                non_empty(p, "public")?;
            }
            next.public = public.clone();
        }
        // Erasing personal data changes nothing the figures read, in any state.
        WishBody::Purged { before } => next.purged_before = Some(*before),
    }
    next.events += 1;
    next.updated_at = event.at;
    Ok(next)
}

fn register(event: &WishEvent) -> Result<Wish, WishError> {
    let WishBody::Registered {
        number,
        station,
        content,
        public,
    } = &event.body
    else {
        return Err(WishError::NotRegistered(event.body.kind()));
    };
    non_empty(content, "content")?;
    Ok(Wish {
        id: event.wish_id,
        number: number.clone(),
        station: station.clone(),
        registered_at: event.at,
        content: content.clone(),
        public: public.clone().filter(|p| !p.trim().is_empty()),
        state: WishState::Open,
        claimed_at: None,
        member: None,
        by_volunteer: false,
        fulfilled_on: None,
        note: None,
        withdrawn_at: None,
        reason: None,
        purged_before: None,
        events: 1,
        updated_at: event.at,
    })
}

/// Replays a whole log from nothing.
pub fn replay(events: &[WishEvent]) -> Result<Option<Wish>, WishError> {
    let mut wish: Option<Wish> = None;
    for e in events {
        wish = Some(apply(wish.as_ref(), e)?);
    }
    Ok(wish)
}

/// The median of whole days, as a report states it (the mean of the two middle values for an
/// even count); `None` for none.
pub fn median_days(days: &mut [i64]) -> Option<f64> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let n = days.len();
    Some(if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
    })
}

#[cfg(test)]
mod tests;
