//! The demo's 微心愿. At a desk, a handful of its station's wishes of the last weeks, written
//! through the desk's own calls: open on the wall, one waiting for a wording, claimed,
//! fulfilled, withdrawn. At the home, every station's wishes of the past months, loaded in
//! bulk as their desks' bundles would have brought them, so that the scorecard's wishes
//! fulfilled differ from station to station.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use fastrand::Rng;
use uuid::Uuid;

use super::OPERATOR;
use super::people::resident;
use super::texts::{GIVEN, SURNAMES};
use super::wish_texts::{VOLUNTEERS, WISHES, WITHDRAWN, WishText};
use crate::domain::member::MemberKind;
use crate::domain::wish::{WishBody, WishEvent};
use crate::store::{Claimant, NewWish, Store, StoreError, WishPeople};

type Result<T> = std::result::Result<T, StoreError>;

/// How a desk's demo wish ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// On the wall.
    Open,
    /// Registered without a wording for the wall (the desk has still to write one).
    Unworded,
    ClaimedByMember,
    FulfilledByMember,
    FulfilledByVolunteer,
    Withdrawn,
}

/// The desk's wishes: (days before today it was registered, the wish, how it ends up).
const AT_DESK: &[(i64, usize, Fate)] = &[
    (46, 0, Fate::FulfilledByMember),
    (33, 1, Fate::FulfilledByVolunteer),
    (24, 2, Fate::FulfilledByMember),
    (19, 8, Fate::Withdrawn),
    (11, 4, Fate::ClaimedByMember),
    (8, 5, Fate::Open),
    (4, 6, Fate::Open),
    (2, 7, Fate::Unworded),
];

/// Registers the desk's wishes of the last weeks before `now`; returns how many.
pub fn at_desk(store: &mut Store, now: NaiveDateTime, seed: u64) -> Result<u32> {
    let mut rng = Rng::with_seed(seed ^ 0x0057_1540);
    let station = store.desk()?.code;
    let mut members: Vec<_> = store
        .members()?
        .into_iter()
        .filter(|m| m.station == station)
        .collect();
    // Deputies first: they take up most wishes.
    members.sort_by_key(|m| (m.kind != MemberKind::Deputy, m.id.clone()));
    let mut count = 0;
    for (i, &(days, text, fate)) in AT_DESK.iter().enumerate() {
        let text = &WISHES[text];
        let registered = office_time(now.date() - Duration::days(days), 9, i as u32 * 7);
        if registered >= now {
            continue;
        }
        let who = resident(&mut rng, &station);
        let new = NewWish {
            content: text.content_for(who.name.as_deref()),
            public: if fate == Fate::Unworded {
                String::new()
            } else {
                text.public.to_string()
            },
            name: who.name.unwrap_or_default(),
            phone: who.phone.unwrap_or_default(),
            address: who.address.unwrap_or_default(),
        };
        let number = store.add_wish(&new, OPERATOR, registered)?.wish.number;
        count += 1;
        let claimed = registered + Duration::days(1 + i64::from(rng.u8(..3)));
        let claimant = match fate {
            Fate::Open | Fate::Unworded => continue,
            Fate::Withdrawn => {
                let reason = WITHDRAWN[rng.usize(..WITHDRAWN.len())];
                store.withdraw_wish(&number, reason, OPERATOR, claimed.min(now))?;
                continue;
            }
            Fate::FulfilledByVolunteer => {
                Claimant::Volunteer(VOLUNTEERS[rng.usize(..VOLUNTEERS.len())].to_string())
            }
            Fate::ClaimedByMember | Fate::FulfilledByMember if !members.is_empty() => {
                Claimant::Member(members[rng.usize(..members.len().min(3))].id.clone())
            }
            _ => Claimant::Volunteer(VOLUNTEERS[0].to_string()),
        };
        let claimed = claimed.min(now);
        store.claim_wish(&number, &claimant, OPERATOR, claimed)?;
        if matches!(fate, Fate::FulfilledByMember | Fate::FulfilledByVolunteer) {
            let on = claimed.date() + Duration::days(2 + i64::from(rng.u8(..4)));
            let recorded = office_time(on, 16, 30);
            if recorded < now {
                store.fulfil_wish(&number, on, text.note, OPERATOR, recorded)?;
            }
        }
    }
    Ok(count)
}

