//! Taking the result of an effect: the open form sees it first (a failed save keeps its
//! input), a write's new state goes into the snapshot, the message says what happened.

use super::{App, Notice};
use crate::i18n::Ui;
use crate::store::CaseRecord;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::forms::browse::Rows;
use crate::tui::forms::views::{DutyView, ProjectsView, RecurringView, StatsView};
use crate::tui::housekeeping::{Backup, Housekeeping};
use crate::tui::layout::Pane;
use crate::tui::overlay::{DetailView, Overlay};
use crate::tui::panes::queue::queue_number;
use crate::tui::snapshot::Written;

impl App {
    pub(super) fn done(&mut self, done: Done) -> Vec<Effect> {
        if let Some(overlay) = &mut self.overlay {
            overlay.form_mut().receive(&done);
        }
        match done {
            Done::Registered(Ok(written)) => self.registered(written),
            Done::Recorded {
                purpose,
                result: Ok(written),
            } => return self.recorded(purpose, written),
            Done::RecordedEach { result: Ok(n), .. } => {
                self.notice = Some(Notice {
                    text: crate::fill!(self.texts, Ui::BulkRecorded, n = n),
                    error: false,
                });
                return vec![Effect::Reload];
            }
            Done::Roster { message, result } => match result {
                Ok(entries) => {
                    self.data.set_roster(entries);
                    self.clamp();
                    self.say(message, false);
                }
                Err(reason) => self.fail(reason),
            },
            Done::Detail(Ok((record, events))) => self.show_detail(record, events, false),
            Done::Revealed(Ok((record, events))) => {
                self.say(Ui::Revealed, false);
                self.show_detail(record, events, true);
            }
            Done::UnitSaved(Ok(())) => {
                self.say(Ui::UnitSaved, false);
                // Reference data: read again with everything else.
                return vec![Effect::Reload];
            }
            Done::Printed(Ok(path)) => {
                self.notice = Some(Notice {
                    text: format!("{} {}", self.texts.ui(Ui::Printed), path.display()),
                    error: false,
                });
            }
            // The open view took its answer above; recomputed deadlines show on the board.
            Done::Holidays(crate::tui::forms::holidays::HolidaysDone::Loaded(Ok(_))) => {
                return vec![Effect::Reload];
            }
            Done::Holidays(_) => {}
            Done::Serve(_) => {}
            Done::Statistics(Ok(stats)) => {
                self.overlay = Some(Overlay::Statistics(Box::new(StatsView { stats, page: 0 })));
            }
            Done::Duty(Ok((year, records))) => {
                let view = DutyView {
                    year,
                    records,
                    rows: Rows::default(),
                };
                self.overlay = Some(Overlay::Duty(Box::new(view)));
            }
            Done::Projects(Ok(projects)) => {
                let view = ProjectsView {
                    projects,
                    rows: Rows::default(),
                    open: false,
                };
                self.overlay = Some(Overlay::Projects(Box::new(view)));
            }
            Done::Recurring(Ok(items)) => {
                self.overlay = Some(Overlay::Recurring(Box::new(RecurringView {
                    items,
                    rows: Rows::default(),
                })));
            }
            Done::Duplicates(_) | Done::Found { result: Ok(_), .. } => {}
            Done::Registered(Err(reason)) => {
                let text = format!("{}: {reason}", self.texts.ui(Ui::SaveFailed));
                self.fail(text)
            }
            Done::Recorded {
                result: Err(reason),
                ..
            }
            | Done::RecordedEach {
                result: Err(reason),
                ..
            }
            | Done::Detail(Err(reason))
            | Done::Revealed(Err(reason))
            | Done::Reloaded(Err(reason))
            | Done::Found {
                result: Err(reason),
                ..
            }
            | Done::UnitSaved(Err(reason))
            | Done::Printed(Err(reason))
            | Done::Recurring(Err(reason))
            | Done::Statistics(Err(reason))
            | Done::Duty(Err(reason))
            | Done::Projects(Err(reason)) => self.fail(reason),
            Done::Reloaded(Ok(snapshot)) => {
                let selected = self.selected_ids();
                self.data = *snapshot;
                self.reselect(selected);
                // A member picked for the next call who left the roster is no choice.
                if let Some(id) = &self.duty_choice
                    && !self.data.roster.iter().any(|r| &r.member.id == id)
                {
                    self.duty_choice = None;
                }
            }
        }
        Vec::new()
    }

