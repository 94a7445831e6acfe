//! Who receives whom: Enter on a waiting resident calls them to the member picked in the
//! duty pane; with none picked, to the member the resident asked for at intake if free, or
//! else to the free member present who has received the fewest today. Never to a member who
//! is receiving someone, nor to one who is not here: that is refused, saying who and why.

use super::{App, Notice};
use crate::domain::case::Status;
use crate::domain::event::EventBody;
use crate::i18n::Ui;
use crate::store::CaseRecord;
use crate::tui::effect::{Effect, Purpose};
use crate::tui::panes::queue::queue_number;
use crate::tui::snapshot::DutyRow;

/// Why a resident cannot be called now: a key of the `ui` table and its member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoCall {
    pub key: Ui,
    pub member: Option<String>,
}

impl App {
    /// The member the selected resident would be called to now.
    pub fn call_target(&self, record: &CaseRecord) -> Result<&DutyRow, NoCall> {
        let roster = &self.data.roster;
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
    pub fn no_call_text(&self, no: &NoCall) -> String {
        let row = no
            .member
            .as_deref()
            .and_then(|id| self.data.roster.iter().find(|r| r.member.id == id));
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
        self.texts.fill_some(
            no.key,
            &[
                ("deputy", &deputy),
                ("number", &number),
                ("resident", &resident),
            ],
        )
    }

    pub(super) fn call_selected(&mut self) -> Vec<Effect> {
        let Some(record) = self.selected_case() else {
            self.say(Ui::NothingSelected, true);
            return Vec::new();
        };
        // Enter on a resident already received opens their details.
        if record.case.status != Status::Queued {
            return vec![Effect::LoadDetail(record.case.id)];
        }
        let deputy = match self.call_target(&record) {
            Ok(row) => row.member.id.clone(),
            Err(no) => {
                self.notice = Some(Notice {
                    text: self.no_call_text(&no),
                    error: true,
                });
                return Vec::new();
            }
        };
        vec![Effect::Record {
            case: record.case.id,
            bodies: vec![EventBody::Called { deputy }],
            purpose: Purpose::Call,
        }]
    }
}
