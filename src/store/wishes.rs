//! Writing wishes: registering one, its wording for the wall, claiming, fulfilling,
//! withdrawing. Each is one IMMEDIATE transaction: the domain's [`apply`] decides, the store
//! appends the event to the wishes' log and rewrites the row. Nothing is written when
//! anything is refused.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::error::Result;
use super::origin::{Origin, origin};
use super::rows::{datetime_text, whole_seconds};
use super::wish_rows::{WishPeople, WishRecord, find_wish_in, wish_by_id, write_wish_row};
use super::write::{NewCase, clean_actor, desk_code};
use crate::domain::desk::DeskTag;
use crate::domain::text::{clean_optional, limits};
use crate::domain::trust::Writer;
use crate::domain::wish::{
    Wish, WishBody, WishEvent, WishEventKind, WishId, WishState, apply, fit_for_the_wall,
    parse_wish_number, wish_day_prefix, wish_number,
};
use crate::domain::wish_power::may_write_wish;
use crate::i18n::Error;

/// What `wish add` (or a form) gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewWish {
    pub content: String,
    /// The wording for the wall; empty for none (the wish stays off the wall).
    pub public: String,
    pub name: String,
    pub phone: String,
    pub address: String,
}

/// Who takes a wish up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimant {
    /// A deputy or 议政代表 of the wish's station, by member id.
    Member(String),
    /// A volunteer, by name (personal data).
    Volunteer(String),
}

