//! Taking the result of an effect: every open layer sees it first (a form closes on its own
//! save, or keeps its input and says why not), then a write's new state goes into the
//! snapshot, the lists keep their selections (after a save or a call, on the next resident
//! to call), a list read opens in its view, and the status line says what happened. A file
//! restored from a backup by another program is said, with the cases that left the lists.

use std::collections::BTreeSet;

use super::{App, view};
use crate::domain::case::CaseId;
use crate::domain::wish::WishState;
use crate::i18n::{Error, Ui};
use crate::refusal::Refusal;
use crate::store::CaseRecord;
use crate::tui::effect::holidays::HolidaysDone;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::housekeeping::{Backup, Housekeeping};
use crate::tui::kit::Rows;
use crate::tui::kit::labels::queue_number;
use crate::tui::kit::layer::downcast;
use crate::tui::layers::detail::Detail;
use crate::tui::layers::duty_records::DutyRecords;
use crate::tui::layers::projects::Projects;
use crate::tui::layers::recurring::Recurring;
use crate::tui::layers::scorecard::Scorecard;
use crate::tui::layers::stats::Stats;
use crate::tui::layers::wishes::Wishes;
use crate::tui::snapshot::{Snapshot, Written};

impl App {
    pub(super) fn done(&mut self, done: Done) -> Vec<Effect> {
        let mut effects = self.offer(&done);
        if let Some(refusal) = done.refusal() {
            self.refused(&done, refusal);
            return effects;
        }
        match done {
            Done::Registered(Ok(written)) => {
                // A deputy brought in from the intake form: the roster changed too.
                if written.called_to.is_some() {
                    effects.push(Effect::Reload);
                }
                self.registered(written)
            }
            Done::Recorded {
                purpose,
                result: Ok(written),
            } => self.recorded(purpose, written),
            Done::RecordedEach { result: Ok(n), .. } => {
                self.tell(crate::fill!(self.texts, Ui::BulkRecorded, n = n), false);
                effects.push(Effect::Reload);
            }
            Done::Roster {
                message,
                result: Ok(entries),
            } => {
                self.data.set_roster(entries);
                self.main.clamp(&self.data);
                self.say(message, false);
            }
            Done::Detail(Ok(shown)) => self.show_detail(shown, false),
            Done::Revealed(Ok(shown)) => {
                self.say(Ui::Revealed, false);
                self.show_detail(shown, true);
            }
            Done::UnitSaved(Ok(())) => {
                self.say(Ui::UnitSaved, false);
                // Reference data: read again with everything else.
                effects.push(Effect::Reload);
            }
            Done::Printed(Ok(path)) => {
                let text = format!("{} {}", self.texts.ui(Ui::Printed), path.display());
                self.tell(text, false);
            }
            // The view took its answer; recomputed deadlines show on the board.
            Done::Holidays(HolidaysDone::Loaded(Ok(_))) => effects.push(Effect::Reload),
            Done::Statistics(Ok(stats)) => self.layers.push(Box::new(Stats { stats, page: 0 })),
            Done::Duty(Ok((year, records))) => {
                self.layers.push(Box::new(DutyRecords::new(year, records)))
            }
            Done::Scorecard(Ok(data)) => self.layers.push(Box::new(Scorecard::new(data))),
            Done::Projects(Ok(projects)) => self.layers.push(Box::new(Projects::new(projects))),
            Done::Wishes(Ok(wishes)) => self.layers.push(Box::new(Wishes::new(wishes))),
            Done::WishAdded(Ok(written)) => {
                let text =
                    crate::fill!(self.texts, Ui::WishAddedSaid, number = written.wish.number);
                self.tell(text, false);
            }
            Done::WishSaved(Ok(written)) => {
                let said = match written.wish.state {
                    WishState::Fulfilled => Ui::WishFulfilledSaid,
                    WishState::Withdrawn => Ui::WishWithdrawnSaid,
                    // A wish stays open only through its wording for the wall.
                    WishState::Open if written.wish.public.is_some() => Ui::WishPublishedSaid,
                    WishState::Open => Ui::WishUnpublishedSaid,
                    WishState::Claimed => Ui::WishClaimedSaid,
                };
                let text = crate::fill!(self.texts, said, number = written.wish.number);
                self.tell(text, false);
            }
            Done::Recurring(Ok(items)) => self.layers.push(Box::new(Recurring {
                items,
                rows: Rows::default(),
            })),
            Done::Reloaded(Ok(snapshot)) => self.reloaded(*snapshot),
            // The desks view reads itself again; what waited for the home may change the lists.
            Done::HomeTrusted(Ok(said)) => {
                self.tell(said, false);
                effects.push(Effect::Reload);
            }
            _ => {}
        }
        effects
    }