    /// The new case is in the queue, committed, when the form closes.
    fn registered(&mut self, written: Written) {
        let id = written.record.case.id;
        self.overlay = None;
        self.notice = Some(Notice {
            text: format!(
                "{} {}",
                self.texts.ui(Ui::Saved),
                written.record.case.number
            ),
            error: false,
        });
        let selected = self.selected_ids();
        self.data.apply(written);
        self.reselect(selected);
        self.focus = Pane::Queue;
        self.select_case(Pane::Queue, id);
    }

    fn recorded(&mut self, purpose: Purpose, written: Written) -> Vec<Effect> {
        let record = written.record.clone();
        let called_to = written.called_to.clone();
        let selected = self.selected_ids();
        self.data.apply(written);
        self.reselect(selected);
        match purpose {
            Purpose::Call => {
                // The pick was for this call; the next one goes by the rule again.
                self.duty_choice = None;
                // The selection stays on the resident called: F3 classifies them next.
                self.said_called(&record, called_to.as_deref());
            }
            Purpose::Classify | Purpose::Feedback | Purpose::Supervise | Purpose::BulkUrge => {
                let key = if purpose == Purpose::Classify {
                    Ui::Classified
                } else {
                    Ui::Recorded
                };
                self.notice = Some(Notice {
                    text: format!(
                        "{} {} {}",
                        self.texts.ui(key),
                        record.case.number,
                        self.texts.name(record.case.status)
                    ),
                    error: false,
                });
                // Back to the case's details if the form was opened from them.
                let reopen_detail = self.came_from_detail.take() == Some(record.case.id);
                self.overlay = None;
                if reopen_detail {
                    return vec![Effect::LoadDetail(record.case.id)];
                }
            }
        }
        Vec::new()
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
        self.notice = Some(Notice { text, error: false });
    }

    fn show_detail(
        &mut self,
        record: CaseRecord,
        events: Vec<crate::domain::event::Event>,
        revealed: bool,
    ) {
        let id = record.case.id;
        let (was_revealed, scroll) = match &self.overlay {
            Some(Overlay::Detail(v)) if v.record.case.id == id => (v.revealed, v.scroll),
            _ => (false, 0),
        };
        let view = DetailView {
            record,
            events,
            revealed: revealed || was_revealed,
            scroll,
        };
        // Esc from a case opened in the search goes back to the results.
        if matches!(self.overlay, Some(Overlay::Search(_))) {
            self.behind_detail = self.overlay.take();
        }
        self.overlay = Some(Overlay::Detail(Box::new(view)));
    }

    /// Tells the start-up checks' findings; good news never hides another message (a save's
    /// "saved" matters more to the operator than the backup's).
    pub(super) fn housekept(&mut self, found: Housekeeping) {
        let ui = |key| self.texts.ui(key);
        let erasure = match found.erasure {
            Some(Ok(n)) => Some((crate::fill!(self.texts, Ui::ErasureFinished, n = n), false)),
            Some(Err(e)) => Some((
                crate::fill!(self.texts, Ui::ErasureUnfinished, error = e),
                true,
            )),
            None => None,
        };
        let (text, error) = match (found.check, found.backup, erasure) {
            (Err(problem), _, _) => (format!("{}: {problem}", ui(Ui::CheckFailed)), true),
            (Ok(()), _, Some(said @ (_, true))) => said,
            (Ok(()), Some(Err(reason)), _) => (format!("{}: {reason}", ui(Ui::BackupFailed)), true),
            (Ok(()), _, Some(said)) => said,
            (Ok(()), Some(Ok(Backup::Written(path))), _) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                (
                    format!("{} {}", ui(Ui::BackupWritten), name.unwrap_or_default()),
                    false,
                )
            }
            (Ok(()), _, _) => (ui(Ui::CheckOk).to_string(), false),
        };
        if !error && self.notice.is_some() {
            return;
        }
        self.notice = Some(Notice { text, error });
    }

    fn fail(&mut self, reason: String) {
        self.notice = Some(Notice {
            text: reason,
            error: true,
        });
    }
}