impl Store {
    /// Registers a wish at this desk's station; committed when this returns.
    pub fn add_wish(
        &mut self,
        new: &NewWish,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<WishRecord> {
        // The resident's fields and the content follow the intake's rules, as a case's do.
        let intake = NewCase {
            content: new.content.clone(),
            name: new.name.clone(),
            phone: new.phone.clone(),
            address: new.address.clone(),
            ..NewCase::default()
        }
        .check()?;
        let public = public_wording(&new.public)?;
        let now = whole_seconds(now);
        let actor = clean_actor(actor);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let station = desk_code(&tx, &self.path)?;
        let origin = origin(&tx, &self.path)?;
        let counter = last_wish_counter(&tx, &station, origin.tag, now.date())? + 1;
        let event = WishEvent {
            id: Uuid::now_v7(),
            wish_id: Uuid::now_v7(),
            at: now,
            actor,
            body: WishBody::Registered {
                number: wish_number(&station, now.date(), origin.tag, counter),
                station,
                content: intake.content,
                public,
            },
        };
        let wish = apply(None, &event)?;
        write_wish_row(&tx, &wish)?;
        let people = WishPeople {
            name: intake.resident.name,
            phone: intake.resident.phone,
            address: intake.resident.address,
            volunteer: None,
        };
        if !people.is_empty() {
            tx.prepare_cached(
                "INSERT INTO wish_people (wish_id, name, phone, address) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![wish.id, people.name, people.phone, people.address])?;
        }
        append_wish_event(&tx, &event, origin)?;
        tx.commit()?;
        Ok(WishRecord { wish, people })
    }

    /// 认领: a member of the wish's station, or a volunteer named in free text, takes it up.
    pub fn claim_wish(
        &mut self,
        key: &str,
        claimant: &Claimant,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<WishRecord> {
        let (member, volunteer) = match claimant {
            Claimant::Member(m) => (Some(m.trim().to_string()), None),
            Claimant::Volunteer(name) => {
                let name = clean_optional(name, "volunteer", limits::NAME, false)?.ok_or(
                    crate::domain::transition::TransitionError::Empty { field: "volunteer" },
                )?;
                (None, Some(name))
            }
        };
        let id = self.change_wish(
            key,
            actor,
            now,
            volunteer.as_deref(),
            WishEventKind::Claimed,
            |tx, wish| {
                if let Some(m) = &member {
                    check_member_of(tx, m, wish)?;
                }
                Ok(WishBody::Claimed {
                    member: member.clone(),
                })
            },
        )?;
        self.wish_record(id)
    }

    /// 圆梦: the wish was fulfilled on `on` (not after today, not before it was registered).
    pub fn fulfil_wish(
        &mut self,
        key: &str,
        on: NaiveDate,
        note: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<WishRecord> {
        let note = clean_optional(note, "note", limits::NOTE, true)?.unwrap_or_default();
        let id = self.change_wish(key, actor, now, None, WishEventKind::Fulfilled, |_, _| {
            Ok(WishBody::Fulfilled {
                on,
                note: note.clone(),
            })
        })?;
        self.wish_record(id)
    }

    /// The wish ends without being fulfilled, with its reason.
    pub fn withdraw_wish(
        &mut self,
        key: &str,
        reason: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<WishRecord> {
        let reason = clean_optional(reason, "reason", limits::NOTE, true)?.unwrap_or_default();
        let id = self.change_wish(key, actor, now, None, WishEventKind::Withdrawn, |_, _| {
            Ok(WishBody::Withdrawn {
                reason: reason.clone(),
            })
        })?;
        self.wish_record(id)
    }

    /// The wording for the wall (`/wishes`) of an open wish, written or approved after it was
    /// registered (a wish from the phone has none), replacing an earlier one; `None` takes
    /// the wish off the wall. Held to the rules of `wish add --public`.
    pub fn publish_wish(
        &mut self,
        key: &str,
        public: Option<&str>,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<WishRecord> {
        let public = match public {
            Some(text) => Some(
                public_wording(text)?
                    .ok_or(crate::domain::wish::WishError::Empty { field: "public" })?,
            ),
            None => None,
        };
        let id = self.change_wish(
            key,
            actor,
            now,
            None,
            WishEventKind::Published,
            |_, wish| {
                // The same wording again would be an event that changes nothing.
                if wish.state == WishState::Open && wish.public == public {
                    let why = match public {
                        Some(_) => Error::WishPublicUnchanged,
                        None => Error::WishPublicNone,
                    };
                    return Err(crate::refusal!(why, number = wish.number).into());
                }
                Ok(WishBody::Published {
                    public: public.clone(),
                })
            },
        )?;
        self.wish_record(id)
    }

    fn wish_record(&self, id: WishId) -> Result<WishRecord> {
        wish_by_id(&self.conn, id)?.ok_or_else(|| super::wish_rows::unknown_wish(&id.to_string()))
    }

    /// One event on one wish, decided by `body` from the wish as it stands inside the write
    /// lock (with the volunteer who claims it, kept with the personal data). Who may write
    /// `kind` is `domain::wish_power`'s: any desk of the wish's station and the home claim
    /// and fulfil; only the desk that registered it withdraws it or words it for the wall.
    fn change_wish(
        &mut self,
        key: &str,
        actor: &str,
        now: NaiveDateTime,
        volunteer: Option<&str>,
        kind: WishEventKind,
        body: impl FnOnce(&Transaction<'_>, &Wish) -> Result<WishBody>,
    ) -> Result<WishId> {
        let now = whole_seconds(now);
        let actor = clean_actor(actor);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let station = desk_code(&tx, &self.path)?;
        let origin = origin(&tx, &self.path)?;
        let record = find_wish_in(&tx, key)?;
        let wish = record.wish;
        let home: bool = tx
            .query_row(
                "SELECT kind = 'home' FROM stations WHERE code = ?1",
                [&station],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        let owner: Option<(i64, String, u32)> = tx
            .prepare_cached(
                "SELECT d.id, d.station, d.number FROM wish_events e JOIN desks d ON d.id = e.desk \
                 WHERE e.wish_id = ?1 AND e.kind = 'registered'",
            )?
            .query_row([wish.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let writer = if wish.station == station {
            if owner.as_ref().is_some_and(|o| o.0 == origin.desk) {
                Writer::Owner
            } else {
                Writer::SameStation
            }
        } else if home {
            Writer::Home
        } else {
            // Another station's wish is not even named to this desk.
            return Err(super::wish_rows::unknown_wish(key));
        };
        if may_write_wish(writer, kind).is_err() {
            return Err(match (writer, owner) {
                (Writer::SameStation, Some((_, station, number))) => crate::refusal!(
                    Error::WishOwnerOnly,
                    number = wish.number,
                    station = station,
                    desk = number
                ),
                _ => crate::refusal!(
                    Error::WishOtherStation,
                    number = wish.number,
                    station = wish.station
                ),
            }
            .into());
        }
        let event = WishEvent {
            id: Uuid::now_v7(),
            wish_id: wish.id,
            at: now,
            actor,
            body: body(&tx, &wish)?,
        };
        let next = apply(Some(&wish), &event)?;
        write_wish_row(&tx, &next)?;
        append_wish_event(&tx, &event, origin)?;
        if let Some(name) = volunteer {
            tx.prepare_cached(
                "INSERT INTO wish_people (wish_id, volunteer) VALUES (?1, ?2) \
                 ON CONFLICT (wish_id) DO UPDATE SET volunteer = excluded.volunteer",
            )?
            .execute(params![wish.id, name])?;
        }
        tx.commit()?;
        Ok(wish.id)
    }
}

/// A wording for the wall as typed: cleaned as any note, `None` when blank; refused when it
/// holds a phone, an ID or another personal number (the wall is public).
fn public_wording(text: &str) -> Result<Option<String>> {
    let public = clean_optional(text, "public", limits::NOTE, true)?;
    if let Some(p) = &public
        && !fit_for_the_wall(p)
    {
        // The wall is public: a phone or an ID number has no place there.
        return Err(crate::refusal!(Error::WishPublicPersonal).into());
    }
    Ok(public)
}

/// A claiming member exists and belongs to the wish's station.
fn check_member_of(tx: &Transaction<'_>, member: &str, wish: &Wish) -> Result<()> {
    let station: Option<String> = tx
        .prepare_cached("SELECT station FROM members WHERE id = ?1")?
        .query_row([member], |r| r.get(0))
        .optional()?;
    let Some(station) = station else {
        return Err(super::error::StoreError::UnknownReference {
            what: "member",
            code: member.to_string(),
        });
    };
    if station != wish.station {
        return Err(crate::refusal!(
            Error::WishMemberElsewhere,
            member = member,
            station = station,
            number = wish.number,
            wish_station = wish.station
        )
        .into());
    }
    Ok(())
}

pub(super) fn append_wish_event(
    tx: &Transaction<'_>,
    event: &WishEvent,
    origin: Origin,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO wish_events (id, wish_id, at, actor, kind, payload, desk, epoch) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        event.id,
        event.wish_id,
        datetime_text(event.at),
        event.actor,
        event.body.kind().as_str(),
        event.body.payload_json(),
        origin.desk,
        origin.epoch,
    ])?;
    Ok(())
}

/// The highest counter this desk (in its epoch) gave a wish on a day; 0 for none. Other
/// desks' numbers share the prefix of desk 1's, so only an all-digit rest is this tag's.
pub(super) fn last_wish_counter(
    tx: &Transaction<'_>,
    station: &str,
    tag: DeskTag,
    day: NaiveDate,
) -> Result<u32> {
    let prefix = wish_day_prefix(station, day, tag);
    let mut stmt =
        tx.prepare_cached("SELECT number FROM wishes WHERE number >= ?1 AND number < ?2")?;
    let end = format!("{prefix}\u{10FFFF}");
    let rows = stmt.query_map(params![prefix, end], |r| r.get::<_, String>(0))?;
    let mut last = 0;
    for number in rows {
        let number = number?;
        let rest = &number[prefix.len()..];
        if !rest.is_empty()
            && rest.bytes().all(|b| b.is_ascii_digit())
            && let Some((_, _, t, counter)) = parse_wish_number(&number)
            && t == tag
        {
            last = last.max(counter);
        }
    }
    Ok(last)
}