    /// Offers a result to every open layer, the top one first; carries out what each asks.
    fn offer(&mut self, done: &Done) -> Vec<Effect> {
        let mut effects = Vec::new();
        for i in (0..self.layers.len()).rev() {
            if i >= self.layers.len() {
                continue;
            }
            let view = view(self.texts, &self.theme, &self.keymap, &self.data, self.size);
            let outcome = self.layers[i].receive(done, &view);
            effects.extend(self.settle(Some(i), outcome));
        }
        effects
    }

    /// An effect refused: said in the status line (a save's refusal as such; its form keeps
    /// the input and says it at its field too).
    fn refused(&mut self, done: &Done, refusal: &Refusal) {
        let t = self.texts;
        let text = match done {
            Done::Registered(_) | Done::WishAdded(_) => crate::fill!(
                t,
                Error::Because,
                doing = t.ui(Ui::SaveFailed),
                reason = refusal.say(t)
            ),
            _ => refusal.say(t),
        };
        self.tell(text, true);
    }

    /// Puts a written case in its places, keeping each list's selection.
    fn apply(&mut self, written: Written) {
        let selected = self.main.selected_ids(&self.data);
        self.data.apply(written);
        self.main.reselect(&self.data, selected);
    }

    /// The new case is in the queue, committed, when the form closes; the queue's selection
    /// goes to the next resident to call (the one who has waited longest), not to the newest.
    fn registered(&mut self, written: Written) {
        let number = written.record.case.number.clone();
        let (record, called_to) = (written.record.clone(), written.called_to.clone());
        self.apply(written);
        match called_to {
            Some(deputy) => self.said_called(&record, Some(&deputy)),
            None => self.tell(format!("{} {number}", self.texts.ui(Ui::Saved)), false),
        }
        self.main.select_next_waiting(&self.data);
    }

    fn recorded(&mut self, purpose: Purpose, written: Written) {
        let record = written.record.clone();
        let called_to = written.called_to.clone();
        self.apply(written);
        match purpose {
            Purpose::Call => {
                // The pick was for this call; the next one goes by the rule again, and Enter
                // calls the next resident waiting.
                self.main.duty_choice = None;
                self.said_called(&record, called_to.as_deref());
                self.main.select_next_waiting(&self.data);
            }
            Purpose::Note => {
                let text = crate::fill!(self.texts, Ui::NoteAdded, number = record.case.number);
                self.tell(text, false);
            }
            Purpose::Correct => {
                let text = crate::fill!(self.texts, Ui::CorrectedNow, number = record.case.number);
                self.tell(text, false);
            }
            Purpose::Withdraw => {
                let text = crate::fill!(self.texts, Ui::WithdrawnNow, number = record.case.number);
                self.tell(text, false);
                self.main.select_next_waiting(&self.data);
            }
            Purpose::Classify
            | Purpose::Feedback
            | Purpose::Supervise
            | Purpose::BulkUrge
            | Purpose::Reclassify => {
                let key = if purpose == Purpose::Classify {
                    Ui::ClassifiedNow
                } else {
                    Ui::RecordedNow
                };
                let text = crate::fill!(
                    self.texts,
                    key,
                    number = record.case.number,
                    status = self.texts.name(record.case.status)
                );
                self.tell(text, false);
            }
        }
    }

