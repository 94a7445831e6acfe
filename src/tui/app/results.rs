//! Taking the result of an effect: close the form that saved, show the message, reload.

use super::{App, Notice};
use crate::domain::case::Case;
use crate::tui::effect::{Done, Effect, Purpose};
use crate::tui::forms::browse::{DutyView, ProjectsView, RecurringView, Rows, StatsView};
use crate::tui::forms::holidays::HolidaysDone;
use crate::tui::housekeeping::{Backup, Housekeeping};
use crate::tui::layout::Pane;
use crate::tui::overlay::{DetailView, Overlay};

impl App {
    pub(super) fn done(&mut self, done: Done) -> Vec<Effect> {
        match done {
            Done::Registered(Ok(record)) => {
                self.overlay = None;
                self.notice = Some(Notice {
                    text: format!("{} {}", self.texts.ui("saved"), record.case.number),
                    error: false,
                });
                self.focus = Pane::Queue;
                // The new case is the last of today's queue once reloaded.
                self.selected[Pane::Queue.index()] = self.data.queue.len();
                vec![Effect::Reload]
            }
            Done::Registered(Err(reason)) => {
                if let Some(Overlay::Intake(form)) = &mut self.overlay {
                    form.save_failed(reason.clone());
                }
                self.fail(format!("{}: {reason}", self.texts.ui("save_failed")))
            }
            Done::Recorded {
                purpose,
                result: Ok(case),
            } => self.recorded(purpose, &case),
            Done::Recorded {
                purpose,
                result: Err(reason),
            } => {
                match (purpose, &mut self.overlay) {
                    (Purpose::Classify, Some(Overlay::Classify(form))) => {
                        form.save_failed(reason.clone())
                    }
                    (Purpose::Feedback, Some(Overlay::Feedback(form))) => {
                        form.save_failed(reason.clone())
                    }
                    (Purpose::Supervise, Some(Overlay::Supervise(form))) => {
                        form.save_failed(reason.clone())
                    }
                    _ => {}
                }
                self.fail(reason)
            }
            Done::RecordedEach { result: Ok(n), .. } => {
                self.notice = Some(Notice {
                    text: self
                        .texts
                        .ui("bulk_recorded")
                        .replace("{n}", &n.to_string()),
                    error: false,
                });
                vec![Effect::Reload]
            }
            Done::RecordedEach {
                result: Err(reason),
                ..
            } => self.fail(reason),
            Done::Roster { message, result } => {
                match result {
                    Ok(()) => self.say(message, false),
                    Err(reason) => {
                        self.notice = Some(Notice {
                            text: reason,
                            error: true,
                        })
                    }
                }
                vec![Effect::Reload]
            }
            Done::Detail(Ok((record, events))) => {
                let id = record.case.id;
                let (revealed, scroll) = match &self.overlay {
                    Some(Overlay::Detail(v)) if v.record.case.id == id => (v.revealed, v.scroll),
                    _ => (false, 0),
                };
                let revealed = revealed || self.reveal_next.take() == Some(id);
                let view = DetailView {
                    record,
                    events,
                    revealed,
                    scroll,
                };
                // Esc from a case opened in the search goes back to the results.
                if matches!(self.overlay, Some(Overlay::Search(_))) {
                    self.behind_detail = self.overlay.take();
                }
                self.overlay = Some(Overlay::Detail(Box::new(view)));
                Vec::new()
            }
            Done::Duplicates(found) => {
                if let Some(Overlay::Intake(form)) = &mut self.overlay {
                    form.set_suggestions(found);
                }
                Vec::new()
            }
            Done::Found {
                query,
                result: Ok(found),
            } => {
                if let Some(Overlay::Search(view)) = &mut self.overlay {
                    view.found(query, found);
                }
                Vec::new()
            }
            Done::UnitSaved(Ok(())) => {
                if let Some(Overlay::Units(view)) = &mut self.overlay {
                    view.editing = None;
                }
                self.say("unit_saved", false);
                vec![Effect::Reload]
            }
            Done::Printed(Ok(path)) => {
                self.notice = Some(Notice {
                    text: format!("{} {}", self.texts.ui("printed"), path.display()),
                    error: false,
                });
                Vec::new()
            }
            Done::Statistics(Ok(stats)) => {
                self.overlay = Some(Overlay::Statistics(Box::new(StatsView { stats, page: 0 })));
                Vec::new()
            }
            Done::Duty(Ok((year, records))) => {
                let view = DutyView {
                    year,
                    records,
                    rows: Rows::default(),
                };
                self.overlay = Some(Overlay::Duty(Box::new(view)));
                Vec::new()
            }
            Done::Holidays(done) => {
                let loaded = matches!(done, HolidaysDone::Loaded(Ok(_)));
                if let Some(Overlay::Holidays(view)) = &mut self.overlay {
                    view.done(done);
                }
                // Recomputed deadlines show on the board at once.
                if loaded {
                    vec![Effect::Reload]
                } else {
                    Vec::new()
                }
            }
            Done::Projects(Ok(projects)) => {
                let view = ProjectsView {
                    projects,
                    rows: Rows::default(),
                    open: false,
                };
                self.overlay = Some(Overlay::Projects(Box::new(view)));
                Vec::new()
            }
            Done::Recurring(Ok(items)) => {
                self.overlay = Some(Overlay::Recurring(Box::new(RecurringView {
                    items,
                    rows: Rows::default(),
                })));
                Vec::new()
            }
            Done::Detail(Err(reason))
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
                self.data = *snapshot;
                self.clamp();
                // An open units list shows what was just saved.
                if let Some(Overlay::Units(view)) = &mut self.overlay
                    && view.editing.is_none()
                {
                    view.units = self.data.refs.taxonomy.units.clone();
                }
                Vec::new()
            }
        }
    }

    fn recorded(&mut self, purpose: Purpose, case: &Case) -> Vec<Effect> {
        match purpose {
            Purpose::Call => self.say("called", false),
            Purpose::Reveal => {
                self.say("revealed", false);
                self.reveal_next = Some(case.id);
                return vec![Effect::LoadDetail(case.id), Effect::Reload];
            }
            Purpose::Classify | Purpose::Feedback | Purpose::Supervise | Purpose::BulkUrge => {
                let key = if purpose == Purpose::Classify {
                    "classified"
                } else {
                    "recorded"
                };
                self.notice = Some(Notice {
                    text: format!(
                        "{} {} {}",
                        self.texts.ui(key),
                        case.number,
                        self.texts.name(case.status)
                    ),
                    error: false,
                });
                // Back to the case's details if the form was opened from them.
                let reopen_detail = self.came_from_detail.take() == Some(case.id);
                self.overlay = None;
                if reopen_detail {
                    return vec![Effect::LoadDetail(case.id), Effect::Reload];
                }
            }
        }
        vec![Effect::Reload]
    }

    /// Tells the start-up checks' findings; good news never hides another message (a save's
    /// "saved" matters more to the operator than the backup's).
    pub(super) fn housekept(&mut self, found: Housekeeping) {
        let ui = |key| self.texts.ui(key);
        let (text, error) = match (found.check, found.backup) {
            (Err(problem), _) => (format!("{}: {problem}", ui("check_failed")), true),
            (Ok(()), Some(Err(reason))) => (format!("{}: {reason}", ui("backup_failed")), true),
            (Ok(()), Some(Ok(Backup::Written(path)))) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                (
                    format!("{} {}", ui("backup_written"), name.unwrap_or_default()),
                    false,
                )
            }
            (Ok(()), _) => (ui("check_ok").to_string(), false),
        };
        if !error && self.notice.is_some() {
            return;
        }
        self.notice = Some(Notice { text, error });
    }

    fn fail(&mut self, reason: String) -> Vec<Effect> {
        self.notice = Some(Notice {
            text: reason,
            error: true,
        });
        Vec::new()
    }
}