/// At the home: each station's wishes of the `SPAN_DAYS` before `today`, some stations
/// busier with them and quicker than others; returns how many.
pub fn at_home(store: &mut Store, today: NaiveDate, seed: u64) -> Result<u32> {
    const SPAN_DAYS: i64 = 330;
    let mut rng = Rng::with_seed(seed ^ 0x0057_1541);
    let members = store.members()?;
    let stations: Vec<(String, Vec<String>)> = store
        .stations()?
        .into_iter()
        .filter(|s| !s.is_home())
        .map(|s| {
            let own = members
                .iter()
                .filter(|m| m.station == s.code)
                .map(|m| m.id.clone())
                .collect();
            (s.code, own)
        })
        .collect();
    let mut count = 0;
    store.bulk_load(|loader| {
        for (code, own) in &stations {
            let diligence = rng.u32(50..=100);
            let n = rng.u32(4..=10);
            let mut days: Vec<i64> = (0..n).map(|_| rng.i64(3..=SPAN_DAYS)).collect();
            // Oldest first, so that numbers and the log grow with time.
            days.sort_unstable();
            days.reverse();
            for (i, ago) in days.into_iter().enumerate() {
                let day = today - Duration::days(ago);
                let registered = office_time(day, 9, rng.u32(..420));
                let text = &WISHES[rng.usize(..WISHES.len())];
                let who = resident(&mut rng, code);
                let content = text.content_for(who.name.as_deref());
                let mut people = WishPeople {
                    name: who.name,
                    phone: who.phone,
                    address: who.address,
                    volunteer: None,
                };
                let number = loader.next_wish_number(code, day)?;
                let mut log = WishLog::new(registered);
                log.push(
                    0,
                    WishBody::Registered {
                        number,
                        station: code.clone(),
                        content,
                        public: (rng.u8(..100) >= 15).then(|| text.public.to_string()),
                    },
                );
                home_fate(
                    &mut rng,
                    &mut log,
                    &mut people,
                    text,
                    own,
                    diligence,
                    today,
                    i,
                );
                loader.add_wish(&people, &log.events)?;
                count += 1;
            }
        }
        Ok(())
    })?;
    Ok(count)
}

/// What became of one of a station's wishes by `today`: claimed as often as the station is
/// diligent (by one of its members, or a volunteer), then fulfilled a few days later unless
/// that is still to come; now and then withdrawn.
#[allow(clippy::too_many_arguments)]
fn home_fate(
    rng: &mut Rng,
    log: &mut WishLog,
    people: &mut WishPeople,
    text: &WishText,
    own: &[String],
    diligence: u32,
    today: NaiveDate,
    i: usize,
) {
    let before_today = |at: NaiveDateTime| at.date() < today;
    if rng.u32(..100) < 8 {
        if before_today(log.at + Duration::days(5)) {
            let reason = WITHDRAWN[rng.usize(..WITHDRAWN.len())];
            log.push(
                5 * 24 * 60,
                WishBody::Withdrawn {
                    reason: reason.to_string(),
                },
            );
        }
        return;
    }
    if rng.u32(..100) >= diligence {
        return;
    }
    let wait = 24 * 60 * (1 + rng.i64(0..5));
    if !before_today(log.at + Duration::minutes(wait)) {
        return;
    }
    let member = (!own.is_empty() && (i % 3 != 2)).then(|| own[rng.usize(..own.len())].clone());
    if member.is_none() {
        people.volunteer = Some(format!(
            "{}{}",
            SURNAMES[rng.usize(..SURNAMES.len())],
            GIVEN[rng.usize(..GIVEN.len())]
        ));
    }
    log.push(wait, WishBody::Claimed { member });
    let on = log.at.date() + Duration::days(1 + rng.i64(0..10));
    if on >= today || rng.u32(..100) >= diligence.max(70) {
        return;
    }
    log.at = office_time(on, 16, 0).max(log.at);
    log.push(
        0,
        WishBody::Fulfilled {
            on,
            note: text.note.to_string(),
        },
    );
}

/// The log being written for one wish, with a moving clock.
struct WishLog {
    wish_id: Uuid,
    at: NaiveDateTime,
    events: Vec<WishEvent>,
}

impl WishLog {
    fn new(at: NaiveDateTime) -> WishLog {
        WishLog {
            wish_id: Uuid::now_v7(),
            at,
            events: Vec::new(),
        }
    }

    /// Appends an event `minutes` after the previous one.
    fn push(&mut self, minutes: i64, body: WishBody) {
        self.at += Duration::minutes(minutes);
        self.events.push(WishEvent {
            id: Uuid::now_v7(),
            wish_id: self.wish_id,
            at: self.at,
            actor: OPERATOR.to_string(),
            body,
        });
    }
}

/// `day` at `hour`, `minutes` later (office hours for small values).
fn office_time(day: NaiveDate, hour: u32, minutes: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("a valid hour"))
        + Duration::minutes(i64::from(minutes))
}