    /// 已叫号 007 唐艳 → 张三明.
    fn said_called(&mut self, record: &CaseRecord, deputy: Option<&str>) {
        let deputy = deputy
            .and_then(|d| self.data.refs.member(d))
            .map_or("-", |m| m.name.as_str());
        let text = crate::fill!(
            self.texts,
            Ui::CalledTo,
            number = queue_number(&record.case.number),
            resident = record.resident.name.as_deref().unwrap_or("-"),
            deputy = deputy
        );
        self.tell(text, false);
    }

    /// A case read: its details open, unless they are open already (they took it).
    fn show_detail(&mut self, shown: crate::tui::effect::Shown, revealed: bool) {
        let id = shown.0.case.id;
        let open = self
            .layers
            .iter()
            .any(|l| downcast::<Detail>(l.as_ref()).is_some_and(|d| d.record.case.id == id));
        if !open {
            self.layers.push(Box::new(Detail::new(shown, revealed)));
        }
    }

    /// Everything read again: another terminal's writes, or a restore from a backup by
    /// another program (a new epoch of this desk), said with the cases that left the lists.
    fn reloaded(&mut self, snapshot: Snapshot) {
        let restored = snapshot.epoch != self.data.epoch;
        let before = shown(&self.data);
        let selected = self.main.selected_ids(&self.data);
        self.data = snapshot;
        self.main.reselect(&self.data, selected);
        if restored {
            let after: BTreeSet<CaseId> = shown(&self.data).into_iter().map(|(id, _)| id).collect();
            let left: Vec<String> = before
                .into_iter()
                .filter(|(id, _)| !after.contains(id))
                .map(|(_, number)| number)
                .collect();
            let text = if left.is_empty() {
                self.texts.ui(Ui::RestoredElsewhere).to_string()
            } else {
                crate::fill!(
                    self.texts,
                    Ui::RestoredElsewhereLeft,
                    n = left.len(),
                    numbers = left.join(" ")
                )
            };
            self.tell(text, true);
        }
    }

    /// Tells the start-up checks' findings; good news never hides another message (a save's
    /// "saved" matters more to the operator than the backup's).
    pub(super) fn housekept(&mut self, found: Housekeeping) {
        let t = self.texts;
        let because = |key: Ui, why: &Refusal| {
            crate::fill!(t, Error::Because, doing = t.ui(key), reason = why.say(t))
        };
        let erasure = match &found.erasure {
            Some(Ok(n)) => Some((crate::fill!(t, Ui::ErasureFinished, n = n), false)),
            Some(Err(why)) => Some((
                crate::fill!(t, Ui::ErasureUnfinished, error = why.say(t)),
                true,
            )),
            None => None,
        };
        let (text, error) = match (found.check, found.backup, erasure) {
            (Err(problem), _, _) => (because(Ui::CheckFailed, &problem), true),
            (Ok(()), _, Some(said @ (_, true))) => said,
            (Ok(()), Some(Err(reason)), _) => (because(Ui::BackupFailed, &reason), true),
            (Ok(()), _, Some(said)) => said,
            (Ok(()), Some(Ok(Backup::Written(path))), _) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                (
                    format!("{} {}", t.ui(Ui::BackupWritten), name.unwrap_or_default()),
                    false,
                )
            }
            (Ok(()), _, _) => (t.ui(Ui::CheckOk).to_string(), false),
        };
        if !error && self.notice.is_some() {
            return;
        }
        self.tell(text, error);
    }
}

/// The cases on the screen's lists, with their numbers, in the order shown.
fn shown(data: &Snapshot) -> Vec<(CaseId, String)> {
    let mut seen = BTreeSet::new();
    data.queue
        .iter()
        .chain(&data.to_classify)
        .chain(data.board.iter().map(|r| &r.record))
        .filter(|r| seen.insert(r.case.id))
        .map(|r| (r.case.id, r.case.number.clone()))
        .collect()
}
