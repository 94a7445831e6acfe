//! One rule for calling a resident to a member, for the screen and the command line alike:
//! the member is on the station's roster today, checked in and not out, and receiving nobody.
//! With the operator's confirmation (the screen's question, the command line's `--checkin`),
//! a member not yet on the roster or not checked in is first added and checked in, recorded
//! on the roster with the time as the duty pane records it.

use chrono::{NaiveDate, NaiveDateTime};

use super::Store;
use super::error::Result;
use super::roster::RosterChange;
use crate::i18n::Error;

impl Store {
    /// Whether `member` may receive a resident at `station` now; with `checkin`, a member
    /// who is free is put on `date`'s roster and checked in first. A refusal writes nothing.
    pub fn may_call(
        &mut self,
        date: NaiveDate,
        station: &str,
        member: &str,
        checkin: bool,
        now: NaiveDateTime,
    ) -> Result<()> {
        if checkin {
            // A busy member is refused before anything is written for them.
            self.refuse_busy(station, member)?;
            if !self
                .roster(date, station)?
                .iter()
                .any(|e| e.member == member && e.is_present())
            {
                self.change_roster(date, station, RosterChange::Add(member), now)?;
                let present = RosterChange::Presence {
                    member,
                    present: true,
                };
                self.change_roster(date, station, present, now)?;
            }
        }
        let roster = self.roster(date, station)?;
        let Some(entry) = roster.iter().find(|e| e.member == member) else {
            return Err(
                crate::refusal!(Error::CallNotOnRoster, deputy = member, date = date).into(),
            );
        };
        if !entry.is_present() {
            return Err(crate::refusal!(Error::CallDeputyAbsent, deputy = member).into());
        }
        self.refuse_busy(station, member)
    }

    /// Refused when the member is receiving someone: one resident at a time.
    fn refuse_busy(&self, station: &str, member: &str) -> Result<()> {
        let Some(number) = self.receiving_now(station, member)? else {
            return Ok(());
        };
        let resident = self.find_case(&number)?.resident.name.unwrap_or_default();
        Err(crate::refusal!(
            Error::CallDeputyBusy,
            deputy = member,
            number = number,
            resident = resident
        )
        .into())
    }
}
