//! Who receives whom: Enter on a waiting resident calls them to the member picked in the
//! duty pane; with none picked, to the member the resident asked for at intake if free, or
//! else to the free member present who has received the fewest today. Never to a member who
//! is receiving someone, nor to one who is not here: that is refused, saying who and why.

use super::MainScreen;
use crate::domain::case::Status;
use crate::domain::event::EventBody;
use crate::i18n::{Texts, Ui};
use crate::store::CaseRecord;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::kit::Outcome;
use crate::tui::kit::labels::queue_number;
use crate::tui::snapshot::{DutyRow, Snapshot};

/// Why a resident cannot be called now: a key of the `ui` table and its member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoCall {
    pub key: Ui,
    pub member: Option<String>,
}

impl MainScreen {
    /// The member the selected resident would be called to now.
    pub fn call_target<'d>(
        &self,
        data: &'d Snapshot,
        record: &CaseRecord,
    ) -> Result<&'d DutyRow, NoCall> {
        let roster = &data.roster;
        let row = |id: &str| roster.iter().find(|r| r.member.id == id);
        let refuse = |key, member: Option<&DutyRow>| NoCall {
            key,
            member: member.map(|r| r.member.id.clone()),
        };
        if let Some(picked) = self.duty_choice.as_deref().and_then(row) {
            return match () {
                () if !picked.entry.is_present() => Err(refuse(Ui::DeputyAbsent, Some(picked))),
                () if !picked.receiving.is_empty() => Err(refuse(Ui::DeputyBusy, Some(picked))),
                () => Ok(picked),
            };
        }
        if let Some(asked) = record.case.deputy.as_deref().and_then(row)
            && asked.entry.is_present()
        {
            return if asked.receiving.is_empty() {
                Ok(asked)
            } else {
                Err(refuse(Ui::AskedBusy, Some(asked)))
            };
        }
        let free = roster
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_free())
            .min_by_key(|(i, r)| (r.received_today, *i))
            .map(|(_, r)| r);
        match free {
            Some(r) => Ok(r),
            None if roster.iter().any(|r| r.entry.is_present()) => Err(refuse(Ui::AllBusy, None)),
            None => Err(refuse(Ui::NoDeputyPresent, None)),
        }
    }

    /// The sentence saying why a call was refused.
    pub fn no_call_text(texts: &Texts, data: &Snapshot, no: &NoCall) -> String {
        let row = no
            .member
            .as_deref()
            .and_then(|id| data.roster.iter().find(|r| r.member.id == id));
        let (deputy, number, resident) = match row {
            Some(r) => {
                let with = r.receiving.first();
                (
                    r.member.name.as_str(),
                    with.map_or("", |c| queue_number(&c.case.number)),
                    with.and_then(|c| c.resident.name.as_deref()).unwrap_or(""),
                )
            }
            None => ("", "", ""),
        };
        texts.fill_some(
            no.key,
            &[
                ("deputy", &deputy),
                ("number", &number),
                ("resident", &resident),
            ],
        )
    }

    /// Enter on the queue: calls the selected resident, or opens the details of one already
    /// received. A call that cannot be made is refused in the status line, saying why.
    pub(super) fn call_selected(&mut self, data: &Snapshot) -> Result<Outcome, NoCall> {
        let Some(record) = self.selected_case(data) else {
            return Ok(Outcome::Say(Ui::NothingSelected));
        };
        if record.case.status != Status::Queued {
            return Ok(Outcome::Run(vec![Effect::LoadDetail(record.case.id)]));
        }
        let deputy = self.call_target(data, &record)?.member.id.clone();
        Ok(Outcome::Run(vec![Effect::Record {
            case: record.case.id,
            bodies: vec![EventBody::Called { deputy }],
            purpose: Purpose::Call,
        }]))
    }
}
